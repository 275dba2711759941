"""data/zh_context.marshal (start-up, issue 16): the JSON's own dict, read only when made from its very bytes."""
import json
import subprocess
import sys

from conftest import ROOT

from extractor import zh_context
from extractor.files import package_file


def test_shipped_marshal_is_the_json_it_was_made_from() -> None:
    raw = package_file("data/zh_context.json").read_bytes()
    shipped = zh_context._shipped(raw)
    assert shipped is not None, "data/zh_context.marshal is stale: run scripts/build_zh_context.py"
    assert shipped == json.loads(raw)
    assert isinstance(shipped["model"]["介面"], str)  # each key's model still its JSON text


def test_marshal_of_other_bytes_is_not_read() -> None:
    raw = package_file("data/zh_context.json").read_bytes()
    assert zh_context._shipped(raw + b" ") is None
    assert zh_context._shipped(raw.replace(b'"about":"built', b'"about":"Built', 1)) is None  # same length, other bytes


def test_normalisation_without_the_marshal_is_the_same(tmp_path) -> None:
    """The JSON read when the marshal is missing gives the same normalisation of the seed."""
    seed = next((ROOT.parent / "shared" / "fixtures" / "seed").glob("*.txt"), None)
    text = seed.read_text(encoding="utf-8") if seed else "本機關通過入口網站發布資訊，線上辦理依申請公開。"
    code = ("import sys\nfrom extractor import zh_context, files\n"
            "if sys.argv[1] == 'json':\n    zh_context._shipped = lambda raw: None\n"
            "from extractor.normalize import normalize_text\n"
            "n = normalize_text(sys.stdin.read())\nsys.stdout.write(repr(sorted(n.repairs.items())) + n.text)\n")
    out = [subprocess.run([sys.executable, "-c", code, mode], input=text, capture_output=True, text=True, check=True,
                          env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}).stdout for mode in ("json", "marshal")]
    assert out[0] == out[1] and out[0].startswith("[('")  # the same text and repairs, and some repairs made
