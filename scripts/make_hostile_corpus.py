"""Hostile inputs, the way a crawled archive delivers them: every one must end as a record, in time,
with at most one line on stderr, never a traceback or `internal_error`.

    python scripts/make_hostile_corpus.py OUTDIR             # everything (crafted + damaged fixtures + names)
    python scripts/make_hostile_corpus.py OUTDIR --small     # only the small crafted cases (fixtures/hostile/)
    python scripts/make_hostile_corpus.py OUTDIR --damaged-per-format 1   # fewer damaged fixtures

Crafted: PDFs whose objects refer to each other in a loop, a 5,000-deep page tree, a non-numeric
MediaBox, corrupt deflate streams; DOCX with gridSpan 2000000000 or "abc", zip and entity bombs,
corrupt deflate; HTML nested 100,000 deep, a 20,000-row table, huge spans, XHTML; text pipe and
digit floods; then truncations and bit flips of every fixture (seeded) and files with odd names.
Deterministic: the same arguments give the same bytes.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = "某县人民政府2023年政府信息公开工作年度报告"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# ---------- PDF ----------

def pdf(objs: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF with a correct xref for these object bodies (1-based numbers)."""
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, trailer_extra, xref)
    return out


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES1 = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page(extra: bytes = b"", contents: bytes = b"4 0 R") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %s " % contents + extra + b">>"


