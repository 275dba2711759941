"""Fixtures whose text layer lies: characters replaced by their Kangxi / CJK-supplement radical look-alikes.

A PDF font whose ToUnicode maps glyphs to radicals (⼀⼈⺠⼯⽂⽇⾏ for 一人民工文日行) makes pdftotext and
pdfplumber copy the look-alikes faithfully. The look-alike of each character is the inverse of the
generated table src/extractor/data/radicals.tsv (radicals only, not compatibility ideographs).

Writes:
  fixtures/text/huaian_2024_radicals.txt   pdftotext -layout of the real huaian_2024.pdf (truth:
      ../shared/fixtures/real/huaian_2024.truth.json), every character that has a look-alike replaced
  fixtures/pdf/gov2021_county_radicals.pdf LibreOffice PDF of the gov2021_county report typed with the
      look-alikes (truth: fixtures/pdf/gov2021_county.expected.json)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def look_alikes() -> dict[str, str]:
    """unified ideograph → its radical look-alike (a Kangxi radical first, else the supplement's)."""
    out: dict[str, str] = {}
    for ln in (ROOT / "src/extractor/data/radicals.tsv").read_text(encoding="utf-8").splitlines():
        if not ln or ln.startswith("#"):
            continue
        src, dst, _ = ln.split("\t")
        cp = ord(src)
        if 0x2F00 <= cp <= 0x2FDF:
            out[dst] = src
        elif 0x2E80 <= cp <= 0x2EFF:
            out.setdefault(dst, src)
    return out


def to_radicals(text: str) -> str:
    table = look_alikes()
    return re.sub("|".join(map(re.escape, table)), lambda m: table[m.group()], text)


def main() -> None:
    src = (ROOT / "fixtures/text/huaian_2024_layout.txt").read_text(encoding="utf-8")
    out = to_radicals(src)
    dst = ROOT / "fixtures/text/huaian_2024_radicals.txt"
    dst.write_text(out, encoding="utf-8")
    print(dst, sum(a != b for a, b in zip(src, out)), "characters replaced")
    import make_pdf_fixtures as m
    pdf = m.convert(to_radicals(m.fodt()), "gov2021_county_radicals")
    print(pdf, pdf.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
