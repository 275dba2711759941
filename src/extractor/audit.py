"""`extractor audit OUTDIR`: checks across the reports of a batch, written to audit.json and audit.html.

Each finding is {"kind", "agency", "years", "files", "detail"}:

    exact_duplicate        two inputs with the same bytes
    same_content           the same report (tables, or the whole text) under different issuers
    same_report_two_files  one agency and year in two files whose tables agree (a PDF and its web page)
    conflicting_reports    one agency and year, two reports whose tables disagree
    carry_chain            requests carried_forward of year y ≠ carried_over of year y+1 (same agency)
    in_force_chain         normative documents in force in y+1 ≠ in force in y + issued − repealed in y+1
    gap                    years missing inside an agency's run of reports
    district_sum           the city's figure against the sum of its districts (reported, not judged)
    outlier                a count 100× the agency's median for that cell over its years

Agencies are matched after normalisation: 淮安市洪泽区人民政府 and 洪泽区人民政府 are one agency when
the batch holds only one city with a 洪泽区. Only consecutive years are chained, only printed or
identity-derived numbers are compared (a missing value is never a break).
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from .files import write_atomic

CITY_LOCAL = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,6}?市)(?P<local>[\u4e00-\u9fff]{1,6}?[区县市](?!场|政府$).*)$")
CHAIN_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")
DISTRICT_CELLS = ("requests.new_received.total", "requests.total_processed.total", "review_litigation.review.total")
OUTLIER_FACTOR = 100
OUTLIER_MIN_YEARS = 3


@dataclass
class Finding:
    kind: str
    agency: Optional[str]
    years: list[int]
    files: list[str]
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "agency": self.agency, "years": self.years, "files": self.files,
                "detail": self.detail}


@dataclass
class Rec:
    file: str
    d: dict[str, Any]
    agency: Optional[str] = None
    year: Optional[int] = None
    key: Optional[tuple[Optional[str], str]] = None  # (city, local name): the normalised agency
    extra: dict[str, Any] = field(default_factory=dict)

    def value(self, cell: str) -> Optional[float]:
        t, rest = cell.split(".", 1)
        r, c = rest.rsplit(".", 1)
        v = (((self.d.get("tables") or {}).get(t) or {}).get("values") or {}).get(r, {}).get(c)
        return v if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def clean_agency(name: str) -> str:
    """Spaces and brackets out, a leading province dropped (江苏省淮安市… → 淮安市…)."""
    n = re.sub(r"[\s　（）()\u200b]", "", name or "")
    return re.sub(r"^[\u4e00-\u9fff]{2,3}省(?=[\u4e00-\u9fff]{2,6}市)", "", n)


def split_agency(name: str) -> tuple[Optional[str], str]:
    """(city, the rest) for a county-level name written with its city (淮安市洪泽区人民政府), else (None, name)."""
    n = clean_agency(name)
    m = CITY_LOCAL.match(n)
    if m and not m.group("local").startswith("人民"):
        return m.group("city"), m.group("local")
    return None, n


def agency_keys(names: Iterable[str]) -> dict[str, tuple[Optional[str], str]]:
    """Each agency name → its key: (city, local); a name written without its city joins the one city
    of the batch that has that local name, when there is exactly one."""
    split = {n: split_agency(n) for n in names}
    cities_of: dict[str, set[str]] = {}
    for city, local in split.values():
        if city:
            cities_of.setdefault(local, set()).add(city)
    out = {}
    for n, (city, local) in split.items():
        if city is None and len(cities_of.get(local, ())) == 1:
            city = next(iter(cities_of[local]))
        out[n] = (city, local)
    return out


def shown_agency(key: tuple[Optional[str], str]) -> str:
    return (key[0] or "") + key[1]


def load_records(outdir: Path) -> list[Rec]:
    """The `<stem>.json` records in OUTDIR (what `batch` or `parse -o` wrote), else its reports.jsonl."""
    outdir = Path(outdir)
    texts = [(p.name, p.read_text("utf-8", errors="surrogateescape")) for p in sorted(outdir.glob("*.json"))
             if p.name != "audit.json"]
    jsonl = outdir / "reports.jsonl"
    if not texts and jsonl.exists():
        texts = [("", line) for line in jsonl.read_text("utf-8", errors="surrogateescape").splitlines() if line]
    out = []
    for name, t in texts:
        try:
            d = json.loads(t)
        except ValueError:
            continue
        if not isinstance(d, dict) or "schema_version" not in d:
            continue
        rep = d.get("report") or {}
        file = (d.get("source") or {}).get("path") or name
        out.append(Rec(file, d, rep.get("agency"), rep.get("year") if isinstance(rep.get("year"), int) else None))
    keys = agency_keys({r.agency for r in out if r.agency})
    for r in out:
        r.key = keys.get(r.agency) if r.agency else None
    return out


def _table_values(d: dict[str, Any]) -> dict[str, Any]:
    return {t: (tb or {}).get("values") or {} for t, tb in sorted((d.get("tables") or {}).items())}


def _nonzero(values: dict[str, Any]) -> int:
    return sum(1 for rows in values.values() for cols in rows.values() for v in cols.values()
               if isinstance(v, (int, float)) and v)


def _text_key(d: dict[str, Any], agency: Optional[str]) -> Optional[str]:
    body = "".join(s.get("text") or "" for s in d.get("sections") or [])
    if agency:
        body = body.replace(agency, "")
    body = re.sub(r"\s+", "", body)
    return hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest() if len(body) >= 200 else None


def _content_keys(r: Rec) -> list[str]:
    vals = _table_values(r.d)
    keys = []
    if _nonzero(vals) >= 5:
        keys.append("t" + hashlib.sha256(json.dumps([r.year, vals], sort_keys=True).encode()).hexdigest())
    tk = _text_key(r.d, r.agency)
    if tk:
        keys.append("x" + tk)
    return keys


def _years(rs: Iterable[Rec]) -> list[int]:
    return sorted({r.year for r in rs if r.year is not None})


def duplicates(recs: list[Rec]) -> list[Finding]:
    out: list[Finding] = []
    by_sha: dict[str, list[Rec]] = {}
    for r in recs:
        sha = (r.d.get("source") or {}).get("sha256")
        if sha:
            by_sha.setdefault(sha, []).append(r)
    dup_files = set()
    for sha, rs in sorted(by_sha.items(), key=lambda kv: kv[1][0].file):
        if len(rs) > 1:
            dup_files.update(r.file for r in rs)
            out.append(Finding("exact_duplicate", rs[0].agency, _years(rs), sorted(r.file for r in rs),
                               f"{len(rs)} files with the same bytes (sha256 {sha[:12]}…)"))
    by_content: dict[str, list[Rec]] = {}
    for r in recs:
        if r.d.get("report") is None:
            continue
        for k in _content_keys(r):
            by_content.setdefault(k, []).append(r)
    seen: set[tuple[str, ...]] = set()
    for k, rs in by_content.items():
        issuers = {r.key for r in rs if r.key}
        files = tuple(sorted({r.file for r in rs}))
        if len(issuers) > 1 and files not in seen:
            seen.add(files)
            how = "the same tables" if k.startswith("t") else "the same text (issuer names aside)"
            out.append(Finding("same_content", " / ".join(sorted(shown_agency(i) for i in issuers)), _years(rs),
                               list(files), f"{how} under {len(issuers)} different issuers: "
                                            + "; ".join(f"{r.file} → {r.agency}" for r in rs)))
    return out


def _differences(a: Rec, b: Rec) -> list[str]:
    va, vb = _table_values(a.d), _table_values(b.d)
    diffs = []
    for t in sorted(set(va) & set(vb)):
        for row in va[t]:
            for col, x in va[t][row].items():
                y = vb[t].get(row, {}).get(col)
                if isinstance(x, (int, float)) and isinstance(y, (int, float)) and x != y:
                    diffs.append(f"{t}.{row}.{col}: {_n(x)} vs {_n(y)}")
    return diffs


def _n(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def by_agency_year(recs: list[Rec]) -> dict[tuple, dict[int, list[Rec]]]:
    out: dict[tuple, dict[int, list[Rec]]] = {}
    for r in recs:
        if r.key and r.year is not None and r.d.get("report") is not None:
            out.setdefault(r.key, {}).setdefault(r.year, []).append(r)
    return out


def same_year(groups: dict[tuple, dict[int, list[Rec]]]) -> list[Finding]:
    out = []
    for key, years in sorted(groups.items(), key=lambda kv: shown_agency(kv[0])):
        for y, rs in sorted(years.items()):
            shas = {(r.d.get("source") or {}).get("sha256") for r in rs}
            if len(rs) < 2 or len(shas) < 2:
                continue  # one file, or exact duplicates (reported as such)
            diffs = [d for other in rs[1:] for d in _differences(rs[0], other)]
            files = sorted(r.file for r in rs)
            if diffs:
                out.append(Finding("conflicting_reports", shown_agency(key), [y], files,
                                   f"{len(rs)} reports for one agency and year disagree on {len(diffs)} cells: "
                                   + "; ".join(diffs[:8]) + (" …" if len(diffs) > 8 else "")))
            else:
                out.append(Finding("same_report_two_files", shown_agency(key), [y], files,
                                   f"{len(rs)} files for one agency and year; their tables agree"))
    return out


def chains(groups: dict[tuple, dict[int, list[Rec]]]) -> list[Finding]:
    out = []
    for key, years in sorted(groups.items(), key=lambda kv: shown_agency(kv[0])):
        for y in sorted(years):
            if y + 1 not in years:
                continue
            a, b = years[y][0], years[y + 1][0]
            breaks = []
            for c in CHAIN_COLUMNS:
                cf, co = a.value(f"requests.carried_forward.{c}"), b.value(f"requests.carried_over.{c}")
                if cf is not None and co is not None and cf != co:
                    breaks.append(f"{c}: carried_forward {y} = {_n(cf)}, carried_over {y + 1} = {_n(co)}")
            if breaks:
                out.append(Finding("carry_chain", shown_agency(key), [y, y + 1], [a.file, b.file],
                                   "applications carried forward do not arrive as carried over: " + "; ".join(breaks)))
            prev = a.value("proactive_disclosure.normative_docs.in_force")
            now = b.value("proactive_disclosure.normative_docs.in_force")
            issued = b.value("proactive_disclosure.normative_docs.issued")
            repealed = b.value("proactive_disclosure.normative_docs.repealed")
            if None not in (prev, now, issued, repealed) and prev + issued - repealed != now:
                out.append(Finding("in_force_chain", shown_agency(key), [y, y + 1], [a.file, b.file],
                                   f"normative documents in force: {_n(prev)} ({y}) + {_n(issued)} issued − "
                                   f"{_n(repealed)} repealed = {_n(prev + issued - repealed)}, "
                                   f"but {y + 1} prints {_n(now)}"))
    return out


def gaps(groups: dict[tuple, dict[int, list[Rec]]]) -> list[Finding]:
    out = []
    for key, years in sorted(groups.items(), key=lambda kv: shown_agency(kv[0])):
        ys = sorted(years)
        missing = [y for y in range(ys[0], ys[-1] + 1) if y not in years] if ys else []
        if missing:
            out.append(Finding("gap", shown_agency(key), missing, sorted(r.file for rs in years.values() for r in rs),
                               f"reports for {ys[0]}–{ys[-1]} but none for {', '.join(map(str, missing))}"))
    return out


def district_sums(groups: dict[tuple, dict[int, list[Rec]]]) -> list[Finding]:
    """A city's government against the sum of its districts' governments, cell by cell (not judged: the
    city may report its own departments only)."""
    out = []
    cities = {k: v for k, v in groups.items() if k[0] is None and re.fullmatch(r".{2,6}市人民政府", k[1])}
    for ckey, cyears in sorted(cities.items(), key=lambda kv: kv[0][1]):
        city = ckey[1].removesuffix("人民政府")
        districts = {k: v for k, v in groups.items() if k[0] == city and re.fullmatch(r".{1,6}[区县市]人民政府", k[1])}
        for y, crs in sorted(cyears.items()):
            parts = [(k, v[y][0]) for k, v in sorted(districts.items()) if y in v]
            if not parts:
                continue
            lines = []
            for cell in DISTRICT_CELLS:
                cv = crs[0].value(cell)
                vals = [r.value(cell) for _, r in parts]
                if cv is None or any(v is None for v in vals):
                    continue
                lines.append(f"{cell}: city {_n(cv)}, {len(parts)} districts sum to {_n(sum(vals))}")
            if lines:
                out.append(Finding("district_sum", ckey[1], [y], [crs[0].file] + [r.file for _, r in parts],
                                   "; ".join(lines) + " (reported, not judged: the city may count its own "
                                                      "departments only)"))
    return out


def outliers(groups: dict[tuple, dict[int, list[Rec]]]) -> list[Finding]:
    out = []
    for key, years in sorted(groups.items(), key=lambda kv: shown_agency(kv[0])):
        if len(years) < OUTLIER_MIN_YEARS:
            continue
        series: dict[str, dict[int, tuple[float, str]]] = {}
        for y, rs in years.items():
            for t, rows in _table_values(rs[0].d).items():
                for row, cols in rows.items():
                    for col, v in cols.items():
                        if isinstance(v, (int, float)) and col != "amount":
                            series.setdefault(f"{t}.{row}.{col}", {})[y] = (v, rs[0].file)
        for cell, pts in sorted(series.items()):
            if len(pts) < OUTLIER_MIN_YEARS:
                continue
            med = statistics.median(v for v, _ in pts.values())
            for y, (v, f) in sorted(pts.items()):
                if med >= 1 and v >= OUTLIER_FACTOR * med:
                    out.append(Finding("outlier", shown_agency(key), [y], [f],
                                       f"{cell} = {_n(v)} in {y}, {v / med:.0f}× the agency's median {_n(med)} "
                                       f"over {len(pts)} years"))
    return out


def audit(recs: list[Rec]) -> list[Finding]:
    groups = by_agency_year(recs)
    return (duplicates(recs) + same_year(groups) + chains(groups) + gaps(groups) + district_sums(groups)
            + outliers(groups))


KIND_TITLES = {"exact_duplicate": "Exact duplicates", "same_content": "Same content, different issuers",
               "same_report_two_files": "One report in two files", "conflicting_reports": "Two reports disagree",
               "carry_chain": "Year chain: carried forward → carried over", "in_force_chain":
               "Year chain: normative documents in force", "gap": "Gaps in an agency's years",
               "district_sum": "Districts against the city (not judged)", "outlier": "Outliers (100× the median)"}


def audit_html(findings: list[Finding], n_reports: int) -> str:
    e = html.escape
    parts = ["<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>extractor audit</title><style>"
             "body{font:14px/1.45 system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222}"
             "table{border-collapse:collapse;width:100%;margin-bottom:1.5em}td,th{border:1px solid #ccc;"
             "padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}h2{margin-top:1.5em}"
             ".files{font-family:monospace;font-size:12px;color:#555}</style></head><body>",
             f"<h1>Audit of {n_reports} reports: {len(findings)} findings</h1>"]
    if not findings:
        parts.append("<p>Nothing found.</p>")
    for kind, title in KIND_TITLES.items():
        fs = [f for f in findings if f.kind == kind]
        if not fs:
            continue
        parts.append(f"<h2 id='{kind}'>{e(title)} ({len(fs)})</h2><table><tr><th>agency</th><th>years</th>"
                     "<th>detail</th><th>files</th></tr>")
        for f in fs:
            parts.append(f"<tr><td>{e(f.agency or '')}</td><td>{', '.join(map(str, f.years))}</td><td>{e(f.detail)}"
                         f"</td><td class='files'>{'<br>'.join(e(x) for x in f.files)}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "".join(parts)


def audit_dir(outdir: str | Path) -> tuple[list[Finding], list[Path]]:
    """Audit OUTDIR's records; writes OUTDIR/audit.json and OUTDIR/audit.html."""
    outdir = Path(outdir)
    recs = load_records(outdir)
    findings = audit(recs)
    doc = {"reports": len(recs), "findings": [f.to_dict() for f in findings]}
    j, h = outdir / "audit.json", outdir / "audit.html"
    write_atomic(j, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    write_atomic(h, audit_html(findings, len(recs)))
    return findings, [j, h]
