"""extractor.normalize: script detection, t2s + repairs, character layer, mojibake.

Round trips use OpenCC s2twp only (zhconv is a bench-only extra); the loaders and
the CER function come from scripts/bench_normalize.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import opencc
import pytest

from extractor.normalize import apply_repairs, detect_script, load_rules, normalize_chars, normalize_text

ROOT = Path(__file__).resolve().parents[1]
SEED = next(
    (p for p in (ROOT.parent / "shared", Path("/work/shared")) if (p / "fixtures" / "seed").is_dir()),
    ROOT.parent / "shared",
) / "fixtures" / "seed" / "000_ba1711293e53fe94.txt"

_spec = importlib.util.spec_from_file_location("bench_normalize", ROOT / "scripts" / "bench_normalize.py")
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

S2TWP = opencc.OpenCC("s2twp.json").convert
S2T = opencc.OpenCC("s2t.json").convert


# ---------------------------------------------------------------- script layer


def test_detect_script_basic() -> None:
    assert detect_script("政府信息公开工作年度报告") == "simplified"
    assert detect_script("政府信息公開工作年度報告") == "traditional"
    assert detect_script("政府信息公开工作年度報告") == "mixed"
    assert detect_script("123 | 0 | 0 |") == "simplified"
    # 台, 准, 征 are regular traditional characters too; 乾, 於 are in GB2312.
    assert detect_script("臺灣批准徵收") == "traditional"
    assert detect_script("吴江区台账征收") == "simplified"


def test_real_simplified_reports_pass_through() -> None:
    originals = bench.load_originals()
    if len(originals) < 2:
        pytest.skip("../shared/fixtures/real is not beside the project")
    for name, text in originals.items():
        result = normalize_text(text)
        assert result.script == "simplified", name
        assert result.text == normalize_chars(text), name
        assert result.repairs == {}
        assert not any(c.startswith(("opencc", "repair", "quotes")) for c in result.conversions)


def test_simplified_keeps_its_quotes_and_vocabulary() -> None:
    text = "「档案馆」设定目标，资讯"
    assert normalize_text(text).text == text
    assert normalize_text("「政策檔案」").text == "“政策文件”"
    assert normalize_text("『三安全一穩定』").text == "‘三安全一稳定’"


def test_forced_script_argument() -> None:
    assert normalize_text("規範性檔案", script="simplified").text == "規範性檔案"
    r = normalize_text("規範性檔案", script="traditional")
    assert r.text == "规范性文件" and r.script == "traditional"


# ---------------------------------------------------------------- the seed


def test_seed_every_damaged_word_repaired() -> None:
    if not SEED.exists():
        pytest.skip("seed fixture not available")
    src = SEED.read_text(encoding="utf-8")
    r = normalize_text(src)
    assert r.script == "traditional"
    assert src.count("規範性檔案") == 7
    assert r.text.count("规范性文件") == 7
    for word in ("优化公开平台", "办理程序", "规范性文件数据库", "机构设置", "幼儿园", "资金发放", "政策文件"):
        assert word in r.text, word
    for damage in ("规范性档案", "最佳化", "程式", "资料库", "设定", "幼稚园", "髮", "档案"):
        assert damage not in r.text, damage
    assert r.repairs["tw-dangan-wenjian"] >= 7
    assert r.conversions[0] == "opencc:t2s" and "repair:zh-tw-vocabulary" in r.conversions


# ---------------------------------------------------------------- repair rules

# (rule id, simplified original, traditional input or None = produce it with s2twp).
# A None row is the evidence that the rule reverses a real s2twp mapping.
RULE_CASES: list[tuple[str, str, str | None]] = [
    ("tw-fujian", "附件：《关于做好政务公开工作的通知》", "附屬檔案：《關於做好政務公開工作的通知》"),
    ("tw-dangan-wenjian", "推进行政规范性文件公开", None),
    ("tw-dangan-wenjian", "皖政办秘〔2014〕180号文件", None),
    ("tw-dangan-wenjian", "政策文件解读、其他文件", None),
    ("tw-zuijiahua", "持续优化营商环境", None),
    ("tw-juguan", "宏观环境", "巨觀環境"),
    ("tw-chengxuyuan", "程序员", None),
    ("tw-chengshi", "规范依申请公开办理程序", None),
    ("tw-ziliaojia", "文件夹", None),
    ("tw-ziliaoku", "建立规范性文件数据库", None),
    ("tw-ziliao", "推进政务数据共享", None),
    ("tw-ziliao", "本列数据的勾稽关系", None),
    ("tw-sheding", "机构设置等权力配置信息", None),
    ("tw-youzhiyuan", "幼儿园招生", "幼稚園招生"),
    ("tw-rukou", "市政府门户网站", None),
    ("tw-lianjie", "友情链接", None),
    ("tw-zixunkeji", "加强信息技术应用", None),
    ("tw-zixun", "政府信息公开", None),
    ("tw-tongxun", "畅通信息查阅渠道", None),
    ("tw-xunhao", "微信号", None),
    ("tw-shichu", "全年发布政策解读", None),
    ("tw-zhuanan", "重大建设项目", None),
    ("tw-yingpian", "视频解读", None),
    ("tw-xianshang", "开展在线访谈", None),
    ("tw-zhihui", "升级智能搜索和智能问答", None),
    ("tw-zhihui", "人工智能", None),
    ("tw-souxun", "站内搜索", None),
    ("tw-mozu", "个性化推荐模块", None),
    ("tw-zhixing", "确保网站安全平稳运行", None),
    ("tw-zhixing", "建立运行维护机制", None),
    ("tw-jihe", "信息发布审核制度", None),
    ("tw-jincheng", "加快城镇化进程", None),
    ("tw-dengru", "登录", None),
    ("tw-dengchu", "关停注销", None),
    ("tw-ruanti", "应用软件", None),
    ("tw-yingti", "硬件设施", None),
    ("tw-hulianwang", "互联网政务服务", None),
    ("tw-wanglu", "网络安全", None),
    ("tw-yinbiaoji", "打印机", None),
    ("tw-lieyin", "自助打印", None),
    ("tw-yingyin", "复印", None),
    ("tw-yushe", "系统默认设置", None),
    ("tw-sifuqi", "服务器", None),
    ("tw-jianxun", "短信", None),
    ("tw-shuwei", "数字化转型", "數位化轉型"),
    ("tw-chukong", "电子触摸屏", None),
    ("tw-chukong", "电子触摸屏", "電子觸控螢幕"),
    ("tw-yingmu", "屏幕", None),
    ("tw-lianluo", "联系电话", None),
    ("tw-jianshi", "查看办理进度", None),
    ("tw-wujian", "分配对象", None),
    ("tw-shichuang", "服务窗口", None),
    ("tw-neihe", "IE内核", None),
    ("tw-xingbie", "文件类型", None),
    ("tw-xukequan", "访问权限", None),
    ("tw-zhiyuan", "提供技术支持", None),
    ("tw-zhiyuan", "支持IPv6", None),
    ("tw-shiyongzhe", "提升用户体验", None),
    ("tw-shequn", "村（社区）", None),
    ("tw-zhuangzhi", "终端设备", None),
    ("tw-quyang", "核酸检测采样点", None),
    ("tw-xuandan", "菜单", None),
    ("tw-jiemian", "界面", None),
    ("tw-ziti", "字体", None),
    ("tw-buluoge", "博客", None),
    ("tw-huashu", "鼠标", None),
    ("tw-guangdie", "光盘", None),
    ("tw-yingdie", "硬盘", None),
    ("tw-suishendie", "U盘", None),
    ("tw-gongjiao", "公共交通", "公共運輸"),
    ("tw-zhang", "建立工作台账", "建立工作臺帳"),
    ("tw-zhang", "关停账号", "關停帳號"),
    ("tw-zhuo", "着力解决", None),
]

# After t2s these forms are already fixed; the rules are a net for text that
# reaches the repair layer another way (checked on apply_repairs directly).
NAIVE_CASES = [
    ("tw-jihua", "发展计画", "发展计划"),
    ("naive-qiangzhi", "行政强製", "行政强制"),
    ("naive-zhiji", "隻计这一情形", "只计这一情形"),
    ("naive-zhidu", "工作製度", "工作制度"),
    ("naive-zhiding", "製定方案", "制定方案"),
    ("naive-quanmian", "全麵推进", "全面推进"),
    ("naive-fangmian", "主动公开方麵", "主动公开方面"),
    ("naive-tixi", "考核体係", "考核体系"),
    ("naive-dafu", "依法答複", "依法答复"),
    ("naive-fafang", "资金髮放", "资金发放"),
]

# The naive forms as whole traditional input: t2s + rules give the same answer.
NAIVE_TRADITIONAL = ["強製", "隻計", "製度", "製定", "全麵", "體係", "答複", "方麵", "髮放"]


@pytest.mark.parametrize("rule_id, expected, source", RULE_CASES)
def test_rule(rule_id: str, expected: str, source: str | None) -> None:
    # A short zh-TW string can be all common characters (人工智慧), which is
    # indistinguishable from simplified text; prefix a traditional-only word.
    src = S2TWP("关于" + expected) if source is None else "關於" + source
    r = normalize_text(src)
    assert r.text == "关于" + expected
    assert r.repairs.get(rule_id, 0) >= 1, r.repairs


@pytest.mark.parametrize("rule_id, text, expected", NAIVE_CASES)
def test_naive_rule(rule_id: str, text: str, expected: str) -> None:
    counts: dict[str, int] = {}
    assert apply_repairs(text, counts) == expected
    assert counts == {rule_id: 1}


def test_naive_traditional_forms() -> None:
    out = normalize_text("、".join(NAIVE_TRADITIONAL)).text
    assert out == "强制、只计、制度、制定、全面、体系、答复、方面、发放"


def test_every_rule_has_a_test() -> None:
    from test_zh_keep_rows import KEEP_CASES  # the keep rows of round 8, tested there

    tested = {c[0] for c in RULE_CASES} | {c[0] for c in NAIVE_CASES} | {"tw-dangan-keep"} | {c[0] for c in KEEP_CASES}
    assert {r.id for r in load_rules()} <= tested


# Legitimate mainland words that the rules must leave alone (from s2t, i.e.
# traditional input without zh-TW vocabulary, and from s2twp where it keeps them).
KEEP = [
    "市档案馆", "档案局", "人事档案", "加强档案管理", "档案室", "档案柜", "学籍档案",
    "专案组", "方程式", "行政许可的设定", "设定依据", "智慧城市", "智慧政务", "预算执行情况",
    "严格执行", "联络员", "对口支援", "检视问题", "宣传资料", "登记资料", "线上线下",
    "显著", "著作", "民众", "品质", "科技创新",
]


@pytest.mark.parametrize("word", KEEP)
def test_keeps_legit_words(word: str) -> None:
    assert normalize_text(S2T(word)).text == word
    r = normalize_text(S2TWP(word))
    assert r.text == word, (S2TWP(word), r.text)


def test_keep_rule_counts_nothing() -> None:
    r = normalize_text("檔案館")
    assert r.text == "档案馆" and r.repairs == {}


# ---------------------------------------------------------------- round trip

# Headings and table labels of templates.md (gov-2019 and gov-2021, with variants).
TEMPLATE_LABELS = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    "二、行政机关主动公开政府信息情况", "二、主动公开政府信息的情况",
    "四、因政府信息公开工作被申请行政复议提起行政诉讼情况", "四、政府信息公开行政复议及行政诉讼情况",
    "四、政府信息公开行政复议与行政诉讼情况", "四、因政府信息公开被申请行政复议、提起行政诉讼情况",
    "五、政府信息公开工作存在的主要问题及改进情况", "五、存在的主要问题和改进措施",
    "五、存在问题及改进情况", "五、存在问题及改进措施",
    "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障",
    "工作考核、社会评议和责任追究结果",
    "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项",
    "信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "行政规范性文件", "规范性文件",
    "本年处理决定数量", "行政许可", "行政处罚", "行政强制", "本年收费金额（单位：万元）", "行政事业性收费",
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "处理决定数量",
    "其他对外管理服务事项", "采购项目数量", "采购总金额", "政府集中采购", "其他主动公开文件",
    "现行有效件数（历史累计）",
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
    "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（三）不予公开",
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他", "（七）总计", "四、结转下年度继续办理",
    "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "未经复议直接起诉", "复议后起诉",
    "规章（设区的市、自治州人民政府应提供相关数据）", "上一年项目数量（指2019年事项数）",
    "本年增/减（指2020年增加或减少的事项数，减用负值表示，如-8）", "处理决定数量（指2020年办件量）",
]


@pytest.mark.parametrize("label", TEMPLATE_LABELS)
def test_template_label_round_trip(label: str) -> None:
    assert normalize_text(S2TWP(label)).text == label
    assert normalize_text(S2T(label)).text == label


def test_round_trip_cer_s2twp() -> None:
    originals = bench.load_originals()
    if len(originals) < 2:
        pytest.skip("../shared/fixtures/real is not beside the project")
    dist = length = 0
    for text in originals.values():
        ref = normalize_chars(text)
        hyp = normalize_text(S2TWP(text)).text
        dist += round(bench.char_error_rate(ref, hyp) * len(ref))
        length += len(ref)
    assert length > 20000
    assert dist / length < 0.0005, dist


def test_round_trip_cer_synthetic_s2t_is_exact() -> None:
    text = bench.SYNTHETIC.read_text(encoding="utf-8")
    assert normalize_text(S2T(text)).text == text


def test_cer_function() -> None:
    assert bench.char_error_rate("abcd", "abcd") == 0
    assert bench.char_error_rate("abcd", "abxd") == 0.25
    assert bench.edit_distance("优化", "最佳化") == 2


# ---------------------------------------------------------------- character layer


def test_fullwidth_and_spaces() -> None:
    assert normalize_chars("２０２３年ＡＢｃ") == "2023年ABc"
    assert normalize_chars("总\u3000计\u00a0１") == "总 计 1"


def test_invisibles_removed() -> None:
    text = "\ufeff政\u200b府\u200d信\u202a息\u202e公\u2066开\u2069\u200f"
    assert normalize_chars(text) == "政府信息公开"
    r = normalize_text(text)
    assert r.text == "政府信息公开" and "invisibles" in r.conversions


def test_chinese_punctuation_and_spacing_untouched() -> None:
    text = "（一）予以公开、部分公开。“三安全一稳定”，注：；总 计"
    assert normalize_chars(text) == text
    assert normalize_text(text).text == text


def test_conversions_report_character_layer() -> None:
    r = normalize_text("１\u3000２")
    assert r.text == "1 2" and r.script == "simplified"
    assert r.conversions == ["fullwidth", "spaces"]


def test_mojibake_utf8_read_as_gbk() -> None:
    good = "存在的主要问题及改进情况"
    bad = good.encode("utf-8").decode("gbk")
    assert normalize_chars(f"五、{bad}，2023年") == f"五、{good}，2023年"
    r = normalize_text(bad)
    assert r.text == good and "mojibake:gbk-utf8" in r.conversions
    # Odd byte counts lose a byte: reported, left as is.
    lossy = "政府信息公开工作年度报告".encode("utf-8").decode("gbk", errors="replace")
    r = normalize_text(lossy)
    assert "mojibake:unrepaired" in r.conversions
    assert r.text.startswith("政府信息") and r.text.endswith("年度报告")


def test_mojibake_utf8_read_as_latin1_and_cp1252() -> None:
    good = "收到和处理政府信息公开申请情况"
    assert normalize_chars(good.encode("utf-8").decode("latin-1")) == good
    assert normalize_chars(good.encode("utf-8").decode("cp1252", errors="ignore")) != ""  # lossy: no crash
    cp = "总体情况".encode("utf-8").decode("cp1252", errors="strict")
    r = normalize_text(cp)
    assert r.text == "总体情况" and "mojibake:latin1-utf8" in r.conversions


def test_mojibake_gbk_read_as_latin1() -> None:
    good = "政府信息公开"
    r = normalize_text("第一部分：" + good.encode("gbk").decode("latin-1"))
    assert r.text == "第一部分：" + good and "mojibake:latin1-gbk" in r.conversions


def test_mojibake_lossy_is_reported_not_repaired() -> None:
    bad = "政府信息公开".encode("gbk").decode("utf-8", errors="replace")
    r = normalize_text(bad)
    assert r.text == bad and "mojibake:unrepaired" in r.conversions


def test_traditional_text_is_not_mistaken_for_mojibake() -> None:
    text = "錄取結果、城鎮閱覽室、鏈接"
    r = normalize_text(text)
    assert not any(c.startswith("mojibake") for c in r.conversions)
    assert r.text == "录取结果、城镇阅览室、链接"


@pytest.mark.parametrize("mirror,original", [
    ("報(bào)告數(shù)據(jù)", "报告数据"),                       # toned pinyin after each character
    ("國辦公(gong)開辦函，新(xin)條例", "国办公开办函，新条例"),  # plain pinyin
    ("依申请公开★工作◆取得成效", "依申请公开工作取得成效"),      # decorations sprinkled in sentences
    ("政务服务(app)上线", "政务服务(app)上线"),                 # letters that are no pinyin syllable stay
    ("第(一)项", "第(一)项"),
])
def test_spam_mirror_annotations(mirror, original):
    assert normalize_text(mirror).text == original
