"""The summary as an Excel workbook (opens in Excel, WPS 表格 and LibreOffice): one sheet per
table, header row frozen (and the unit column on the wide sheets), figures stored as numbers.

A figure keeps its exact text on screen and is stored as its full value, so that Excel adds up
what the clerks meant (:func:`figure_cell`): ``2300余起`` is 2300 with the number format
``0"余起"``, ``98%以上`` 0.98 with ``0%"以上"``, ``1.2万余人次`` 12000 with ``0"."0,"万余人次"``
(Excel's thousands scaling shows 12000 as 1.2), ``逾20万元`` 200000 shown through a format that
is its text (no digit format shows 200000 as 20). A figure with 余, 以上, 约 … carries a note
(批注) saying what was stored and what the qualifier means. Text that is no figure, or would not
print back exactly (two numbers, a quote mark, ``‰``, more digits than a double holds), stays a
text cell, and no text cell is ever a formula (:mod:`.cells`). openpyxl is imported only here,
when an .xlsx is written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from msgspec import Struct

from ...columns import display_width
from ...patterns import lazy
from ...quantity import (
    ABOUT,
    AT_LEAST,
    AT_MOST,
    MORE_THAN,
    NEARLY,
    OVER,
    ROUGHLY,
    Quantity,
    QuantityError,
    parse_quantity,
)
from ...summary.totals import plain
from .cells import formula_like
from .tables import Sheet

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_NUMBER = lazy(r"\d+(?:,\d{3})*(?:\.\d+)?")
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


class Figure(Struct, frozen=True):
    """A figure as a workbook cell: the full value, the format that prints the clerk's text, and
    a note for an approximate one."""

    value: int | float
    number_format: str
    note: str | None = None


#: (magnitude's zeros, decimals written) → the digits of a format that shows the full value as
#: written: thousands scaling (each ``,`` divides by 1000) and a literal ``.`` placed where the
#: written decimal point was. 1.2万 = 12000: ÷1000 is 12, printed 1“.”2.
_SCALED = {
    (4, 1): '0"."0,',
    (4, 4): '0"."0000',
    (8, 2): '0"."00,,',
    (8, 5): '0"."00000,',
    (8, 8): '0"."00000000',
}
#: What a qualifier says about the stored value.
_MEANING = (
    ((*OVER, *AT_LEAST), MORE_THAN, "实际多于此数"),
    (ROUGHLY, (*ABOUT, *NEARLY), "是约数"),
    (AT_MOST, (), "实际不超过此数"),
)


def figure_cell(text: str) -> Figure | None:
    """``text`` as a stored figure, or None when it is not one that prints back exactly."""
    try:
        quantity = parse_quantity(text)
    except QuantityError:
        return None
    if '"' in text or quantity.unit == "‰" or _too_long(quantity.full_value):
        return None
    value = quantity.full_value / 100 if quantity.unit == "%" else quantity.full_value
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    code = _digits_format(text, quantity) or f'"{text}"'
    return Figure(number, code, _note(quantity, number))


def _digits_format(text: str, quantity: Quantity) -> str | None:
    """A number format with digit placeholders that prints the full value as ``text``."""
    if quantity.magnitude == 1:
        shown = as_number(text)
        return (
            shown[1]
            if shown is not None
            and Decimal(str(shown[0])) * (100 if quantity.unit == "%" else 1) == quantity.value
            else None
        )
    found = _NUMBER.findall(text)
    if len(found) != 1 or "," in found[0]:
        return None
    zeros = len(str(int(quantity.magnitude))) - 1
    digits = _SCALED.get((zeros, len(found[0].partition(".")[2])))
    if digits is None:
        return None
    prefix, _, suffix = text.partition(found[0])
    return (f'"{prefix}"' if prefix else "") + digits + (f'"{suffix}"' if suffix else "")


def _too_long(value: Decimal) -> bool:
    return len(value.normalize().as_tuple().digits) > MAX_DIGITS


def _note(quantity: Quantity, stored: int | float) -> str | None:
    """What an approximate figure's cell holds, for whoever adds it up."""
    if not quantity.is_approximate:
        return None
    meaning = next(
        (
            m
            for suffixes, prefixes, m in _MEANING
            if quantity.qualifier in suffixes or quantity.prefix in prefixes
        ),
        "是约数",
    )
    shown = (
        f"{plain(quantity.full_value)}%" if quantity.unit == "%" else plain(Decimal(str(stored)))
    )
    return f"单元格中的数值是 {shown}；原文“{quantity.text}”{meaning}。"


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
            if sheet.numeric[c]:
                _store_number(cell, text)
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


def _store_number(cell: Cell, text: str) -> None:
    """A figure column's cell: the full value, its text as the display, a note if approximate."""
    from openpyxl.comments import Comment

    figure = figure_cell(text)
    if figure is not None:
        cell.value, cell.number_format = figure.value, figure.number_format
        if figure.note:
            cell.comment = Comment(figure.note, "fazhi-report")
    elif (number := as_number(text)) is not None:
        cell.value, cell.number_format = number


def _widths(sheet: Sheet) -> list[float]:
    widths: list[float] = []
    for c, title in enumerate(sheet.header):
        longest = max([display_width(title), *(display_width(row[c]) for row in sheet.rows)])
        widths.append(min(MAX_WIDTH, longest + 2))
    return widths
