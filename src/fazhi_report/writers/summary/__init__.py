"""The county summary's outputs: :mod:`.tables` lays a :class:`~fazhi_report.summary.compute.Summary`
out as plain tables, which :mod:`.xlsx` and :mod:`.flat` (.csv, .html) write, and :mod:`.document`
builds the GB/T 9704 .docx 附表 (and a county report's attachment) from."""

from __future__ import annotations

from ...summary.compute import Summary
from . import tables

FORMATS = ("xlsx", "csv", "html", "docx")


def render_summary(summary: Summary, fmt: str) -> bytes:
    """The bytes of one format.

    start-up: each writer is imported only when its format is asked for (openpyxl, python-docx).
    """
    if fmt == "csv":
        from .flat import render_csv

        return render_csv(tables.main_sheet(summary, with_changes=True))
    if fmt == "html":
        from .flat import render_html

        return render_html(summary.title, tables.all_sheets(summary))
    if fmt == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx(tables.all_sheets(summary))
    from ..docx import render_docx
    from .document import summary_document

    return render_docx(summary_document(summary))
