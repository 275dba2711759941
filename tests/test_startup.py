"""Lean start-up (issue 16): what `extractor parse` imports, and the record of validated template files
that lets a load skip jsonschema and compiling patterns it does not use (templates/validated.json,
scripts/record_template_hashes.py)."""
import json
import subprocess
import sys

import pytest

from extractor import templates

from conftest import REAL, ROOT

RECORD = ROOT / "src/extractor/templates" / templates.RECORD
# never imported by parsing one text report: readers' and batch/fetch/export libraries, the schema validator
NOT_AT_START = ("jsonschema", "lxml", "olefile", "zipfile", "importlib.resources", "sqlite3", "pandas",
                "sqlalchemy", "rich", "httpx", "bs4", "pdfplumber", "pypdfium2", "scipy", "numpy",
                "extractor.readers.docx", "extractor.batch.shards", "extractor.fetch.client")


def _imported(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.splitlines()[-1]))


def test_the_record_is_current_and_every_recorded_file_validates():
    out = subprocess.run([sys.executable, str(ROOT / "scripts/record_template_hashes.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr  # stale: run scripts/record_template_hashes.py
    record = json.loads(RECORD.read_text("utf-8"))
    assert record["python"] == "%d.%d" % sys.version_info[:2]
    files = {k for k in record if k.endswith(".json") and k not in ("schema.json", "stated-figures.json")}
    assert {"gov-2021/tables.json", "legacy/labels.json", "sections.json"} <= files and len(files) == 12
    assert templates.recorded("stated-figures.json", (RECORD.parent / "stated-figures.json").read_bytes())
    for name in files:  # what the record vouches for does pass jsonschema
        raw = (RECORD.parent / name).read_bytes()
        assert templates.digest(raw) == record[name]
        templates.validate(json.loads(raw), name.split("/")[-1].removesuffix(".json"), f"templates/{name}")


def test_a_loaded_template_is_validated_unless_it_is_the_recorded_file(tmp_path, monkeypatch):
    import shutil
    root = tmp_path / "templates"
    shutil.copytree(RECORD.parent, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(templates, "_root", lambda: root)
    validated = []
    real = templates.validate
    monkeypatch.setattr(templates, "validate", lambda data, part, shown: (validated.append(shown), real(data, part, shown)))

    def load_all():
        for f in (templates.load, templates._versions, templates.check_all, templates.section_words, templates._recorded):
            f.cache_clear()
        validated.clear()
        return templates.check_all()

    try:
        assert load_all() == ("gov-2019", "gov-2021", "legacy") and validated == []
        f = root / "gov-2021/identities.json"
        f.write_bytes(f.read_bytes() + b"\n")  # same data, other bytes: validated again, and loads
        assert load_all() and validated == ["templates/gov-2021/identities.json"]
        d = json.loads(f.read_text("utf-8"))
        d[0]["kind"] = "product"
        f.write_text(json.dumps(d, ensure_ascii=False), "utf-8")  # broken, and not the recorded file: refused
        with pytest.raises(templates.TemplateError, match=r"identities\.json: 0\.kind: 'product' is not one of"):
            load_all()
        (root / "schema.json").write_bytes((root / "schema.json").read_bytes() + b" ")  # another schema: all again
        (root / "gov-2021/identities.json").write_bytes((RECORD.parent / "gov-2021/identities.json").read_bytes())
        assert load_all() and len(set(validated)) == 12
    finally:
        monkeypatch.undo()
        for f in (templates.load, templates._versions, templates.check_all, templates.section_words, templates._recorded):
            f.cache_clear()


def test_a_bad_label_pattern_of_a_changed_file_is_still_refused(tmp_path, monkeypatch):
    import shutil
    root = tmp_path / "templates"
    shutil.copytree(RECORD.parent, root, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(templates, "_root", lambda: root)
    f = root / "legacy/labels.json"
    d = json.loads(f.read_text("utf-8"))
    d[1]["pattern"] = "维持("
    f.write_text(json.dumps(d, ensure_ascii=False), "utf-8")
    for c in (templates.load, templates._versions, templates.check_all, templates._recorded):
        c.cache_clear()
    try:
        with pytest.raises(templates.TemplateError, match=r"labels\.json: \[1\]: bad pattern '维持\('"):
            templates.check_all()
    finally:
        monkeypatch.undo()
        for c in (templates.load, templates._versions, templates.check_all, templates._recorded):
            c.cache_clear()


def test_start_up_imports_no_reader_library_nor_the_schema_validator():
    loaded = _imported("import extractor.cli, extractor.pipeline")
    assert not [m for m in NOT_AT_START if m in loaded]
    assert "extractor.legacy_tables" not in loaded and "extractor.flattened" not in loaded  # per report kind


def test_parsing_one_modern_text_report_in_process_imports_only_what_it_needs():
    code = (f"from extractor.pipeline import parse_bytes\n"
            f"r = parse_bytes(open({str(REAL / 'pingtan_2024_text.txt')!r}, 'rb').read(), 'pingtan_2024_text.txt')\n"
            f"assert r.report.year == 2024 and r.tables['requests'].get('new_received', 'total').value is not None")
    loaded = _imported(code)
    assert not [m for m in NOT_AT_START if m in loaded]
    assert "extractor.legacy_tables" not in loaded  # a modern report: no legacy reader
    assert "opencc" not in loaded  # simplified text: OpenCC's native library only for traditional text


def test_a_legacy_report_loads_the_legacy_reader_only_then():
    code = (f"from extractor.pipeline import parse_bytes\n"
            f"r = parse_bytes(open({str(REAL / 'pingtan_2016_text.txt')!r}, 'rb').read(), 'pingtan_2016_text.txt')\n"
            f"assert r.report.template == 'legacy' and r.legacy_facts")
    loaded = _imported(code)
    assert "extractor.legacy_tables" in loaded and "extractor.mapping" not in loaded
    assert not [m for m in NOT_AT_START if m in loaded]


def test_recorded_narrative_patterns_compile_on_first_use_and_a_changed_file_is_checked(monkeypatch):
    from extractor import stated
    v = stated.vocabulary()
    assert all(isinstance(p.source, str) for p in v.legacy + v.modern) and v.modern[0].regex.pattern == v.modern[0].source
    text = (RECORD.parent / "stated-figures.json").read_text("utf-8")
    bad = json.loads(text)
    bad["modern"]["facts"][3]["pattern"] = "公开(件{N}"

    class File:
        def read_text(self, enc):
            return json.dumps(bad, ensure_ascii=False)
    monkeypatch.setattr(stated, "package_file", lambda *parts: File())
    stated.vocabulary.cache_clear()
    try:
        with pytest.raises(stated.VocabularyError, match=r"modern\.facts\[3\]"):
            stated.vocabulary()
    finally:
        monkeypatch.undo()
        stated.vocabulary.cache_clear()


def test_a_legacy_parse_compiles_no_modern_narrative_pattern():
    code = (f"from extractor import stated\nfrom extractor.pipeline import parse_bytes\n"
            f"r = parse_bytes(open({str(REAL / 'pingtan_2016_text.txt')!r}, 'rb').read(), 'pingtan_2016_text.txt')\n"
            f"v = stated.vocabulary()\n"
            f"cached = stated._compiled.cache_info().currsize\n"
            f"assert 0 < cached <= len(v.legacy), (cached, len(v.legacy))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _cli_modules(args: list[str]) -> tuple[set[str], str]:
    """The modules the command-line process itself holds when `extractor ARGS` ends (not its worker's), and
    what it wrote to stdout."""
    code = ("import atexit, json, sys\n"
            "atexit.register(lambda: print('\\nMODULES ' + json.dumps(sorted(sys.modules))))\n"
            f"sys.argv = ['extractor', *{args!r}]\n"
            "from extractor.cli import main\nraise SystemExit(main())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    text, _, mods = out.stdout.rpartition("\nMODULES ")
    return set(json.loads(mods)), text


# the command line's own process for one report under the default limits (the worker parses): no argparse
# formatter's shutil (bz2, lzma), no pickle of the Result, no list-file reader, WARC reader nor OCR module
NOT_IN_THE_CLI = ("shutil", "bz2", "lzma", "pickle", "base64", "csv", "subprocess", "extractor.batch.inputs", "extractor.fetch.warc",
                  "extractor.readers.ocr", "extractor.layout")


def test_the_command_line_of_one_report_imports_only_what_it_needs(tmp_path):
    mods, _ = _cli_modules(["parse", str(REAL / "pingtan_2016_text.txt"), "-o", str(tmp_path)])
    assert "extractor.pipeline" in mods and "extractor.batch.worker" in mods  # parsed here under the limits
    assert not [m for m in NOT_IN_THE_CLI + NOT_AT_START if m in mods]
    assert json.loads((tmp_path / "pingtan_2016_text.json").read_text("utf-8"))["report"]["template"] == "legacy"
    # two reports: the forked worker parses; the record came as JSON: the legacy reader's modules (the
    # Result's classes) only in the worker
    mods, _ = _cli_modules(["parse", str(REAL / "pingtan_2016_text.txt"), str(REAL / "pingtan_2024.html"),
                            "-o", str(tmp_path / "two")])
    assert "extractor.pipeline" in mods and "extractor.batch.worker" in mods  # the worker was forked from here
    assert not [m for m in NOT_IN_THE_CLI + NOT_AT_START if m in mods]
    assert not [m for m in mods if m.startswith("extractor.legacy")]
    assert json.loads((tmp_path / "two/pingtan_2016_text.json").read_text("utf-8"))["report"]["template"] == "legacy"


def test_an_html_report_in_process_imports_no_zip_nor_ocr_module():
    mods, text = _cli_modules(["parse", str(REAL / "pingtan_2024.html"), "--timeout", "0", "--max-memory-mb", "0"])
    assert json.loads(text)["report"]["year"] == 2024 and "lxml.etree" in mods
    assert not [m for m in ("zipfile", "extractor.readers.ocr", "shutil", "pickle", "csv", "bs4") if m in mods]


def test_the_record_is_the_same_through_the_worker_and_in_process(tmp_path):
    """limits.record sends the record as JSON (not the pickled Result): the bytes written are the same through
    the worker (two inputs), under the limits in this process (one) and without limits."""
    names = ("pingtan_2016_text.txt", "pingtan_2024.html")
    subprocess.run([sys.executable, "-m", "extractor", "parse", *(str(REAL / n) for n in names),
                    "-o", str(tmp_path / "worker")], capture_output=True, cwd=ROOT, check=True)
    for name in names:
        out = {"worker": (tmp_path / "worker" / name).with_suffix(".json").read_bytes()}
        for how, flags in (("limits here", []), ("here", ["--timeout", "0", "--max-memory-mb", "0"])):
            r = subprocess.run([sys.executable, "-m", "extractor", "parse", str(REAL / name), *flags],
                               capture_output=True, cwd=ROOT, check=True)
            out[how] = r.stdout
        assert out["worker"] == out["here"] == out["limits here"] and b'"sha256": "' in out["here"]


def test_help_is_as_wide_as_argparse_makes_it(monkeypatch):
    """The formatter reads the terminal's width itself (no shutil), as argparse's own does."""
    import argparse
    import shutil
    from extractor import cli
    for cols in (None, "50", "133", "0", "junk"):
        if cols is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", cols)
        assert cli._columns() == shutil.get_terminal_size().columns
        ours, theirs = cli.RawHelp("extractor parse"), argparse.RawDescriptionHelpFormatter("extractor parse")
        assert (ours._width, ours._max_help_position) == (theirs._width, theirs._max_help_position)
