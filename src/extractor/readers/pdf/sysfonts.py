"""PDFium's stand-in fonts for fonts a PDF does not embed, made cheap to read text with.

Measured (callgrind, `pingtan_2024_stsong.pdf`, STSong-Light not embedded): PDFium maps the font to a
system face (here Noto Serif/Sans CJK, CFF outlines) in ~2 ms once a process; the cost is after that:
for every char PDFium asks the glyph's ink box (`CPDF_CIDFont::GetCharBBox` → `FT_Load_Glyph`, the
CFF charstring interpreted, ~80 k instructions), once when the page is parsed (the text object's
bounds) and once when its text page is built (the char box) — 58% of the whole read.

The mechanism: PDFium's system font info (`FPDF_SetSystemFontInfo`) wrapped, every callback the
default one, except that while the fast path reads text (`reading()`) a stand-in face with CFF
outlines is served as its *proxy*: the same font (every table copied byte for byte: cmap, metrics,
names, OS/2, GSUB …) whose outlines are TrueType rectangles, each exactly the box FreeType gives the
real glyph unscaled (`FT_LOAD_NO_SCALE`, what `GetCharBBox` reads), so every box, bound, advance
and char code PDFium computes is the same while a glyph loads in a few hundred instructions. Pages
drawn (OCR, table pictures: `scan.py` opens its own document outside `reading()`) get the real
face: the proxy is known to PDFium's face cache under its own name. The boxes are computed once per
face with PDFium's own FreeType (linked into libpdfium, called at its addresses) and the proxy kept
under the user's cache folder (~3 s the first time a face is used on a machine). Where those
functions, the cache or anything else is missing, PDFium keeps its own stand-in (the same result,
slower). README "Fonts not embedded" has the measures and checks.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import struct
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

import pypdfium2.raw as R

PROXY_SUFFIX = " [extractor text proxy]"  # the proxy's name in PDFium's face cache
TTCF, CFF = 0x74746366, b"CFF "
FT_LOAD_NO_SCALE, FT_LOAD_IGNORE_GLOBAL_ADVANCE_WIDTH = 1, 1 << 9
FT_FACE_FLAG_GLYPH_NAMES = 1 << 9

_state = threading.local()  # `reading` per thread (PDFium calls back in the caller's thread)
_lock = threading.Lock()
_installed: Optional["FontInfo"] = None
_failed = False
stats = {"proxied": 0, "served": 0}  # faces proxied, proxy loads served (tests read these)


def tag(name: bytes) -> int:
    return struct.unpack(">I", name)[0]


# ---- FreeType (PDFium's own), for the real glyphs' boxes ---------------------------------------------
class _Generic(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("finalizer", ctypes.c_void_p)]


class _Metrics(ctypes.Structure):
    _fields_ = [(n, ctypes.c_long) for n in ("width", "height", "horiBearingX", "horiBearingY", "horiAdvance",
                                             "vertBearingX", "vertBearingY", "vertAdvance")]


class _Slot(ctypes.Structure):
    _fields_ = [("library", ctypes.c_void_p), ("face", ctypes.c_void_p), ("next", ctypes.c_void_p),
                ("glyph_index", ctypes.c_uint), ("generic", _Generic), ("metrics", _Metrics)]


class _BBox(ctypes.Structure):
    _fields_ = [(n, ctypes.c_long) for n in ("xMin", "yMin", "xMax", "yMax")]


class _Face(ctypes.Structure):
    _fields_ = [("num_faces", ctypes.c_long), ("face_index", ctypes.c_long), ("face_flags", ctypes.c_long),
                ("style_flags", ctypes.c_long), ("num_glyphs", ctypes.c_long), ("family_name", ctypes.c_char_p),
                ("style_name", ctypes.c_char_p), ("num_fixed_sizes", ctypes.c_int),
                ("available_sizes", ctypes.c_void_p), ("num_charmaps", ctypes.c_int), ("charmaps", ctypes.c_void_p),
                ("generic", _Generic), ("bbox", _BBox), ("units_per_EM", ctypes.c_ushort),
                ("ascender", ctypes.c_short), ("descender", ctypes.c_short), ("height", ctypes.c_short),
                ("max_advance_width", ctypes.c_short), ("max_advance_height", ctypes.c_short),
                ("underline_position", ctypes.c_short), ("underline_thickness", ctypes.c_short),
                ("glyph", ctypes.POINTER(_Slot))]


FT_NAMES = ("FT_Init_FreeType", "FT_Done_FreeType", "FT_Library_Version", "FT_New_Memory_Face", "FT_Done_Face",
            "FT_Load_Glyph")


class _FreeType:
    """PDFium's own FreeType (linked into libpdfium, its functions not exported): the same code that
    computes PDFium's boxes, called at its addresses (the library's symbol table read from the file:
    another FreeType's boxes differ by a font unit on some glyphs). None of them found: no proxies."""

    def __init__(self, base: int, symbols: dict[str, int]):
        for name in FT_NAMES:
            setattr(self, name, ctypes.CFUNCTYPE(ctypes.c_int)(base + symbols[name]))  # args: ctypes objects


