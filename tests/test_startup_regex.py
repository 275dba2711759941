"""The regular expressions shipped compiled (issue 16, start-up): src/extractor/regex_cache.py,
data/regex_cache.marshal, scripts/build_regex_cache.py."""
import json
import re
import subprocess
import sys

from extractor import regex_cache

from conftest import REAL, ROOT


def test_every_shipped_pattern_is_exactly_what_re_compiles():
    entries = regex_cache.load()
    assert len(entries) > 200  # this interpreter is the one the file was built by
    from extractor import spacing
    assert spacing._CJK_DIGIT_SPACE.pattern in {e[0] for e in entries}  # a module's pattern, its CJK class the costly kind
    re.purge()
    try:
        for e in entries:
            shipped, fresh = regex_cache.compiled(e), re._compiler.compile(e[0], e[1])  # (not re's cache)
            # Pattern equality compares the pattern, the flags and the compiled SRE code
            assert shipped == fresh and shipped.groupindex == fresh.groupindex and shipped.groups == fresh.groups, e[0]
    finally:
        re.purge()


def test_a_parse_finds_its_patterns_compiled_and_the_file_is_current():
    code = ("import re, sys, json\nfrom extractor.pipeline import parse_bytes\n"
            "shipped = set(re._cache) | set(re._cache.entries)\n"
            f"for name in ('pingtan_2016_text.txt', 'pingtan_2024_text.txt', 'pingtan_2024.html'):\n"
            f"    parse_bytes(open({str(REAL)!r} + '/' + name, 'rb').read(), name)\n"
            "missed = [k[1] for k in re._cache if k not in shipped and k[0] is str]\n"
            "print(json.dumps([len(shipped), missed]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    seeded, missed = json.loads(out.stdout.splitlines()[-1])
    assert seeded > 200
    assert missed == [], f"compiled at run time, not shipped (run scripts/build_regex_cache.py): {missed[:5]}"


def test_the_file_is_the_one_the_script_builds():
    out = subprocess.run([sys.executable, str(ROOT / "scripts/build_regex_cache.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr  # stale: run scripts/build_regex_cache.py


def test_another_interpreter_or_a_bad_file_compiles_as_usual(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_cache, "key", lambda: {"python": "0.0.0"})
    assert regex_cache.load() == []
    monkeypatch.undo()
    bad = tmp_path / "bad.marshal"
    bad.write_bytes(b"\x00not marshal")
    monkeypatch.setattr(regex_cache, "FILE", str(bad))
    assert regex_cache.load() == [] and regex_cache.seed() == 0
    code = ("import os; os.environ['EXTRACTOR_REGEX_CACHE'] = '0'\nimport re\nimport extractor.sections\n"
            "print(len(re._cache))")
    off = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert off < 200  # switched off: nothing shipped is put in re's cache


def test_a_shipped_pattern_is_made_when_first_used_and_is_res_own():
    code = ("import re, json\nimport extractor\nfrom extractor import regex_cache\n"
            "cache = re._cache\nk = next(iter(cache.entries))\nbefore = k in dict.keys(cache)\n"
            "p = re.compile(k[1], k[2])\n"
            "print(json.dumps([type(cache).__name__, before, k in dict.keys(cache), k in cache.entries, "
            "re.compile(k[1], k[2]) is p, p == re._compiler.compile(k[1], k[2]), len(cache.entries) > 150]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(out.stdout) == ["_Shipped", False, True, False, True, True, True]
    re.purge()  # purging empties the compiled ones; a pattern not shipped still compiles as usual
    assert re.compile("(?P<q>x)y{2}") == re._compiler.compile("(?P<q>x)y{2}", 0)