def crafted_pdfs() -> dict[str, bytes]:
    text = stream(b"BT /F1 12 Tf 72 720 Td (Annual report 2023) Tj ET")
    res = b"/Resources << /Font << /F1 5 0 R >> >>"
    deep = [CATALOG] + [b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (i + 3) for i in range(5000)]
    deep.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    return {
        # 129 bytes: the catalog's pages are a Pages node whose only kid is itself
        "pdf_kids_self_loop.pdf": b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[2 0 R]"
                                  b"/Count 1>>endobj trailer<</Root 1 0 R>>\n%%EOF",
        "pdf_ref_self_loop.pdf": pdf([CATALOG, PAGES1, b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R >>", b"4 0 R"]),
        "pdf_ref_two_loop.pdf": pdf([CATALOG, PAGES1, b"<< /Type /Page /Parent 2 0 R /MediaBox 4 0 R >>", b"5 0 R", b"4 0 R"]),
        "pdf_root_loop.pdf": b"%PDF-1.4\n1 0 obj 2 0 R endobj 2 0 obj 1 0 R endobj trailer<</Root 1 0 R>>\n%%EOF\n",
        "pdf_length_loop.pdf": pdf([CATALOG, PAGES1, page(res), b"<< /Length 6 0 R >>\nstream\nBT ET\nendstream",
                                    FONT, b"6 0 R"]),
        "pdf_mediabox_names.pdf": pdf([CATALOG, PAGES1, b"<< /Type /Page /Parent 2 0 R /MediaBox [/a /b (c) 1] >>"]),
        "pdf_mediabox_string.pdf": pdf([CATALOG, PAGES1, b"<< /Type /Page /Parent 2 0 R /MediaBox (big) >>"]),
        "pdf_page_tree_5000_deep.pdf": pdf(deep),
        "pdf_bad_deflate.pdf": pdf([CATALOG, PAGES1, page(res), stream(b"x\x9c\xff\xfe garbage not deflate" * 20,
                                                                       b"/Filter /FlateDecode"), FONT]),
        "pdf_truncated_deflate.pdf": pdf([CATALOG, PAGES1, page(res), stream(zlib.compress(b"BT (x) Tj ET" * 500)[:40],
                                                                             b"/Filter /FlateDecode"), FONT]),
        "pdf_huge_length.pdf": pdf([CATALOG, PAGES1, page(res), b"<< /Length 99999999999 >>\nstream\nBT ET\nendstream",
                                    FONT]),
        "pdf_negative_count.pdf": pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R 3 0 R 3 0 R] /Count -5 >>", page(res), text, FONT]),
        "pdf_xobject_self.pdf": pdf([CATALOG, PAGES1, page(b"/Resources << /XObject << /X 6 0 R >> >>"),
                                     stream(b"/X Do"), FONT,
                                     stream(b"/X Do", b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                                                      b"/Resources << /XObject << /X 6 0 R >> >>")]),
        "pdf_bad_xref.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\nxref\n0 3\nzzzz\ntrailer << /Root 1 0 R"
                            b" /Size 3 >>\nstartxref\n9999999\n%%EOF\n",
        "pdf_header_only.pdf": b"%PDF-1.7\n",
        "pdf_nested_arrays.pdf": pdf([CATALOG, PAGES1, page(b"/Junk " + b"[" * 5000 + b"]" * 5000)]),
        "pdf_nested_dicts.pdf": pdf([CATALOG, PAGES1, page(b"/Junk " + b"<< /a " * 3000 + b"1" + b" >>" * 3000)]),
    }


# ---------- DOCX ----------

def docx(document_xml: bytes, extra: dict[str, bytes] | None = None, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    members = {"[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                      b'package/2006/content-types"/>', "word/document.xml": document_xml, **(extra or {})}
    with zipfile.ZipFile(buf, "w", method) as z:
        for k, v in members.items():
            z.writestr(zipfile.ZipInfo(k, date_time=(2024, 1, 1, 0, 0, 0)), v, compress_type=method)
    return buf.getvalue()


def body(inner: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
            f'<w:p><w:r><w:t>{TITLE}</w:t></w:r></w:p>{inner}</w:body></w:document>').encode("utf-8")


def tc(text: str, pr: str = "") -> str:
    return f"<w:tc>{f'<w:tcPr>{pr}</w:tcPr>' if pr else ''}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def crafted_docx() -> dict[str, bytes]:
    row = "<w:tr>" + tc("本年新收政府信息公开申请数量") + tc("12") + "</w:tr>"
    bomb_xml = body("<w:p><w:r><w:t>" + " " * (80 << 20) + "</w:t></w:r></w:p>")
    lol = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    entity = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{lol}]>'
              f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>').encode()
    good = docx(body("<w:tbl>" + row * 3 + "</w:tbl>"))
    flipped = bytearray(good)
    at = good.index(b"word/document.xml") + 40  # inside the deflate stream of document.xml
    for i in range(at, min(at + 30, len(flipped))):
        flipped[i] ^= 0x5A
    return {
        "docx_gridspan_2000000000.docx": docx(body("<w:tbl><w:tr>" + tc("合计", '<w:gridSpan w:val="2000000000"/>')
                                                  + "</w:tr>" + row + "</w:tbl>")),
        "docx_gridspan_abc.docx": docx(body("<w:tbl><w:tr>" + tc("合计", '<w:gridSpan w:val="abc"/>') + "</w:tr>"
                                            + row + "</w:tbl>")),
        "docx_gridbefore_huge.docx": docx(body('<w:tbl><w:tr><w:trPr><w:gridBefore w:val="99999999999"/></w:trPr>'
                                               + tc("1") + "</w:tr></w:tbl>")),
        "docx_vmerge_only.docx": docx(body("<w:tbl>" + ("<w:tr>" + tc("1", "<w:vMerge/>") + "</w:tr>") * 200 + "</w:tbl>")),
        "docx_zip_bomb.docx": docx(bomb_xml),
        "docx_entity_bomb.docx": docx(entity),
        "docx_external_entity.docx": docx(f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                          f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
                                          f'</w:body></w:document>'.encode()),
        "docx_corrupt_deflate.docx": bytes(flipped),
        "docx_nested_sdt.docx": docx(body("<w:sdt><w:sdtContent>" * 240 + "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
                                          + "</w:sdtContent></w:sdt>" * 240)),
        "docx_not_xml.docx": docx(b"\x00\x01 this is not xml"),
        "docx_20000_rows.docx": docx(body("<w:tbl>" + "".join("<w:tr>" + tc(f"第{i}项") + tc(str(i)) + "</w:tr>"
                                                              for i in range(20000)) + "</w:tbl>")),
        "docx_stored_truncated.docx": docx(body("<w:p/>"), method=zipfile.ZIP_STORED)[:-60],
    }


# ---------- HTML ----------

def html(inner: str, head: str = "") -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head><body><div id='zoom'>"
            f"<p>{TITLE}</p>{inner}</div></body></html>").encode("utf-8")


def crafted_html() -> dict[str, bytes]:
    rows = "".join(f"<tr><td>第{i}项</td><td>{i}</td><td>{i * 2}</td></tr>" for i in range(20000))
    spans = "<table>" + ("<tr>" + "<td rowspan='1000' colspan='1000'>1</td>" * 30 + "</tr>") * 30 + "</table>"
    return {
        "html_nested_100000_divs.html": html("<div>" * 100000 + "一、总体情况" + "</div>" * 100000),
        "html_nested_unclosed_50000.html": html("<span><b>" * 50000 + "申请"),
        "html_nested_tables_3000.html": html("<table><tr><td>" * 3000 + "1" + "</td></tr></table>" * 3000),
        "html_table_20000_rows.html": html(f"<table>{rows}</table>"),
        "html_span_2000000000.html": html("<table><tr><td colspan='2000000000' rowspan='2000000000'>合计</td></tr>"
                                          "<tr><td>1</td><td>2</td></tr></table>"),
        "html_span_junk.html": html("<table><tr><td colspan='abc' rowspan='-4'>合计</td><td colspan='1e9'>2</td>"
                                    "<td rowspan='٣'>3</td></tr><tr><td>1</td></tr></table>"),
        "html_spans_flood.html": html(spans),
        "xhtml_page.xhtml": ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
                             'Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
                             '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>报告</title></head><body><p>'
                             f'{TITLE}</p></body></html>').encode("utf-8"),
        "html_one_paragraph_5mb.html": html("<p>" + "主动公开政府信息12条，" * 400000 + "</p>"),
        "html_nul_bytes.html": html("<p>申请\x00\x00\x00</p>" * 100).replace(b"zoom", b"zo\x00om"),
        "html_bad_charset.html": html("<p>申请</p>", "<meta charset='no-such-charset'>"),
        "html_only_tags.html": b"<table>" * 200000,
    }


