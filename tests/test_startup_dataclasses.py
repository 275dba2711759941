"""The dataclasses' methods shipped compiled (issue 16, start-up): src/extractor/dataclass_cache.py,
data/dataclass_cache.marshal, built by scripts/build_regex_cache.py (whose --check test_startup_regex runs)."""
import json
import subprocess
import sys
import types

import dataclasses

from extractor import dataclass_cache

from conftest import REAL, ROOT


def test_every_shipped_method_is_exactly_what_exec_compiles():
    codes = dataclass_cache.load()
    assert len(codes) > 150  # this interpreter is the one the file was built by
    assert any(" def __init__(self,key:_type_key,labels:_type_labels," in t for t in codes)  # templates.Line, made at every start
    for text, code in codes.items():
        assert code == dataclass_cache.compiled(text), text  # code equality: bytecode, constants, names, lines


def test_a_parse_makes_its_dataclasses_from_shipped_code():
    code = ("import dataclasses, json, sys\nimport extractor\nshipped = dataclasses.exec\nmissed = []\n"
            "def watching(source, globals=None, locals=None, /):\n"
            "    if source not in extractor.dataclass_cache.load():\n        missed.append(source)\n"
            "    return shipped(source, globals, locals)\n"
            "dataclasses.exec = watching\nfrom extractor.pipeline import parse_bytes\n"
            "for name in ('pingtan_2016_text.txt', 'pingtan_2024_text.txt', 'pingtan_2024.html'):\n"
            f"    r = parse_bytes(open({str(REAL)!r} + '/' + name, 'rb').read(), name)\n"
            "print(json.dumps([r.report.template, missed]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    template, missed = json.loads(out.stdout.splitlines()[-1])
    assert template == "gov-2021"
    assert missed == [], f"compiled at run time, not shipped (run scripts/build_regex_cache.py): {missed[:2]}"


def _on_and_off(code: str) -> dict[str, str]:
    """What `code` prints with the shipped code ("1") and without it ("0")."""
    return {on: subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                               env={"EXTRACTOR_CODE_CACHE": on, "PATH": "/usr/bin:/bin"}).stdout for on in ("1", "0")}


def test_classes_made_from_shipped_code_behave_as_compiled_ones():
    code = ("import dataclasses, json\nimport extractor\nfrom extractor.templates import Line\n"
            "a, b = Line('k', ('甲',)), Line('k', ('甲',), exact=True)\n"
            "print(json.dumps(['exec' in vars(dataclasses), repr(a), a == b, a == Line('k', ('甲',)), "
            "hash(a) == hash(Line('k', ('甲',))), [f.name for f in dataclasses.fields(a)]]))")
    got = {on: json.loads(out) for on, out in _on_and_off(code).items()}
    assert got["1"][0] is True and got["0"][0] is False  # shipped code used, and switched off
    assert got["1"][1:] == got["0"][1:]
    assert got["1"][1] == "Line(key='k', labels=('甲',), group=None, exact=False, columns=(), unit=None, " \
                          "unit_in_header=False, computed_by=None, patterns=())"


def test_another_interpreter_or_a_bad_file_compiles_as_usual(tmp_path, monkeypatch):
    monkeypatch.setattr(dataclass_cache, "key", lambda: {"python": "0.0.0"})
    assert dataclass_cache.load() == {}
    monkeypatch.undo()
    bad = tmp_path / "bad.marshal"
    bad.write_bytes(b"\x00not marshal")
    monkeypatch.setattr(dataclass_cache, "FILE", str(bad))
    assert dataclass_cache.load() == {}
    monkeypatch.undo()
    # a dataclasses that builds its methods otherwise (3.13 has no _create_fn): left alone
    other = types.ModuleType("dataclasses")
    monkeypatch.setitem(sys.modules, "dataclasses", other)
    assert dataclass_cache.install() == 0 and "exec" not in vars(other)
    monkeypatch.undo()
    # already given in this process (import extractor did): not given twice
    assert dataclass_cache.install() == 0 and "exec" in vars(dataclasses)

    @dataclasses.dataclass(frozen=True)
    class Made:  # a text the file does not have compiles as usual
        weird_field_name_q: int = 3
    assert Made.__init__.__annotations__ == {"weird_field_name_q": int, "return": None}  # as dataclasses makes it
    assert Made() == Made(3) and repr(Made()) == "test_another_interpreter_or_a_bad_file_compiles_as_usual.<locals>" \
                                                 ".Made(weird_field_name_q=3)"


def test_dataclasses_is_imported_without_inspect_until_it_needs_it():
    code = ("import sys, json\nimport extractor, dataclasses\nfrom extractor import templates\n"
            "before = 'inspect' in sys.modules\n"
            "@dataclasses.dataclass\nclass NoDoc:\n    a: int\n    b: str = 'x'\n"
            "import inspect\n"
            "print(json.dumps([before, NoDoc.__doc__, 'inspect' in sys.modules, "
            "dataclasses.inspect.signature is inspect.signature, NoDoc.__init__.__annotations__ == "
            "{'a': int, 'b': str, 'return': None}]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    before, doc, after, same, annotated = json.loads(out.stdout)
    assert before is False  # templates' dataclasses made without inspect
    assert doc == "NoDoc(a: int, b: str = 'x')" and after and same  # as dataclasses writes it with inspect
    assert annotated  # a text not shipped is compiled as dataclasses would (no postponed annotations)


def test_methods_from_shipped_code_are_the_ones_dataclasses_compiles():
    """Cache on and off (dataclasses' own exec): the same code, annotations and names for every method."""
    code = ("import extractor, dataclasses, hashlib\nfrom extractor.templates import Line, TableDef\n"
            "from extractor.result import Result, Issue\nfrom extractor.model import Document\nout = []\n"
            "for cls in (Line, TableDef, Result, Issue, Document):\n"
            "    for f in vars(cls).values():\n"
            "        c = getattr(f, '__code__', None)\n"
            "        if c is not None and c.co_filename == '<string>':\n"
            "            out.append((f.__qualname__, c.co_code, repr(c.co_consts), c.co_names, c.co_varnames, "
            "c.co_flags, c.co_firstlineno, c.co_linetable, repr(f.__annotations__), repr(f.__defaults__)))\n"
            "print('exec' in vars(dataclasses), len(out), hashlib.sha256(repr(sorted(out)).encode()).hexdigest())")
    got = {on: out.split() for on, out in _on_and_off(code).items()}
    assert got["1"][0] == "True" and got["0"][0] == "False" and int(got["1"][1]) > 15
    assert got["1"][1:] == got["0"][1:]
