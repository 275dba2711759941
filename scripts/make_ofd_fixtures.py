"""OFD fixtures (GB/T 33190-2016) from the existing fixtures' content: a small OFD writer.

    python scripts/make_ofd_fixtures.py      # pure Python; writes fixtures/ofd/
    python scripts/make_ofd_fixtures.py --corpus IN OUT   # every .html/.docx of a make_corpus.py folder
                                                          # as OUT/<stem>.ofd with its truth file beside

The package follows the standard's layout: OFD.xml (DocBody: DocInfo, DocRoot) → Doc_0/Document.xml
(CommonData: MaxUnitID, PageArea, PublicRes; Pages) → Doc_0/PublicRes.xml (Fonts) →
Doc_0/Pages/Page_N/Content.xml (Layer of TextObject / TextCode with Boundary, X, Y, DeltaX — `g N V`
runs where the advances repeat — and PathObject / AbbreviatedData rectangles for each table cell's
borders). Text is laid out on A4 (mm): title centred, paragraphs wrapped with a two-character indent,
tables with column widths from their text, wrapped and centred cell text, merged cells as one box,
labels merged down three rows or more set top to bottom (DeltaY) in a narrow column,
a table that does not fit the rest of a page starting the next; page numbers `- N -` at the foot.

  fixtures/ofd/gov2021_county.ofd     from fixtures/docx/gov2021_county.docx
  fixtures/ofd/gov2019_gbk_meta.ofd   from fixtures/html/gov2019_gbk_meta.html
  fixtures/ofd/pingtan_2024.ofd       from the real ../shared/fixtures/real/pingtan_2024.html
each with the `.expected.json` of its source.
"""
from __future__ import annotations

import hashlib
import sys
import unicodedata
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))
from make_office_fixtures import FIXTURES, REAL, write_expected  # noqa: E402

NS = "http://www.ofdspec.org/2016"
W, H = 210.0, 297.0
LEFT, RIGHT, TOP, BOTTOM = 25.0, 25.0, 25.0, 25.0
BODY, TITLE, CELL = 3.7, 5.6, 3.0  # font sizes, mm
PITCH = 1.55  # line pitch in font sizes
PAD = 1.0  # cell padding, mm
ASCENT = 0.85


def adv(ch: str, size: float) -> float:
    return size if unicodedata.east_asian_width(ch) in "WF" else size / 2


def text_width(text: str, size: float) -> float:
    return sum(adv(c, size) for c in text)


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    lines, cur, w = [], "", indent
    for ch in text:
        a = adv(ch, size)
        if cur and w + a > width:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += a
    if cur or not lines:
        lines.append(cur)
    return lines


def vertical(cell) -> bool:
    """A label merged down three rows or more and one column wide is set vertically (its column stays narrow)."""
    return cell.rowspan >= 3 and cell.colspan == 1 and len(cell.text) >= 4 and not any(ch.isdigit() for ch in cell.text[-1:])


