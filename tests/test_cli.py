"""The command line: parse many files, bad ones become error records, no tracebacks."""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema

from extractor.cli import main, schema_text

ROOT = Path(__file__).resolve().parents[1]


def run(*args, stdin=b""):
    return subprocess.run([sys.executable, "-m", "extractor", *args], input=stdin, capture_output=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})


def test_bad_inputs_become_error_records(tmp_path, real_dir):
    bad = {
        "empty.txt": b"",
        "truncated.pdf": (real_dir / "huaian_2024.pdf").read_bytes()[:5000],
        "random.bin": bytes(range(256)) * 40,
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out"
    files = [str(tmp_path / n) for n in bad] + [str(tmp_path / "missing.html"), str(real_dir / "pingtan_2024.html")]
    p = run("parse", *files, "-o", str(out))
    assert p.returncode == 1
    lines = p.stderr.decode().strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("extractor: ") for line in lines)
    assert "Traceback" not in p.stderr.decode()
    schema = json.loads(schema_text())
    for stem in ("empty", "truncated", "random", "missing"):
        rec = json.loads((out / f"{stem}.json").read_text("utf-8"))
        jsonschema.validate(rec, schema)
        assert rec["issues"][0]["severity"] == "error"
        assert rec["report"] is None
    good = json.loads((out / "pingtan_2024.json").read_text("utf-8"))
    assert good["tables"]["requests"]["values"]["new_received"]["total"] == 218


def test_stdin_and_schema(tmp_path, real_dir):
    p = run("parse", "-", "-o", str(tmp_path), stdin=(real_dir / "pingtan_2024.html").read_bytes())
    assert p.returncode == 0, p.stderr
    rec = json.loads((tmp_path / "stdin.json").read_text("utf-8"))
    assert rec["report"]["agency"] == "平潭综合实验区"
    s = run("schema")
    assert json.loads(s.stdout)["properties"]["schema_version"]["const"] == "1"


def test_same_stem_twice_keeps_both(tmp_path, real_dir):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "r.html").write_bytes((real_dir / "pingtan_2024.html").read_bytes())
    (b / "r.html").write_bytes(b"<html><body><p>not a report</p></body></html>")
    assert main(["parse", str(a / "r.html"), str(b / "r.html"), "-o", str(tmp_path / "o")]) in (0, 1)
    assert len(list((tmp_path / "o").glob("r*.json"))) == 2


def test_normalize_command_on_the_seed_and_on_simplified_text(real_dir):
    seed = ROOT / "fixtures" / "text" / "seed_wujiang_2020_traditional.txt"
    p = run("normalize", str(seed))
    assert p.returncode == 0
    text = p.stdout.decode("utf-8")
    assert text.count("规范性文件") >= 7 and "規範" not in text and "最佳化" not in text
    simplified = (real_dir / "pingtan_2024_text.txt").read_bytes()
    p = run("normalize", "-", stdin=simplified)
    assert p.stdout == simplified  # simplified input passes through unchanged


def test_unrepairable_mojibake_is_an_issue():
    import extractor
    body = ("XX县2023年政府信息公开工作年度报告\n一、总体情况\n" + "2023年，本机关认真做好政府信息公开工作，全年收到申请3件。" * 20
            + "\n鏍囬��: 骞虫江缁煎悎瀹為獙鍖�\n二、主动公开政府信息情况\n" + "主动公开信息10条。" * 20)
    out = extractor.parse(body.encode("utf-8")).to_dict()
    assert "mojibake:unrepaired" in out["report"]["conversions"]
    assert any(i["code"] == "mojibake_unrepaired" for i in out["issues"])