def elf_symbols(path: str, wanted: set[str]) -> dict[str, int]:
    """The values of the named symbols in an ELF64 little-endian file's symbol table (.symtab)."""
    data = Path(path).read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return {}
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    out: dict[str, int] = {}
    for sec in sections:
        if sec[1] != 2:  # SHT_SYMTAB
            continue
        strtab = sections[sec[6]]
        names = data[strtab[4]:strtab[4] + strtab[5]]
        for at in range(sec[4], sec[4] + sec[5], 24):
            name_at, info, _, _, value, _ = struct.unpack_from("<IBBHQQ", data, at)
            if value and info & 0xF == 2:  # STT_FUNC
                end = names.index(b"\0", name_at)
                name = names[name_at:end].decode("latin-1")
                if name in wanted:
                    out[name] = value
    return out


class _DlInfo(ctypes.Structure):
    _fields_ = [("fname", ctypes.c_char_p), ("fbase", ctypes.c_void_p), ("sname", ctypes.c_char_p),
                ("saddr", ctypes.c_void_p)]


def _freetype() -> Optional[_FreeType]:
    """PDFium's FreeType, or None (a stripped or foreign build, no dladdr)."""
    try:
        at = ctypes.cast(R.FPDF_InitLibrary, ctypes.c_void_p).value
        info = _DlInfo()
        if not ctypes.CDLL(None).dladdr(ctypes.c_void_p(at), ctypes.byref(info)):
            return None
        path = info.fname.decode()
        symbols = elf_symbols(path, set(FT_NAMES) | {"FPDF_InitLibrary"})
        if not all(n in symbols for n in (*FT_NAMES, "FPDF_InitLibrary")):
            return None
        return _FreeType(at - symbols["FPDF_InitLibrary"], symbols)
    except Exception:
        return None


def glyph_boxes(data: bytes, index: int) -> Optional[tuple[str, list[tuple[int, int, int, int]]]]:
    """(FreeType's version, every glyph's unscaled box (xMin, yMin, xMax, yMax) in font units) of face
    `index` of the font file `data`, as PDFium's GetCharBBox reads it; None where FreeType is missing,
    or its glyphs have names (a CID-keyed CFF font's have none: the rectangles lose nothing PDFium reads)."""
    ft = _freetype()
    if ft is None:
        return None
    lib = ctypes.c_void_p()
    if ft.FT_Init_FreeType(ctypes.byref(lib)):
        return None
    try:
        major, minor, patch = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        ft.FT_Library_Version(lib, ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch))
        buf = ctypes.create_string_buffer(data, len(data))
        face = ctypes.POINTER(_Face)()
        if ft.FT_New_Memory_Face(lib, buf, ctypes.c_long(len(data)), ctypes.c_long(index), ctypes.byref(face)):
            return None
        try:
            f = face.contents
            if f.face_flags & FT_FACE_FLAG_GLYPH_NAMES:
                return None
            boxes = []
            load, flags = ft.FT_Load_Glyph, FT_LOAD_NO_SCALE | FT_LOAD_IGNORE_GLOBAL_ADVANCE_WIDTH
            m = f.glyph.contents.metrics
            for g in range(f.num_glyphs):
                if load(face, ctypes.c_uint(g), ctypes.c_int(flags)):
                    return None  # a glyph FreeType cannot load: PDFium's own stand-in
                x, top = m.horiBearingX, m.horiBearingY
                boxes.append((x, top - m.height, x + m.width, top))
            return f"{major.value}.{minor.value}.{patch.value}", boxes
        finally:
            ft.FT_Done_Face(face)
    finally:
        ft.FT_Done_FreeType(lib)


# ---- the proxy font ---------------------------------------------------------------------------------
def face_tables(data: bytes, index: int) -> dict[bytes, bytes]:
    """The tables of face `index` of a font file (a collection or a single sfnt)."""
    at = struct.unpack(">I", data[12 + 4 * index:16 + 4 * index])[0] if data[:4] == b"ttcf" else 0
    count = struct.unpack(">H", data[at + 4:at + 6])[0]
    out = {}
    for i in range(count):
        name, _, offset, length = struct.unpack(">4sIII", data[at + 12 + 16 * i:at + 28 + 16 * i])
        out[name] = data[offset:offset + length]
    return out


