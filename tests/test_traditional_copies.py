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


def test_the_seed_mirror_keeps_the_agencys_words():
    """fixtures/text/seed_wujiang_2020_traditional.txt: a real report mirrored by a converter we do not know
    (信息 left as it is in most paragraphs, 最佳化 in one). Which converters made it is judged on the whole
    document, not paragraph by paragraph: one paragraph alone looks untouched by s2twp, and its 機構設定,
    辦理程式, 政府檔案 would stay 设定, 程式, 档案."""
    from pathlib import Path
    seed = Path(__file__).resolve().parents[1] / "fixtures" / "text" / "seed_wujiang_2020_traditional.txt"
    out = extractor.parse(seed).to_dict()
    text = "\n".join(s["text"] for s in out["sections"])
    assert text.count("机构设置") == 1 and "机构设定" not in text
    assert text.count("办理程序") == 1 and "办理程式" not in text
    assert text.count("政府文件") == 2 and text.count("招生文件") == 1 and "档案" not in text
    assert out["report"]["repairs"]["tw-dangan-wenjian"] == 21
