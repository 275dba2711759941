"""A report mirrored through a zh-TW converter parses exactly like its simplified original."""
import difflib

import opencc
import pytest

import extractor

CONVERTERS = ["s2twp", "s2t", "s2hk"]


def mirror(data: bytes, config: str) -> bytes:
    return opencc.OpenCC(f"{config}.json").convert(data.decode("utf-8")).encode("utf-8")


@pytest.mark.parametrize("config", CONVERTERS)
@pytest.mark.parametrize("name", ["pingtan_2024.html", "pingtan_2024_text.txt"])
def test_traditional_copy_equals_original(real_dir, name, config):
    data = (real_dir / name).read_bytes()
    original = extractor.parse(data).to_dict()
    copy = extractor.parse(mirror(data, config)).to_dict()
    assert copy["report"]["script"] == "traditional"
    assert original["report"]["script"] == "simplified"
    for key in ("title", "agency", "year", "template"):
        assert copy["report"][key] == original["report"][key], key
    assert copy["tables"] == original["tables"]
    assert copy["checks"] == original["checks"]
    assert [(s["key"], s["heading"]) for s in copy["sections"]] == [(s["key"], s["heading"]) for s in original["sections"]]
    assert copy["narrative_facts"] == original["narrative_facts"]
    a = "\n".join(s["text"] for s in original["sections"])
    b = "\n".join(s["text"] for s in copy["sections"])
    changed = sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in
                  difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op != "equal")
    assert changed <= 2  # s2twp turns 查找 into 查询: there is no converter-independent way back