class Writer:
    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.y = TOP
        self.next_id = 10

    def uid(self) -> int:
        self.next_id += 1
        return self.next_id

    def new_page(self) -> None:
        self.pages.append([])
        self.y = TOP

    def text(self, s: str, x: float, top: float, size: float) -> None:
        if not s:
            return
        advs = [adv(c, size) for c in s]
        dx = advs[:-1]
        if dx and all(a == dx[0] for a in dx) and len(dx) > 2:
            delta = f"g {len(dx)} {dx[0]:g}"
        else:
            delta = " ".join(f"{a:g}" for a in dx)
        box = f"{x:.3f} {top:.3f} {sum(advs):.3f} {size * 1.2:.3f}"
        attr = f' DeltaX="{delta}"' if delta else ""
        self.pages[-1].append(
            f'<ofd:TextObject ID="{self.uid()}" Boundary="{box}" Font="1" Size="{size:g}">'
            f'<ofd:TextCode X="0" Y="{ASCENT * size:.3f}"{attr}>{escape(s)}</ofd:TextCode></ofd:TextObject>')

    def vertical_text(self, s: str, x0: float, y0: float, x1: float, y1: float) -> None:
        """A label set top to bottom (DeltaY, no DeltaX), centred in its cell, as WPS and Word set tall narrow cells."""
        step = CELL * 1.15
        if len(s) * step > y1 - y0:
            raise SystemExit("a vertical label longer than its cell: not supported by this writer")
        top = y0 + (y1 - y0 - len(s) * step) / 2
        self.pages[-1].append(
            f'<ofd:TextObject ID="{self.uid()}" Boundary="{x0 + (x1 - x0 - CELL) / 2:.3f} {top:.3f} {CELL * 1.2:.3f} '
            f'{len(s) * step:.3f}" Font="1" Size="{CELL:g}"><ofd:TextCode X="0" Y="{ASCENT * CELL:.3f}" '
            f'DeltaY="g {len(s) - 1} {step:g}">{escape(s)}</ofd:TextCode></ofd:TextObject>')

    def rect(self, x: float, top: float, w: float, h: float) -> None:
        self.pages[-1].append(
            f'<ofd:PathObject ID="{self.uid()}" Boundary="{x:.3f} {top:.3f} {w:.3f} {h:.3f}" LineWidth="0.25">'
            f'<ofd:AbbreviatedData>M 0 0 L {w:.3f} 0 L {w:.3f} {h:.3f} L 0 {h:.3f} C</ofd:AbbreviatedData></ofd:PathObject>')

    def paragraph(self, s: str, size: float = BODY, centre: bool = False, gap: float = 0.0) -> None:
        width = W - LEFT - RIGHT
        indent = 0.0 if centre else 2 * size
        for i, ln in enumerate(wrap(s, width, size, indent)):
            if self.y + size * PITCH > H - BOTTOM:
                self.new_page()
            x = LEFT + (width - text_width(ln, size)) / 2 if centre else LEFT + (indent if i == 0 else 0.0)
            self.text(ln, x, self.y, size)
            self.y += size * PITCH
        self.y += gap

    def table(self, table) -> None:
        width = W - LEFT - RIGHT
        n = table.n_cols
        want = [8.0] * n
        for c in table.cells:
            if c.colspan == 1:
                if not vertical(c):
                    want[c.col] = max(want[c.col], min(text_width(c.text, CELL) + 2 * PAD, 40.0))
        scale = width / sum(want)
        cols = [w * scale for w in want]
        xs = [LEFT + sum(cols[:k]) for k in range(n + 1)]
        lines = {id(c): [c.text] if vertical(c) else wrap(c.text, xs[c.col + c.colspan] - xs[c.col] - 2 * PAD, CELL)
                 for c in table.cells}
        pitch = CELL * 1.3
        heights = [6.0] * table.n_rows
        for c in table.cells:
            if c.rowspan == 1:
                heights[c.row] = max(heights[c.row], len(lines[id(c)]) * pitch + 2 * PAD)
        for c in table.cells:
            if c.rowspan > 1:
                need = len(c.text) * CELL * 1.15 + 2 * PAD if vertical(c) else len(lines[id(c)]) * pitch + 2 * PAD
                have = sum(heights[c.row:c.row + c.rowspan])
                if need > have:
                    heights[c.row + c.rowspan - 1] += need - have
        total = sum(heights)
        if self.y + total > H - BOTTOM and (total <= H - TOP - BOTTOM or self.y + 3 * heights[0] > H - BOTTOM):
            self.new_page()
        # rows page by page: a table taller than the rest of the page goes on on the next one; a merged
        # cell crossing the break is drawn as two boxes, its text in the part on the first page; the
        # break falls after the header rows (a header cut in two is another case of the PDF path)
        head = max((c.row + c.rowspan for c in table.cells if c.row == 0), default=1)  # the header rows
        if self.y + sum(heights[:head + 1]) > H - BOTTOM:
            self.new_page()  # a header is never cut from its first row of values
        parts, start, used = [], 0, self.y
        for r in range(table.n_rows):
            if used + heights[r] > H - BOTTOM and r > max(start, head):
                parts.append((start, r))
                start, used = r, TOP
            used += heights[r]
        parts.append((start, table.n_rows))
        for k, (ra, rb) in enumerate(parts):
            if k:
                self.new_page()
            ys = {r: self.y + sum(heights[ra:r]) for r in range(ra, rb + 1)}
            for c in table.cells:
                r0, r1 = max(c.row, ra), min(c.row + c.rowspan, rb)
                if r0 >= r1:
                    continue
                x0, x1 = xs[c.col], xs[min(c.col + c.colspan, n)]
                y0, y1 = ys[r0], ys[r1]
                self.rect(x0, y0, x1 - x0, y1 - y0)
                if c.row < ra:
                    continue  # its text is on the page before
                if vertical(c):
                    self.vertical_text(c.text, x0, y0, x1, y1)
                    continue
                ls = lines[id(c)]
                top = y0 + max(0.0, (y1 - y0 - len(ls) * pitch) / 2) + (pitch - CELL) / 2
                for i, ln in enumerate(ls):
                    self.text(ln, x0 + (x1 - x0 - text_width(ln, CELL)) / 2, top + i * pitch, CELL)
            self.y = ys[rb]
        self.y += BODY

    def _text_on(self, page: list[str], s: str, x: float, top: float, size: float) -> None:
        saved = self.pages[-1]
        self.pages[-1] = page
        self.text(s, x, top, size)
        self.pages[-1] = saved

    def package(self, title: str) -> dict[str, str]:
        doc_id = hashlib.md5(title.encode("utf-8")).hexdigest()
        files = {
            "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
                       f'<ofd:DocBody><ofd:DocInfo><ofd:DocID>{doc_id}</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>'
                       f'<ofd:CreationDate>2024-01-15</ofd:CreationDate><ofd:Creator>make_ofd_fixtures</ofd:Creator></ofd:DocInfo>'
                       f'<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
            "Doc_0/PublicRes.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res">'
                                   f'<ofd:Fonts><ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>',
        }
        refs = []
        for i, objs in enumerate(self.pages):
            refs.append(f'<ofd:Page ID="{self.uid()}" BaseLoc="Pages/Page_{i}/Content.xml"/>')
            files[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
                f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                f'<ofd:Layer ID="{self.uid()}" Type="Body">{"".join(objs)}</ofd:Layer></ofd:Content></ofd:Page>')
        files["Doc_0/Document.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f'<ofd:MaxUnitID>{self.next_id}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {W:g} {H:g}</ofd:PhysicalBox>'
            f'</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
            f'<ofd:Pages>{"".join(refs)}</ofd:Pages></ofd:Document>')
        return files


