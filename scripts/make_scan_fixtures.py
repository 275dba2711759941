"""Image-only scans of text-layer fixture PDFs, with their truth, for the OCR reader.

Each source PDF is rendered with pypdfium2, turned into what scanners and phones produce, rotated
slightly, and wrapped back into a PDF of pictures only (Pillow's PDF writer: no text layer):

  bilevel   1-bit black and white (fax / office scanner), 200 dpi
  grey      8-bit grey JPEG, 150 dpi, quality 60-80
  seal      colour JPEG, 200 dpi, a red seal (ring, star, characters) stamped over the signature,
            a faint yellowish paper tone

The rotation (0.5°-1.5°, either direction), the JPEG quality and the seal's place are drawn from the
seed, so every variant varies independently. The truth is the source's truth (same printed values).

    python scripts/make_scan_fixtures.py                  # fixtures/scan/ (seed 1, committed)
    python scripts/make_scan_fixtures.py OUT --seed 101   # held-back seeds 100-199: score only, never debug on
    python scripts/make_scan_fixtures.py --pictures       # a table picture (PNG) and a DOCX embedding it
"""
from __future__ import annotations

import argparse
import io
import json
import math
import random
import sys
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [  # (pdf, truth)
    (ROOT / "fixtures/pdf/gov2021_county.pdf", ROOT / "fixtures/pdf/gov2021_county.expected.json"),
    (ROOT / "fixtures/corpus/c055_pdf_fodt_2019_2020.pdf", ROOT / "fixtures/corpus/c055_pdf_fodt_2019_2020.truth.json"),
]
KEPT = {"gov2021_county_bilevel", "gov2021_county_grey", "gov2021_county_seal", "c055_bilevel"}  # committed
SEAL_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"


