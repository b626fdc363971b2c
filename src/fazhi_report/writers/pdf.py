""".docx → .pdf through LibreOffice (``soffice --headless --convert-to pdf``).

LibreOffice lays out the very .docx the docx writer made, so the PDF matches the printed report.
Starting LibreOffice costs seconds, so a batch converts all its reports in ONE call
(:func:`fazhi_report.soffice.convert`).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError, UserError
from ..soffice import convert, find_soffice


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
    log = convert(soffice, docx_files, "pdf", outdir)
    pdfs: dict[Path, Path | None] = {}
    for docx in docx_files:
        pdf = outdir / (docx.stem + ".pdf")
        pdfs[docx] = pdf if pdf.is_file() and pdf.stat().st_size > 0 else None
    return Conversion(pdfs, log)


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
