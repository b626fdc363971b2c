"""The report's body as WordprocessingML items: title, 主送, the tree's blocks, end matter.

Front and end matter follow GB/T 9704-2012: one blank line under the title, the 附件说明, the
署名 and 成文日期 block (7.3.5), the attachment pages and the 版记 (抄送) pressed to the bottom of
the last page. Every item carries its estimated line count for the page estimate.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import assert_never

from msgspec import Struct, field

from ... import layout
from ...tree import Block, Document, Heading, NumberedItem, Paragraph, Table
from ...typeset import estimate_lines, latin_width, line_chars, text_width, title_lines
from .marks import end_section_items, header_items
from .tables import table_lines, table_xml
from .wordml import BOTTOM_FRAME, HAIRLINE_PARAGRAPH, Element, Indent, Item, Para, lines_run, run


class _Body(Struct):
    """The items written so far, and how each kind of text is added."""

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
        width = line_chars(style) - left - right

        def lines() -> int:
            return sum(estimate_lines(line, first, width) for line in text.split("\n"))

        para = Para(style, run(text), lines, keep_next=keep_next, indent=indent, align=align)
        self.items.append(para)
        return para

    def blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            match block:
                case Heading():
                    self.text(layout.HEADING_STYLES[block.level], block.number + block.text)
                case NumberedItem():
                    self.text(layout.BODY, block.number + block.text)
                case Paragraph():
                    self.text(layout.BODY, block.text)
                case Table():
                    self.table(block)
                case _:
                    assert_never(block)

    def table(self, table: Table) -> None:
        if table.caption:
            self.text(layout.TABLE_HEADER, table.caption, keep_next=True)
        if table.rows:
            lines = functools.partial(table_lines, table)
            self.items.append(Element(table_xml(table), lines))


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
    number_w = max(latin_width(n) for n in numbers)
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
    body.add(Para(layout.TITLE, lines_run(lines), len(lines)))


def _copy_note(cc: list[str], body: _Body) -> None:
    """版记 of 抄送 alone: between two thick rules, pressed to the bottom of the last page
    (GB/T 9704 7.4)."""
    text = "抄送：" + "，".join(cc) + "。"
    side = float(layout.COPY_NOTE_INDENT_CHARS)
    label_w = text_width("抄送：")
    rule = (
        f'w:val="single" w:sz="{layout.RULE_THICK_EIGHTHS}" w:space="{layout.RULE_SPACE_PT}" '
        'w:color="000000"'
    )
    borders = f"<w:pBdr><w:top {rule}/><w:bottom {rule}/></w:pBdr>"
    frame = BOTTOM_FRAME
    para = Para(
        layout.COPY_NOTE,
        run(text),
        0,  # a frame: out of the flow, it takes no lines from the body
        indent=Indent(left=side + label_w, right=side, hanging=label_w),
        borders=borders,
        frame=frame,
    )
    body.add(para)
    # Word wants the document's last paragraph outside any frame: a hairline one carries it.
    body.add(Element(HAIRLINE_PARAGRAPH))


def build_body(document: Document, body_section: str = "") -> list[Item]:
    """Every paragraph and table of the report, in order, with its estimated line count;
    ``body_section`` is the body's ``w:sectPr``, closing it where a 版记 section follows."""
    body = _Body()
    header = document.red_header
    if header is not None:
        body.items += header_items(header, document.style)
    _title(body, document.title)
    number = document.number_under_title
    if number:
        body.text(layout.BODY, number, indent=Indent(first_line=0), align="center")
    body.blank(layout.TITLE_GAP_LINES)
    if document.addressee:
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
    cc, printing = document.end_matter
    if printing is not None:
        _end_body_section(body, body_section)
        body.items += end_section_items(cc, printing)
    elif cc:
        _copy_note(cc, body)
    return body.items


def _end_body_section(body: _Body, body_section: str) -> None:
    """The body's section ends with its last paragraph (a hairline one after a table)."""
    last = body.items[-1] if body.items else None
    if isinstance(last, Para) and not last.frame:
        last.section = body_section
    else:
        body.add(Element(HAIRLINE_PARAGRAPH.replace("</w:pPr>", body_section + "</w:pPr>")))


def has_end_section(document: Document) -> bool:
    """Whether the 版记 gets a section of its own (a 公文 with a 印发 line)."""
    return document.end_matter[1] is not None