def write_ofd(doc, out: Path) -> None:
    w = Writer()
    blocks = list(doc.blocks)
    paragraphs = [b.text for b in blocks if b.kind != "table"]
    title = doc.source.title or "".join(paragraphs[:2])
    first = next(i for i, b in enumerate(blocks) if b.kind == "paragraph" and (b.text.startswith("本报告") or b.text.startswith("一、")))
    if doc.source.title and "".join(b.text for b in blocks[:first]).find(doc.source.title) < 0:
        w.paragraph(doc.source.title, TITLE, centre=True, gap=BODY)
    for i, b in enumerate(blocks):
        if b.kind == "table":
            w.table(b.table)
        elif b.kind == "paragraph":
            w.paragraph(b.text, TITLE if i < first else BODY, centre=i < first, gap=BODY if i == first - 1 else 0.0)
    for i, page in enumerate(w.pages, start=1):
        s = f"- {i} -"
        w._text_on(page, s, (W - text_width(s, BODY)) / 2, H - BOTTOM / 2, BODY)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in w.package(title).items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 15, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def corpus(src: Path, dst: Path) -> None:
    import shutil
    from extractor.readers import read
    dst.mkdir(parents=True, exist_ok=True)
    n = 0
    for p in sorted(src.iterdir()):
        truth = src / f"{p.stem}.truth.json"
        if p.suffix in (".html", ".docx") and truth.exists():
            try:
                write_ofd(read(p.read_bytes(), p.name), dst / f"{p.stem}.ofd")
            except (SystemExit, StopIteration) as e:  # a table taller than a page, no report start found
                print("skipped", p.name, type(e).__name__, e)
                continue
            shutil.copy(truth, dst / truth.name)
            n += 1
    print(f"wrote {n} OFD files to {dst}")


def main() -> None:
    from extractor.readers import read
    if sys.argv[1:2] == ["--corpus"]:
        corpus(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    out = FIXTURES / "ofd"
    out.mkdir(exist_ok=True)
    for src, truth in [(FIXTURES / "docx" / "gov2021_county.docx", FIXTURES / "docx" / "gov2021_county.expected.json"),
                       (FIXTURES / "html" / "gov2019_gbk_meta.html", FIXTURES / "html" / "gov2019_gbk_meta.expected.json"),
                       (REAL / "pingtan_2024.html", REAL / "pingtan_2024.truth.json")]:
        doc = read(src.read_bytes(), src.name)
        write_ofd(doc, out / f"{src.stem}.ofd")
        write_expected(out / f"{src.stem}.expected.json", truth)
        print("wrote", out / f"{src.stem}.ofd")


if __name__ == "__main__":
    main()
