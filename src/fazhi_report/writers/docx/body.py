"""The report's body as WordprocessingML items: title, 主送, the tree's blocks, end matter.

Front and end matter follow GB/T 9704-2012: one blank line under the title, the 附件说明, the
署名 and 成文日期 block (7.3.5), the attachment pages and the 版记 (抄送) pressed to the bottom of
the last page. Every item carries its estimated line count for the page estimate.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import assert_never

from ... import layout
from ...tree import Block, Document, Header, Heading, NumberedItem, Paragraph, Printing, Table
from ...typeset import estimate_lines, latin_width, line_chars, text_width, title_lines
from .tables import table_lines, table_xml
from .wordml import (
    TAB_RUN,
    Element,
    Indent,
    Item,
    Para,
    border,
    lines_run,
    run,
    styled_run,
    tab_stops,
)


@dataclass
class _Body:
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
    frame = _BOTTOM_FRAME
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
    body.add(Element(_HAIRLINE_PARAGRAPH))


# A frame anchored to the bottom margin: the 版记 sits on the last lines of the last page
# whatever the body's length, in Word, WPS and LibreOffice; its last rule on the 版心's lower edge.
_BOTTOM_FRAME = (
    f'<w:framePr w:w="{layout.PAGE.text_width_twips}" w:wrap="notBeside" w:vAnchor="margin" '
    'w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>'
)
_HAIRLINE_PARAGRAPH = (
    f'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{layout.HAIRLINE_TWIPS}" '
    f'w:lineRule="exact"/><w:rPr><w:sz w:val="{layout.half_points(layout.HAIRLINE_PT)}"/>'
    "</w:rPr></w:pPr></w:p>"
)


# ---------------------------------------------------------------------------------------------
# 版头 (GB/T 9704 7.2)

#: A 三号 character's advance on the condensed body grid, in twips (28 of them fill the 版心).
_CHAR = layout.char_twips(1) + layout.BODY_CHAR_SPACING_TWIPS


def mark_size(lines: list[str]) -> float:
    """The 发文机关标志's size in points: 初号, or the largest half point at which its longest
    line fits the 版心."""
    widest = max((text_width(line) for line in lines), default=1.0) or 1.0
    fits = layout.PAGE.text_width_twips / layout.TWIPS_PER_PT / widest
    return min(layout.MARK_MAX_PT, math.floor(fits * 2) / 2)


def mark_spacing(size_pt: float, lines: int = 1) -> tuple[int, int]:
    """(space before, exact line height) of the mark's paragraphs in twips.

    Each line box is centred on its characters' em box, so the first line's em box begins
    :data:`layout.MARK_TOP_MM` below the 版心's upper edge when the space before is that less
    the half of the line the characters leave; the lines are as tall as makes the whole mark
    (space included) a whole number of grid lines, at least :data:`layout.MARK_LINE_FACTOR`
    times the size, so that the text below it stays on the page's 22-line grid."""
    pitch = layout.PAGE.line_pitch_twips
    top = layout.mm(layout.MARK_TOP_MM)
    size = size_pt * layout.TWIPS_PER_PT
    least = size * layout.MARK_LINE_FACTOR
    grid_lines = math.ceil((top + (least * (2 * lines - 1) + size) / 2) / pitch)
    line = (2 * (grid_lines * pitch - top) - size) // (2 * lines - 1)
    before = grid_lines * pitch - lines * line
    return round(before), round(line)


def number_line() -> tuple[int, int]:
    """(exact line height in twips, the red rule's space in points) of the 发文字号's line: the
    rule 4 mm below the characters (the line box is centred on their em box), and line, space
    and rule together one grid line, so that the text below stays on the page's grid."""
    pitch = layout.PAGE.line_pitch_twips
    size = layout.char_twips(1)
    width = layout.HEADER_RULE_EIGHTHS * layout.TWIPS_PER_PT // 8
    gap = layout.mm(layout.HEADER_RULE_GAP_MM)
    # gap = space + (line - size) / 2, and line + space + width = pitch (all in twips)
    space = 2 * gap - (pitch - width - size)
    points = round(space / layout.TWIPS_PER_PT)
    return pitch - width - points * layout.TWIPS_PER_PT, points


