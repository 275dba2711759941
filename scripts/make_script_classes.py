"""Generate src/extractor/data/script_classes.json: the character classes of extractor.normalize.

    PYTHONPATH=src .venv/bin/python scripts/make_script_classes.py

Built here once instead of at every start-up (issue 16: converting 27 000 ideographs both ways
through OpenCC cost most of a CLI start):
  traditional  characters OpenCC t2s changes, s2t keeps, and GB2312 lacks (乾 於 後 stay simplified text);
  simplified   characters s2t changes, t2s keeps, and Big5 lacks (台 准 征 are traditional text too);
  gbk_markers  what GBK makes of a UTF-8 CJK lead byte (E4-E9) and a continuation byte (mojibake).
Each class is a list of [first, last] code-point runs. tests/test_script_classes.py rebuilds them with the
installed OpenCC and fails when the shipped file differs: rerun this script after upgrading OpenCC.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "extractor" / "data" / "script_classes.json"
IDEOGRAPHS = [(0x3400, 0x9FFF), (0xF900, 0xFAFF)]


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def runs(codes) -> list[list[int]]:
    """Sorted code points → [first, last] runs of consecutive ones."""
    out: list[list[int]] = []
    for c in sorted(set(codes)):
        if out and c == out[-1][1] + 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def script_sets() -> tuple[set[int], set[int]]:
    import opencc

    chars = [chr(c) for a, b in IDEOGRAPHS for c in range(a, b + 1)]
    joined = "\n".join(chars)
    to_s = opencc.OpenCC("t2s.json").convert(joined).split("\n")
    to_t = opencc.OpenCC("s2t.json").convert(joined).split("\n")
    trad = {ord(c) for c, s, t in zip(chars, to_s, to_t) if s != c and t == c and not _encodable(c, "gb2312")}
    simp = {ord(c) for c, s, t in zip(chars, to_s, to_t) if t != c and s == c and not _encodable(c, "big5")}
    return trad, simp


def gbk_markers() -> set[int]:
    marks = set()
    for lead in range(0xE4, 0xEA):
        for trail in range(0x80, 0xC0):
            try:
                marks.update(map(ord, bytes([lead, trail]).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return marks


def build() -> dict:
    import opencc

    trad, simp = script_sets()
    return {
        "about": "built by scripts/make_script_classes.py from OpenCC t2s/s2t, GB2312, Big5 and GBK; [first, last] runs",
        "opencc": getattr(opencc, "__version__", ""),
        "traditional": runs(trad),
        "simplified": runs(simp),
        "gbk_markers": runs(gbk_markers()),
    }


def dump(data: dict) -> str:
    lines = ["{"]
    items = list(data.items())
    for i, (k, v) in enumerate(items):
        lines.append(f" {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" + ("," if i + 1 < len(items) else ""))
    return "\n".join(lines + ["}"]) + "\n"


def main() -> int:
    data = build()
    OUT.write_text(dump(data), encoding="utf-8")
    print(f"{OUT}: " + ", ".join(f"{k} {sum(b - a + 1 for a, b in data[k])} characters in {len(data[k])} runs"
                                 for k in ("traditional", "simplified", "gbk_markers")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
