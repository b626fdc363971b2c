"""Tables (附表) as WordprocessingML, and the grid lines a table takes.

Columns fill the text width in proportion to each column's longest text; rows never split across
pages and the header row repeats on each page.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ... import layout
from ...tree import Table
from ...typeset import estimate_lines, text_width
from .wordml import STYLE_IDS, TABLE_STYLE_ID, run


def table_lines(table: Table) -> int:
    """Grid lines a table takes: each row as tall as its longest cell, at the table's spacing."""
    columns = max(len(row) for row in table.rows)
    widths = _column_widths(table.rows, columns)
    char = layout.char_twips(1, layout.TABLE.size_pt)
    margins = 2 * layout.TABLE_CELL_MARGIN_TWIPS
    lines = 0
    for row in table.rows:
        lines += max(
            (
                estimate_lines(cell, 0, (w - margins) / char)
                for cell, w in zip(row, widths, strict=False)
            ),
            default=1,
        )
    return math.ceil(lines * layout.TABLE_LINE_TWIPS / layout.PAGE.line_pitch_twips)


def table_xml(table: Table) -> str:
    """The table as a w:tbl: fixed layout, centred, header rows repeated on each page."""
    columns = max(len(row) for row in table.rows)
    widths = _column_widths(table.rows, columns)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = []
    for r, row in enumerate(table.rows):
        header = r < table.header_rows
        tr_pr = (
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            if header
            else "<w:trPr><w:cantSplit/></w:trPr>"
        )
        cells = []
        for c in range(columns):
            text = row[c] if c < len(row) else ""
            style = layout.TABLE_HEADER if header else layout.TABLE
            # Names in the first column read better flush left; figures stay centred.
            jc = '<w:jc w:val="left"/>' if c == 0 and not header else ""
            ppr = f'<w:pPr><w:pStyle w:val="{STYLE_IDS[style.key]}"/>{jc}</w:pPr>'
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{widths[c]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
                f"<w:p>{ppr}{run(text) if text else ''}</w:p></w:tc>"
            )
        rows.append(f"<w:tr>{tr_pr}{''.join(cells)}</w:tr>")
    total = sum(widths)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE_STYLE_ID}"/><w:tblW w:w="{total}" w:type="dxa"/>'
        f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        f"{''.join(rows)}</w:tbl>"
    )


def _column_widths(rows: Sequence[Sequence[str]], columns: int) -> list[int]:
    """Column widths in twips filling the text width, in proportion to each column's longest text."""
    total = layout.PAGE.text_width_twips
    char = layout.char_twips(1, layout.TABLE.size_pt)
    padding = 2 * layout.TABLE_CELL_MARGIN_TWIPS
    natural = [
        max(
            layout.TABLE_MIN_COLUMN_CHARS * char,
            max((math.ceil(text_width(row[c]) * char) for row in rows if c < len(row)), default=0),
        )
        + padding
        for c in range(columns)
    ]
    scale = total / sum(natural)
    widths = [int(w * scale) for w in natural]
    widths[-1] += total - sum(widths)
    return widths
