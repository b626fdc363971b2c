"""``index.html``: the list of every report a batch built, as a county's 法治政府建设年度报告 column
on its government website shows it (单位, 年度, 成文日期, the 政府信息公开 fields, a link to each
format).

Self-contained like the reports' own pages (inline style, nothing fetched) and deterministic: the
same reports always give the same bytes (no build date on the page).

Readable on a desktop and on a phone: at a desktop width a table whose unit names, dates and
short fields never wrap (a name broken after every second character cannot be read) and whose
report titles take the room left; below :data:`NARROW` one card per report, each field labelled.
Long 索引号 and 文件编号 may break anywhere: they are codes, not words. The 下载 column is there
only when some report has a format besides the web page. ``tests/test_index_layout.py`` measures
the rendered lines in headless Chromium at 1200 and 390 pixels.

Order: newest 年度 first, as the portals list a column; within a year the county's (or city's,
district's) own report first, then its departments', then the 街道, 乡 and 镇; within each of those,
the order the county keeps the facts files in (the batch's input order, folders sorted by name).
Not by the units' names: sorting Chinese by code point is neither pinyin nor stroke order and
would look random to a reader, whereas the county controls the order of its own files.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import quote

from msgspec import Struct

from ..conventions import EDITIONS, Edition
from ..schema import publication_keys
from ..tree import Document
from . import edition_suffix
from .html import page_head

INDEX_NAME = "index.html"
TITLE = "法治政府建设年度报告"

#: The 政府信息公开 fields always shown (empty when a report's facts give none); the others
#: (:func:`fazhi_report.schema.publication_keys`) only when some report gives them.
MAIN_FIELDS = ("索引号", "发布机构", "公开方式")
FORMAT_LABELS = {"html": "网页", "docx": "Word", "pdf": "PDF", "md": "Markdown"}
_LEVEL = {"市": 0, "县": 0, "区": 0, "部门": 1, "街道": 2, "乡": 2, "镇": 2}


class Entry(Struct, frozen=True):
    """What the index says of one report (a worker sends it back with the outcome)."""

    unit: str
    kind: str  # 单位类型: 县, 部门, 镇 …
    year: int
    issued: str  # 成文日期, ISO
    date_text: str  # 成文日期 as printed
    title: str
    meta: tuple[tuple[str, str], ...]  # the report's 政府信息公开 fields

    def field(self, name: str) -> str:
        return dict(self.meta).get(name, "")


def entry(document: Document, kind: str) -> Entry:
    """The index's entry for a report built from ``document``."""
    issued = document.issued.isoformat() if document.issued else ""
    meta = tuple((k, v) for k, v in document.meta.items() if k != "成文日期")
    return Entry(
        document.unit, kind, document.year, issued, document.date_text, document.title, meta
    )


Listed = tuple[Entry, Sequence[str]]  # an entry, and its files relative to the index (posix)

#: Below this width the table becomes one card per report (a phone held upright).
NARROW = "48em"
STYLE = f"""\
body {{ margin: 0 auto; max-width: 80em; padding: 1em;
  font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif; }}
h1 {{ font-family: "方正小标宋简体", "小标宋", "华文中宋", STZhongsong, "宋体", SimSun, serif;
  font-weight: normal; text-align: center; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.95em; }}
th, td {{ border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }}
thead th {{ background: #f2f2f2; font-weight: normal; font-family: "黑体", SimHei, sans-serif;
  white-space: nowrap; }}
tbody th, td.nowrap {{ white-space: nowrap; }}
tbody th {{ font-weight: bold; }}
td.title {{ min-width: 14em; }}
td.code {{ word-break: break-all; min-width: 7em; }}
@media (max-width: {NARROW}) {{
  table, thead, tbody, tr, th, td {{ display: block; }}
  thead {{ position: absolute; left: -9999px; }}
  tr {{ border: 1px solid #999; margin: 0 0 1em; }}
  th, td {{ border: none; padding: 2px 8px; min-width: 0; }}
  tbody th {{ background: #f2f2f2; padding: 6px 8px; white-space: normal; }}
  td:empty {{ display: none; }}
  td::before {{ content: attr(data-label) "："; font-family: "黑体", SimHei, sans-serif; }}
}}
"""


