"""The summary as an Excel workbook (opens in Excel, WPS 表格 and LibreOffice): one sheet per
table, header row frozen (and the unit column on the wide sheets), figures stored as numbers.

A figure keeps its exact text on screen and is still a number Excel can add up: ``2300余起`` is
stored as 2300 with the number format ``0"余起"``, ``98%以上`` as 0.98 with ``0%"以上"``. Text that
would not print back exactly that way (two numbers, a quote mark, ``‰``, more digits than a double
holds) stays a text cell, and no text cell is ever a formula (:mod:`.cells`). openpyxl is imported
only here, when an .xlsx is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from ...columns import display_width
from .cells import formula_like
from .tables import Sheet

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
#: A double holds 15 significant decimal digits exactly.
MAX_DIGITS = 15
MAX_WIDTH = 40


def as_number(text: str) -> tuple[int | float, str] | None:
    """(value, number format) that Excel displays as exactly ``text``; None if there is none."""
    found = _NUMBER.findall(text)
    if len(found) != 1 or '"' in text or "‰" in text:
        return None
    digits = found[0]
    prefix, _, suffix = text.partition(digits)
    plain = digits.replace(",", "")
    if re.match(r"0\d", plain) or len(plain.replace(".", "")) > MAX_DIGITS:
        return None
    decimals = len(plain.partition(".")[2])
    code = ("#,##0" if "," in digits else "0") + ("." + "0" * decimals if decimals else "")
    value = Decimal(plain)
    if suffix.startswith("%"):
        value, code, suffix = value / 100, code + "%", suffix[1:]
    if "%" in prefix + suffix:
        return None
    literal = (f'"{prefix}"' if prefix else "") + code + (f'"{suffix}"' if suffix else "")
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    return number, literal


def render_xlsx(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for sheet in sheets:
        _write(book.create_sheet(sheet.name), sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(ws: WriteOnlyWorksheet, sheet: Sheet) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = f"{get_column_letter(sheet.frozen_columns + 1)}2"
    # A write-only sheet has column dimensions at run time; the type stubs do not list them.
    dimensions = ws.column_dimensions  # type: ignore[attr-defined]
    for c, width in enumerate(_widths(sheet), 1):
        dimensions[get_column_letter(c)].width = width
    header = []
    for text in sheet.header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.alignment = bold, wrap
        header.append(cell)
    ws.append(_as_text(header))
    last = len(sheet.rows) - 1
    for r, row in enumerate(sheet.rows):
        total = sheet.has_total and r == last
        cells = []
        for c, text in enumerate(row):
            cell = WriteOnlyCell(ws, value=text or None)
            number = as_number(text) if sheet.numeric[c] else None
            if number is not None:
                cell.value, cell.number_format = number
            if total:
                cell.font = bold
            cells.append(cell)
        ws.append(_as_text(cells))


def _as_text(cells: list[Cell]) -> list[Cell]:
    """Text cells stay text, never a formula (:mod:`.cells`): openpyxl stores a text beginning
    with ``=`` as one; formula-like text also gets Excel's text mark (``quotePrefix``)."""
    for cell in cells:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if formula_like(cell.value):
                cell.quotePrefix = True
    return cells


def _widths(sheet: Sheet) -> list[float]:
    widths: list[float] = []
    for c, title in enumerate(sheet.header):
        longest = max([display_width(title), *(display_width(row[c]) for row in sheet.rows)])
        widths.append(min(MAX_WIDTH, longest + 2))
    return widths
