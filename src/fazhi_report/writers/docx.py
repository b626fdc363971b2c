"""Document tree → .docx laid out to GB/T 9704-2012 (党政机关公文格式).

The file starts from the project's own base document: the readable XML parts under
``fazhi_report/base``, whose numbers are filled in from :mod:`fazhi_report.layout` and which are
zipped once per process. The body is written as WordprocessingML text and parsed once (far
cheaper than python-docx's per-paragraph API), then the package python-docx saves is re-zipped
with a fixed entry order and fixed timestamps, so the same tree always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import re
import string
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING

from .. import layout
from ..chars import XML_INVALID
from ..tree import Block, Document, Heading, NumberedItem, Paragraph, Table

if TYPE_CHECKING:
    from docx.opc.coreprops import CoreProperties

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#: The base document's parts, in the order they are zipped (and the order of the output zip).
BASE_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/footer1.xml",
    "word/footer2.xml",
    "word/theme/theme1.xml",
)

#: Style ids in base/word/styles.xml.
STYLE_IDS = {
    "body": "Normal",
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "heading3": "Heading3",
    "heading4": "Heading4",
    "addressee": "Addressee",
    "signature": "Signature",
    "attachment_label": "AttachmentLabel",
    "table": "TableText",
    "table_header": "TableHeader",
    "copy_note": "CopyNote",
    "page_number": "Footer",
}
TABLE_STYLE_ID = "ReportTable"

# Characters Word would otherwise draw with the Latin font (they sit in ranges shared by both
# scripts): a run holding any of them gets w:hint="eastAsia" so they come out full-width.
AMBIGUOUS = frozenset("“”‘’—…·")
# Line-breaking rules (禁则) the estimate follows: what may not begin a line and what may not end one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
# Marks Word (w:overflowPunct, on by default) and LibreOffice let hang past the right margin
# rather than pushing the character before them down.
HANGING = frozenset("，。、；：？！,.")


# ---------------------------------------------------------------------------------------------
# Widths, on the 28-character grid


def text_width(text: str) -> float:
    """Display width of ``text`` in full-width characters (ASCII counts ½)."""
    narrow = sum(1 for ch in text if ord(ch) < 0x2000 and ch not in AMBIGUOUS)
    return len(text) - narrow / 2


_TOKEN = re.compile(r"[A-Za-z0-9%.\-+/:]+|.", re.DOTALL)


def estimate_lines(text: str, first_indent: float = 0.0, width: float | None = None) -> int:
    """Lines ``text`` takes in a paragraph ``width`` characters wide (default: the 28-char grid).

    A greedy fill that keeps Latin words and numbers whole and follows the 禁则: a comma or full
    stop that does not fit hangs past the margin, another closing mark never begins a line (the
    character before it goes down with it) and an opening mark never ends one. An estimate:
    LibreOffice adds a little space around digits, so lines with many of them may differ.
    """
    avail = float(layout.PAGE.chars_per_line) if width is None else width
    lines, x = 1, first_indent
    previous_width = 0.0
    previous = ""
    for token in _TOKEN.findall(text):
        w = text_width(token)
        if x + w <= avail or (token in HANGING and x <= avail):
            x += w
        else:
            lines += 1
            # 禁则: the character before a closing mark, or an opening mark, goes down too.
            kept_together = token[0] in NO_LINE_START or previous in NO_LINE_END
            x = previous_width + w if kept_together else w
        previous_width, previous = w, token[-1]
    return lines


# ---------------------------------------------------------------------------------------------
# Title lines (梯形/菱形)

_TITLE_BREAKS: tuple[tuple[str, float], ...] = (
    # (where, penalty): “|” marks the break; the lower the penalty, the more natural the break.
    (" ", 0.0),  # between two issuing organs' names
    ("|关于", 0.0),  # the 事由 starts with 关于
    ("关于|", 0.5),
    ("|暨", 0.5),
    ("|和", 1.5),
    ("|及", 1.5),
    ("|的报告", 1.0),
    ("年度|", 2.0),
    ("的|", 2.0),
    ("、|", 2.0),
)
_TITLE_ANY_BREAK = 6.0


def title_lines(title: str, max_chars: float | None = None) -> list[str]:
    """Break a long title into lines of about equal width at natural points (梯形/菱形).

    Each line holds at most ``max_chars`` (default: as many 二号 characters as the 版心 holds).
    The split minimises how far each line is from the average width plus a penalty for breaking
    anywhere but a natural point (between two organs' names, before 关于 …).
    """
    if max_chars is None:
        max_chars = math.floor(
            layout.PAGE.text_width_twips / (layout.TITLE.size_pt * layout.TWIPS_PER_PT)
        )
    title = title.strip()
    total = text_width(title)
    if total <= max_chars:
        return [title]
    breaks = _title_break_points(title)
    for count in range(math.ceil(total / max_chars), len(title) + 1):
        lines = _split_title(title, breaks, count, max_chars)
        if lines:
            return lines
    return [title]


def _title_break_points(title: str) -> dict[int, float]:
    """Position → penalty of breaking before ``title[position]``."""
    points: dict[int, float] = {}
    for i in range(1, len(title)):
        before, after = title[i - 1], title[i]
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            continue  # never inside a number or a Latin word
        if after in NO_LINE_START or before in NO_LINE_END:
            continue
        penalty = _TITLE_ANY_BREAK
        for pattern, cost in _TITLE_BREAKS:
            if pattern == " ":
                hit = " " in (before, after)
            else:
                left, _, right = pattern.partition("|")
                hit = title.endswith(left, 0, i) and title.startswith(right, i)
            if hit:
                penalty = min(penalty, cost)
        points[i] = penalty
    return points


def _split_title(
    title: str, breaks: dict[int, float], count: int, max_chars: float
) -> list[str] | None:
    """The best ``count``-line split (dynamic programming over the allowed break points)."""
    target = text_width(title) / count
    bounds = [0, *sorted(breaks), len(title)]
    inf = math.inf
    # best[k][j]: cost of setting title[:bounds[j]] as k lines; back[k][j]: where line k starts.
    best = [[inf] * len(bounds) for _ in range(count + 1)]
    back = [[0] * len(bounds) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(1, len(bounds)):
            for i in range(j):
                if best[k - 1][i] == inf:
                    continue
                width = text_width(title[bounds[i] : bounds[j]].strip())
                if width > max_chars or width == 0:
                    continue
                cost = best[k - 1][i] + abs(width - target)
                if j < len(bounds) - 1:
                    cost += breaks[bounds[j]]
                if cost < best[k][j]:
                    best[k][j], back[k][j] = cost, i
    end = len(bounds) - 1
    if best[count][end] == inf:
        return None
    lines: list[str] = []
    j = end
    for k in range(count, 0, -1):
        i = back[k][j]
        lines.append(title[bounds[i] : bounds[j]].strip())
        j = i
    return lines[::-1]


# ---------------------------------------------------------------------------------------------
# WordprocessingML text


def _esc(text: str) -> str:
    # Control characters (a stray form feed pasted from a PDF …) are not allowed in XML at all.
    text = XML_INVALID.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _t(text: str) -> str:
    if text != text.strip() or "  " in text:
        return f'<w:t xml:space="preserve">{_esc(text)}</w:t>'
    return f"<w:t>{_esc(text)}</w:t>"


def _run(text: str) -> str:
    if "\n" in text:
        return _lines_run(text.split("\n"))
    rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' if AMBIGUOUS.intersection(text) else ""
    return f"<w:r>{rpr}{_t(text)}</w:r>"


def _lines_run(lines: Sequence[str]) -> str:
    """One run whose lines are separated by w:br (a title's lines stay one paragraph)."""
    ambiguous = any(AMBIGUOUS.intersection(line) for line in lines)
    rpr = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>' if ambiguous else ""
    return f"<w:r>{rpr}{'<w:br/>'.join(_t(line) for line in lines)}</w:r>"


@dataclass
class Indent:
    """Paragraph indents in characters (of the paragraph's own size)."""

    left: float | None = None
    right: float | None = None
    first_line: float | None = None
    hanging: float | None = None

    def xml(self, size_pt: float) -> str:
        attrs = []
        if self.left is not None:
            attrs.append(_ind_attr("left", self.left, size_pt))
        if self.right is not None:
            attrs.append(_ind_attr("right", self.right, size_pt))
        if self.first_line is not None:
            attrs.append(_ind_attr("firstLine", self.first_line, size_pt))
        if self.hanging is not None:
            attrs.append(_ind_attr("hanging", self.hanging, size_pt))
        return f"<w:ind {' '.join(attrs)}/>" if attrs else ""


def _ind_attr(name: str, chars: float, size_pt: float) -> str:
    # Word reads the *Chars form (it follows the font); LibreOffice and older readers the twips.
    return (
        f'w:{name}="{layout.char_twips(chars, size_pt)}" w:{name}Chars="{layout.char_units(chars)}"'
    )


Lines = int | Callable[[], int]


def _count(lines: Lines) -> int:
    return lines() if callable(lines) else lines


@dataclass
class Para:
    """One paragraph to write, and how many grid lines it takes (for the page estimate).

    ``line_count`` may be a function: the estimate is only worked out when :func:`estimate_pages`
    asks, so writing a report does not pay for measuring every line.
    """

    style: layout.TextStyle
    runs: str = ""
    line_count: Lines = 1
    keep_next: bool = False
    page_break_before: bool = False
    indent: Indent | None = None
    align: str | None = None
    borders: str = ""
    frame: str = ""

    def xml(self) -> str:
        ppr = []
        if self.style is not layout.BODY:
            ppr.append(f'<w:pStyle w:val="{STYLE_IDS[self.style.key]}"/>')
        if self.keep_next and not self.style.keep_next:
            ppr.append("<w:keepNext/>")
        if self.page_break_before:
            ppr.append("<w:pageBreakBefore/>")
        if self.frame:
            ppr.append(self.frame)
        if self.borders:
            ppr.append(self.borders)
        if self.indent is not None:
            ppr.append(self.indent.xml(self.style.size_pt))
        if self.align is not None:
            ppr.append(f'<w:jc w:val="{self.align}"/>')
        ppr_xml = f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else ""
        return f"<w:p>{ppr_xml}{self.runs}</w:p>"

    @property
    def lines(self) -> int:
        return _count(self.line_count)


@dataclass
class Element:
    """A table, or anything else written as ready XML."""

    xml_text: str
    line_count: Lines = 0

    def xml(self) -> str:
        return self.xml_text

    @property
    def lines(self) -> int:
        return _count(self.line_count)


Item = Para | Element


# ---------------------------------------------------------------------------------------------
# Building the body


@dataclass
class _Body:
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> Item:
        self.items.append(item)
        return item

    def blank(self, count: int = 1, *, keep_next: bool = False) -> None:
        for _ in range(count):
            self.items.append(Para(layout.BODY, keep_next=keep_next))

    def text(
        self,
        style: layout.TextStyle,
        text: str,
        *,
        indent: Indent | None = None,
        keep_next: bool = False,
        align: str | None = None,
    ) -> Para:
        first = style.first_line_chars / layout.CHAR_UNITS
        left = right = 0.0
        if indent is not None:
            if indent.hanging is not None:
                first = -indent.hanging
            elif indent.first_line is not None:
                first = indent.first_line
            left = indent.left or 0.0
            right = indent.right or 0.0
        width = _line_chars(style) - left - right

        def lines() -> int:
            return sum(estimate_lines(line, first, width) for line in text.split("\n"))

        para = Para(style, _run(text), lines, keep_next=keep_next, indent=indent, align=align)
        self.items.append(para)
        return para

    def blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                self.text(layout.HEADING_STYLES[block.level], block.number + block.text)
            elif isinstance(block, NumberedItem):
                self.text(layout.BODY, block.number + block.text)
            elif isinstance(block, Paragraph):
                self.text(layout.BODY, block.text)
            else:
                if block.caption:
                    self.text(layout.TABLE_HEADER, block.caption, keep_next=True)
                if block.rows:
                    lines = functools.partial(_table_lines, block)
                    self.items.append(Element(_table_xml(block), lines))


def _line_chars(style: layout.TextStyle) -> float:
    """How many characters of ``style`` a full line holds (28 三号, 32 四号 …)."""
    return layout.PAGE.chars_per_line * layout.SIZE_SAN / style.size_pt


def _table_lines(table: Table) -> int:
    """Grid lines a table takes: each row as tall as its longest cell, at the table's spacing."""
    columns = max(len(row) for row in table.rows)
    widths = _column_widths(table.rows, columns)
    char = layout.char_twips(1, layout.TABLE.size_pt)
    margins = 2 * layout.TABLE_CELL_MARGIN_TWIPS
    table_lines = 0
    for row in table.rows:
        table_lines += max(
            (
                estimate_lines(cell, 0, (w - margins) / char)
                for cell, w in zip(row, widths, strict=False)
            ),
            default=1,
        )
    return math.ceil(table_lines * layout.TABLE_LINE_TWIPS / layout.PAGE.line_pitch_twips)


def _table_xml(table: Table) -> str:
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
                f"<w:p>{ppr}{_run(text) if text else ''}</w:p></w:tc>"
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


# ---------------------------------------------------------------------------------------------
# Front and end matter


def _signature_block(document: Document, body: _Body) -> None:
    """署名 and 成文日期 as a right-side block (GB/T 9704 7.3.5), with right indents in characters."""
    names = [name for name in document.signature if name.strip()]
    date = document.date_text
    date_w = text_width(date)
    name_w = max((text_width(n) for n in names), default=0.0)
    if document.sealed:
        date_right = float(layout.SEALED_DATE_RIGHT_CHARS)
        centre = date_right + date_w / 2
        rights = [max(0.0, centre - text_width(n) / 2) for n in names]
    else:
        sig_right = float(layout.SIGNATURE_RIGHT_CHARS)
        date_right = sig_right + name_w - layout.SIGNATURE_DATE_SHIFT_CHARS - date_w
        if date_w > name_w:
            # 成文日期长于发文机关署名: the date keeps the 2 characters, the names move left.
            date_right = float(layout.SIGNATURE_RIGHT_CHARS)
            sig_right = date_right + date_w + layout.SIGNATURE_DATE_SHIFT_CHARS - name_w
        rights = [sig_right] * len(names)
    style = layout.SIGNATURE
    for name, right in zip(names, rights, strict=True):
        body.text(style, name, indent=Indent(right=right, first_line=0), keep_next=True)
    if date:
        body.text(
            style,
            date,
            indent=Indent(right=date_right, first_line=0),
            keep_next=bool(document.note),
        )
    if document.note:
        note = document.note.strip().removeprefix("(").removesuffix(")")
        if not note.startswith("（"):
            note = f"（{note.removesuffix('）')}）"
        body.text(layout.BODY, note, indent=Indent(first_line=layout.NOTE_INDENT_CHARS))


def _attachment_note(document: Document, body: _Body, *, keep_next: bool) -> None:
    """附件说明: 附件：1. 名称, later names aligned under the first (GB/T 9704 7.3.4)."""
    label = "附件："
    indent = float(layout.ATTACHMENT_NOTE_INDENT_CHARS)
    label_w = text_width(label)
    names = [a.name for a in document.attachments]
    if len(names) == 1:
        start = indent + label_w
        body.text(
            layout.BODY,
            label + names[0],
            indent=Indent(left=start, hanging=label_w),
            keep_next=keep_next,
        )
        return
    numbers = [f"{i}. " for i in range(1, len(names) + 1)]
    number_w = max(_latin_width(n) for n in numbers)
    start = indent + label_w + number_w
    for i, (number, name) in enumerate(zip(numbers, names, strict=True)):
        hanging = start - indent if i == 0 else number_w
        text = (label if i == 0 else "") + number + name
        last = i == len(names) - 1
        body.text(
            layout.BODY,
            text,
            indent=Indent(left=start, hanging=hanging),
            keep_next=keep_next or not last,
        )


def _latin_width(text: str) -> float:
    """Width in full-width characters of digits, “.” and spaces in Times New Roman."""
    return sum(
        layout.LATIN_DIGIT_WIDTH if ch.isdigit() else layout.LATIN_NARROW_WIDTH for ch in text
    )


def _attachments(document: Document, body: _Body) -> None:
    many = len(document.attachments) > 1
    for i, attachment in enumerate(document.attachments, 1):
        label = f"附件{i}" if many else "附件"
        para = body.text(layout.ATTACHMENT_LABEL, label)
        para.page_break_before = True
        body.blank(layout.ATTACHMENT_TITLE_LINE - 2, keep_next=True)
        _title(body, attachment.name)
        body.blank(layout.TITLE_GAP_LINES)
        body.blocks(attachment.blocks)


def _title(body: _Body, title: str) -> None:
    lines = title_lines(title)
    body.add(Para(layout.TITLE, _lines_run(lines), len(lines)))


def _copy_note(document: Document, body: _Body) -> None:
    """版记: 抄送 between two thick rules, pressed to the bottom of the last page (GB/T 9704 7.4)."""
    text = "抄送：" + "，".join(document.cc) + "。"
    side = float(layout.COPY_NOTE_INDENT_CHARS)
    label_w = text_width("抄送：")
    rule = (
        f'w:val="single" w:sz="{layout.RULE_THICK_EIGHTHS}" w:space="{layout.RULE_SPACE_PT}" '
        'w:color="000000"'
    )
    borders = f"<w:pBdr><w:top {rule}/><w:bottom {rule}/></w:pBdr>"
    # A frame anchored to the bottom margin: the 版记 sits on the last lines of the last page
    # whatever the body's length, in Word, WPS and LibreOffice.
    frame = (
        f'<w:framePr w:w="{layout.PAGE.text_width_twips}" w:wrap="notBeside" w:vAnchor="margin" '
        'w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>'
    )
    para = Para(
        layout.COPY_NOTE,
        _run(text),
        0,  # a frame: out of the flow, it takes no lines from the body
        indent=Indent(left=side + label_w, right=side, hanging=label_w),
        borders=borders,
        frame=frame,
    )
    body.add(para)
    # Word wants the document's last paragraph outside any frame: a hairline one carries it.
    body.add(Element(_HAIRLINE_PARAGRAPH))


_HAIRLINE_PARAGRAPH = (
    f'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{layout.HAIRLINE_TWIPS}" '
    f'w:lineRule="exact"/><w:rPr><w:sz w:val="{layout.half_points(layout.HAIRLINE_PT)}"/>'
    "</w:rPr></w:pPr></w:p>"
)


def build_body(document: Document) -> list[Item]:
    """Every paragraph and table of the report, in order, with its estimated line count."""
    body = _Body()
    _title(body, document.title)
    if document.addressee:
        body.blank(layout.TITLE_GAP_LINES)
        addressee = document.addressee.rstrip("：:")
        body.text(layout.ADDRESSEE, addressee + "：")
    body.blocks(document.body)
    # Keep the signature with body text: the last body paragraph, the 附件说明 and the blank
    # lines all keep with what follows, so a signature that would start a page takes the last
    # body line along (GB/T 9704 7.3.5: 署名 never stands alone on a page).
    signed = bool(document.signature or document.date_text)
    last = next((item for item in reversed(body.items) if isinstance(item, Para)), None)
    if last is not None and (signed or document.attachments):
        last.keep_next = True
    if document.attachments:
        body.blank(layout.ATTACHMENT_NOTE_GAP_LINES, keep_next=True)
        _attachment_note(document, body, keep_next=signed)
    if signed:
        gap = layout.SEALED_GAP_LINES if document.sealed else layout.SIGNATURE_GAP_LINES
        body.blank(gap, keep_next=True)
        _signature_block(document, body)
    _attachments(document, body)
    if document.cc:
        _copy_note(document, body)
    return body.items


def estimate_pages(items: Sequence[Item]) -> list[int]:
    """Page (from 1) on which each item starts, on the 22-line grid.

    Follows keep-with-next the way LibreOffice 7.4 was measured to: a chain of keep-with-next
    paragraphs and the first line of the paragraph after it move to the next page whole when
    they would straddle a page break and fit on one page (Word may move fewer lines).
    """
    per_page = layout.PAGE.lines_per_page
    pages: list[int] = []
    line = 0  # grid lines used so far, counted from the top of page 1
    for index, item in enumerate(items):
        if isinstance(item, Para) and item.page_break_before and line % per_page:
            line += per_page - line % per_page
        if _keeps(item):
            chain = 0
            for follower in items[index:]:
                if _keeps(follower):
                    chain += follower.lines
                else:
                    chain += min(1, follower.lines)
                    break
            room = per_page - line % per_page
            if room < chain <= per_page:
                line += room
        pages.append(line // per_page + 1)
        line += item.lines
    return pages


def _keeps(item: Item) -> bool:
    return isinstance(item, Para) and (item.keep_next or item.style.keep_next)


# ---------------------------------------------------------------------------------------------
# The base document and the package


def _base_values() -> dict[str, str]:
    page = layout.PAGE
    values = {
        "lang": layout.LANGUAGE,
        "dash": layout.PAGE_NUMBER_DASH,
        "page_width": str(layout.mm(page.width_mm)),
        "page_height": str(layout.mm(page.height_mm)),
        "margin_top": str(layout.mm(page.top_mm)),
        "margin_bottom": str(layout.mm(page.bottom_mm)),
        "margin_left": str(layout.mm(page.left_mm)),
        "margin_right": str(layout.mm(page.right_mm)),
        "header": str(layout.mm(page.header_mm)),
        "footer": str(layout.mm(page.footer_mm)),
        "grid_type": layout.GRID_TYPE,
        "line_pitch": str(page.line_pitch_twips),
        "grid_char_space": str(layout.GRID_CHAR_SPACE),
        "line": str(page.line_pitch_twips),
        "table_line": str(layout.TABLE_LINE_TWIPS),
        "page_number_line": str(layout.PAGE_NUMBER_LINE_TWIPS),
        "page_number_indent": str(
            layout.char_twips(layout.PAGE_NUMBER_INDENT_CHARS, layout.SIZE_SI)
        ),
        "page_number_indent_chars": str(layout.char_units(layout.PAGE_NUMBER_INDENT_CHARS)),
        "default_tab_stop": str(layout.char_twips(layout.DEFAULT_TAB_STOP_CHARS)),
        "table_cell_margin": str(layout.TABLE_CELL_MARGIN_TWIPS),
        "table_border": str(layout.TABLE_BORDER_EIGHTHS),
    }
    for style in layout.TEXT_STYLES:
        key = style.key
        values |= {
            f"{key}_latin": style.latin,
            f"{key}_east_asia": style.east_asia,
            f"{key}_sz": str(layout.half_points(style.size_pt)),
            f"{key}_jc": style.align,
            f"{key}_first_line": str(style.first_line_twips),
            f"{key}_first_line_chars": str(style.first_line_chars),
            f"{key}_keep_next": "<w:keepNext/>" if style.keep_next else "",
            f"{key}_bold": "<w:b/><w:bCs/>" if style.bold else "",
            f"{key}_spacing": str(style.char_spacing_twips),
        }
    return values


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BETWEEN_TAGS = re.compile(r">\s+<")


@functools.cache
def base_docx() -> bytes:
    """The base document as .docx bytes: assembled from ``fazhi_report/base`` once per process."""
    root = resources.files("fazhi_report").joinpath("base")
    values = _base_values()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name in BASE_PARTS:
            source = root.joinpath(*name.split("/")).read_text(encoding="utf-8")
            text = string.Template(_COMMENT.sub("", source)).substitute(values)
            text = _BETWEEN_TAGS.sub("><", text).strip()
            package.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def file_timestamp(document: Document) -> dt.datetime:
    """The moment the file claims: SOURCE_DATE_EPOCH if set, else the 成文日期 at midnight UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None)
    if document.issued is not None:
        return dt.datetime.combine(document.issued, dt.time())
    return dt.datetime(*layout.FALLBACK_DATE)


def _set_core_properties(props: CoreProperties, document: Document, stamp: dt.datetime) -> None:
    props.title = document.title
    props.author = document.unit
    props.last_modified_by = document.unit
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    props.language = layout.LANGUAGE


def _rezip(data: bytes, stamp: dt.datetime) -> bytes:
    """Same parts, fixed order and timestamps: identical input gives identical bytes."""
    floor = dt.datetime(*layout.FALLBACK_DATE)
    when = max(stamp, floor).timetuple()[:6]
    order = {name: i for i, name in enumerate(BASE_PARTS)}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (order.get(n, len(order)), n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = layout.ZIP_CREATE_SYSTEM
            info.external_attr = layout.ZIP_FILE_MODE << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def render_docx(document: Document) -> bytes:
    """Return the .docx bytes of ``document``, laid out to GB/T 9704-2012."""
    import docx  # heavy: only commands that write .docx import it
    from docx.oxml.parser import parse_xml

    out = docx.Document(io.BytesIO(base_docx()))
    items = build_body(document)
    xml = f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(item.xml() for item in items)}</w:body>'
    body = out.element.body
    section = body[-1]
    for child in list(parse_xml(xml)):
        section.addprevious(child)
    stamp = file_timestamp(document)
    _set_core_properties(out.core_properties, document, stamp)
    raw = io.BytesIO()
    out.save(raw)
    return _rezip(raw.getvalue(), stamp)
