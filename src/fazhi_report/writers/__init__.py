"""Stage 6, write: the document tree → files (.docx, .html, .md, and .pdf through LibreOffice).

This package's own module holds what every build shares before any writer runs: the one list of
formats and its parser, and the one rule for where reports go. It is light on purpose: the batch
imports it to name formats and outputs without importing any writer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import UserError

FORMATS = ("docx", "html", "md", "pdf")


def format_of(path: Path) -> str:
    """``报告.DOCX`` → ``docx``."""
    return path.suffix.lower().lstrip(".")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx, HTML,.md"`` → ``("docx", "html", "md")``; an unknown or empty list is refused."""
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise unsupported_format(",".join(bad) or text)
    return tuple(dict.fromkeys(formats))


def unsupported_format(name: str) -> UserError:
    """The one message for a format we cannot write, listing those we can."""
    return UserError(f"不支持的格式“{name}”", hint="可用格式：" + "、".join(FORMATS))


def names_a_file(output: Path) -> bool:
    """Whether ``-o`` names one output file (``r.docx``) rather than a folder (``dist/``)."""
    return format_of(output) in FORMATS and not output.is_dir()


def output_folder(facts: Path, output: Path | None) -> Path:
    """Where a report goes, and so where it is staged: ``-o`` a folder, the folder of ``-o`` a
    file, or (no ``-o``) next to the facts file."""
    if output is None:
        return facts.parent
    if names_a_file(output):
        return output.parent
    return output


def output_paths(
    facts: Path, title: str, output: Path | None, formats: Sequence[str]
) -> list[Path]:
    """Each format's file: ``-o r.docx`` as given (``r.html`` beside it for other formats),
    otherwise the report's title as the name, in :func:`output_folder`."""
    if output is not None and names_a_file(output):
        if len(formats) == 1:
            return [output]
        return [output.with_suffix("." + fmt) for fmt in formats]
    folder = output_folder(facts, output)
    return [folder / f"{file_stem(title)}.{fmt}" for fmt in formats]


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def file_stem(title: str) -> str:
    """The report's title as a file name Windows accepts."""
    return _UNSAFE.sub("_", title).strip(" .") or "report"
