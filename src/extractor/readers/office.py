"""LibreOffice as a converter: one headless `soffice --convert-to` per call, in a throw-away profile
with macros and link updates off, killed at a time limit. Used for the old binary Word files."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..model import ReadError

PACKAGE = "libreoffice-writer-nogui"  # the Debian package scripts/setup installs
TIMEOUT_S = float(os.environ.get("EXTRACTOR_CONVERT_TIMEOUT", "90"))  # seconds per conversion
MEMORY_MB = 2048  # address-space limit of the converter process (its own, above a batch worker's)

# A fresh profile with macros never run, VBA not loaded and links never updated (no outside fetch).
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA"><prop oor:name="Load" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Filter/Import/VBA"><prop oor:name="Executable" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>2</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="FirstRun" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


# Kills the converter's process group at the time limit or as soon as the process that started it is
# gone (a batch worker killed at its own time limit must not leave LibreOffice running).
WATCHDOG = """parent=$1 group=$2 left=$3
while [ "$left" -gt 0 ] && kill -0 "$parent" 2>/dev/null && kill -0 -"$group" 2>/dev/null; do
  sleep 1; left=$((left - 1))
done
kill -9 -"$group" 2>/dev/null"""


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str, code: str, what: str) -> bytes:
    """`data` (a file ending in `suffix`) converted by LibreOffice to `target` ("docx:MS Word 2007 XML");
    ReadError `converter_missing` without LibreOffice, `code` when it cannot load or convert the file."""
    exe = soffice_path()
    if not exe:
        raise ReadError("converter_missing", f"{what} needs LibreOffice to be read: install the Debian package {PACKAGE}")
    with tempfile.TemporaryDirectory(prefix="extractor-lo-") as tmp:
        t = Path(tmp)
        (t / "profile" / "user").mkdir(parents=True)
        (t / "profile" / "user" / "registrymodifications.xcu").write_text(PROFILE, encoding="utf-8")
        src = t / f"input{suffix}"
        src.write_bytes(data)
        (t / "out").mkdir()
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp, "TMPDIR": tmp,
               "LANG": "C.UTF-8", "SAL_USE_VCLPLUGIN": "svp"}
        # limits set by the shell before exec (preexec_fn is not safe in a process with threads)
        limits = f'ulimit -c 0; ulimit -v {MEMORY_MB * 1024} 2>/dev/null; exec "$0" "$@"'
        cmd = ["sh", "-c", limits, exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck", "--nofirststartwizard",
               f"-env:UserInstallation={(t / 'profile').as_uri()}",
               "--convert-to", target, "--outdir", str(t / "out"), str(src)]
        proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
        dog = subprocess.Popen(["sh", "-c", WATCHDOG, "watchdog", str(os.getpid()), str(proc.pid), str(int(TIMEOUT_S) + 5)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ReadError(code, f"{what}: LibreOffice did not finish converting it within {TIMEOUT_S:g} s") from None
        finally:
            try:  # soffice.bin may outlive the launcher
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            dog.kill()
            dog.wait()
        made = sorted((t / "out").iterdir())
        if not made or made[0].stat().st_size == 0:
            said = " ".join(ln.strip() for ln in out.decode("utf-8", "replace").splitlines()
                            if ln.strip() and "javaldx" not in ln)[-160:]
            raise ReadError(code, f"{what} cannot be read: LibreOffice could not convert it ({said or 'no output'})")
        return made[0].read_bytes()
