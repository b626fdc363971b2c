"""Running LibreOffice (``soffice --headless --convert-to …``): finding it, and one guarded run.

Used for .docx → .pdf (:mod:`.writers.pdf`) and for old Word/WPS files → .docx
(:mod:`.ooxml.convert`). Each run gets a private profile (``-env:UserInstallation``): a clerk's
open LibreOffice window, or another conversion running at the same time, would otherwise take
the conversion over and silently produce nothing. LibreOffice runs in its own process group, so
a time-out ends ``soffice.bin`` too.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import UserError

#: LibreOffice's command, in the order looked for on PATH.
COMMANDS = ("soffice", "libreoffice")
#: Seconds allowed: LibreOffice's start-up, then each document.
START_SECONDS = 120
PER_FILE_SECONDS = 20


def find_soffice() -> str | None:
    """The full path of LibreOffice's ``soffice``, or None when it is not installed."""
    for name in COMMANDS:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(soffice: str, files: Sequence[Path], target: str, outdir: Path) -> str:
    """Convert ``files`` to ``target`` (a LibreOffice filter such as ``pdf``) into ``outdir`` in
    one run; return what LibreOffice printed. Each output is named after its input's stem."""
    with tempfile.TemporaryDirectory(prefix="fazhi-soffice-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            *("--headless", "--norestore", "--nolockcheck", "--nodefault"),
            *("--convert-to", target, "--outdir", str(outdir)),
            *(str(p) for p in files),
        ]
        return _run(command, timeout=START_SECONDS + PER_FILE_SECONDS * len(files))


def _run(command: list[str], *, timeout: float) -> str:
    new_session = os.name == "posix"
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=new_session,
        )
    except OSError as exc:
        raise UserError(f"无法启动 LibreOffice（{exc.strerror or exc}）") from exc
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if new_session:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise UserError(
            f"LibreOffice 在 {timeout:.0f} 秒内没有完成转换",
            hint="LibreOffice 可能卡在某个文件上；请单独转换该文件，或结束残留的 soffice 进程后重试。",
        ) from None
    return bytes(output).decode("utf-8", "replace")
