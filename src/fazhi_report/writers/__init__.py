"""Stage 6, write: the document tree → files (.docx, .html, .md, and .pdf through LibreOffice).

This package's own module is light on purpose: the batch imports it to name formats and outputs
without importing any writer.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("docx", "html", "md", "pdf")


def format_of(path: Path) -> str:
    """``报告.DOCX`` → ``docx``."""
    return path.suffix.lower().lstrip(".")


def names_a_file(output: Path) -> bool:
    """Whether ``-o`` names one output file (``r.docx``) rather than a folder (``dist/``)."""
    return format_of(output) in FORMATS and not output.is_dir()
