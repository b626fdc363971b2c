"""The 公文's marks as WordprocessingML items: the 版头 (GB/T 9704 7.2) — the red 发文机关标志,
the 发文字号 beside the 签发人, the red rule — and the 版记 of a 公文 with a 印发 line, a section of
its own on an even page (7.4, 7.5). :mod:`.body` puts them around the report."""

from __future__ import annotations

import math

from ... import layout
from ...style import Style
from ...tree import Header, Printing
from ...typeset import estimate_lines, line_chars, text_width
from .wordml import (
    BOTTOM_FRAME,
    HAIRLINE_PARAGRAPH,
    TAB_RUN,
    Element,
    Indent,
    Item,
    Para,
    border,
    run,
    styled_run,
    tab_stops,
)

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


def header_items(header: Header, style: Style) -> list[Item]:
    """发文机关标志, then two lines below it the 发文字号 beside the 签发人, the red rule 4 mm
    below, and two lines before the title."""
    items: list[Item] = []
    size = mark_size(header.mark)
    before, line = mark_spacing(size, len(header.mark))
    pitch = layout.PAGE.line_pitch_twips
    for i, text in enumerate(header.mark):
        space = before if i == 0 else 0
        items.append(
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
    items += _blank(layout.FILE_NUMBER_GAP_LINES)
    items += _number_and_signers(header, style)
    items += _blank(layout.TITLE_AFTER_RULE_LINES)
    return items


def _blank(count: int) -> list[Item]:
    return [Para(layout.BODY, keep_next=True) for _ in range(count)]


def _number_and_signers(header: Header, style: Style) -> list[Item]:
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
    kaiti = style.text_style("heading2").east_asia
    items: list[Item] = []
    height, space = number_line()
    rule = f"<w:pBdr>{border('bottom', layout.HEADER_RULE_EIGHTHS, space, layout.RED)}</w:pBdr>"
    exact = f'<w:spacing w:line="{height}" w:lineRule="exact"/>'
    for i, group in enumerate(groups or [""]):
        last = i == max(len(groups) - 1, 0)
        runs = run(header.number) if last else ""
        if group:
            runs += TAB_RUN + (run(layout.SIGNER_LABEL) if i == 0 else TAB_RUN)
            runs += styled_run(group, font=kaiti)
        items.append(
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
    return items


# ---------------------------------------------------------------------------------------------
# The 版记 of a 公文 with a 印发 line: a section of its own on an even page (GB/T 9704 7.4, 7.5)


def end_section_items(cc: list[str], printing: Printing) -> list[Item]:
    """The 版记 section (its properties are the document's last,
    :func:`~.package.end_section_xml`): it begins on the next even page, has no page number,
    and holds the 版记 alone.

    Each 版记 line is a frame of its own, the last pressed to the 版心's lower edge and each
    other one stacked on the frames below it: LibreOffice sets consecutive framed paragraphs
    whose rules differ (a thin one between 抄送 and 印发) as plain paragraphs at the top of the
    page, frames one paragraph each it places where they belong."""
    # LibreOffice sets a frame that opens a section as a plain paragraph: a hairline comes first.
    items: list[Item] = [Element(HAIRLINE_PARAGRAPH)]
    lines = _end_lines(cc, printing)
    heights = [_framed_height(n, i == 0) for i, (*_, n) in enumerate(lines)]
    for i, (runs, indent, tabs, _) in enumerate(lines):
        top = (
            border("top", layout.RULE_THICK_EIGHTHS, layout.RULE_SPACE_PT, _BLACK) if i == 0 else ""
        )
        width = layout.RULE_THICK_EIGHTHS if i == len(lines) - 1 else layout.RULE_THIN_EIGHTHS
        bottom = border("bottom", width, layout.RULE_SPACE_PT, _BLACK)
        above = layout.PAGE.text_height_twips - sum(heights[i:])
        items.append(
            Para(
                layout.COPY_NOTE,
                runs,
                0,  # in a frame: out of the flow
                indent=indent,
                borders=f"<w:pBdr>{top}{bottom}</w:pBdr>",
                frame=BOTTOM_FRAME if i == len(lines) - 1 else _frame_at(above),
                tabs=tabs,
            )
        )
    items.append(Element(HAIRLINE_PARAGRAPH))
    return items


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
