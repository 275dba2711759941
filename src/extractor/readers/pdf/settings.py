"""Tolerances and patterns of the PDF reader, as named defaults (PDF points unless noted)."""
from __future__ import annotations

import re

BOUNDARY_SNAP = 3.0  # cell edges closer than this are the same row/column boundary
TABLE_BBOX_PAD = 1.0  # a char whose centre is this close inside a table bbox belongs to the table
COLUMN_MATCH_TOL = 4.0  # continued table: column boundaries may move this much between pages
BREAK_RULE_TOL = 2.0  # a page end this near where vertical rulings stop, a rule this near it closes them (fragments.py)
BREAK_OVERRUN = 1.5  # a cut cell's text may run this many char sizes past the page's content box
RIGHT_MARGIN_CHARS = 1.5  # a line ending within this many char widths of the margin runs on
INDENT_CHARS = 1.0  # a line starting this many char widths right of the margin is indented
PARA_GAP_PITCH = 1.5  # a line further below the previous than this many line pitches starts a paragraph
MARGIN_ZONE = 0.1  # top/bottom fraction of the page where headers, footers and page numbers live
RUNNING_MIN_SHARE = 0.5  # a header/footer repeats on more than this share of pages
RULE_MIN_WIDTH = 20.0  # rules-only tables: a horizontal rule at least this long separates rows
RULE_Y_SNAP = 2.0  # rules closer than this vertically are one rule (a thick line drawn as a thin rect)
RULE_X_JOIN = 2.0  # rule segments at one height closer than this are one segment
MIN_RULES = 3  # a page needs this many rules before rules-only tables are looked for
TOUCH_GAP = 0.2  # chars closer than this many char sizes on a line are one run of text (one cell)
SPACE_GAP = 0.3  # chars further apart than this many char sizes are separated by a space
CENTER_TOL = 0.5  # a cell's text centred on a wider span of empty cells (in char sizes) spans them
SIZE_RATIO = 1.2  # text between two rules this much larger/smaller than the table text is not a row
MAX_ROW_LINES = 6  # more lines of text between two rules: body text between page rules, not a table row
WORD_GAP = 0.2  # word tables: chars further apart than this many char sizes are two words (headers of
# adjacent cells set 3 pt apart are two words, not one run over several columns)
HEADER_COLUMN_PITCH = 1.2  # a header run at most this many column pitches wide names a column of its own
THREE_LINE_HEADER_LINES = 3  # a header of this many lines between two rules, numbers below: a three-line table
RULE_SNAP = 8.0  # a rule end this close to a column boundary estimated from the values is that boundary

CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201d\u2026"
CJK_SPACE = re.compile(rf"(?<=[{CJK}]) +(?=[{CJK}])")
CJK_NEWLINE = re.compile(rf"(?<=[{CJK}])\s*\n\s*|\s*\n\s*(?=[{CJK}])")
PAGE_NUMBER = re.compile(  # one number: a row of table numbers at a page's foot is no page number
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$"
)
HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、．.](?!\d))"
)
NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")
ORDINAL_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])")
IMAGE_MIN_SHARE = 0.1  # an image covering this share of a page may be a table printed as a picture