def _red_header(document: Document, header: Header, body: _Body) -> None:
    """发文机关标志, then two lines below it the 发文字号 beside the 签发人, the red rule 4 mm
    below, and two lines before the title."""
    style = document.style
    size = mark_size(header.mark)
    before, line = mark_spacing(size, len(header.mark))
    pitch = layout.PAGE.line_pitch_twips
    for i, text in enumerate(header.mark):
        space = before if i == 0 else 0
        body.add(
            Para(
                layout.BODY,
                styled_run(
                    text,
                    font=style.text_style("title").east_asia,
                    size_pt=size,
                    color=layout.RED,
                    spacing=0,
                ),
                round((space + line) / pitch),
                keep_next=True,
                indent=Indent(first_line=0),
                align="center",
                off_grid=True,
                spacing=f'<w:spacing w:before="{space}" w:line="{line}" w:lineRule="exact"/>',
            )
        )
    body.blank(layout.FILE_NUMBER_GAP_LINES, keep_next=True)
    _number_and_signers(document, header, body)
    body.blank(layout.TITLE_AFTER_RULE_LINES, keep_next=True)


def _number_and_signers(document: Document, header: Header, body: _Body) -> None:
    """The 发文字号 left, one character in, on the line of the last 签发人, who is right-aligned
    one character in; several 签发人 two a line, later lines aligned under the first name."""
    per_line = layout.SIGNERS_PER_LINE
    names = header.signers
    groups = ["\u3000".join(names[i : i + per_line]) for i in range(0, len(names), per_line)]
    label_w = round(text_width(layout.SIGNER_LABEL) * _CHAR)
    names_w = round(max((text_width(g) for g in groups), default=0.0) * _CHAR)
    right = layout.PAGE.text_width_twips - layout.SIGNER_INDENT_CHARS * _CHAR
    label_at = right - label_w - names_w
    stops = tab_stops(("left", label_at), ("left", label_at + label_w))
    kaiti = document.style.text_style("heading2").east_asia
    height, space = number_line()
    rule = f"<w:pBdr>{border('bottom', layout.HEADER_RULE_EIGHTHS, space, layout.RED)}</w:pBdr>"
    exact = f'<w:spacing w:line="{height}" w:lineRule="exact"/>'
    for i, group in enumerate(groups or [""]):
        last = i == max(len(groups) - 1, 0)
        runs = run(header.number) if last else ""
        if group:
            runs += TAB_RUN + (run(layout.SIGNER_LABEL) if i == 0 else TAB_RUN)
            runs += styled_run(group, font=kaiti)
        body.add(
            Para(
                layout.BODY,
                runs,
                1,
                keep_next=True,
                indent=Indent(first_line=layout.FILE_NUMBER_INDENT_CHARS),
                align="left",
                tabs=stops if group else "",
                borders=rule if last else "",
                off_grid=last,
                spacing=exact if last else "",
            )
        )


# ---------------------------------------------------------------------------------------------
# The 版记 of a 公文 with a 印发 line: a section of its own on an even page (GB/T 9704 7.4, 7.5)


