"""pdfminer's PDFDocument with its plain objects read by one regular expression (for `font_metrics`).

`font_metrics` reads the page tree and the font dictionaries through pdfminer; pdfminer's tokenizer
(a Python state machine, a few µs a token) was most of its cost, a fifth to a third of a small PDF's
parse. `FastDocument` is pdfminer's own document (its xref, trailer, encryption, fallbacks, caching and
`getobj`); only an object that is written in the plain grammar below is read here, into the same
values pdfminer's `PDFParser` builds (dicts with str keys and no null values, lists, ints, floats,
bools, None, interned `PSLiteral` names, bytes strings, `PDFObjRef`s). Anything else (a stream whose
end pdfminer would have to find, a comment, a backslash or a nested parenthesis in a string, any other keyword,
a header pdfminer would have to repair) is read by pdfminer's parser as before: the same object either
way, checked object by object on every committed PDF (`tests/test_pdf_objects.py`).
"""
from __future__ import annotations

import io
import re
from typing import Any

from pdfminer.pdfdocument import PDFDocument, PDFXRef
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef, PDFStream, int_value, resolve1
from pdfminer.psparser import LIT, PSLiteral

DELIM = rb"(?=[#/%\[\]()<>{}\s]|\Z)"  # where pdfminer ends a keyword or a name
NUMBER = rb"[-+]?(?:\d+\.?\d*|\.\d+)(?![\d.])"  # pdfminer: an int, or a float with its dot
HEADER = re.compile(rb"\s*(\d+)\s+\d+\s+obj" + DELIM)
TOKEN = re.compile(rb"""\s*(?:
    (?P<name>/[^/%\[\]()<>{}\s]*)(?!%)
  | (?P<num>""" + NUMBER + rb""")
  | (?P<open><<|\[)
  | (?P<close>>>|\])
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | \((?P<str>[^()\\]*)\)
  | (?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*)
)""", re.X)
NUMBERS = re.compile(rb"\[\s*((?:" + NUMBER + rb"(?:\s+" + NUMBER + rb")*)?)\s*\]")
SPACE = re.compile(rb"\s")
NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{0,2})")
STREAM_LINE = re.compile(rb"stream[^\r\n]*(?:\r\n?|\n)")  # pdfminer's `nextline` from the keyword
STREAM_END = re.compile(rb"endstream\s+endobj" + DELIM)
XREF = re.compile(rb"\s*xref" + DELIM + rb"[^\r\n]*(?:\r\n?|\n)")  # the keyword and the rest of its line
LINE = re.compile(rb"([^\r\n]*)(?:\r\n?|\n)")
TRAILER = re.compile(rb"\s*trailer" + DELIM)


class Unplain(Exception):
    """The object is not in the plain grammar: pdfminer's parser reads it."""


