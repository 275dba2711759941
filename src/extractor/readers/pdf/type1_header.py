"""pdfminer's Type1 font-file encoding (`Type1FontHeaderParser.get_encoding`) read by one regular expression
where the font's cleartext header is written plainly, for the chars `dropped.recover` takes from pdfminer.

pdfminer reads the encoding of an embedded Type1 font without an `/Encoding` (LibreOffice's subsets of
CJK fonts) by running its PostScript tokenizer over the whole cleartext header (`dup 32 /cid123 put` a
code): a Python state machine, most of the cost of the recovered pages' fonts (a fifth of the read of
`gov2021_split_table2_lowriter.pdf`). Here the header is split into the same tokens by one regex where
every byte of it is white space, a comment, a literal string without parentheses or backslashes inside,
a name, a number, a keyword or `[ ] { }`; its operand stack is kept as pdfminer's `PSStackParser` keeps
it (scalars pushed, keywords not, arrays and procedures closed into one entry), and each `put` takes the
two entries on top, a pair where they are an int and a name, as `Type1FontHeaderParser.do_keyword` does;
then each pair's name through pdfminer's `name2unicode`, in order. Anything else (a dict, a hex string, a
`#` in a name, a bracket not closed in order, a `put` with fewer than two entries) is read by pdfminer's
parser as before. `tests/test_pdf_type1_header.py` holds both equal on every embedded Type1 header of the
committed and corpus PDFs and on odd ones.
"""
from __future__ import annotations

import logging
import re
import threading
from contextlib import contextmanager
from typing import Any, Iterator

from pdfminer import pdffont
from pdfminer.psparser import LIT, PSLiteral

log = logging.getLogger(__name__)
_swap = threading.Lock()  # one swap of pdfminer's module global at a time

ENDS = rb"(?=[\s\[\]{}()<>/%]|\Z)"  # where pdfminer ends a name, a number or a keyword (a `#` is no end: not plain)
TOKEN = re.compile(rb"""(?:\s|%[^\r\n]*)*(?:
    (?P<name>/[A-Za-z0-9._+\-]*)""" + ENDS + rb"""
  | (?P<num>[-+]?\d+(?:\.\d*)?)""" + ENDS + rb"""
  | \((?P<str>[^()\\]*)\)
  | (?P<open>[\[{])
  | (?P<close>[\]}])
  | (?P<kw>[A-Za-z_][A-Za-z0-9_.\-]*)""" + ENDS + rb"""
  | (?P<end>\Z)
)""", re.X)


class Unplain(Exception):
    """A header not written plainly: pdfminer's parser reads it."""


def plain_pairs(data: bytes) -> list[tuple[int, str]]:
    """The (code, glyph name) pairs pdfminer's `Type1FontHeaderParser` yields for `data`, in order."""
    stack: list[list[Any]] = [[]]  # pdfminer's operand stacks: the top level, then each open array / procedure
    kinds: list[bytes] = []  # the bracket that opened each
    out: list[tuple[int, str]] = []
    at = 0
    while True:
        m = TOKEN.match(data, at)
        if not m:
            raise Unplain
        at, kind = m.end(), m.lastgroup
        if kind == "end":
            return out
        if kind == "name":
            stack[-1].append(LIT(m.group(kind)[1:].decode("ascii")))
        elif kind == "num":
            raw = m.group(kind)
            stack[-1].append(float(raw) if b"." in raw else int(raw))
        elif kind == "str":
            stack[-1].append(m.group(kind))
        elif kind == "open":
            kinds.append(m.group(kind))
            stack.append([])
        elif kind == "close":
            if not kinds or kinds.pop() != {b"]": b"[", b"}": b"{"}[m.group(kind)]:
                raise Unplain
            items = stack.pop()
            stack[-1].append(items)
        else:
            word = m.group(kind)
            if word in (b"true", b"false"):  # pdfminer's tokenizer makes these bools (operands)
                stack[-1].append(word == b"true")
            elif word == b"put":
                if len(stack[-1]) < 2:
                    raise Unplain
                key, value = stack[-1][-2:]
                del stack[-1][-2:]
                if isinstance(key, int) and isinstance(value, PSLiteral):
                    out.append((key, value.name))


class PlainType1Header(pdffont.Type1FontHeaderParser):
    """pdfminer's parser, its `get_encoding` read by `plain_pairs` where the header is plain."""

    def get_encoding(self) -> dict[int, str]:
        data = self.fp.getvalue() if hasattr(self.fp, "getvalue") else None
        if data is None:
            return super().get_encoding()
        try:
            pairs = plain_pairs(data)
        except Unplain:
            return super().get_encoding()
        for cid, name in pairs:
            try:
                self._cid2unicode[cid] = pdffont.name2unicode(name)
            except KeyError as e:
                log.debug(str(e))
        return self._cid2unicode


@contextmanager
def plain_headers() -> Iterator[None]:
    """Within: pdfminer's Type1 fonts read their font-file encoding by `PlainType1Header` (the same
    values; pdfminer's `PDFType1Font` names the parser as a module global)."""
    with _swap:
        before = pdffont.Type1FontHeaderParser
        pdffont.Type1FontHeaderParser = PlainType1Header
        try:
            yield
        finally:
            pdffont.Type1FontHeaderParser = before
