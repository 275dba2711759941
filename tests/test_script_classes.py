"""The script character classes ship as data (scripts/make_script_classes.py), not built at start-up."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from extractor import normalize

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import make_script_classes  # noqa: E402


def test_shipped_classes_are_what_the_builder_makes_with_this_opencc():
    shipped = json.loads(make_script_classes.OUT.read_text(encoding="utf-8"))
    assert shipped == json.loads(make_script_classes.dump(make_script_classes.build()))


def test_classes_hold_the_characters_the_rules_name():
    trad, simp = normalize._script_sets()
    assert {"資", "與", "檔"} <= trad
    assert "於" not in trad and "乾" not in trad  # GB2312: simplified text uses them
    assert {"资", "们"} <= simp and "台" not in simp  # 台 is Big5 too
    assert normalize.detect_script("政府資訊公開") == "traditional"
    assert normalize.detect_script("政府信息公开") == "simplified"
    assert normalize.detect_script("政府資訊公开") == "mixed"
    # UTF-8 read as GBK: the markers find it and the layer repairs it
    assert normalize.normalize_chars("工作年度报告".encode("utf-8").decode("gbk")) == "工作年度报告"


def test_a_damaged_class_file_is_a_clear_error(monkeypatch, tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"traditional": [[5, 3]], "simplified": [], "gbk_markers": []}))
    monkeypatch.setattr(normalize, "package_file", lambda *parts: tmp_path / "bad.json")
    normalize._classes.cache_clear()
    try:
        with pytest.raises(ValueError, match="traditional"):
            normalize._classes()
    finally:
        normalize._classes.cache_clear()
