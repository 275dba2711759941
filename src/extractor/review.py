"""`extractor review`: one static HTML page per report to check its tables by eye, and an index of a batch.

A page holds everything inline (CSS, a few lines of JS, the PDF page images as data: URIs): open it
from disk, nothing is fetched. The tables are laid out as the template prints them (layout.py); each
value shows its provenance on hover; printed blanks, inferred values, values from the text and values
the identities do not confirm are marked; cells of failing checks are red and the checks are listed
with both sides. For a PDF whose file is still where the record says, the table pages are drawn with
the cells' boxes and each value carries the crop of its cell.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
from pathlib import Path
from typing import Any, Optional

from .files import unique_stem, write_atomic
from .layout import CellView, TableView, tables
from .templates import VERSIONS, load

RESOLUTION = 110  # dpi of the page images
CROP_MAX = (90, 30)  # px: a cell's crop beside its value is at most this big
E = html.escape

CSS = """
body{font:14px/1.45 system-ui,'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .4em}.meta{color:#555}
table.t{border-collapse:collapse;margin:.3em 0 1em}table.t td,table.t th{border:1px solid #bbb;padding:2px 6px}
table.t th{background:#f1f1f1;font-weight:600;font-size:12px}table.t td.v{text-align:right;min-width:3.2em;white-space:nowrap}
td.rowlab{min-width:9em;max-width:22em}td.grp{color:#666;font-size:12px}
td.blank{background:#eef3fb}td.inferred{background:#fff6d6}td.text{background:#efe6fb}
td.unconfirmed{outline:2px dashed #e39b00;outline-offset:-3px}td.missing{background:#f4f4f4;color:#999}
td.fail{background:#fde0e0!important;color:#a00;font-weight:700}
.legend span{display:inline-block;padding:1px 8px;margin-right:6px;border:1px solid #bbb}
.checks li.bad{color:#b00}.crop{display:inline-block;vertical-align:middle;margin-left:4px;border:1px solid #9bb;
background-repeat:no-repeat}
.pages{display:flex;flex-wrap:wrap;gap:12px}.page{position:relative;border:1px solid #999}
.page svg{position:absolute;left:0;top:0}.page rect{fill:none;stroke:#0a7;stroke-width:1}
.page rect.fail{stroke:#d00;stroke-width:2}.page rect.hot{fill:rgba(255,200,0,.35)}
#info{position:fixed;right:12px;top:12px;max-width:26em;background:#fffffa;border:1px solid #cb9;padding:6px 10px;
font-size:12px;box-shadow:0 2px 6px rgba(0,0,0,.2);display:none;white-space:pre-wrap}
"""

JS = """
var info=document.getElementById('info');
document.querySelectorAll('td.v[data-prov]').forEach(function(td){
 td.addEventListener('mouseenter',function(){info.textContent=td.getAttribute('data-prov');info.style.display='block';
  var b=document.getElementById('box-'+td.id);if(b)b.classList.add('hot');});
 td.addEventListener('mouseleave',function(){info.style.display='none';
  var b=document.getElementById('box-'+td.id);if(b)b.classList.remove('hot');});});
"""


def _prov_text(t: TableView, c: CellView, row_label: str, col_label: str) -> str:
    lines = [f"{t.key}.{c.row}.{c.column}", f"{row_label} × {col_label}",
             f"value: {'null' if c.value is None else c.value}"]
    for k in ("from", "confirmed", "page", "raw", "where", "unit", "rule", "phrase", "bbox"):
        if k in c.prov:
            lines.append(f"{k}: {c.prov[k]}")
    if c.marks():
        lines.append("marked: " + ", ".join(c.marks()))
    return "\n".join(lines)


def failing_cells(record: dict[str, Any]) -> set[tuple[str, str, str]]:
    """(table, row, column) of every cell that enters a failing check (from the template's identities)."""
    rep = record.get("report") or {}
    if rep.get("template") not in VERSIONS:
        return set()
    ids = {i.rule: i for i in load(rep["template"]).identities}
    out = set()
    for c in record.get("checks", []):
        ident = ids.get(c.get("rule"))
        if c.get("ok") is not False or ident is None:
            continue
        keys = ident.lhs + ident.rhs
        if ident.per == "column" and c.get("column"):
            out.update((ident.table, k, c["column"]) for k in keys)
        elif c.get("row"):
            out.update((ident.table, c["row"], k) for k in keys)
    return out


class PdfPages:
    """The PDF's table pages as PNG data URIs (pdfplumber → pypdfium2), when the file is there and unchanged."""

    def __init__(self, record: dict[str, Any]):
        self.images: dict[int, tuple[str, int, int]] = {}  # page → (data URI, width px, height px)
        self.note: Optional[str] = None
        src = record.get("source") or {}
        if src.get("media_type") != "application/pdf":
            return
        path = src.get("path")
        try:
            data = Path(path).read_bytes() if path else None
        except OSError:
            data = None
        if data is None or hashlib.sha256(data).hexdigest() != src.get("sha256"):
            self.note = "the PDF is not where the record says (or has changed): no page images"
            return
        self.data = data

    def image(self, page: int) -> Optional[tuple[str, int, int]]:
        if page in self.images or not hasattr(self, "data"):
            return self.images.get(page)
        try:
            import pdfplumber
            with pdfplumber.open(io.BytesIO(self.data)) as pdf:
                img = pdf.pages[page - 1].to_image(resolution=RESOLUTION).original.convert("L")
            buf = io.BytesIO()
            img.save(buf, format="PNG", optimize=True)
        except Exception as e:  # a page the renderer cannot draw: the page goes without its image
            self.note = f"page {page} could not be drawn ({type(e).__name__})"
            return None
        self.images[page] = ("data:image/png;base64," + base64.b64encode(buf.getvalue()).decode(), *img.size)
        return self.images[page]


def _scale(v: float) -> int:
    return round(v * RESOLUTION / 72)


def _table_html(t: TableView, fails: set, pages: PdfPages, ids: dict[str, str]) -> str:
    cols = [c for c in t.columns if any(k[1] == c[0] for k in t.cells)]
    rows = [r for r in t.rows if any((r[0], ck) in t.cells for ck, _ in cols)]
    out = [f"<h2>{E(t.title)}" + ("" if t.found else " <small>(table not found in the source)</small>") + "</h2>",
           "<table class='t'><tr><th></th><th></th>" + "".join(f"<th>{E(label)}</th>" for _, label in cols) + "</tr>"]
    for rk, rlabel, group in rows:
        out.append(f"<tr><td class='grp'>{E(group or '')}</td><td class='rowlab'>{E(rlabel)}</td>")
        for ck, clabel in cols:
            c = t.cell(rk, ck)
            if c is None:
                out.append("<td></td>")
                continue
            cid = f"c-{t.key}-{rk}-{ck}".replace(".", "_")
            ids[cid] = cid
            classes = ["v"] + c.marks() + (["fail"] if (t.key, rk, ck) in fails else [])
            val = "" if c.value is None else E(str(c.value))
            crop = ""
            bbox, page = c.prov.get("bbox"), c.prov.get("page")
            img = pages.image(page) if bbox and page else None
            if img:
                x0, top, x1, bottom = bbox
                k = min(1.0, CROP_MAX[0] / max(_scale(x1 - x0), 1), CROP_MAX[1] / max(_scale(bottom - top), 1))
                crop = (f"<span class='crop pg{page}' style='width:{_scale(x1 - x0) * k:.0f}px;"
                        f"height:{_scale(bottom - top) * k:.0f}px;background-size:{img[1] * k:.0f}px {img[2] * k:.0f}px;"
                        f"background-position:-{_scale(x0) * k:.0f}px -{_scale(top) * k:.0f}px'></span>")
            out.append(f"<td id='{cid}' class='{' '.join(classes)}' title='{E(_prov_text(t, c, rlabel, clabel))}' "
                       f"data-prov='{E(_prov_text(t, c, rlabel, clabel))}'>{val}{crop}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _pages_html(views: list[TableView], fails: set, pages: PdfPages) -> str:
    boxes: dict[int, list[str]] = {}
    for t in views:
        for (rk, ck), c in t.cells.items():
            bbox, page = c.prov.get("bbox"), c.prov.get("page")
            if bbox and page and pages.image(page):
                x0, top, x1, bottom = bbox
                cid = f"c-{t.key}-{rk}-{ck}".replace(".", "_")
                cls = " class='fail'" if (t.key, rk, ck) in fails else ""
                boxes.setdefault(page, []).append(
                    f"<rect id='box-{cid}'{cls} x='{_scale(x0)}' y='{_scale(top)}' width='{_scale(x1 - x0)}' "
                    f"height='{_scale(bottom - top)}'><title>{E(t.key)}.{E(rk)}.{E(ck)}</title></rect>")
    if not boxes:
        return ""
    out = ["<h2>Source pages (cell boxes drawn; hover a value to light its box)</h2><div class='pages'>"]
    for page in sorted(boxes):
        uri, w, h = pages.image(page)
        out.append(f"<div class='page' style='width:{w}px;height:{h}px'><img alt='page {page}' src='{uri}' "
                   f"width='{w}' height='{h}'><svg width='{w}' height='{h}'>{''.join(boxes[page])}</svg></div>")
    out.append("</div>")
    return "".join(out)


def _checks_html(record: dict[str, Any]) -> str:
    failing = [c for c in record.get("checks", []) if c.get("ok") is False]
    unknown = sum(1 for c in record.get("checks", []) if c.get("ok") is None)
    passed = sum(1 for c in record.get("checks", []) if c.get("ok") is True)
    out = [f"<h2>Checks: {passed} pass, {len(failing)} fail, {unknown} not checkable</h2>"]
    if failing:
        out.append("<ul class='checks'>")
        for c in failing:
            where = c.get("column") or c.get("row") or c.get("group") or ""
            out.append(f"<li class='bad'><b>{E(c['rule'])}</b> {E(where)}: {E(c.get('message') or '')} — "
                       f"one side {E(str(c.get('expected')))}, the other {E(str(c.get('actual')))}</li>")
        out.append("</ul>")
    return "".join(out)


def _legacy_html(record: dict[str, Any]) -> str:
    """A legacy report's figures and their harmonised modern keys."""
    facts, harm = record.get("legacy_facts") or [], record.get("harmonized") or []
    if not facts:
        return ""
    out = ["<h2>Legacy figures</h2><table class='t'><tr><th>fact</th><th>value</th><th>unit</th><th>cumulative</th>"
           "<th>from</th><th>phrase</th></tr>"]
    for f in facts:
        cls = "v text" if f.get("source") == "text" else "v"
        out.append(f"<tr><td>{E(str(f.get('fact')))}</td><td class='{cls}'>{E(str(f.get('value')))}"
                   f"{'+' if f.get('approximate') else ''}</td><td>{E(f.get('unit') or '')}</td>"
                   f"<td>{E(str(f.get('cumulative_value') if f.get('cumulative_value') is not None else ''))}</td>"
                   f"<td>{E(f.get('source') or '')}</td><td>{E(f.get('phrase') or '')}</td></tr>")
    out.append("</table>")
    if harm:
        out.append("<h2>Harmonized (modern keys)</h2><table class='t'><tr><th>key</th><th>value</th><th>fact</th>"
                   "<th>caveat</th></tr>" + "".join(
                       f"<tr><td>{E(h['key'])}</td><td class='v'>{E(str(h.get('value')))}</td>"
                       f"<td>{E(str(h.get('fact')))}</td><td>{E(h.get('caveat') or '')}</td></tr>" for h in harm)
                   + "</table>")
    return "".join(out)


def page_html(record: dict[str, Any]) -> str:
    """The review page of one contract-shaped record."""
    rep, src = record.get("report") or {}, record.get("source") or {}
    views = tables(record)
    fails = failing_cells(record)
    pages = PdfPages(record)
    ids: dict[str, str] = {}
    body = [f"<h1>{E(rep.get('title') or src.get('path') or 'report')}</h1>",
            f"<div class='meta'>{E(rep.get('agency') or '?')} · {E(str(rep.get('year') or '?'))} · "
            f"template {E(rep.get('template') or '?')} · {E(src.get('path') or '')} · sha256 "
            f"{E((src.get('sha256') or '')[:12])}</div>"]
    errors = [i for i in record.get("issues", []) if i.get("severity") == "error"]
    if errors:
        body.append("<p class='checks'><b style='color:#b00'>Not parsed:</b> "
                    + E(f"{errors[0]['code']}: {errors[0]['message']}") + "</p>")
    body.append("<p class='legend'><span>printed value</span><span style='background:#eef3fb'>printed blank</span>"
                "<span style='background:#fff6d6'>inferred from an identity</span>"
                "<span style='background:#efe6fb'>from the text</span>"
                "<span style='outline:2px dashed #e39b00'>not confirmed</span>"
                "<span style='background:#fde0e0;color:#a00'>in a failing check</span></p>")
    body.append(_checks_html(record))
    tables_html = "".join(_table_html(t, fails, pages, ids) for t in views)
    body.append(tables_html)
    body.append(_pages_html(views, fails, pages))
    body.append(_legacy_html(record))
    warnings = [i for i in record.get("issues", []) if i.get("severity") != "error"]
    if warnings:
        body.append("<h2>Issues</h2><ul>" + "".join(f"<li>{E(i['severity'])} <b>{E(i['code'])}</b>: "
                                                   f"{E(i.get('message') or '')}</li>" for i in warnings) + "</ul>")
    if pages.note:
        body.append(f"<p class='meta'>{E(pages.note)}</p>")
    sprites = "".join(f".pg{p}{{background-image:url({uri})}}" for p, (uri, _, _) in sorted(pages.images.items()))
    return ("<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>review: "
            f"{E(rep.get('title') or src.get('path') or '')}</title><style>{CSS}{sprites}</style></head><body>"
            + "".join(body) + f"<div id='info'></div><script>{JS}</script></body></html>\n")


def load_record(path: Path) -> dict[str, Any]:
    """A record from its JSON, or parsed now from the report itself."""
    if path.suffix.lower() == ".json":
        try:
            d = json.loads(path.read_text("utf-8", errors="surrogateescape"))
            if isinstance(d, dict) and "schema_version" in d:
                return d
        except ValueError:
            pass
    from .limits import parse  # under the default limits, as `extractor parse`
    return parse(str(path)).to_dict()


def review_file(source: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, page_html(load_record(Path(source))))
    return dest


def _summary(d: dict[str, Any]) -> dict[str, Any]:
    rep = d.get("report") or {}
    tabs = d.get("tables") or {}
    return {"template": rep.get("template") or "", "year": rep.get("year") or "", "agency": rep.get("agency") or "",
            "failing": sorted({c["rule"] for c in d.get("checks", []) if c.get("ok") is False}),
            "missing": [t for t in ("proactive_disclosure", "requests", "review_litigation")
                        if rep.get("template") in VERSIONS and not (tabs.get(t) or {}).get("found")],
            "error": next((i["code"] for i in d.get("issues", []) if i.get("severity") == "error"), "")}


INDEX_JS = """
function f(){var t=gv('ft'),y=gv('fy'),r=gv('fr'),m=gv('fm'),n=0;
document.querySelectorAll('tr.r').forEach(function(tr){var ok=(!t||tr.dataset.template==t)&&(!y||tr.dataset.year==y)
&&(!r||(r=='*'?tr.dataset.failing!='':(' '+tr.dataset.failing+' ').indexOf(' '+r+' ')>=0))
&&(!m||(m=='*'?tr.dataset.missing!='':(' '+tr.dataset.missing+' ').indexOf(' '+m+' ')>=0));
tr.style.display=ok?'':'none';if(ok)n++;});document.getElementById('n').textContent=n;}
function gv(i){return document.getElementById(i).value}
document.querySelectorAll('select').forEach(function(s){s.addEventListener('change',f)});f();
"""


def index_html(rows: list[tuple[str, str, dict[str, Any]]]) -> str:
    def options(id_: str, label: str, values: list[str], anything: Optional[str] = None) -> str:
        opts = "<option value=''>all</option>" + (f"<option value='*'>{E(anything)}</option>" if anything else "")
        opts += "".join(f"<option>{E(str(v))}</option>" for v in values)
        return f"<label>{E(label)} <select id='{id_}'>{opts}</select></label> "

    sums = [s for _, _, s in rows]
    rules = sorted({r for s in sums for r in s["failing"]})
    missing = sorted({m for s in sums for m in s["missing"]})
    head = ("<h1>Review of a batch: <span id='n'></span> of " + str(len(rows)) + " reports shown</h1><p>"
            + options("ft", "template", sorted({s["template"] for s in sums if s["template"]}))
            + options("fy", "year", sorted({str(s["year"]) for s in sums if s["year"]}))
            + options("fr", "failing rule", rules, "any failing rule")
            + options("fm", "table missing", missing, "any table missing") + "</p>")
    trs = ["<table class='t'><tr><th>report</th><th>agency</th><th>year</th><th>template</th><th>failing rules</th>"
           "<th>tables missing</th><th>error</th></tr>"]
    for page, file, s in rows:
        trs.append(f"<tr class='r' data-template='{E(s['template'])}' data-year='{E(str(s['year']))}' "
                   f"data-failing='{E(' '.join(s['failing']))}' data-missing='{E(' '.join(s['missing']))}'>"
                   f"<td><a href='{E(page)}'>{E(file)}</a></td><td>{E(s['agency'])}</td><td>{E(str(s['year']))}</td>"
                   f"<td>{E(s['template'])}</td><td style='color:#b00'>{E(', '.join(s['failing']))}</td>"
                   f"<td>{E(', '.join(s['missing']))}</td><td>{E(s['error'])}</td></tr>")
    trs.append("</table>")
    return ("<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>review index</title>"
            f"<style>{CSS}</style></head><body>{head}{''.join(trs)}<script>{INDEX_JS}</script></body></html>\n")


def review_dir(outdir: Path, dest: Path) -> list[Path]:
    """A page per record of a batch folder, and dest/index.html; returns [index, pages…]."""
    from .audit import load_records
    dest.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    rows, written = [], []
    for r in load_records(outdir):
        stem = unique_stem(r.file, used, (r.d.get("source") or {}).get("sha256"))
        p = dest / f"{stem}.html"
        write_atomic(p, page_html(r.d))
        written.append(p)
        rows.append((p.name, r.file, _summary(r.d)))
    index = dest / "index.html"
    write_atomic(index, index_html(rows))
    return [index] + written
