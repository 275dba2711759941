"""Bytes to text for Chinese reports: BOM, declared charset, then detection."""
from __future__ import annotations

import codecs
import re

from ..model import ReadError

# Encodings a Chinese report can plausibly be in (codec names for charset-normalizer).
CANDIDATES = ["utf_8", "gb18030", "big5hkscs", "utf_16"]

# Declared names mapped to the codec we actually use: supersets for GB and Big5.
_FAMILY = {
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "gb2312": "gb18030", "gb_2312": "gb18030", "gb_2312-80": "gb18030", "gbk": "gb18030",
    "x-gbk": "gb18030", "cp936": "gb18030", "ms936": "gb18030", "windows-936": "gb18030",
    "euc-cn": "gb18030", "euccn": "gb18030", "csgb2312": "gb18030", "chinese": "gb18030",
    "iso-ir-58": "gb18030", "gb18030": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "big5hkscs", "big-5": "big5hkscs", "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs",
    "cp950": "big5hkscs", "x-x-big5": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs",
    "x-big5": "big5hkscs", "ms950": "big5hkscs", "windows-950": "big5hkscs",
    "utf-16": "utf-16", "utf16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
}

_BOMS = [
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
]

# Control characters that never occur in text (tab, newline, CR, FF, VT, ESC are fine).
_BAD = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]")


def canonical(name: str | None) -> str | None:
    """The codec to use for a declared charset name; None when it is not a Chinese-plausible one."""
    if not name:
        return None
    key = name.strip().strip("\"'").lower().replace("_", "-")
    return _FAMILY.get(key) or _FAMILY.get(key.replace("-", ""))


def _check_text(text: str) -> None:
    sample = text[:20000]
    if sample and len(_BAD.findall(sample)) > max(2, len(sample) // 50):
        raise ReadError("not_text", "the bytes do not decode to text")


_PLAUSIBLE = re.compile(r"[\t\n\r\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2010-\u2027\u00a0-\u00ff]")


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without BOM: the byte order whose decoding looks like Chinese text."""
    if len(data) % 2:
        return None
    head = data[:8192]
    for codec in ("utf-16-le", "utf-16-be"):
        text = _try(head, codec)
        if text and len(_PLAUSIBLE.findall(text)) >= 0.95 * len(text):
            return codec
    return None


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer restricted to Chinese-plausible encodings."""
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data, cp_isolation=CANDIDATES).best()
    except Exception:  # the detector must never take the reader down
        return None
    if best is None:
        return None
    return canonical(best.encoding) or codecs.lookup(best.encoding).name


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode report bytes; returns (text, encoding name). ReadError("not_text") for binary."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            # utf-16/utf-32 codecs consume their own BOM
            body = data[len(bom):] if codec == "utf-8" else data
            text = body.decode(codec, errors="replace")
            _check_text(text)
            return text, name

    want = canonical(declared)
    if want and want.startswith("utf-16"):
        text = _try(data, want)
        if text is not None:
            _check_text(text)
            return text, "utf-16"

    nuls = data[:4096].count(0)
    if nuls:
        # UTF-16 without BOM: NULs (high bytes of ASCII characters) on one byte parity only
        u16 = _utf16_guess(data)
        text = _try(data, u16) if u16 else None
        if text is not None:
            _check_text(text)
            return text, "utf-16"
        if nuls > len(data[:4096]) // 100:
            raise ReadError("not_text", "binary data (NUL bytes), not text")

    # Valid UTF-8 with multi-byte sequences is practically never GBK or Big5,
    # whatever the page declares (re-encoded mirrors keep stale meta tags).
    text = _try(data, "utf-8")
    if text is not None:
        _check_text(text)
        if want and data.isascii() and not want.startswith("utf-16"):
            return text, want  # pure ASCII: the declaration is as good as any
        return text, "utf-8"

    # UTF-8 with a few damaged bytes (truncated download, one bad character) is still UTF-8:
    # GBK or Big5 read as UTF-8 fails on nearly every Chinese character.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad <= max(3, len(data) // 2000) and len(data) - len(text) > 20 * bad:
        _check_text(text)
        return text, "utf-8"

    if want and want != "utf-8":
        text = _try(data, want)
        if text is not None:
            _check_text(text)
            return text, want

    found = _detect(data)
    if found:
        text = _try(data, found)
        if text is not None:
            _check_text(text)
            return text, found

    # Nothing decodes cleanly (truncated or damaged bytes): the codec with the
    # fewest undecodable bytes, as long as the result still looks like text.
    best: tuple[int, str, str] | None = None
    for codec in dict.fromkeys(c for c in (want, found, "utf-8", "gb18030", "big5hkscs") if c):
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, text, codec)
    assert best is not None
    _check_text(best[1])
    return best[1], best[2]


_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def sniff_html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in <meta> (or an XML declaration), if any."""
    head = data[:16384]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii", "replace") if m else None
