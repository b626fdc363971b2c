"""Text that a spreadsheet would evaluate, kept as text (OWASP, “CSV Injection”).

Unit names, 数据 names and the problems quoted from a township's file all reach the county's
spreadsheet. Excel and WPS take a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or with a
tab or carriage return before one) as a formula, and run it when the file is opened:
``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``. So, as OWASP's guidance says:

- .csv: such a cell gets a leading apostrophe, and every field is quoted, so that a separator or
  quote inside a name cannot start a new cell;
- .xlsx: every text cell is written as text (openpyxl would store ``=…`` as a formula) and such a
  cell carries Excel's own “text” mark (``quotePrefix``, what typing ``'=…`` does), so it shows
  exactly what the clerk wrote and stays text when edited.

A plain number (``-3``, ``+5%``) is not a formula and is left alone: numbers stay numbers.
"""

from __future__ import annotations

from ...patterns import lazy

#: What starts a formula in Excel, WPS or LibreOffice (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The character that makes a .csv cell text.
NEUTRAL = "'"
_NUMBER = lazy(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?%?")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula (a plain number is not one)."""
    return text.startswith(FORMULA_START) and _NUMBER.fullmatch(text) is None


def csv_text(text: str) -> str:
    """A .csv cell: ``text``, with the neutralising apostrophe when it looks like a formula."""
    return NEUTRAL + text if formula_like(text) else text
