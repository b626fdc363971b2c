"""``check``: any .docx audited against GB/T 9704 and the mandated items."""

from __future__ import annotations

from pathlib import Path

from ..check import CheckReport, check_report
from ..templating import find_template


def check(file: Path, template: str | None = None) -> CheckReport:
    """The audit of ``file``; fonts by ``template``'s style when one is named, else by the style
    the document declares (or the standard's defaults)."""
    style = None if template is None else find_template(template, Path.cwd()).style
    return check_report(file, style)
