"""A page made of positioned text and ruling lines from another fixed-layout format (OFD), so that its
tables and paragraphs go through exactly the PDF path (read_page, rules-only tables, furniture,
paragraphs, continued tables).

`PositionedPage` is a pdfplumber Page whose objects are given instead of parsed from a PDF content
stream: every pdfplumber method the PDF reader uses (find_tables, extract_text_lines, extract_words,
filter, horizontal_edges …) works on them. Coordinates are PDF points, y downwards (pdfplumber's top).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from pdfplumber.page import Page


def char(text: str, x0: float, top: float, x1: float, bottom: float, page_no: int, font: str = "") -> dict:
    size = bottom - top
    return {"object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "doctop": top, "width": x1 - x0, "height": size, "size": size, "adv": x1 - x0,
            "upright": True, "fontname": font, "matrix": (1, 0, 0, 1, x0, 0), "page_number": page_no,
            "stroking_color": None, "non_stroking_color": (0,), "mcid": None, "tag": None}


def line(x0: float, top: float, x1: float, bottom: float, page_no: int, width: float = 0.5) -> dict:
    """A straight stroked segment (horizontal or vertical)."""
    return {"object_type": "line", "x0": min(x0, x1), "x1": max(x0, x1), "top": min(top, bottom),
            "bottom": max(top, bottom), "doctop": min(top, bottom), "width": abs(x1 - x0),
            "height": abs(bottom - top), "pts": [(x0, top), (x1, bottom)], "linewidth": width,
            "stroke": True, "fill": False, "evenodd": False, "stroking_color": (0,), "non_stroking_color": 0,
            "mcid": None, "tag": None, "page_number": page_no, "path": [("m", (x0, top)), ("l", (x1, bottom))],
            "dash": None}


def image(x0: float, top: float, x1: float, bottom: float, page_no: int) -> dict:
    return {"object_type": "image", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "page_number": page_no}


class PositionedPage(Page):
    """A pdfplumber page of given chars, lines and images (dicts as made by char/line/image)."""

    def __init__(self, page_no: int, width: float, height: float, objects: Iterable[dict],
                 chars: Optional[list[dict]] = None):
        """`chars`: the page's chars, given apart (before `objects`, none of them a char): the list kept
        as it is instead of sorted out of the objects one by one."""
        self.pdf = None
        self.root_page = self
        self.page_obj = None
        self.page_number = page_no
        self.initial_doctop = 0
        self.rotation = 0
        self.mediabox = self.cropbox = self.bbox = (0, 0, width, height)
        self.get_textmap = lru_cache()(self._get_textmap)
        self._objects: dict[str, list[dict]] = {"char": chars} if chars else {}
        for o in objects:
            self._objects.setdefault(o["object_type"], []).append(o)
