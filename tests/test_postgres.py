"""A real PostgreSQL server (Debian's `postgresql`, installed by scripts/setup): a batch loaded into it,
queried back, and the researcher's query giving the same answer as on SQLite."""
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURES
from extractor.batch.run import run_batch


def _pg_bin() -> Path | None:
    for name in ("pg_ctl", "initdb"):
        found = shutil.which(name)
        if found:
            return Path(found).resolve().parent
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.path.exists(os.path.join(d, "pg_ctl")):
            return Path(d)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install '.[test]')")
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed: scripts/setup installs Debian's `postgresql` when run as root "
                    "with apt-get available")
    user = None
    if os.geteuid() == 0:  # initdb refuses root: run the server as the `postgres` (or `nobody`) system user
        for name in ("postgres", "nobody"):
            try:
                user = pwd.getpwnam(name)
                break
            except KeyError:
                continue
        if user is None:
            pytest.skip("running as root and there is no `postgres` or `nobody` user to run PostgreSQL as")
    tmp = tempfile.mkdtemp(prefix="extractor-pg-")
    data = os.path.join(tmp, "data")
    if user is not None:
        os.chown(tmp, user.pw_uid, user.pw_gid)

    def as_user(*cmd, **kw):
        return subprocess.run(list(cmd), user=user.pw_uid if user else None, group=user.pw_gid if user else None,
                              capture_output=True, text=True, cwd=tmp, **kw)

    port = _free_port()
    r = as_user(str(bindir / "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                "--locale=C", timeout=120)
    assert r.returncode == 0, r.stderr
    r = as_user(str(bindir / "pg_ctl"), "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-t", "60",
                "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off", "start", timeout=120)
    assert r.returncode == 0, r.stderr + open(os.path.join(tmp, "log")).read()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        as_user(str(bindir / "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop", timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


def test_batch_into_postgres_matches_sqlite(tmp_path, real_dir, postgres_url):
    from sqlalchemy import text

    from extractor.batch.db import engine_for, new_requests_by_year
    files = [str(real_dir / "huaian_2024.pdf"), str(real_dir / "pingtan_2024.html"),
             str(real_dir / "pingtan_2016_text.txt"), str(FIXTURES / "html/gov2019_gbk_meta.html"),
             str(FIXTURES / "html/gov2021_big5.html"), str(FIXTURES / "pdf/encrypted.pdf")]
    lite = run_batch(files, tmp_path / "lite", workers=2, progress="none")
    pg = run_batch(files, tmp_path / "pg", workers=2, db=postgres_url, progress="none")
    assert not (tmp_path / "pg" / "reports.sqlite").exists()
    assert pg.db_rows == lite.db_rows and pg.db_rows["cells"] > 500
    eng_pg, eng_lite = engine_for(postgres_url), engine_for(f"sqlite:///{tmp_path / 'lite' / 'reports.sqlite'}")
    try:
        assert eng_pg.dialect.name == "postgresql"
        with eng_pg.connect() as c:
            assert c.execute(text("SELECT COUNT(*) FROM cells")).scalar() == lite.db_rows["cells"]
            v = c.execute(text("SELECT c.value, c.raw, c.page FROM cells c JOIN reports r USING (report_id) "
                               "WHERE r.path LIKE '%huaian_2024.pdf' AND c.table_name = 'requests' "
                               "AND c.row_key = 'new_received' AND c.column_key = 'total'")).one()
            assert tuple(v) == (3119.0, "3119", 4)
        ans_pg, ans_lite = new_requests_by_year(eng_pg), new_requests_by_year(eng_lite)
        assert ans_pg == ans_lite
        expected: dict = {}  # the same answer computed from the JSON records
        for line in (tmp_path / "pg" / "reports.jsonl").read_text("utf-8").splitlines():
            d = json.loads(line)
            v = (d["tables"].get("requests") or {}).get("values", {}).get("new_received", {}).get("total", "-")
            if v != "-":
                k = (d["report"]["year"], d["report"]["template"])
                expected[k] = (expected.get(k, (0.0, 0))[0] + (v or 0), expected.get(k, (0.0, 0))[1] + 1)
        assert ans_pg == [(y, t, float(s), n) for (y, t), (s, n) in sorted(expected.items())]
        assert (2024, "gov-2021") in expected
        # a rerun (everything already done) rebuilds the same rows, not twice as many
        again = run_batch(files, tmp_path / "pg", workers=2, db=postgres_url, progress="none")
        assert again.cached == len(files)
        with eng_pg.connect() as c:
            assert c.execute(text("SELECT COUNT(*) FROM reports")).scalar() == len(files)
    finally:
        eng_pg.dispose()
        eng_lite.dispose()