class FastDocument(PDFDocument):
    def __init__(self, data: bytes) -> None:
        self.data = data
        super().__init__(PDFParser(io.BytesIO(data)))

    def _getobj_parse(self, pos: int, objid: int) -> object:
        try:
            return self._plain(pos, objid)
        except (Unplain, ValueError):  # ValueError: a number Python will not convert (pdfminer drops it)
            return super()._getobj_parse(pos, objid)

    def _plain(self, pos: int, objid: int) -> object:
        head = HEADER.match(self.data, pos)
        if not head or int(head.group(1)) != objid:
            raise Unplain
        return self._read(head.end(), b"endobj")

    def _read(self, at: int, end: bytes) -> object:
        """The one value written from `at` up to the keyword `end` (`endobj`, or `startxref` after a
        trailer: pdfminer's parser then gives the one value before it); a stream where `end` is endobj."""
        stack: list[list] = [[]]  # the open arrays and dicts, innermost last; [0] the top level
        while True:
            m = TOKEN.match(self.data, at)
            if not m:
                raise Unplain
            at = m.end()
            kind, cur = m.lastgroup, stack[-1]
            if kind == "name":
                cur.append(_name(m.group(kind)[1:]))
            elif kind == "num":
                cur.append(number(m.group(kind)))
            elif kind == "open":
                run = NUMBERS.match(self.data, m.start(kind)) if m.group(kind) == b"[" else None
                if run:  # an array of numbers only (a W or Widths array, a box) in one match
                    cur.append([number(s) for s in run.group(1).split()])
                    at = run.end()
                else:
                    stack.append([m.group(kind)])
            elif kind == "close":
                if len(stack) == 1 or (stack[-1][0] == b"[") != (m.group(kind) == b"]"):
                    raise Unplain
                items = stack.pop()[1:]
                stack[-1].append(items if m.group(kind) == b"]" else _dict(items))
            elif kind == "hex":
                cur.append(hex_string(m.group(kind)))
            elif kind == "str":
                cur.append(m.group(kind))
            else:
                word = m.group(kind)
                if word in (b"true", b"false"):
                    cur.append(word == b"true")
                elif word == b"null":
                    cur.append(None)
                elif word == b"R" and len(cur) >= 2 and type(cur[-1]) is int and type(cur[-2]) is int:
                    del cur[-1]
                    cur[-1] = PDFObjRef(self, cur[-1])
                elif word == end and len(stack) == 1 and len(cur) == 1:
                    return cur[0]
                elif word == b"stream" and end == b"endobj" and len(stack) == 1 and len(cur) == 1 and isinstance(cur[0], dict):
                    return self._stream(cur[0], m.start(kind))
                else:
                    raise Unplain

    def read_xref_from(self, parser: PDFParser, start: int, xrefs: list) -> None:
        """pdfminer's, with an xref table written plainly (the keyword, subsections of 20-byte entries,
        the trailer dict, startxref) read here; an xref stream or anything else by pdfminer."""
        try:
            xref = self._xref_table(start)
        except (Unplain, ValueError):
            return super().read_xref_from(parser, start, xrefs)
        xrefs.append(xref)
        trailer = xref.get_trailer()
        if "XRefStm" in trailer:
            self.read_xref_from(parser, int_value(trailer["XRefStm"]), xrefs)
        if "Prev" in trailer:
            self.read_xref_from(parser, int_value(trailer["Prev"]), xrefs)

    def _xref_table(self, start: int) -> PDFXRef:
        """pdfminer's `PDFXRef.load`: its lines (pdfminer's `nextline`: a line ends at CR, LF or CRLF)
        stripped, subsection headers `first count`, entries `offset gen n|f` split at single spaces."""
        xref_line = XREF.match(self.data, start)
        if not xref_line:
            raise Unplain
        xref, at = PDFXRef(), xref_line.end()
        while True:
            m = LINE.match(self.data, at)
            if not m:
                raise Unplain
            line, at = m.group(1).strip(), m.end()
            if not line:
                continue
            if line.startswith(b"trailer"):
                break
            try:
                first, count = map(int, line.split(b" "))
            except ValueError:
                raise Unplain from None
            for objid in range(first, first + count):
                m = LINE.match(self.data, at)
                f = m.group(1).strip().split(b" ") if m else []
                if len(f) != 3:
                    raise Unplain
                at = m.end()
                if f[2] == b"n":
                    try:
                        xref.offsets[objid] = (None, int(f[0]), int(f[1]))
                    except ValueError:
                        raise Unplain from None
        head = TRAILER.match(self.data, m.start())
        if not head:
            raise Unplain
        trailer = self._read(head.end(), b"startxref")
        if not isinstance(trailer, dict):
            raise Unplain
        xref.trailer.update(trailer)
        return xref

    def _stream(self, attrs: dict, at: int) -> PDFStream:
        """pdfminer's stream: /Length bytes from the line after the keyword, then whatever lies before the
        first `endstream` after them skipped; here only where `endobj` follows it and the length is a number."""
        length = resolve1(attrs.get("Length"))
        line = STREAM_LINE.match(self.data, at)
        if self._parser.fallback or type(length) is not int or length < 0 or not line:
            raise Unplain
        start = line.end()
        end = self.data.find(b"endstream", start + length)
        if end < 0 or not STREAM_END.match(self.data, end):
            raise Unplain
        return PDFStream(attrs, self.data[start:start + length], self.decipher)


def number(raw: bytes) -> int | float:
    """pdfminer's number: a float where it has a dot, else an int."""
    return float(raw) if b"." in raw else int(raw)


def hex_string(token: bytes) -> bytes:
    """pdfminer's hex string `<…>`: white space dropped, an odd last digit its own byte (its value)."""
    digits = SPACE.sub(b"", token[1:-1])
    return (bytes.fromhex(digits[:len(digits) // 2 * 2].decode())
            + (bytes((int(digits[-1:], 16),)) if len(digits) % 2 else b""))


def _name(raw: bytes) -> Any:
    """pdfminer's name: `#` and up to two hex digits are that byte (a `#` without one is dropped), UTF-8
    text where it decodes, else the bytes."""
    if b"#" in raw:
        raw = NAME_HEX.sub(lambda m: bytes((int(m.group(1), 16),)) if m.group(1) else b"", raw)
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _dict(items: list) -> dict:
    """pdfminer's dict: keys by their names, null values left out."""
    if len(items) % 2 or not all(isinstance(k, PSLiteral) and isinstance(k.name, str) for k in items[::2]):
        raise Unplain
    return {k.name: v for k, v in zip(items[::2], items[1::2]) if v is not None}
