"""The summary as .csv (the 汇总 table alone) and as one self-contained .html page (every table).

The .csv is UTF-8 with a BOM, so Excel and WPS open it as Chinese rather than guessing GBK; a
header row of column names, one row per unit, the 合计 last; figures exactly as written, and text
a spreadsheet would run as a formula neutralised (:mod:`.cells`).
The .html is for the intranet: inline style, no script or external resource, a wide table that
scrolls sideways with its header and unit column kept in view.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from html import escape

from ..html import page_head
from .cells import csv_text
from .tables import Sheet


def render_csv(sheet: Sheet) -> bytes:
    """Every field quoted and formula-like text neutralised (:mod:`.cells`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in (sheet.header, *sheet.rows):
        writer.writerow([csv_text(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


STYLE = """\
body { font-family: "仿宋_GB2312", "仿宋", FangSong, "Noto Serif CJK SC", serif; margin: 1em; }
h1 { font-family: "方正小标宋简体", "小标宋", "华文中宋", "宋体", SimSun, serif; font-weight: normal;
  text-align: center; }
h2 { font-family: "黑体", SimHei, sans-serif; font-weight: normal; font-size: 1.1em; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid #999; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #999; padding: 2px 6px; white-space: nowrap; text-align: center; }
thead th { position: sticky; top: 0; background: #eee; z-index: 2; }
tbody th { position: sticky; left: 0; background: #f7f7f7; text-align: left; font-weight: normal;
  z-index: 1; }
tr.total td, tr.total th { font-weight: bold; background: #fff7e0; }
td.notes { white-space: pre-wrap; text-align: left; }
"""


def render_html(title: str, sheets: Sequence[Sheet]) -> bytes:
    lines = [*page_head(title, STYLE), f"<h1>{escape(title)}</h1>"]
    for sheet in sheets:
        lines += [
            f"<h2>{escape(sheet.name)}</h2>",
            '<div class="scroll">',
            *_table(sheet),
            "</div>",
        ]
    lines += ["</body>", "</html>"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _table(sheet: Sheet) -> Iterator[str]:
    yield "<table>"
    yield "<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in sheet.header)
    yield "</tr></thead>"
    yield "<tbody>"
    last = len(sheet.rows) - 1
    wide = len(sheet.header) == 1
    for r, row in enumerate(sheet.rows):
        total = ' class="total"' if sheet.has_total and r == last else ""
        cells = []
        for c, text in enumerate(row):
            if c == 0 and sheet.frozen_columns and not wide:
                cells.append(f'<th scope="row">{escape(text)}</th>')
            else:
                cls = ' class="notes"' if wide or sheet.header[c] in ("说明", "问题") else ""
                cells.append(f"<td{cls}>{escape(text)}</td>")
        yield f"<tr{total}>" + "".join(cells) + "</tr>"
    yield "</tbody>"
    yield "</table>"