def order(listed: Sequence[Listed]) -> list[Listed]:
    """Newest year first, then the unit's level, then as given (see the module doc)."""
    return sorted(listed, key=lambda item: (-item[0].year, _LEVEL.get(item[0].kind, 1)))


#: Fields that are codes (break anywhere), and those that are a few words (never break).
CODES = ("索引号", "文件编号")
DOWNLOADS = "下载"


def render_index(listed: Sequence[Listed]) -> bytes:
    """The index page (UTF-8, one newline at the end)."""
    items = order(listed)
    more = [
        f for f in publication_keys() if f not in MAIN_FIELDS and any(e.field(f) for e, _ in items)
    ]
    fields = [*MAIN_FIELDS, *more]
    downloads = any(_downloads(files) for _, files in items)
    header = ["单位", "年度", "报告", "成文日期", *fields, *([DOWNLOADS] if downloads else [])]
    lines = [
        *page_head(TITLE, STYLE),
        f"<h1>{TITLE}</h1>",
        f'<table class="reports" aria-label="{TITLE}">',
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in header) + "</tr></thead>",
        "<tbody>",
        *(_row(e, files, fields, downloads=downloads) for e, files in items),
        "</tbody>",
        "</table>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _by_format(files: Sequence[str]) -> dict[str, str]:
    """Each format's file; of a format built in both editions the 公开版 (the website's)."""
    found: dict[str, str] = {}
    for name in files:
        fmt = name.rsplit(".", 1)[-1].lower()
        if fmt not in found or _edition_of(name) == "publish":
            found[fmt] = name
    return found


def _edition_of(name: str) -> Edition | None:
    """The edition a file's name says it is (only a format built in both editions says)."""
    stem = name.rsplit(".", 1)[0]
    return next((e for e in EDITIONS if stem.endswith(edition_suffix(e))), None)


def _row(item: Entry, files: Sequence[str], fields: Sequence[str], *, downloads: bool) -> str:
    by_format = _by_format(files)
    page = by_format.get("html")
    title = _e(item.title).replace("\n", "")
    linked = f'<a href="{_href(page)}">{title}</a>' if page else title
    date = f'<time datetime="{item.issued}">{_e(item.date_text)}</time>' if item.issued else ""
    cells = [
        f'<th scope="row">{_e(item.unit)}</th>',
        _cell("年度", str(item.year), "nowrap"),
        _cell("报告", linked, "title"),
        _cell("成文日期", date, "nowrap"),
        *(_cell(f, _e(item.field(f)), "code" if f in CODES else "nowrap") for f in fields),
    ]
    if downloads:
        cells.append(_cell(DOWNLOADS, " ".join(_downloads(files)), "nowrap"))
    return "<tr>" + "".join(cells) + "</tr>"


def _cell(label: str, html: str, kind: str) -> str:
    """A cell; ``data-label`` names it where a narrow screen shows one card per report."""
    return f'<td class="{kind}" data-label="{label}">{html}</td>'


def _downloads(files: Sequence[str]) -> list[str]:
    """A link to each file but the web page, in :data:`FORMAT_LABELS`' order; a format built in
    both editions links both, each named (“Word（报送版）”)."""
    links = []
    for fmt, label in FORMAT_LABELS.items():
        for name in files:
            if fmt == "html" or name.rsplit(".", 1)[-1].lower() != fmt:
                continue
            edition = _edition_of(name)
            named = label + (edition_suffix(edition) if edition else "")
            links.append(f'<a href="{_href(name)}">{named}</a>')
    return links


def _href(relative: str) -> str:
    """A file name as a link: ASCII that a URL cannot hold (space, #, ?, %) percent-encoded,
    Chinese kept as it is (the page is UTF-8; a clerk reading the source sees the names)."""
    return escape("".join(c if ord(c) > 127 else quote(c, safe="/") for c in relative))


def _e(text: str) -> str:
    return escape(text, quote=True)
