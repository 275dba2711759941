"""One issue vocabulary: every code the parser emits is in `issue_codes.IssueCode`, with a severity and a
meaning, and the JSON Schema's enum is exactly that list; reader warnings are typed, never split strings."""
import json
import re
from pathlib import Path

import extractor
from extractor import readers
from extractor.cli import schema_text
from extractor.issue_codes import CODES, PLAIN, SEVERITIES, IssueCode, known
from extractor.model import ReaderWarning
from extractor.pipeline import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "extractor"
# every way the code names an issue code: Issue("sev", "code"), ReadError("code"), ReaderWarning("code"),
# a Cell's doubt, a helper taking the code first, an error record, a reader's media_types mapping
LITERALS = re.compile(r'Issue\("(error|warning|info)", "([^"]+)"|(?:ReadError|ReaderWarning|_warn)\("([^"]+)"'
                      r'|(?:_failed|Result\.error|Input)\([^"()\n]*?"([^"]+)"|(?:code|doubt|problem) = "([a-z_]+)"'
                      r'|"([a-z]+_unreadable)"')


def _enum() -> list[str]:
    return json.loads(schema_text())["properties"]["issues"]["items"]["properties"]["code"]["enum"]


def test_the_schema_enum_is_the_vocabulary_in_its_order():
    assert _enum() == list(CODES), "run `python -m extractor.issue_codes` to rewrite the schema's enum"


def test_every_code_is_a_plain_identifier_with_a_severity_and_a_one_line_meaning():
    for c in IssueCode:
        assert PLAIN.fullmatch(c.value), c
        assert c.severities and set(c.severities) <= set(SEVERITIES), c
        assert c.meaning and "\n" not in c.meaning and len(c.meaning) < 200, c
    assert IssueCode("pdf_encrypted").severity == "error"
    assert IssueCode.NOT_AN_ANNUAL_REPORT.severities == ("error", "warning")
    assert known("identity_failed", "warning") and not known("identity_failed", "error")
    assert not known("encoding_errors: 2 undecodable characters replaced", "warning")


def test_every_code_literal_in_the_source_is_in_the_vocabulary_with_its_severity():
    used: dict[str, set[str]] = {}
    for p in SRC.rglob("*.py"):
        for m in LITERALS.finditer(p.read_text("utf-8")):
            sev, code = m.group(1), next(g for g in m.groups()[1:] if g)
            used.setdefault(code, set()).update([sev] if sev else [])
    unknown = sorted(c for c in used if c not in CODES)
    assert unknown == []
    wrong = sorted((c, s) for c, sevs in used.items() for s in sevs if not known(c, s))
    assert wrong == []
    assert len(used) > 50  # the pattern still sees the code base


def test_the_readers_unreadable_codes_are_in_the_vocabulary():
    """`html_unreadable` and `text_unreadable` were emitted (a reader's library raising) but not in the enum."""
    for reader in readers.REGISTRY:
        for media_type, code in reader.media_types.items():
            assert known(code, "error"), (media_type, code)


def test_a_legacy_gbk_page_with_undecodable_bytes_gets_the_plain_code(tmp_path):
    """The bug of issue 12: the reader's "code: message" string became the issue code of a legacy page."""
    page = ("<html><head><meta charset='gbk'></head><body><p>某县2012年政府信息公开工作年度报告</p>"
            "<p>一、概述</p><p>2012年，我县主动公开政府信息120条。</p></body></html>").encode("gbk")
    data = page.replace("120".encode(), b"\xff\xfe120")  # two bytes no GBK character starts with
    doc = readers.read(data, "page.html")
    assert [w.code for w in doc.warnings] == ["encoding_errors"]
    assert all(isinstance(w, ReaderWarning) for w in doc.warnings)
    out = parse_bytes(data, "page.html").to_dict()
    assert out["report"]["template"] == "legacy"
    enc = [i for i in out["issues"] if i["code"].startswith("encoding")]
    assert [i["code"] for i in enc] == ["encoding_errors"]
    assert enc[0]["message"].startswith("reader: encoding_errors: ") and "undecodable characters replaced" in enc[0]["message"]


def test_every_issue_of_real_and_bad_inputs_is_known_with_its_severity(real_dir):
    inputs = [real_dir / n for n in ("huaian_2024.pdf", "pingtan_2024.html", "pingtan_2016_text.txt")]
    inputs += [ROOT / "fixtures" / "pdf" / n for n in ("encrypted.pdf", "no_text_layer.pdf")]
    inputs += [ROOT / "fixtures" / "legacy_corpus" / n for n in ("L060_nonreport_letter_2013.html", "L002_html_dingxi_2009.html")]
    inputs += sorted((ROOT / "fixtures" / "hostile").glob("html_*"))
    seen = set()
    for p in inputs:
        for i in extractor.parse(p, timeout=0, max_memory_mb=0).issues:
            assert known(i.code, i.severity), (p.name, i.code, i.severity)
            seen.add(i.code)
    assert {"pdf_encrypted", "no_text_layer", "table_is_image", "not_an_annual_report", "narrative_disagrees"} <= seen