# ---------- text ----------

def crafted_text() -> dict[str, bytes]:
    head = f"{TITLE}\n一、总体情况\n"
    return {
        "text_pipe_flood.txt": (head + "|" * 2_000_000 + "\n").encode(),
        "text_pipe_lines.txt": (head + "| 1 | 2 | 3 |\n" * 200000).encode(),
        "text_digit_flood.txt": (head + "本年新收政府信息公开申请数量 " + "1" * 2_000_000 + "\n").encode(),
        "text_spaced_digits.txt": (head + "本年新收政府信息公开申请数量 " + "1 " * 500000 + "\n").encode(),
        "text_heading_flood.txt": (head + "一、情况" * 200000 + "\n").encode(),
        "text_long_line.txt": (head + "主动公开政府信息12条，" * 200000).encode(),
        "text_space_flood.txt": (head + "申请" + " " * 2_000_000 + "1\n").encode(),
        "text_invalid_utf8.txt": (head.encode("utf-8") + bytes(range(128, 256)) * 2000),
        "text_utf16_nobom.txt": (head * 50).encode("utf-16-le"),
        "text_nul.txt": b"\x00" * 100000 + head.encode(),
        "text_only_newlines.txt": b"\n" * 1_000_000 + b"x",
        "empty.txt": b"",
        # UTF-8 read as GBK (mojibake) whose bytes hold ED AE 97, a UTF-8 surrogate: the repair must skip it
        "text_mojibake_surrogate.txt": (head + "申请信息"
                                        ).encode("utf-8") + b"\n" + (b"a\xe7\x94\xb3\xe4\xbf\xa1\xed\xae\x97\xe5\xb9\xb4"
                                                                b"\xe4\xbe\x9d\xe6\x81\xaf\xe4\xb8\xbb\xe5\x8a\xa8"
                                                                ).decode("gbk").encode("utf-8") + b"\n",
    }


