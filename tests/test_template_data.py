"""Templates as checked data (issue 12): the folders under src/extractor/templates/, their schema and
cross-checks, detection by the years and markers they declare, and every check rule declared in data."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import extractor
from extractor import stated, templates
from extractor.pipeline import detect_template, parse_bytes
from extractor.model import Block, Document, SourceInfo

from conftest import FIXTURES, REAL, ROOT

PACKAGE = ROOT / "src" / "extractor"


def _clear_caches():
    for f in (templates.load, templates._versions, templates.check_all, templates.section_words, stated.vocabulary):
        f.cache_clear()


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A copy of the template folders that a test edits; the loader reads the copy."""
    root = tmp_path / "templates"
    shutil.copytree(PACKAGE / "templates", root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(templates, "_root", lambda: root)
    _clear_caches()
    yield root
    monkeypatch.undo()
    _clear_caches()


def edit(root: Path, name: str, change) -> None:
    f = root / name
    d = json.loads(f.read_text("utf-8"))
    change(d)
    f.write_text(json.dumps(d, ensure_ascii=False), "utf-8")


def refused(match: str) -> None:
    with pytest.raises(templates.TemplateError, match=match):
        templates.check_all()


# ---------------------------------------------------------------- what the folders hold
def test_the_folders_load_with_their_years_and_identities():
    assert templates.folders() == ("gov-2019", "gov-2021", "legacy")
    assert templates.check_all() == ("gov-2019", "gov-2021", "legacy")
    assert templates.VERSIONS == ("gov-2019", "gov-2021")
    g19, g21, old = templates.load("gov-2019"), templates.load("gov-2021"), templates.legacy()
    assert (g19.first_year, g19.last_year, g21.first_year, g21.last_year, old.last_year) == (2019, 2020, 2021, None, 2018)
    assert [t.shape for t in g21.tables.values()] == ["items", "grid", "column_groups"]
    assert g21.tables["requests"].row("other").computed_by == "requests.other_split"
    assert {i.kind for i in g21.identities} == {"sum"}
    kinds = {i.rule: i.kind for i in old.identities}
    assert kinds["legacy.requests_channels"] == "sum" and kinds["legacy.proactive_parts"] == "le"
    assert kinds["legacy.cumulative"] == "cumulative" and kinds["legacy.denied_reasons"] == "le"
    assert old.labels[0].fact == "litigation_or_reports_received"
    assert ("admin_reviews", "review_litigation.review.total") in {(h.fact, h.key) for h in old.harmonize}
    assert old.sums["text.litigation.total"] == ("review_litigation.litigation_direct.total",
                                                 "review_litigation.litigation_after_review.total")


def test_legacy_code_reads_the_data():
    from extractor import legacy, legacy_tables, legacy_vocab, stats_spans
    old = templates.legacy()
    assert legacy_vocab.LABELS[0] == (old.labels[0].fact, old.labels[0].pattern, old.labels[0].after)
    assert legacy_tables.IDENTITIES == old.identities and stats_spans.UNITS[0] == "万元"
    assert legacy.HARMONIZE[0][0] == "requests_received"


# ---------------------------------------------------------------- validation errors name the file and the key
def test_an_identity_naming_a_missing_row_is_refused(data):
    def typo(ids):
        ids[0]["rhs"][0] = "total_procesed"
    edit(data, "gov-2021/identities.json", typo)
    refused(r"^templates/gov-2021/identities\.json: requests\.balance: no row 'total_procesed' in table requests$")


def test_an_identity_naming_a_missing_column_is_refused(data):
    def typo(ids):
        ids[-1]["rhs"][-1] = "pendng"
    edit(data, "gov-2019/identities.json", typo)
    refused(r"gov-2019/identities\.json: review_litigation\.group_total: no column 'pendng'")


def test_a_schema_error_names_the_place(data):
    edit(data, "gov-2021/tables.json", lambda t: t["requests"]["rows"][3].pop("key"))
    refused(r"templates/gov-2021/tables\.json: requests\.rows\.3: 'key' is a required property")


def test_an_unknown_identity_kind_is_refused(data):
    edit(data, "legacy/identities.json", lambda ids: ids[0].update(kind="product"))
    refused(r"templates/legacy/identities\.json: 0\.kind: 'product' is not one of")


def test_a_national_template_identity_must_be_a_sum(data):
    edit(data, "gov-2021/identities.json", lambda ids: ids[0].update(kind="le"))
    refused(r"gov-2021/identities\.json: requests\.balance: kind 'le'")


def test_a_row_column_that_does_not_exist_is_refused(data):
    edit(data, "gov-2021/tables.json", lambda t: t["proactive_disclosure"]["rows"][0]["columns"].append("isued"))
    refused(r"gov-2021/tables\.json: proactive_disclosure\.rows\.rules: no column 'isued'")


def test_a_derived_row_needs_its_identity(data):
    edit(data, "gov-2021/tables.json", lambda t: t["requests"]["rows"][-1].update(computed_by="requests.other_splt"))
    refused(r"requests\.rows\.other: computed_by: no identity 'requests\.other_splt'")


def test_a_harmonisation_key_must_be_a_cell(data):
    edit(data, "legacy/harmonize.json", lambda h: h["map"][0].update(key="requests.new_recieved.total"))
    refused(r"templates/legacy/harmonize\.json: requests_received: 'requests\.new_recieved\.total' is no cell")


def test_a_harmonisation_fact_must_exist(data):
    edit(data, "legacy/harmonize.json", lambda h: h["map"][0].update(fact="requests_recieved"))
    refused(r"harmonize\.json: requests\.new_received\.total: no fact 'requests_recieved'")


def test_a_label_for_an_unknown_fact_or_a_bad_pattern_is_refused(data):
    edit(data, "legacy/labels.json", lambda ls: ls[1].update(fact="admin_reviews_uphold"))
    refused(r"labels\.json: \[1\] '维持': no fact 'admin_reviews_uphold'")
    edit(data, "legacy/labels.json", lambda ls: ls[1].update(fact="admin_reviews_upheld", pattern="维持("))
    _clear_caches()
    refused(r"labels\.json: \[1\]: bad pattern '维持\('")


def test_duplicate_keys_and_overlapping_years_are_refused(data):
    edit(data, "gov-2019/tables.json", lambda t: t["requests"]["rows"].append(t["requests"]["rows"][0]))
    refused(r"gov-2019/tables\.json: requests: row 'new_received' declared twice")
    shutil.copy(PACKAGE / "templates/gov-2019/tables.json", data / "gov-2019/tables.json")
    edit(data, "gov-2019/template.json", lambda t: t.update(last_year=2021))
    _clear_caches()
    refused(r"gov-2021/template\.json: first_year 2021 overlaps gov-2019")


def test_the_section_vocabulary_is_checked(data):
    assert templates.section_words().keywords[0] == ("review_litigation", ("复议", "诉讼"))
    edit(data, "sections.json", lambda d: d["keywords"][0].update(key="reviews"))
    _clear_caches()
    refused(r"^templates/sections\.json: keywords\.0\.key: 'reviews' is not one of")


def test_a_folder_must_carry_its_own_name(data):
    shutil.copytree(data / "gov-2021", data / "gov-2025")
    refused(r"templates/gov-2025/template\.json: id 'gov-2021' is not the folder's name")


def test_the_narrative_vocabulary_is_checked_against_the_templates(data):
    edit(data, "legacy/tables.json", lambda t: t["statistics"].update(
        rows=[r for r in t["statistics"]["rows"] if r["key"] != "fees"]))
    with pytest.raises(stated.VocabularyError, match="vocabulary.fees: no such fact"):
        stated.vocabulary()


# ---------------------------------------------------------------- a new year is a copied folder
def test_a_copied_folder_is_a_new_template_year(data):
    shutil.copytree(data / "gov-2021", data / "gov-2025")
    edit(data, "gov-2021/template.json", lambda t: t.update(last_year=2024))
    edit(data, "gov-2025/template.json", lambda t: t.update(id="gov-2025", first_year=2025))
    assert templates.check_all() == ("gov-2019", "gov-2021", "gov-2025", "legacy")
    assert templates.VERSIONS == ("gov-2019", "gov-2021", "gov-2025")
    text = "本年新收政府信息公开申请数量 3"
    doc = Document([Block("paragraph", text)], SourceInfo(media_type="text/plain"))
    assert [detect_template(doc, [text], y).id for y in (2020, 2023, 2026)] == ["gov-2019", "gov-2021", "gov-2025"]


# ---------------------------------------------------------------- detection from the data (behaviour as before)
def _detect(text: str, year):
    return detect_template(Document([Block("paragraph", text)], SourceInfo(media_type="text/plain")), [text], year)


def test_detection_by_markers_and_declared_years():
    g21 = "本年制发件数 本年废止件数 现行有效件数"
    g19 = "本年新制作数量 本年新公开数量 对外公开总数量"
    assert _detect(g21, 2020).id == "gov-2021"  # the markers decide
    assert _detect(g19, 2023).id == "gov-2019"
    assert _detect("本年新收政府信息公开申请数量", 2020).id == "gov-2019"  # a tie: the year
    assert _detect("本年新收政府信息公开申请数量", None).id == "gov-2021"
    assert _detect("本年新收政府信息公开申请数量", 2017).id == "gov-2019"  # a national table
    assert _detect("主动公开政府信息100条", 2017) is None  # legacy's last_year
    assert _detect("政府集中采购", 2018) is None  # one marker in a list is no table
    assert _detect("历年累计 同意公开答复", None) is None  # legacy markers_needed = 2
    assert _detect("历年累计", None).id == "gov-2021"


# ---------------------------------------------------------------- the package refuses bad data (a copy of it)
def test_a_copy_of_the_package_with_a_bad_row_refuses_to_run(tmp_path):
    pkg = tmp_path / "extractor"
    shutil.copytree(PACKAGE, pkg, ignore=shutil.ignore_patterns("__pycache__"))
    f = pkg / "templates/gov-2021/identities.json"
    f.write_text(f.read_text("utf-8").replace('"total_processed"', '"total_procesed"', 1), "utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    cli = subprocess.run([sys.executable, "-m", "extractor", "parse", str(REAL / "pingtan_2024.html")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert cli.returncode == 2 and cli.stdout == ""
    assert cli.stderr.strip() == ("extractor parse: bad template data: templates/gov-2021/identities.json: "
                                  "requests.balance: no row 'total_procesed' in table requests")
    lib = subprocess.run([sys.executable, "-c", "import extractor; extractor.parse(%r)" % str(REAL / "pingtan_2024.html")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert lib.returncode != 0 and "TemplateError: templates/gov-2021/identities.json: requests.balance" in lib.stderr


# ---------------------------------------------------------------- every rule the parser emits is declared
FAST = (".html", ".htm", ".txt", ".ofd", ".xlsx", ".xls", ".et")  # PDFs and Word files: from outputs/ below


def test_every_emitted_rule_is_declared():
    declared = templates.declared_rules()
    emitted: dict[str, str] = {}
    inputs = [p for p in sorted(FIXTURES.rglob("*")) + sorted(REAL.glob("*"))
              if p.suffix in FAST and "hostile" not in p.parts and "scan" not in p.parts]
    for p in inputs:
        for c in parse_bytes(p.read_bytes(), str(p)).checks:
            emitted.setdefault(c.rule, p.name)
    for f in sorted((ROOT / "outputs").glob("*.json")):  # the demo's records of every fixture (PDF, Word, scans)
        for c in json.loads(f.read_text("utf-8")).get("checks", []):
            emitted.setdefault(c["rule"], f.name)
    assert {"requests.balance", "legacy.cumulative", "legacy.denied_reasons", "narrative.replies_total",
            "narrative.requests.new_received.total"} <= set(emitted)
    undeclared = {r: where for r, where in emitted.items() if r not in declared}
    assert not undeclared, f"rules emitted but declared in no template or vocabulary: {undeclared}"
