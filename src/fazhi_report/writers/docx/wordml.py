"""WordprocessingML text: runs, paragraph properties and the items the body is made of.

The body is written as XML text and parsed once (far cheaper than python-docx's per-paragraph
API). Each item knows its XML and how many grid lines it takes, for the page estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec import Struct

from ... import layout
from ...chars import XML_INVALID
from ...typeset import AMBIGUOUS

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

# A run holding a character of AMBIGUOUS gets w:hint="eastAsia": without it Word draws them with
# the Latin font, half-width.
_EAST_ASIAN_HINT = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'


def escape(text: str) -> str:
    """Text as XML character data."""
    # Control characters (a stray form feed pasted from a PDF …) are not allowed in XML at all.
    text = XML_INVALID.sub("", text)
    # A line end is LF inside XML (an XML reader turns CR LF and CR into it), so the text is
    # written as python-docx would save it (package.py splices the body in as written).
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _t(text: str) -> str:
    escaped = escape(text)
    if not escaped:
        return "<w:t/>"  # as lxml writes it (package.py splices the body in as written)
    if text != text.strip() or "  " in text:
        return f'<w:t xml:space="preserve">{escaped}</w:t>'
    return f"<w:t>{escaped}</w:t>"


def run(text: str) -> str:
    """One run of ``text``; a hard line break (``\\n``) becomes a w:br."""
    if "\n" in text:
        return lines_run(text.split("\n"))
    rpr = _EAST_ASIAN_HINT if AMBIGUOUS.intersection(text) else ""
    return f"<w:r>{rpr}{_t(text)}</w:r>"


def lines_run(lines: Sequence[str]) -> str:
    """One run whose lines are separated by w:br (a title's lines stay one paragraph)."""
    ambiguous = any(AMBIGUOUS.intersection(line) for line in lines)
    rpr = _EAST_ASIAN_HINT if ambiguous else ""
    return f"<w:r>{rpr}{'<w:br/>'.join(_t(line) for line in lines)}</w:r>"


def styled_run(
    text: str,
    *,
    font: str | None = None,
    size_pt: float | None = None,
    color: str | None = None,
    spacing: int | None = None,
) -> str:
    """One run of ``text`` with its own font (every slot), size, colour or character spacing."""
    props = []
    if font is not None:
        name = escape(font)
        props.append(
            f'<w:rFonts w:ascii="{name}" w:hAnsi="{name}" w:eastAsia="{name}" w:cs="{name}"/>'
        )
    if color is not None:
        props.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        props.append(f'<w:spacing w:val="{spacing}"/>')
    if size_pt is not None:
        size = layout.half_points(size_pt)
        props.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    rpr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f"<w:r>{rpr}{_t(text)}</w:r>"


#: A tab character (to the paragraph's next tab stop).
TAB_RUN = "<w:r><w:tab/></w:r>"


def tab_stops(*stops: tuple[str, int]) -> str:
    """``w:tabs`` for (alignment, position in twips from the margin) pairs."""
    return "<w:tabs>" + "".join(f'<w:tab w:val="{a}" w:pos="{p}"/>' for a, p in stops) + "</w:tabs>"


def border(side: str, eighths: int, space_pt: int, color: str) -> str:
    """One paragraph border line (inside ``w:pBdr``): ``eighths`` of a point thick, ``space_pt``
    from the text."""
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space_pt}" w:color="{color}"/>'


class Indent(Struct):
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


class Para(Struct):
    """One paragraph to write, and how many grid lines it takes (for the page estimate).

    ``line_count`` may be a function: the estimate is only worked out when
    :func:`~fazhi_report.writers.docx.pages.estimate_pages` asks, so writing a report does not
    pay for measuring every line.
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
    tabs: str = ""  # w:tabs
    off_grid: bool = False  # w:snapToGrid off: set at its own exact line height
    spacing: str = ""  # w:spacing (space before, line height)
    section: str = ""  # w:sectPr: the section that ends with this paragraph

    def xml(self) -> str:
        # The children of w:pPr in the order the schema requires (ECMA-376 17.3.1.26).
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
        if self.tabs:
            ppr.append(self.tabs)
        if self.off_grid:
            ppr.append('<w:snapToGrid w:val="0"/>')
        if self.spacing:
            ppr.append(self.spacing)
        if self.indent is not None:
            ppr.append(self.indent.xml(self.style.size_pt))
        if self.align is not None:
            ppr.append(f'<w:jc w:val="{self.align}"/>')
        if self.section:
            ppr.append(self.section)
        inner = (f"<w:pPr>{''.join(ppr)}</w:pPr>" if ppr else "") + self.runs
        # An empty element closes itself, as lxml writes it (the body is spliced in as written).
        return f"<w:p>{inner}</w:p>" if inner else "<w:p/>"

    @property
    def lines(self) -> int:
        return _count(self.line_count)


class Element(Struct):
    """A table, or anything else written as ready XML."""

    xml_text: str
    line_count: Lines = 0

    def xml(self) -> str:
        return self.xml_text

    @property
    def lines(self) -> int:
        return _count(self.line_count)


Item = Para | Element


# A frame anchored to the bottom margin: the 版记 sits on the last lines of the last page
# whatever the body's length, in Word, WPS and LibreOffice; its last rule on the 版心's lower edge.
BOTTOM_FRAME = (
    f'<w:framePr w:w="{layout.PAGE.text_width_twips}" w:wrap="notBeside" w:vAnchor="margin" '
    'w:hAnchor="margin" w:xAlign="center" w:yAlign="bottom"/>'
)
# Word wants a document's last paragraph outside any frame: a hairline one, 1 pt high.
HAIRLINE_PARAGRAPH = (
    f'<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:line="{layout.HAIRLINE_TWIPS}" '
    f'w:lineRule="exact"/><w:rPr><w:sz w:val="{layout.half_points(layout.HAIRLINE_PT)}"/>'
    "</w:rPr></w:pPr></w:p>"
)
