"""The .docx package: the base document, the core properties and the reproducible zip.

The base document is the project's own readable XML under ``fazhi_report/base``, its numbers
filled in from :mod:`fazhi_report.layout` and zipped once per process. For each report python-docx
opens that small package, sets the core properties and saves it; its parts then go into the
output zip in one pass, in a fixed order with fixed timestamps (the 成文日期, or
``SOURCE_DATE_EPOCH``), the report's body spliced into document.xml on the way — so the same
tree always gives the same bytes, and the body (most of a report) is neither parsed by python-docx
nor compressed twice. The body is written as lxml writes XML (an empty element closes itself),
so the bytes are those python-docx would save with the body inside; a test holds that.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import string
import zipfile
from importlib import resources
from typing import TYPE_CHECKING

from ... import layout
from ...namespaces import CUSTOM_NS, VT_NS
from ...patterns import lazy
from ...style import DEFAULT, FALLBACK, Style, to_properties
from ...tree import Document
from .wordml import escape

if TYPE_CHECKING:
    from docx.opc.coreprops import CoreProperties


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


def _base_values(style: Style) -> dict[str, str]:
    page = layout.PAGE
    before, after = style.page_number_parts
    values = {
        "lang": layout.LANGUAGE,
        "page_number_before": before,
        "page_number_after": after,
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
        **_custom_values(style),
    }
    for text in style.text_styles().values():
        key = text.key
        values |= {
            f"{key}_latin": text.latin,
            f"{key}_east_asia": text.east_asia,
            f"{key}_sz": str(layout.half_points(text.size_pt)),
            f"{key}_jc": text.align,
            f"{key}_first_line": str(text.first_line_twips),
            f"{key}_first_line_chars": str(text.first_line_chars),
            f"{key}_keep_next": "<w:keepNext/>" if text.keep_next else "",
            f"{key}_bold": "<w:b/><w:bCs/>" if text.bold else "",
            f"{key}_spacing": str(text.char_spacing_twips),
        }
    return values


CUSTOM_PART = "docProps/custom.xml"
# The format id every user-defined custom property carries (ECMA-376 part 1, 22.3.2.2).
_USER_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_BUILTIN_FONTS = {s.east_asia for s in layout.TEXT_STYLES} | {"Times New Roman"}


def _custom_values(style: Style) -> dict[str, str]:
    """The parts of the base document a template's 样式 adds: the fonts it names to the font
    table (with the kind's common font as the fallback), and its declaration as custom document
    properties, which ``check`` reads. Nothing for the default style."""
    fonts = sorted({t.east_asia for t in style.text_styles().values()} - _BUILTIN_FONTS)
    font_table = "".join(
        f'<w:font w:name="{escape(name)}"><w:altName w:val="{FALLBACK.get(name, name)}"/>'
        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
        for name in fonts
    )
    properties = to_properties(style)
    if not properties:
        return {"extra_fonts": font_table, "custom_rel": "", "custom_type": ""}
    return {
        "extra_fonts": font_table,
        "custom_rel": (
            '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/custom-properties" Target="{CUSTOM_PART}"/>'
        ),
        "custom_type": (
            f'<Override PartName="/{CUSTOM_PART}" ContentType="application/'
            'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        ),
    }


def custom_properties_xml(properties: dict[str, str]) -> str:
    """docProps/custom.xml holding ``properties`` as text properties."""
    items = "".join(
        f'<property fmtid="{_USER_FMTID}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">{items}</Properties>'
    )


_COMMENT = lazy(r"<!--.*?-->", re.DOTALL)
_BETWEEN_TAGS = lazy(r">\s+<")


@functools.lru_cache(maxsize=8)
def base_parts(style: Style = DEFAULT) -> tuple[tuple[str, bytes], ...]:
    """The base document's parts (name, bytes), in zip order: assembled from
    ``fazhi_report/base`` once per process and style."""
    root = resources.files("fazhi_report").joinpath("base")
    values = _base_values(style)
    parts = []
    for name in BASE_PARTS:
        source = root.joinpath(*name.split("/")).read_text(encoding="utf-8")
        text = string.Template(_COMMENT.sub("", source)).substitute(values)
        parts.append((name, _BETWEEN_TAGS.sub("><", text).strip().encode("utf-8")))
    properties = to_properties(style)
    if properties:
        parts.append((CUSTOM_PART, custom_properties_xml(properties).encode("utf-8")))
    return tuple(parts)


def _stored(parts: tuple[tuple[str, bytes], ...]) -> bytes:
    """``parts`` zipped without compression (for python-docx to read; the output is deflated once,
    by :func:`_packaged`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        for name, data in parts:
            package.writestr(name, data)
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


def _packaged(saved: bytes, stamp: dt.datetime, body_xml: str) -> bytes:
    """The parts python-docx ``saved``, in a fixed order with fixed timestamps, ``body_xml`` in
    document.xml: identical input gives identical bytes."""
    floor = dt.datetime(*layout.FALLBACK_DATE)
    when = max(stamp, floor).timetuple()[:6]
    order = {name: i for i, name in enumerate((*BASE_PARTS, CUSTOM_PART))}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (order.get(n, len(order)), n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = layout.ZIP_CREATE_SYSTEM
            info.external_attr = layout.ZIP_FILE_MODE << 16
            data = source.read(name)
            if name == "word/document.xml":
                data = _with_body(data, body_xml)
            target.writestr(info, data)
    return out.getvalue()


#: Where the body goes in the base document.xml: right after ``<w:body>``, before its sectPr.
_BODY_START = b"<w:body>"
_SECTION = lazy(rb"<w:sectPr>.*?</w:sectPr>", re.DOTALL)

# The 版记 section's page has no page number: its footers are an empty one (a section without a
# footer reference would inherit the body's). Added to the package only when a report has one.
BLANK_FOOTER = "word/footer3.xml"
_BLANK_FOOTER_ID = "rId8"
_BLANK_FOOTER_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p></w:ftr>'
)
_FOOTER_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
_FOOTER_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"


def body_section_xml(style: Style = DEFAULT) -> str:
    """The base document's section properties: the body's page set-up and page numbers."""
    document = dict(base_parts(style))["word/document.xml"]
    found = _SECTION.search(document)
    if found is None:
        raise ValueError("the base document has no section properties")
    return found.group().decode("utf-8")


def end_section_xml(style: Style = DEFAULT) -> str:
    """The 版记 section's properties: the body's page set-up, no page number, starting on the
    next even page (``w:type evenPage``; numbering runs on, so “even” is the printed page's)."""
    section = re.sub(
        r'<w:footerReference w:type="(default|even)" r:id="[^"]*"/>',
        rf'<w:footerReference w:type="\1" r:id="{_BLANK_FOOTER_ID}"/>',
        body_section_xml(style),
    )
    section = re.sub(r'\s*w:start="\d+"', "", section)
    # w:type comes after the header and footer references (ECMA-376 17.6.17).
    at = section.rindex("/>", 0, section.index("<w:pgSz")) + 2
    return section[:at] + '<w:type w:val="evenPage"/>' + section[at:]


def _with_end_section(name: str, data: bytes, style: Style) -> bytes:
    """A base part changed for a report whose 版记 has a section of its own."""
    if name == "word/document.xml":
        return _SECTION.sub(end_section_xml(style).encode("utf-8"), data, count=1)
    if name == "word/_rels/document.xml.rels":
        rel = (
            f'<Relationship Id="{_BLANK_FOOTER_ID}" Type="{_FOOTER_TYPE}" '
            f'Target="{BLANK_FOOTER.removeprefix("word/")}"/>'
        )
        return data.replace(b"</Relationships>", rel.encode("utf-8") + b"</Relationships>")
    if name == "[Content_Types].xml":
        override = f'<Override PartName="/{BLANK_FOOTER}" ContentType="{_FOOTER_CONTENT}"/>'
        return data.replace(b"</Types>", override.encode("utf-8") + b"</Types>")
    return data


def write_package(body_xml: str, document: Document, *, end_section: bool = False) -> bytes:
    """The .docx bytes: ``body_xml`` (the body's paragraphs and tables) in the base document;
    ``end_section``: the document's last section is the 版记's (:func:`end_section_xml`).

    python-docx reads and saves the base document alone, and the body goes into its document.xml
    as text afterwards (:func:`_packaged`): parsing a large body costs lxml time, and moving its
    elements into the base document's tree time that grows with the square of a table's size (a
    数据附表 of 6,000 rows took 13 s to move, 0.07 s to parse).
    """
    import docx  # heavy: only commands that write .docx import it

    out = docx.Document(io.BytesIO(base_package(document.style, end_section=end_section)))
    stamp = file_timestamp(document)
    _set_core_properties(out.core_properties, document, stamp)
    saved = io.BytesIO()
    out.save(saved)
    return _packaged(saved.getvalue(), stamp, body_xml)


@functools.lru_cache(maxsize=16)
def base_package(style: Style, *, end_section: bool) -> bytes:
    """The base document as python-docx reads it, once per process, style and kind of last
    section."""
    base = base_parts(style)
    if end_section:
        base = (
            *((name, _with_end_section(name, data, style)) for name, data in base),
            (BLANK_FOOTER, _BLANK_FOOTER_XML.encode("utf-8")),
        )
    return _stored(base)


def _with_body(document_xml: bytes, body_xml: str) -> bytes:
    at = document_xml.index(_BODY_START) + len(_BODY_START)
    return document_xml[:at] + body_xml.encode("utf-8") + document_xml[at:]


# LibreOffice lets a full-width mark that does not fit hang past the right margin, as Word does
# (w:overflowPunct, on by default) — but when it prints or exports, it draws a line's next portion
# only while its position has not passed the right edge (SwTextPainter::DrawTextLine; on screen it
# draws them all). A justified line is spread out to the edge, and the mark hanging after it was
# laid out but, in most such lines, not drawn (left-aligned text kept every mark, as measured):
# the 社渚 report's PDF lost 12 “，”, 2 “。” and 1 “、” and drew 6 hanging marks. The copy LibreOffice converts
# therefore hangs no mark: a line ends one character earlier where Word hangs one, and nothing
# is lost. LibreOffice 7.4 reads w:overflowPunct inverted (writerfilter DomainMapper: hanging =
# val == 0, while its export writes hanging as true), so “on” here turns hanging off; a
# LibreOffice that reads it as Word does would hang again, which the PDF text check catches
# (writers/pdf.py). The .docx for Word keeps Word's default.
_LIBREOFFICE_ANCHOR = b'<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>'
_LIBREOFFICE_NO_HANGING = _LIBREOFFICE_ANCHOR + b'<w:overflowPunct w:val="1"/>'


def for_libreoffice(docx: bytes) -> bytes:
    """The copy of a report's .docx that LibreOffice converts to PDF (see above)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                if _LIBREOFFICE_ANCHOR not in data:
                    raise ValueError("not a report of this version: no paragraph defaults")
                data = data.replace(_LIBREOFFICE_ANCHOR, _LIBREOFFICE_NO_HANGING, 1)
            target.writestr(info, data)
    return out.getvalue()
