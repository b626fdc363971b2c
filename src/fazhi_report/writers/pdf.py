""".docx → .pdf through LibreOffice (``soffice --headless --convert-to pdf``).

LibreOffice lays out the very .docx the docx writer made, so the PDF matches the printed report.
Starting LibreOffice costs seconds, so a batch converts all its reports in ONE call. Each call
gets a private profile (``-env:UserInstallation``): a clerk's open LibreOffice window, or another
conversion running at the same time, would otherwise take the conversion over and silently
produce nothing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, UserError

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


def require_soffice() -> str:
    """Like :func:`find_soffice`, but a clear Chinese error when LibreOffice is missing."""
    found = find_soffice()
    if found is None:
        raise UserError(
            "生成 PDF 需要 LibreOffice，但在 PATH 中找不到 soffice 命令",
            hint="请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer；"
            "Windows：安装后把其 program 文件夹加入 PATH），或从 --format 中去掉 pdf。",
        )
    return found


@dataclass(frozen=True)
class Conversion:
    """Each input's PDF (None where LibreOffice made none) and what LibreOffice printed."""

    pdfs: dict[Path, Path | None]
    log: str

    def failure(self) -> str:
        """Why a PDF is missing, in words a clerk can pass on: LibreOffice's last lines."""
        tail = "\n".join(self.log.strip().splitlines()[-5:])
        return "LibreOffice 未能把报告转换为 PDF" + (
            f"（LibreOffice 输出：{tail}）" if tail else ""
        )


def convert_to_pdf(docx_files: Sequence[Path], outdir: Path) -> Conversion:
    """Convert every file in one LibreOffice run; map each input to its PDF (None: not made).

    LibreOffice names each PDF after its input (``a.docx`` → ``outdir/a.pdf``), so inputs must
    have distinct stems; the batch gives them numbered names.
    """
    if not docx_files:
        return Conversion({}, "")
    soffice = require_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fazhi-soffice-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *(str(p) for p in docx_files),
        ]
        log = _run(command, timeout=START_SECONDS + PER_FILE_SECONDS * len(docx_files))
    pdfs: dict[Path, Path | None] = {}
    for docx in docx_files:
        pdf = outdir / (docx.stem + ".pdf")
        pdfs[docx] = pdf if pdf.is_file() and pdf.stat().st_size > 0 else None
    return Conversion(pdfs, log)


def _run(command: list[str], *, timeout: float) -> str:
    """Run LibreOffice in its own process group, so a time-out ends soffice.bin too."""
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
        raise OutputError("PDF", f"无法启动 LibreOffice（{exc.strerror or exc}）") from exc
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        if new_session:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
        proc.communicate()
        raise OutputError("PDF", f"LibreOffice 在 {timeout:.0f} 秒内没有完成转换") from None
    return bytes(output).decode("utf-8", "replace")


def render_pdf(docx: bytes) -> bytes:
    """One report's .docx bytes → its PDF bytes (a batch uses :func:`convert_to_pdf` instead)."""
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        conversion = convert_to_pdf([source], Path(folder) / "out")
        pdf = conversion.pdfs[source]
        if pdf is None:
            raise OutputError(
                "PDF", conversion.failure(), "可用 LibreOffice 手工打开 .docx 查看问题所在。"
            )
        return pdf.read_bytes()