def crafted() -> dict[str, bytes]:
    return {**crafted_pdfs(), **crafted_docx(), **crafted_html(), **crafted_text()}


SMALL_LIMIT = 64 << 10  # cases committed under fixtures/hostile/ are at most this big, but for
SMALL_ALSO = ("pdf_page_tree_5000_deep.pdf", "docx_zip_bomb.docx")  # (400 KB and 80 KB)


def small() -> dict[str, bytes]:
    return {k: v for k, v in crafted().items() if len(v) <= SMALL_LIMIT or k in SMALL_ALSO}


# ---------- damaged fixtures ----------

def fixtures(per_format: int | None = None) -> list[Path]:
    files = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.is_file() and not p.name.endswith(".json")
                   and "hostile" not in p.parts)
    if per_format is None:
        return files
    by_ext: dict[str, list[Path]] = {}
    for p in files:
        by_ext.setdefault(p.suffix, []).append(p)
    return [p for ext in sorted(by_ext) for p in by_ext[ext][:per_format]]


def damaged(per_format: int | None = None, seed: int = 10) -> dict[str, bytes]:
    """Each fixture cut at a third and two thirds, and with 1 and 64 random bytes flipped."""
    rng = random.Random(seed)
    out = {}
    for p in fixtures(per_format):
        data = p.read_bytes()
        rel = "_".join(p.relative_to(ROOT / "fixtures").parts)
        stem, ext = os.path.splitext(rel)
        for k in (1, 2):
            out[f"cut{k}_{stem}{ext}"] = data[: len(data) * k // 3]
        for n in (1, 64):
            b = bytearray(data)
            for _ in range(n):
                i = rng.randrange(len(b))
                b[i] ^= 1 << rng.randrange(8)
            out[f"flip{n}_{stem}{ext}"] = bytes(b)
    return out


# ---------- names ----------

def odd_names(sample: bytes) -> dict[bytes, bytes]:
    return {
        b"gbk_\xc4\xea\xb6\xc8\xb1\xa8\xb8\xe6.html": sample,  # 年度报告 in GBK: not UTF-8
        b"latin1_\xe9t\xe9.html": sample,
        b"bad_\xff\xfe.pdf": b"%PDF-1.4\n%%EOF\n",
        b"new\nline.html": sample,
        b"tab\there.html": sample,
        b"-starts-with-dash.html": sample,
        b"emoji_\xf0\x9f\x93\x84.html": sample,
        b"long_" + b"\xe5\xb9\xb4" * 80 + b".html": sample,  # 245 bytes
        b"no_extension": sample,
    }


def write(outdir: Path, files: dict, sub: str = "") -> None:
    d = Path(outdir) / sub
    d.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = os.path.join(os.fsencode(d), name if isinstance(name, bytes) else name.encode("utf-8"))
        with open(target, "wb") as f:
            f.write(data)


def links(outdir: Path) -> None:
    """A symlink loop, a broken link and a link back to the folder itself."""
    d = Path(outdir) / "links"
    d.mkdir(parents=True, exist_ok=True)
    for name, target in (("loop_a.html", "loop_b.html"), ("loop_b.html", "loop_a.html"),
                         ("broken.html", "does-not-exist.html"), ("back_up", ".")):
        p = d / name
        if not p.is_symlink():
            os.symlink(target, p)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--small", action="store_true", help="only the small crafted cases")
    ap.add_argument("--damaged-per-format", type=int, default=None, metavar="N")
    ap.add_argument("--seed", type=int, default=10)
    args = ap.parse_args()
    out = Path(args.outdir)
    if args.small:
        write(out, small())
        return
    write(out, crafted(), "crafted")
    write(out, damaged(args.damaged_per_format, args.seed), "damaged")
    write(out, odd_names(html("<p>一、总体情况</p>")), "names")
    links(out)


if __name__ == "__main__":
    main()
