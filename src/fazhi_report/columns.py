"""Plain-text tables for a terminal or a CI log, and the display width they are padded by.

A CJK character takes two cells in a terminal (and about two digit widths in a spreadsheet
column), so padding by ``len`` would misalign every Chinese table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from unicodedata import east_asian_width


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide and full-width characters count two."""
    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


def plain_table(rows: Sequence[Sequence[str]]) -> Iterator[str]:
    """The rows as aligned lines, a rule of dashes under the first (the header)."""
    widths = [max(display_width(row[c]) for row in rows) for c in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [cell + " " * (widths[c] - display_width(cell)) for c, cell in enumerate(row)]
        yield "  ".join(cells).rstrip()
        if n == 0:
            yield "  ".join("-" * w for w in widths)
