"""The legacy fact vocabulary: a statistics-table label or a sentence → a fact name.

Names follow spec/output-contract.md (legacy part); names it lacks are new, never reused.
"""
from __future__ import annotations

import re
from typing import Optional

from .labels import label_key
from .stated import vocabulary

# (fact, label pattern, context the row must follow or "") — first match wins.
# The context is the group of the previous row (proactive, requests, replies, admin_reviews …),
# needed for bare labels such as 1.当面 or 其他.
LABELS: tuple[tuple[str, str, str], ...] = (
    ("litigation_or_reports_received", r"诉讼.*举报|举报.*诉讼", ""),
    ("admin_reviews_upheld", r"维持", "admin_reviews"),
    ("admin_reviews_corrected", r"纠错|纠正", "admin_reviews"),
    ("admin_reviews_other", r"其他|其它", "admin_reviews"),
    ("admin_litigation_upheld", r"维持|驳回", "admin_litigation"),
    ("admin_litigation_corrected", r"纠错|纠正", "admin_litigation"),
    ("admin_litigation_other", r"其他|其它", "admin_litigation"),
    ("admin_reviews", r"复议", ""),
    ("admin_litigation", r"诉讼", ""),
    ("admin_appeals", r"申诉|举报|投诉", ""),
    ("fees_waived_amount", r"减免", ""),
    ("fees_collected", r"收费|费用|收取", ""),
    ("website_visits", r"访问量|点击量|浏览量", ""),
    ("consultations_online", r"网上咨询|在线咨询", ""),
    ("consultations_phone", r"咨询电话|电话咨询", ""),
    ("consultations", r"咨询", ""),
    ("visitors_received", r"现场接待|接待.*人", ""),
    ("responses", r"回应.*(?:热点|舆情)", ""),
    ("responses_social_media", r"微博.*回应|微信.*回应", ""),
    ("responses_other", r"(?:其他|其它).*回应", ""),
    ("press_conferences_leaders", r"负责同志.*发布会", ""),
    ("online_interviews_leaders", r"负责同志.*访谈", ""),
    ("press_conferences", r"新闻发布会", ""),
    ("online_interviews", r"在线访谈", ""),
    ("interpretations", r"解读", ""),
    ("admin_appeals_first_handling", r"首次处理不满意", ""),
    ("service_info", r"服务类信息", ""),
    # the reasons a denial is split by (不予公开范围1–7 in Guangdong forms, 免予公开范围1–6 in 定西 forms): before 不予公开
    *((f"denied_exempt_{k}", rf"免予公开范围{k}", "") for k in range(1, 7)),
    ("denied_state_secret", r"国家秘密", ""),
    ("denied_commercial_secret", r"商业秘密", ""),
    ("denied_privacy", r"个人隐私", ""),
    ("denied_internal_info", r"内部信息|内部事务", ""),
    ("denied_in_discussion", r"研究讨论|讨论中", ""),
    ("denied_law_enforcement", r"行政执法中|执法中的", ""),
    ("denied_prohibited_by_law", r"法律法规禁止|禁止公开", ""),
    ("denied_other", r"其他原因|其它原因", ""),
    ("replies_partially_granted", r"部分公开", ""),
    ("replies_already_public", r"已主动公开", ""),
    ("replies_denied", r"否决|不予公开|不同意公开", ""),
    ("replies_granted", r"同意公开", ""),
    ("replies_not_exist", r"不存在", ""),
    ("replies_not_held", r"非本|不属于本|不掌握", ""),
    ("replies_unclear", r"不明确", ""),

    ("replies_ask_amend", r"更改补充", ""),
    ("replies_other_channel", r"其他途径|其它途径", ""),
    ("replies_other", r"(?:其他|其它).*答复", ""),
    ("replies_other", r"其他|其它", "replies"),
    ("denied_state_secret", r"国家秘密", ""),
    ("denied_commercial_secret", r"商业秘密", ""),
    ("denied_privacy", r"个人隐私", ""),
    ("denied_not_gov_info", r"所指", ""),  # 非《条例》所指政府信息: a reason under 否决 / 不同意公开
    ("denied_three_safety", r"三安全一稳定|危及", ""),
    ("denied_other", r"其他|其它", "denied"),
    ("requests_completed_on_time", r"按时办结", ""),
    ("requests_completed_late", r"延期办结", ""),
    ("requests_completed", r"办结", ""),  # replies_total where the table has no 答复 row (legacy_tables)
    ("replies_total", r"答复", ""),
    ("request_catalogue_items", r"依申请公开.*目录", ""),
    ("requests_in_person", r"当面", ""),
    ("requests_letter_fax", r"信函[、及和]?传真|传真[、及和]?信函", ""),
    ("requests_fax", r"传真", ""),
    ("requests_email", r"电子邮件|电子邮箱|邮件", ""),
    ("requests_online", r"网上|网络|在线", ""),
    ("requests_letter", r"信函|来信", ""),
    ("requests_other_form", r"其他|其它", "requests"),
    ("requests_received", r"申请", ""),
    ("normative_docs_issued", r"制发.*规范性文件", ""),
    ("normative_docs_new", r"新增.*规范性文件", ""),
    ("proactive_normative_docs", r"规范性文件", ""),
    ("proactive_full_text", r"全文电子化", ""),
    ("proactive_web", r"网站", ""),
    ("proactive_gazette", r"公报", ""),
    ("proactive_weibo", r"微博", ""),
    ("proactive_wechat", r"微信", ""),
    ("proactive_other", r"其他|其它", "proactive"),
    ("proactive_items", r"主动公开", ""),
    ("dedicated_bodies", r"专门机构", ""),
    ("reading_points", r"查阅点|查阅场所", ""),
    ("staff_full_time", r"专职", ""),
    ("staff_part_time", r"兼职", ""),
    ("staff", r"工作人员", ""),
    ("special_funds", r"经费", ""),
    ("training_sessions", r"培训班", ""),
    ("trainees", r"培训人", ""),
    ("meetings", r"会议", ""),
)
_COMPILED = tuple((f, re.compile(p), c) for f, p, c in LABELS)
_ASIDE = re.compile(r"[（(][^（）()]*[^（）()一二三四五六七八九十\d][^（）()]*[)）]")  # (不同渠道…计1条), not (一)
_PIECES = re.compile(r"其中[：:]?|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.、．]")


def group(fact: str) -> str:
    """The context a fact sets for the rows after it."""
    for g in ("admin_reviews", "admin_litigation"):
        if fact.startswith(g):
            return g
    return fact.split("_")[0]


def classify(label: str, context: str) -> Optional[str]:
    """The fact of a table row label (its last piece after ordinals and 其中), or None."""
    key = _ASIDE.sub("", label_key(label))
    pieces = [p for p in _PIECES.split(key) if p.strip("：:、")]
    if not pieces:
        return None
    last = pieces[-1]
    v = vocabulary()
    if v.foreign_word(key) and not any(w in key for w in v.ours):
        return None  # 行政审批事项, 12345热线, 人大代表建议: a row about another business is no fact of ours
    for fact, pattern, ctx in _COMPILED:
        if (not ctx or ctx == context) and pattern.search(last):
            return fact
    return None
