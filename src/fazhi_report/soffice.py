"""Running LibreOffice (``soffice --headless --convert-to …``): finding it, and one guarded run.

Used for .docx → .pdf (:mod:`.writers.pdf`) and for old Word/WPS files → .docx
(:mod:`.ooxml.convert`). Each run gets a private profile (``-env:UserInstallation``): a clerk's
open LibreOffice window, or another conversion running at the same time, would otherwise take
the conversion over and silently produce nothing. The profile can carry a font replacement table
(Tools ▸ Options ▸ Fonts in LibreOffice), which is how a PDF gets the right kind of face for a
font the machine lacks (:mod:`.fonts`). LibreOffice runs in its own process group, so a time-out
ends ``soffice.bin`` too.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

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


def convert(
    soffice: str,
    files: Sequence[Path],
    target: str,
    outdir: Path,
    *,
    replacements: Mapping[str, str] | None = None,
) -> str:
    """Convert ``files`` to ``target`` (a LibreOffice filter such as ``pdf``, with its options)
    into ``outdir`` in one run; return what LibreOffice printed. Each output is named after its
    input's stem. ``replacements``: font name → the installed font to draw it with."""
    with tempfile.TemporaryDirectory(prefix="fazhi-soffice-") as profile:
        if replacements:
            user = Path(profile) / "user"
            user.mkdir()
            (user / "registrymodifications.xcu").write_text(
                replacement_table(replacements), encoding="utf-8"
            )
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            *("--headless", "--norestore", "--nolockcheck", "--nodefault"),
            *("--convert-to", target, "--outdir", str(outdir)),
            *(str(p) for p in files),
        ]
        return _run(command, timeout=START_SECONDS + PER_FILE_SECONDS * len(files))


def replacement_table(replacements: Mapping[str, str]) -> str:
    """A profile's registrymodifications.xcu holding LibreOffice's font replacement table.

    ``Always``: LibreOffice applies a pair for a missing font only when its own lookup finds
    nothing, and with fontconfig it always finds something (Noto Sans CJK JP for 仿宋_GB2312);
    the table only lists faces this machine lacks, so “always” replaces nothing installed.
    """
    pairs = "".join(
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
        f'<node oor:name="_{i}" oor:op="replace">'
        '<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        '<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(name)}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(use)}</value></prop>'
        "</node></item>\n"
        for i, (name, use) in enumerate(replacements.items())
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>\n'
        f"{pairs}</oor:items>\n"
    )


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
