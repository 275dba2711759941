"""The indented JSON writer (issue 16, start-up): jsontext.indented is json.dumps(…, ensure_ascii=False,
indent=2) to the byte, on every record the demo wrote and on values a record never holds."""
import json
import math
import random

import pytest

from extractor.jsontext import indented
from extractor.pipeline import parse_bytes

from conftest import REAL, ROOT


def _same(obj):
    assert indented(obj) == json.dumps(obj, ensure_ascii=False, indent=2)


def test_every_demo_record_and_a_fresh_parse():
    records = sorted((ROOT / "outputs").glob("*.json"))
    assert len(records) > 50
    for p in records:
        _same(json.loads(p.read_text(encoding="utf-8")))
    d = parse_bytes((REAL / "pingtan_2024.html").read_bytes(), "pingtan_2024.html").to_dict()
    assert d["report"]["template"] == "gov-2021"
    _same(d)


@pytest.mark.parametrize("value", [
    {}, [], (), "", 0, -1, 10**30, 1.5, -0.0, 1e16, 1e-7, 2.0 ** 70, True, False, None,
    {"a": [], "b": {}, "c": [{}], "d": [[], [[]]]}, (1, (2, 3)), ["\u2028\x00\x1f\"\\/", "平潭\ud800"],
    {"k": float("nan")}, [math.inf, -math.inf], {1: "int key"}, {None: 1, True: 2}, {"s": {1, 2}},
    [1, "x", b"bytes"],
])
def test_odd_values_write_as_json_does(value):
    try:
        expected = json.dumps(value, ensure_ascii=False, indent=2)
    except TypeError as e:
        with pytest.raises(TypeError, match=str(e)[:20]):
            indented(value)
        return
    assert indented(value) == expected


def test_random_nested_values_and_a_cycle():
    rng = random.Random(16)

    def value(depth):
        kind = rng.randrange(9 if depth < 5 else 5)
        if kind == 0:
            return rng.choice([None, True, False])
        if kind == 1:
            return rng.randint(-10**12, 10**12)
        if kind == 2:
            return rng.uniform(-1e6, 1e6) * rng.choice([1, 1e-9, 1e20])
        if kind in (3, 4):
            return "".join(chr(rng.choice([rng.randrange(0, 128), rng.randrange(0x4e00, 0x9fff)]))
                           for _ in range(rng.randrange(6)))
        if kind in (5, 6):
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        return {str(value(9)): value(depth + 1) for _ in range(rng.randrange(4))}

    for _ in range(300):
        _same(value(0))
    loop: list = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular"):
        indented(loop)


def test_sha256_is_hashlibs_whichever_module_hashes(monkeypatch):
    """files.sha256: CPython's built-in SHA-256 for a small input while OpenSSL is not loaded (start-up),
    hashlib's otherwise; the digest is the same, and without the built-in module hashlib is used."""
    import builtins
    import hashlib
    import sys
    from extractor import files
    data = (REAL / "pingtan_2024.html").read_bytes()
    monkeypatch.delitem(sys.modules, "_hashlib")  # (as in a command line's process: hashlib never loaded)
    small = files.sha256(data)
    assert type(small).__module__ in ("_sha256", "_sha2")  # not OpenSSL's
    assert small.hexdigest() == hashlib.sha256(data).hexdigest() \
        == "b4a3df832f212c8c5d9e21851f0a49f9eed892f3ab68147ce2e7ba2602103830"
    h = files.sha256(size=len(data))
    h.update(data[:100])
    h.update(data[100:])
    assert h.hexdigest() == small.hexdigest()
    big = b"x" * files.SMALL_HASH
    assert files.sha256(big).hexdigest() == hashlib.sha256(big).hexdigest()
    real_import = builtins.__import__

    def no_builtin(name, *a, **k):
        if name in ("_sha256", "_sha2"):
            raise ImportError(name)
        return real_import(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", no_builtin)
    assert files.sha256(b"abc").hexdigest() == hashlib.sha256(b"abc").hexdigest()


def test_a_one_report_command_line_loads_no_openssl(tmp_path):
    import subprocess
    import sys
    code = ("import atexit, sys\natexit.register(lambda: print('\\nOPENSSL', '_hashlib' in sys.modules))\n"
            f"sys.argv = ['extractor', 'parse', {str(REAL / 'pingtan_2016_text.txt')!r}, '-o', {str(tmp_path)!r}]\n"
            "from extractor.cli import main\nmain()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.split()[-1] == "False"
    d = json.loads((tmp_path / "pingtan_2016_text.json").read_text(encoding="utf-8"))
    assert d["source"]["sha256"] == "c521fee1edc2579741dd44ea09239177c002c1b887691fb68b293973b0b856ce"