def _end_section(cc: list[str], printing: Printing, body: _Body, body_section: str) -> None:
    """The body's section ends here; the 版记 section (its properties are the document's last,
    :func:`~.package.end_section_xml`) begins on the next even page and has no page number.

    Each 版记 line is a frame of its own, the last pressed to the 版心's lower edge and each
    other one stacked on the frames below it: LibreOffice sets consecutive framed paragraphs
    whose rules differ (a thin one between 抄送 and 印发) as plain paragraphs at the top of the
    page, frames one paragraph each it places where they belong."""
    last = body.items[-1] if body.items else None
    if isinstance(last, Para) and not last.frame:
        last.section = body_section
    else:
        body.add(Element(_HAIRLINE_PARAGRAPH.replace("</w:pPr>", body_section + "</w:pPr>")))
    # LibreOffice sets a frame that opens a section as a plain paragraph: a hairline comes first.
    body.add(Element(_HAIRLINE_PARAGRAPH))
    lines = _end_lines(cc, printing)
    heights = [_framed_height(n, i == 0) for i, (*_, n) in enumerate(lines)]
    for i, (runs, indent, tabs, _) in enumerate(lines):
        top = (
            border("top", layout.RULE_THICK_EIGHTHS, layout.RULE_SPACE_PT, _BLACK) if i == 0 else ""
        )
        width = layout.RULE_THICK_EIGHTHS if i == len(lines) - 1 else layout.RULE_THIN_EIGHTHS
        bottom = border("bottom", width, layout.RULE_SPACE_PT, _BLACK)
        above = layout.PAGE.text_height_twips - sum(heights[i:])
        body.add(
            Para(
                layout.COPY_NOTE,
                runs,
                0,  # in a frame: out of the flow
                indent=indent,
                borders=f"<w:pBdr>{top}{bottom}</w:pBdr>",
                frame=_BOTTOM_FRAME if i == len(lines) - 1 else _frame_at(above),
                tabs=tabs,
            )
        )
    body.add(Element(_HAIRLINE_PARAGRAPH))


_BLACK = "000000"


def _end_lines(cc: list[str], printing: Printing) -> list[tuple[str, Indent, str, int]]:
    """The 版记's paragraphs: (runs, indent, tab stops, estimated lines), 抄送 then 印发."""
    style = layout.COPY_NOTE
    side = float(layout.PRINTED_INDENT_CHARS)
    full = line_chars(style)
    lines: list[tuple[str, Indent, str, int]] = []
    if cc:
        label = "抄送："
        label_w = text_width(label)
        text = label + "，".join(cc) + "。"
        count = estimate_lines(text, -label_w, full - 2 * side - label_w)
        indent = Indent(left=side + label_w, right=side, hanging=label_w)
        lines.append((run(text), indent, "", count))
    char = layout.char_twips(1, style.size_pt)
    stop = tab_stops(("right", layout.PAGE.text_width_twips - round(side * char)))
    gap = text_width(printing.organ) + text_width(printing.date_text) + 1
    count = 1 if gap <= full - 2 * side else estimate_lines(printing.organ, 0, full - 2 * side) + 1
    printed = run(printing.organ) + TAB_RUN + run(printing.date_text)
    lines.append((printed, Indent(left=side, right=side, first_line=0), stop, count))
    return lines


def _framed_height(lines: int, first: bool) -> int:
    """A 版记 frame's height in twips: its lines at the grid's pitch, and its rules with their
    space (the first frame has a rule above and below, the others one below)."""
    rule = layout.RULE_SPACE_PT * layout.TWIPS_PER_PT
    thick = layout.RULE_THICK_EIGHTHS * layout.TWIPS_PER_PT // 8
    below = rule + thick  # the thin rules are thinner: the estimate errs on the high side
    return lines * layout.PAGE.line_pitch_twips + below + (rule + thick if first else 0)


def _frame_at(y: int) -> str:
    """A frame as wide as the 版心, its top ``y`` twips below the 版心's upper edge."""
    return (
        f'<w:framePr w:w="{layout.PAGE.text_width_twips}" w:wrap="notBeside" w:vAnchor="margin" '
        f'w:hAnchor="margin" w:xAlign="center" w:y="{y}"/>'
    )


def build_body(document: Document, body_section: str = "") -> list[Item]:
    """Every paragraph and table of the report, in order, with its estimated line count;
    ``body_section`` is the body's ``w:sectPr``, closing it where a 版记 section follows."""
    body = _Body()
    header = document.red_header
    if header is not None:
        _red_header(document, header, body)
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
        _end_section(cc, printing, body, body_section)
    elif cc:
        _copy_note(cc, body)
    return body.items


def has_end_section(document: Document) -> bool:
    """Whether the 版记 gets a section of its own (a 公文 with a 印发 line)."""
    return document.end_matter[1] is not None
