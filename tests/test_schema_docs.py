"""The JSON Schema documents every field and enumerates templates, sources and issue codes."""
import json
import re
from pathlib import Path

import jsonschema

import extractor
from extractor.cli import schema_text

ROOT = Path(__file__).resolve().parents[1]


def _fields(node, path="$"):
    """Every property schema (with its path) of the schema."""
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            yield f"{path}.{name}", sub
            yield from _fields(sub, f"{path}.{name}")
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                yield from _fields(node[key], f"{path}[]")
        for name, sub in (node.get("$defs") or {}).items():
            yield f"$defs.{name}", sub
            yield from _fields(sub, f"$defs.{name}")


def test_every_field_has_a_description_and_the_enums_are_there():
    schema = json.loads(schema_text())
    missing = [p for p, sub in _fields(schema) if not (sub.get("description") or "").strip()]
    assert missing == []
    props = schema["properties"]
    assert props["report"]["properties"]["template"]["enum"] == ["gov-2019", "gov-2021", "legacy", None]
    assert schema["$defs"]["provenance"]["properties"]["from"]["enum"] == ["cell", "blank_cell", "text", "inferred", "ocr"]
    assert "pdf_encrypted" in props["issues"]["items"]["properties"]["code"]["enum"]


def test_every_issue_code_in_the_code_is_in_the_enum():
    """A new issue code must be added to the schema's enum (this test names it)."""
    enum = set(json.loads(schema_text())["properties"]["issues"]["items"]["properties"]["code"]["enum"])
    pattern = re.compile(r'Issue\("(?:error|warning|info)", "([a-z_]+)"|ReadError\("([a-z_]+)"|_warn\("([a-z_]+)"'
                         r'|_failed\([^)]*?"([a-z_]+)",|ReaderWarning\("([a-z_]+)"|code = "([a-z_]+)"'
                         r'|error\("([a-z_]+)"')
    used = set()
    for p in (ROOT / "src" / "extractor").rglob("*.py"):
        for m in pattern.finditer(p.read_text("utf-8")):
            used.update(g for g in m.groups() if g)
    assert used - enum == set()
    assert len(used) > 30


def test_real_outputs_and_error_records_validate(real_dir):
    schema = json.loads(schema_text())
    for name in ("huaian_2024.pdf", "pingtan_2024.html", "pingtan_2016_text.txt"):
        jsonschema.validate(extractor.parse(real_dir / name).to_dict(), schema)
    jsonschema.validate(extractor.parse(ROOT / "fixtures" / "pdf" / "encrypted.pdf").to_dict(), schema)
