"""Opening what the user gave as a .docx: a .docx as it is; a .doc, .wps, .rtf or .odt converted
to a temporary .docx through LibreOffice when ``soffice`` is installed; anything else refused with
a Chinese message saying what the file is and how to get a .docx from it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from msgspec import Struct

from ..errors import InputFileError, UserError
from ..soffice import convert, find_soffice
from .sniff import InputKind, sniff

# The suffix LibreOffice's type detection expects for each convertible kind.
_SUFFIXES = {"doc": ".doc", "rtf": ".rtf", "wordxml": ".xml", "odt": ".odt"}


class Opened(Struct, frozen=True):
    """A file opened as a .docx: ``docx`` is the file to read, ``path`` itself unless converted."""

    path: Path
    docx: Path
    converted_from: InputKind | None = None


@contextmanager
def open_docx(path: Path) -> Iterator[Opened]:
    """``path`` as a readable .docx for the duration of the ``with`` block.

    Raises InputFileError when the file is not a .docx and cannot be converted (no LibreOffice,
    or a PDF, an image, a spreadsheet …); the message says what it is and what to do.
    """
    kind = sniff(path)
    if kind.is_docx:
        yield Opened(path, path)
        return
    soffice = find_soffice() if kind.convertible else None
    if soffice is None:
        raise kind.error(path, soffice_missing=kind.convertible)
    with tempfile.TemporaryDirectory(prefix="fazhi-convert-") as folder:
        yield Opened(path, convert_to_docx(path, kind, Path(folder), soffice), kind)


def convert_to_docx(path: Path, kind: InputKind, folder: Path, soffice: str) -> Path:
    """Convert ``path`` with LibreOffice into ``folder``; the .docx made, or InputFileError."""
    # A private copy under a plain name: the clerk's name may be “报告.docx” for a .doc, and
    # LibreOffice names its output after its input.
    source = folder / f"source{_SUFFIXES.get(kind.id, path.suffix)}"
    shutil.copyfile(path, source)
    out = folder / "out"
    try:
        log = convert(soffice, [source], "docx:MS Word 2007 XML", out)
    except UserError:
        log = ""
    made = out / "source.docx"
    if not made.is_file() or made.stat().st_size == 0:
        tail = " ".join(log.strip().splitlines()[-3:])
        raise InputFileError(
            path,
            f"{kind.description}，用 LibreOffice 转换为 .docx 未成功"
            + (f"（{tail}）" if tail else ""),
            hint=kind.hint,
        )
    return made