def proxy_font(tables: dict[bytes, bytes], boxes: list[tuple[int, int, int, int]]) -> bytes:
    """The face with its CFF outlines replaced by one rectangle per glyph (its box), TrueType."""
    glyf, loca = bytearray(), [0]
    for x0, y0, x1, y1 in boxes:
        if (x0, y0, x1, y1) != (0, 0, 0, 0):
            glyf += struct.pack(">hhhhhHHBBBBhhhhhhhh", 1, x0, y0, x1, y1, 3, 0, 1, 1, 1, 1,
                                x0, 0, x1 - x0, 0, y0, y1 - y0, 0, y0 - y1)
            glyf += b"\0" * (-len(glyf) % 4)
        loca.append(len(glyf))
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment (not checked by FreeType)
    head[50:52] = struct.pack(">h", 1)  # long loca
    maxp = struct.pack(">IHHHHHHHHHHHHHH", 0x00010000, len(boxes), 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
    out = {k: v for k, v in tables.items() if k not in (b"CFF ", b"CFF2", b"VORG", b"head", b"maxp")}
    out.update({b"head": bytes(head), b"maxp": maxp, b"glyf": bytes(glyf), b"hmtx": bearings(tables, boxes),
                b"loca": struct.pack(f">{len(loca)}I", *loca)})
    return sfnt(out)


def bearings(tables: dict[bytes, bytes], boxes: list[tuple[int, int, int, int]]) -> bytes:
    """The hmtx table with each glyph's left side bearing its box's left (FreeType places a TrueType
    glyph's outline at that bearing; a CFF glyph's where its outline is), the advances as they are."""
    hmtx = bytearray(tables[b"hmtx"])
    metrics = struct.unpack(">H", tables[b"hhea"][34:36])[0]
    for g, box in enumerate(boxes):
        at = 4 * g + 2 if g < metrics else 4 * metrics + 2 * (g - metrics)
        if at + 2 <= len(hmtx):
            struct.pack_into(">h", hmtx, at, box[0])
    return bytes(hmtx)


def sfnt(tables: dict[bytes, bytes]) -> bytes:
    names = sorted(tables)
    n = len(names)
    shift = 1 << (n.bit_length() - 1)
    head = struct.pack(">IHHHH", 0x00010000, n, shift * 16, shift.bit_length() - 1, n * 16 - shift * 16)
    offset, records, body = 12 + 16 * n, b"", b""
    for name in names:
        data = tables[name]
        records += struct.pack(">4sIII", name, checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return head + records + body


def checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "extractor" / "sysfonts"


def build_proxy(data: bytes, index: int) -> Optional[bytes]:
    """The proxy of face `index` of the font file `data`, from the cache or made (and kept there)."""
    tables = face_tables(data, index)
    if CFF not in tables or b"glyf" in tables:
        return None
    key = hashlib.sha1()
    for name in sorted(tables):
        key.update(name + struct.pack(">I", len(tables[name])) + tables[name])
    path = cache_dir() / f"{key.hexdigest()}.ttf"
    try:  # kept with its own SHA-1 after it: a file cut short or changed is made again, never used
        stored = path.read_bytes()
        if len(stored) > 20 and hashlib.sha1(stored[:-20]).digest() == stored[-20:]:
            return stored[:-20]
    except OSError:
        pass
    got = glyph_boxes(data, index)
    if got is None:
        return None
    proxy = proxy_font(tables, got[1])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(proxy + hashlib.sha1(proxy).digest())
        os.replace(tmp, path)
    except OSError:
        pass  # no cache folder: made again in the next process
    return proxy


# ---- PDFium's system font info, wrapped -------------------------------------------------------------
class FontInfo:
    """FPDF_SYSFONTINFO whose callbacks are the default one's, but for the faces proxied while reading."""

    def __init__(self) -> None:
        self.default = R.FPDF_GetDefaultSystemFontInfo()
        if not self.default:
            raise RuntimeError("PDFium has no default system font info")
        d = self.default.contents
        self.d = d
        self.handles: dict[int, Optional[bytes]] = {}  # a mapped handle while reading → its proxy
        self.proxies: dict[tuple[int, int], Optional[bytes]] = {}  # (file size, name checksum) → proxy
        S = R.FPDF_SYSFONTINFO
        fields = dict(S._fields_)
        self.struct = S(version=1)
        self.callbacks = {
            "Release": fields["Release"](lambda this: None),
            "EnumFonts": fields["EnumFonts"](lambda this, mapper: d.EnumFonts(self.default, mapper)
                                             if d.EnumFonts else None),
            "MapFont": fields["MapFont"](self.map_font),
            "GetFont": fields["GetFont"](self.get_font),
            "GetFontData": fields["GetFontData"](self.font_data),
            "GetFaceName": fields["GetFaceName"](self.face_name),
            "GetFontCharset": fields["GetFontCharset"](lambda this, h: d.GetFontCharset(self.default, h)),
            "DeleteFont": fields["DeleteFont"](self.delete_font),
        }
        for name, fn in self.callbacks.items():
            setattr(self.struct, name, fn)

    def map_font(self, this, weight, italic, charset, pitch, face, exact):
        return self.mapped(self.d.MapFont(self.default, weight, italic, charset, pitch, face, exact))

    def get_font(self, this, face):
        return self.mapped(self.d.GetFont(self.default, face) if self.d.GetFont else None)

    def mapped(self, h: Optional[int]) -> Optional[int]:
        """A handle PDFium is given: its proxy recorded while reading, else none (drawing: the real face)."""
        if not h:
            return h
        self.handles.pop(h, None)
        if getattr(_state, "reading", False):
            try:
                self.handles[h] = self.proxy(h)
            except Exception:  # a font file read oddly: PDFium's own stand-in
                self.handles[h] = None
        return h

    def proxy(self, h: int) -> Optional[bytes]:
        """The proxy of the face PDFium loads for handle h: of a collection, the face at offset (its
        size − the handle's own data size), else the first (`CFX_FontMapper::GetCachedTTCFace`, which
        finds no such face for a folder font's handle: the first it is)."""
        whole = self.d.GetFontData(self.default, h, TTCF, None, 0)
        single = self.d.GetFontData(self.default, h, 0, None, 0)
        size = whole or single
        if not size:
            return None
        key = (whole, single, checksum(self.table(h, tag(b"name")) or b""))
        if key in self.proxies:
            return self.proxies[key]
        buf = (ctypes.c_ubyte * size)()
        self.d.GetFontData(self.default, h, TTCF if whole else 0, buf, size)
        data = bytes(buf)
        index = 0
        if whole and data[:4] == b"ttcf":
            faces = struct.unpack(">I", data[8:12])[0]
            offsets = struct.unpack(f">{faces}I", data[12:12 + 4 * faces])
            index = offsets.index(whole - single) if whole - single in offsets else 0
        got = build_proxy(data, index)
        self.proxies[key] = got
        if got is not None:
            stats["proxied"] += 1
        return got

    def table(self, h: int, t: int) -> Optional[bytes]:
        n = self.d.GetFontData(self.default, h, t, None, 0)
        if not n:
            return None
        buf = (ctypes.c_ubyte * n)()
        self.d.GetFontData(self.default, h, t, buf, n)
        return bytes(buf)

    def font_data(self, this, h, table, buf, size):
        proxy = self.handles.get(h)
        if proxy is None:
            return self.d.GetFontData(self.default, h, table, buf, size)
        if table == TTCF:
            return 0
        if table == 0:
            data = proxy
        else:
            data = next((v for k, v in face_tables(proxy, 0).items() if tag(k) == table), b"")
        if buf and size >= len(data):
            ctypes.memmove(buf, data, len(data))
            if table == 0:
                stats["served"] += 1
        return len(data)

    def face_name(self, this, h, buf, size):
        if self.handles.get(h) is None:
            return self.d.GetFaceName(self.default, h, buf, size)
        n = self.d.GetFaceName(self.default, h, None, 0)
        raw = ctypes.create_string_buffer(max(n, 1))
        self.d.GetFaceName(self.default, h, raw, n)
        name = raw.value + PROXY_SUFFIX.encode() + b"\0"
        if buf and size >= len(name):
            ctypes.memmove(buf, name, len(name))
        return len(name)

    def delete_font(self, this, h):
        self.handles.pop(h, None)
        if self.d.DeleteFont:
            self.d.DeleteFont(self.default, h)


def install() -> bool:
    """The wrapped font info installed in PDFium (once a process); False where it cannot be."""
    global _installed, _failed
    with _lock:
        if _installed is None and not _failed:
            if os.environ.get("EXTRACTOR_PDF_PROXY_FONTS", "1") == "0" or not hasattr(R, "FPDF_SetSystemFontInfo"):
                _failed = True
            else:
                try:
                    info = FontInfo()
                    R.FPDF_SetSystemFontInfo(ctypes.pointer(info.struct))
                    _installed = info
                except Exception:
                    _failed = True
        return _installed is not None


@contextmanager
def reading() -> Iterator[None]:
    """Within: the fonts PDFium maps get their proxies (text reading only, never drawing)."""
    install()
    before = getattr(_state, "reading", False)
    _state.reading = True
    try:
        yield
    finally:
        _state.reading = before