def render(pdf: Path, dpi: int) -> list[Image.Image]:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def stamp_seal(img: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    """A red round seal (4.2 cm) over the last lines of the page (the agency's signature and date)."""
    r = int(2.1 / 2.54 * dpi)
    box = img.getbbox() or (0, 0, img.width, img.height)
    grey = img.convert("L")
    ink_rows = [y for y in range(0, img.height, 4) if min(grey.crop((0, y, img.width, y + 4)).getextrema()) < 128]
    bottom = ink_rows[-1] if ink_rows else box[3]
    cx = int(img.width * rng.uniform(0.55, 0.7))
    cy = max(r, bottom - int(r * rng.uniform(0.9, 1.3)))
    seal = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(seal)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=max(3, r // 14))
    star = [(cx + (r * 0.28 if i % 2 == 0 else r * 0.11) * math.cos(math.pi / 2 + i * math.pi / 5),
             cy - (r * 0.28 if i % 2 == 0 else r * 0.11) * math.sin(math.pi / 2 + i * math.pi / 5))
            for i in range(10)]
    d.polygon(star, fill=255)
    if Path(SEAL_FONT).exists():
        font = ImageFont.truetype(SEAL_FONT, int(r * 0.22))
        d.text((cx, cy + r * 0.5), "政务公开专用章", fill=255, font=font, anchor="mm")
        for i, ch in enumerate("青山县人民政府办公室"):
            ang = -150 + i * 300 / 9
            x = cx + r * 0.75 * math.cos(math.radians(ang - 90))
            y = cy + r * 0.75 * math.sin(math.radians(ang - 90))
            glyph = Image.new("L", (int(r * 0.35),) * 2, 0)
            ImageDraw.Draw(glyph).text((glyph.width // 2, glyph.height // 2), ch, fill=255, font=font, anchor="mm")
            glyph = glyph.rotate(-ang, resample=Image.BICUBIC)
            seal.paste(255, (int(x - glyph.width / 2), int(y - glyph.height / 2)), glyph)
    red = Image.new("RGB", img.size, (215, 30, 40))
    # ink multiplies: black text under the seal stays black, paper turns red
    stamped = Image.composite(red, img, seal.point(lambda v: int(v * 0.85)))
    return Image.fromarray(np.minimum(np.asarray(stamped), np.asarray(img)))


def variant(pages: list[Image.Image], kind: str, rng: random.Random, dpi: int) -> tuple[list[Image.Image], dict]:
    angle = rng.choice([-1, 1]) * rng.uniform(0.5, 1.5)
    out, info = [], {"kind": kind, "dpi": dpi, "angle": round(angle, 2)}
    for i, page in enumerate(pages):
        if kind == "seal" and i == len(pages) - 1:
            page = stamp_seal(page, rng, dpi)
        if kind == "seal":
            page = Image.blend(page, Image.new("RGB", page.size, (250, 244, 226)), 0.25)
        page = page.rotate(angle, resample=Image.BICUBIC, fillcolor="white")
        if kind == "bilevel":
            page = page.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1")
        elif kind == "grey":
            page = page.convert("L")
        out.append(page)
    if kind != "bilevel":
        info["quality"] = rng.randint(60, 80)
    return out, info


def to_pdf(pages: list[Image.Image], info: dict) -> bytes:
    frames = []
    for page in pages:
        if page.mode == "1":
            frames.append(page)
            continue
        buf = io.BytesIO()
        page.save(buf, "JPEG", quality=info["quality"])
        frames.append(Image.open(io.BytesIO(buf.getvalue())))
    out = io.BytesIO()
    frames[0].save(out, "PDF", resolution=info["dpi"], save_all=True, append_images=frames[1:])
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default=str(ROOT / "fixtures" / "scan"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--all", action="store_true", help="every source in every kind (default: the committed four)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    for pdf, truth in SOURCES:
        for kind, dpi in (("bilevel", 200), ("grey", 150), ("seal", 200)):
            pages, info = variant(render(pdf, dpi), kind, rng, dpi)
            stem = f"{pdf.stem.split('_pdf_')[0]}_{kind}"
            if not args.all and stem not in KEPT:
                continue
            (out / f"{stem}.pdf").write_bytes(to_pdf(pages, info))
            want = json.loads(truth.read_text("utf-8"))
            want["scan"] = {**info, "source": pdf.name, "source_path": str(pdf.relative_to(ROOT)), "seed": args.seed}
            (out / f"{stem}.truth.json").write_text(json.dumps(want, ensure_ascii=False, indent=1) + "\n", "utf-8")
            print(out / f"{stem}.pdf", (out / f"{stem}.pdf").stat().st_size, "bytes", info)


if __name__ == "__main__" and "--pictures" not in sys.argv:
    main()


# --- table pictures inside other formats ------------------------------------------------------
def table_picture(pdf: Path, page_index: int, marker: str, dpi: int = 200) -> Image.Image:
    """The ruled table holding marker on one page of a text-layer PDF, rendered as a picture."""
    import pdfplumber
    with pdfplumber.open(str(pdf)) as doc:
        page = doc.pages[page_index]
        table = next(t for t in page.find_tables() if marker in "".join(
            c or "" for row in t.extract() for c in row))
        x0, top, x1, bottom = table.bbox
    img = render(pdf, dpi)[page_index]
    k = dpi / 72
    return img.crop((int(x0 * k) - 12, int(top * k) - 12, int(x1 * k) + 12, int(bottom * k) + 12))


def docx_with_picture(docx: Path, marker: str, png: bytes, out: Path) -> None:
    """The DOCX with the table holding marker replaced by a picture of it (an inline drawing)."""
    import re
    import zipfile
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    tables = [m for m in re.finditer(r"<w:tbl>.*?</w:tbl>", xml, re.S) if marker in re.sub(r"<[^>]+>", "", m.group())]
    m = tables[0]
    w, h = Image.open(io.BytesIO(png)).size
    cx, cy = int(w / 200 * 914400), int(h / 200 * 914400)  # EMU at 200 dpi
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="1" name="table picture"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="1" name="table.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rIdTablePicture"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        '</wp:inline></w:drawing></w:r></w:p>')
    xml = xml[:m.start()] + drawing + xml[m.end():]
    if "xmlns:wp=" not in xml:
        xml = xml.replace("<w:document ", '<w:document xmlns:wp="http://schemas.openxmlformats.org/'
                          'drawingml/2006/wordprocessingDrawing" ', 1)
    if "xmlns:r=" not in xml:
        xml = xml.replace("<w:document ", '<w:document xmlns:r="http://schemas.openxmlformats.org/'
                          'officeDocument/2006/relationships" ', 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdTablePicture" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/image" Target="media/table.png"/></Relationships>')).encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    if 'Extension="png"' not in types:
        types = types.replace("<Default ", '<Default Extension="png" ContentType="image/png"/><Default ', 1)
    parts["[Content_Types].xml"] = types.encode("utf-8")
    parts["word/media/table.png"] = png
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, blob in parts.items():
            z.writestr(name, blob)


def pictures() -> None:
    """fixtures/scan/gov2021_county_table4.png (table 四 of the county report as a picture) and
    fixtures/docx/gov2021_county_table_picture.docx (the county DOCX with that table as the picture)."""
    pdf = ROOT / "fixtures/pdf/gov2021_county.pdf"
    img = table_picture(pdf, 2, "行政复议").convert("L")
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    png = ROOT / "fixtures/scan/gov2021_county_table4.png"
    png.write_bytes(buf.getvalue())
    out = ROOT / "fixtures/docx/gov2021_county_table_picture.docx"
    docx_with_picture(ROOT / "fixtures/docx/gov2021_county.docx", "行政复议", buf.getvalue(), out)
    print(png, img.size, out, out.stat().st_size, "bytes")


if __name__ == "__main__" and "--pictures" in sys.argv:
    pictures()
