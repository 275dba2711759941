"""PDFs written byte by byte whose CID fonts are not embedded (as reportlab's STSong-Light, iText's
MSung / HeiseiMin / HYSMyeongJo, a Word PDF's SimSun saved without its font): PDFium draws and boxes
them with a system stand-in face (tests/test_pdf_sysfonts.py)."""
from __future__ import annotations

import random

from turned_pdfs import pdf_file

# name, CIDFont subtype, ordering, CMap, descriptor Flags, StemV (the mapper weighs the weight by it)
FONTS = {
    "STSong-Light": ("CIDFontType0", "GB1", "UniGB-UCS2-H", 6, 93),
    "STSongStd-Light": ("CIDFontType0", "GB1", "UniGB-UCS2-H", 6, 93),
    "SimSun": ("CIDFontType2", "GB1", "UniGB-UCS2-H", 6, 80),
    "SimHei,Bold": ("CIDFontType2", "GB1", "UniGB-UCS2-H", 4, 160),
    "MSung-Light": ("CIDFontType0", "CNS1", "UniCNS-UCS2-H", 6, 93),
    "HeiseiMin-W3": ("CIDFontType0", "Japan1", "UniJIS-UCS2-H", 6, 93),
    "HYSMyeongJo-Medium": ("CIDFontType0", "Korea1", "UniKS-UCS2-H", 6, 93),
}
ASCII_WIDTH = 500  # every CID but the CJK ones: the W array's one range (DW 1000 for the rest)
PUNCT = "，。、：；（）《》“”—"
DIGITS = "0123456789"
COMMON = {  # report words in each ordering's own script (a char its CMap lacks is another matter)
    "GB1": "政府信息公开工作年度报告本年新收申请数量主动予以结果行政复议诉讼办理情况总计其他机关单位法人或者组织"
           "商业企业科研机构社会公益服务律师事务所不予公开部分涉及国家秘密第三方权益",
    "CNS1": "政府資訊公開工作年度報告本年新收申請數量主動予以結果行政復議訴訟辦理情況總計其他機關單位法人或者組織"
            "商業企業科研機構社會公益服務律師事務所不予公開部分涉及國家秘密第三方權益",
    "Japan1": "政府情報公開工作年度報告本年新収申請数量主動結果行政不服訴訟処理状況総計機関単位法人組織商業企業研究"
              "社会公益事務所部分国家秘密第三者権益",
    "Korea1": "政府公開工作年度報告本年申請數量主動結果行政訴訟處理情況總計其他機關單位法人組織商業企業社會公益事務"
              "部分國家秘密第三方",
}


def font_objects(name: str, first: int) -> tuple[list[bytes], int]:
    """The Type0 font (object `first`), its CIDFont and descriptor; the next free object number."""
    subtype, ordering, cmap, flags, stemv = FONTS[name]
    base = name.replace(",", "#2C")
    w = f"[1 [{' '.join([str(ASCII_WIDTH)] * 95)}]]" if ordering == "GB1" else f"[1 95 {ASCII_WIDTH}]"
    objs = [
        f"<< /Type /Font /Subtype /Type0 /BaseFont /{base} /Encoding /{cmap} /DescendantFonts [{first + 1} 0 R] >>",
        f"<< /Type /Font /Subtype /{subtype} /BaseFont /{base} /CIDSystemInfo << /Registry (Adobe) /Ordering "
        f"({ordering}) /Supplement 2 >> /FontDescriptor {first + 2} 0 R /DW 1000 /W {w} >>",
        f"<< /Type /FontDescriptor /FontName /{base} /Flags {flags} /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        f"/Ascent 880 /Descent -120 /CapHeight 880 /StemV {stemv} >>",
    ]
    return [o.encode() for o in objs], first + 3


def hex_text(text: str) -> str:
    return "<" + "".join(f"{ord(c):04X}" for c in text) + ">"


def pdf(pages: list[list[tuple[str, float, float, float, str]]], fonts: list[str]) -> bytes:
    """A PDF of A4 pages, each a list of (font, size, x, y, text) text objects (UCS-2 codes)."""
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font_refs = {}
    nxt = 3
    for name in fonts:
        got, after = font_objects(name, nxt)
        font_refs[name] = f"F{len(font_refs)}", nxt
        objs += got
        nxt = after
    resources = "<< /Font << " + " ".join(f"/{k} {n} 0 R" for k, n in font_refs.values()) + " >> >>"
    kids = []
    for page in pages:
        ops = []
        for font, size, x, y, text in page:
            ops.append(f"BT /{font_refs[font][0]} {size:g} Tf {x:.2f} {y:.2f} Td {hex_text(text)} Tj ET")
        content = "\n".join(ops).encode()
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} "
                    f"/Contents {len(objs)} 0 R >>".encode())
        kids.append(len(objs))
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    return pdf_file(objs)


def report_like(seed: int, fonts: list[str], n_pages: int = 2) -> bytes:
    """Pages laid out as a report: lines of CJK text, digits and punctuation in random fonts and
    sizes, some text objects one char each (reportlab's), some whole runs, table-like rows of figures."""
    rng = random.Random(seed)
    pages = []
    for _ in range(n_pages):
        page, y = [], 800.0
        while y > 60:
            font, size = rng.choice(fonts), rng.choice((9, 10.5, 12, 14, 16))
            words = COMMON[FONTS[font][1]]
            x = rng.uniform(40, 90)
            if rng.random() < 0.3:  # a row of figures
                for _ in range(rng.randint(3, 6)):
                    text = "".join(rng.choice(DIGITS) for _ in range(rng.randint(1, 4)))
                    page.append((font, size, x, y, text))
                    x += rng.uniform(60, 90)
            else:
                text = "".join(rng.choice(words + PUNCT + DIGITS) for _ in range(rng.randint(4, 30)))
                if rng.random() < 0.5:
                    page.append((font, size, x, y, text))
                else:  # one text object per char, at its declared advance
                    for c in text:
                        page.append((font, size, x, y, c))
                        x += size * (ASCII_WIDTH if c < "\u0080" else 1000) / 1000
            y -= size * rng.uniform(1.3, 2.2)
        pages.append(page)
    return pdf(pages, fonts)


def every_ideograph(font: str, first: int = 0x4E00, last: int = 0x9FA5, per_line: int = 50,
                    lines: int = 70) -> bytes:
    """Every CJK unified ideograph U+4E00–U+9FA5 in one font, 50 a line (one text object a line)."""
    codes = [chr(c) for c in range(first, last + 1)]
    rows = [codes[i:i + per_line] for i in range(0, len(codes), per_line)]
    pages = [[(font, 10, 20, 820 - 11.5 * k, "".join(row)) for k, row in enumerate(rows[p:p + lines])]
             for p in range(0, len(rows), lines)]
    return pdf(pages, [font])
