"""The document as the reader gives it: paragraphs in reading order (table cells included), each
with its text, automatic-numbering label, style, outline level and paragraph properties, and runs
whose character formatting is resolved through the whole style chain; sections with their page
set-up; footers and headers. Every property is resolved once, here.

The text is what Word prints once tracked changes are accepted: deleted text and hidden text
(``w:vanish``) are left out, and so is the code of every field at any depth (the result of a
field nested in another's code is part of that code); a paragraph whose mark was deleted joins
the next one and takes no number. Text boxes (DrawingML ``wps:txbx`` or its VML copy
``v:textbox`` — one of the two, never both) are read where they are anchored: their paragraphs
follow the paragraph that holds them. The footnotes and endnotes a paragraph cites come with it
as text; pictures and charts are counted, not read."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct, field

from ..namespaces import A_NS, MC_NS, R_NS
from .fonts import Font, Theme
from .numbering import ListLabel, Numbering
from .package import Package, read_package
from .styles import ParaProps, RunProps, StyleSheet
from .values import PIC_NS, V_NS, attr, number, on, twips, val, w

#: ("t", text) | ("fld", begin/separate/end) | ("instr", field code) | ("note", "footnote:2")
Atom = tuple[str, str]


class Run(Struct):
    """A run of text and its effective character formatting."""

    props: RunProps
    atoms: list[Atom]

    @property
    def text(self) -> str:
        return "".join(value for kind, value in self.atoms if kind == "t")

    @property
    def bold(self) -> bool:
        return self.props.bold

    def font(self, slot: str = "eastAsia") -> str | None:
        """The typeface drawing the ``slot`` characters (theme references resolved)."""
        found: Font | None = self.props.fonts.get(slot)
        return None if found is None else found.resolved


class Paragraph(Struct):
    """One paragraph, everything Word shows about it resolved."""

    text: str  # the typed text (field results included, deleted text left out)
    numbering: ListLabel | None  # automatic numbering, if the paragraph has any
    runs: list[Run]
    props: ParaProps  # effective paragraph properties
    base: RunProps  # the run properties a run without its own formatting has
    style_id: str | None = None  # the paragraph style Word applies (default style if none)
    style_name: str | None = None  # its w:name: "heading 1", "Normal", "标题 1" …
    outline_level: int | None = None  # 1 = top level (w:outlineLvl 0); None = body text
    in_table: bool = False
    section: int = 0  # index into Document.sections
    #: (table, row, column), 0-based, for a paragraph in a table cell (the innermost table's);
    #: tables are counted in reading order, nested ones included.
    cell: tuple[int, int, int] | None = None
    text_box: bool = False  # in a text box, read after the paragraph it is anchored in
    notes: list[str] = field(default_factory=list)  # the footnotes and endnotes it cites
    images: int = 0  # pictures and charts drawn in it (not read)
    mark_deleted: bool = False  # its paragraph mark is a tracked deletion: it joins the next

    @property
    def label(self) -> str:
        """The number Word draws before the text (“一、”, “（1）”); "" if none or a bullet."""
        if self.numbering is None or self.numbering.is_bullet:
            return ""
        return self.numbering.text

    @property
    def full_text(self) -> str:
        """What a reader sees: the label and the text, without surrounding space."""
        return (self.label + self.text).strip()

    @property
    def alignment(self) -> str:
        """left, center, right, both (justified), distribute …"""
        return self.props.alignment


# Word's page set-up when a section does not say (what LibreOffice also assumes for a .docx):
# US Letter, 1 inch top and bottom, 1.25 inch left and right.
WORD_DEFAULT_PAGE = (12240.0, 15840.0)
WORD_DEFAULT_MARGINS = {"top": 1440.0, "bottom": 1440.0, "left": 1800.0, "right": 1800.0}


class Section(Struct):
    """A ``w:sectPr``: page size and margins (twips; None where the file does not set them)."""

    element: ET.Element
    width: float | None
    height: float | None
    margins: dict[str, float | None]  # top, bottom, left, right, gutter
    grid: ET.Element | None
    footer_refs: dict[str, str] = field(default_factory=dict)  # default/even/first → rel id

    @classmethod
    def read(cls, sect: ET.Element) -> Section:
        size, margin = sect.find(w("pgSz")), sect.find(w("pgMar"))
        names = ("top", "bottom", "left", "right", "gutter")
        return cls(
            element=sect,
            width=twips(attr(size, "w")),
            height=twips(attr(size, "h")),
            margins={name: twips(attr(margin, name)) for name in names},
            grid=sect.find(w("docGrid")),
            footer_refs=_footer_refs(sect),
        )

    @property
    def page_size_set(self) -> bool:
        return self.width is not None and self.height is not None

    @property
    def page_size(self) -> tuple[float, float]:
        """(width, height) in twips; Word's Letter where the file does not say."""
        default_width, default_height = WORD_DEFAULT_PAGE
        width = default_width if self.width is None else self.width
        return width, default_height if self.height is None else self.height

    def margin(self, name: str) -> float:
        """A margin in twips as Word lays it out: Word's default where unset; a negative top or
        bottom margin only forbids the header from pushing text down, so its size counts."""
        value = self.margins.get(name)
        return abs(WORD_DEFAULT_MARGINS.get(name, 0.0) if value is None else value)

    @property
    def text_width(self) -> float:
        """The 版心 width in twips."""
        return self.page_size[0] - sum(self.margin(k) for k in ("left", "right", "gutter"))

    @property
    def grid_type(self) -> str | None:
        return attr(self.grid, "type")

    @property
    def line_pitch(self) -> float | None:
        return twips(attr(self.grid, "linePitch"))

    @property
    def char_space(self) -> float:
        return number(attr(self.grid, "charSpace")) or 0.0

    @property
    def page_number_format(self) -> str | None:
        return attr(self.element.find(w("pgNumType")), "fmt")

    @property
    def start(self) -> str:
        """Where the section begins: nextPage (Word's default), evenPage, oddPage, continuous …"""
        return val(self.element, "type") or "nextPage"


def _footer_refs(sect: ET.Element) -> dict[str, str]:
    refs: dict[str, str] = {}
    for ref in sect.iter(w("footerReference")):
        # Word uses the first reference of a kind.
        refs.setdefault(ref.get(w("type"), "default"), ref.get(f"{{{R_NS}}}id", ""))
    return refs


class Document(Struct):
    """A .docx as the reader gives it (see :func:`read_docx`)."""

    paragraphs: list[Paragraph]  # body paragraphs in reading order, table cells included
    sections: list[Section]  # in order; Paragraph.section indexes this
    footers: dict[str, list[Paragraph]]  # relationship id → the footer's paragraphs
    styles: StyleSheet
    headers: dict[str, list[Paragraph]] = field(default_factory=dict)  # as footers
    even_and_odd_headers: bool = False
    #: Custom document properties, name → text.
    properties: dict[str, str] = field(default_factory=dict)
    #: The page count the application recorded when it last saved the file (docProps/app.xml).
    pages: int | None = None

    def footer(self, section: Section, kind: str = "default") -> list[Paragraph] | None:
        """The footer of ``kind`` (default = odd pages, even, first) ``section`` uses."""
        rid = section.footer_refs.get(kind)
        return None if rid is None else self.footers.get(rid)


def read_docx(path: Path) -> Document:
    """Read the .docx at ``path`` (InputFileError if it cannot be read as one)."""
    return read_document(read_package(path))


def read_document(package: Package) -> Document:
    settings = package.settings
    # Notes are read by a reader of their own: a list in a footnote must not move the body's count.
    notes = _notes(package, _Reader(package, {}))
    reader = _Reader(package, notes)
    body = package.document.find(w("body"))
    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    for p, table_style, cell, boxed in [] if body is None else _flow(body, _Cells(), False, 0):
        para = reader.paragraph(p, table_style)
        para.section = len(sections)
        para.cell = cell
        para.text_box = boxed
        paragraphs.append(para)
        sect = p.find(f"{w('pPr')}/{w('sectPr')}")
        if sect is not None:
            sections.append(Section.read(sect))
    final = None if body is None else body.find(w("sectPr"))
    if final is not None:
        sections.append(Section.read(final))
    # Every footer paragraph, text boxes included: some templates put the page number in one.
    footers = {
        rid: [reader.paragraph(p, None) for p in root.iter(w("p"))]
        for rid, root in package.footers.items()
    }
    headers = {
        rid: [reader.paragraph(p, None) for p in root.iter(w("p"))]
        for rid, root in package.headers.items()
    }
    even_odd = on(None if settings is None else settings.find(w("evenAndOddHeaders")))
    return Document(
        _joined(paragraphs),
        sections,
        footers,
        reader.styles,
        headers=headers,
        even_and_odd_headers=bool(even_odd),
        properties=dict(package.properties),
        pages=package.pages,
    )


def _joined(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs whose mark was deleted joined to the next one in the same place (cell, text
    box), as accepting the change does."""
    out: list[Paragraph] = []
    carried: Paragraph | None = None
    for para in paragraphs:
        if carried is not None and (carried.cell, carried.text_box) == (para.cell, para.text_box):
            para.text = carried.text + para.text
            para.runs = carried.runs + para.runs
            para.notes = carried.notes + para.notes
            para.images += carried.images
        elif carried is not None:
            out.append(carried)
        carried = None
        if para.mark_deleted:
            carried = para
        else:
            out.append(para)
    if carried is not None:
        out.append(carried)
    return out


def _notes(package: Package, reader: _Reader) -> dict[str, str]:
    """``footnote:ID`` / ``endnote:ID`` → the note's text (its paragraphs one a line)."""
    out: dict[str, str] = {}
    for kind, root in (("footnote", package.footnotes), ("endnote", package.endnotes)):
        for note in [] if root is None else root.findall(w(kind)):
            if note.get(w("type"), "normal") != "normal":
                continue  # the separator lines Word draws above the notes
            lines = [reader.paragraph(p, None).full_text for p in note.iter(w("p"))]
            out[f"{kind}:{note.get(w('id'), '')}"] = "\n".join(t for t in lines if t)
    return out


class _Reader:
    """Turns XML paragraphs into :class:`Paragraph` records with every property resolved."""

    def __init__(self, package: Package, notes: dict[str, str]) -> None:
        self.notes = notes
        #: the fields open at this point of the reading: True once in a field's result
        self.fields: list[bool] = []
        self._bases: dict[tuple[str | None, str | None], RunProps] = {}
        self.styles = StyleSheet(package.styles)
        language = attr(
            None if package.settings is None else package.settings.find(w("themeFontLang")),
            "eastAsia",
        )
        self.theme = Theme(package.theme, language)
        self.numbering = Numbering(package.numbering, _numbering_styles(self.styles))

    def paragraph(self, p: ET.Element, table_style: str | None) -> Paragraph:
        direct = p.find(w("pPr"))
        deleted = direct is not None and direct.find(f"{w('rPr')}/{w('del')}") is not None
        style_id = self.styles.resolved_id(val(direct, "pStyle"), "paragraph")
        props, numbering = self._para_props(direct, style_id, table_style, numbered=not deleted)
        base = self._base(style_id, table_style)
        runs = [self._run(r, atoms, base) for r, atoms in _runs(p)]
        self._hide_field_codes(runs)
        refs = [value for run in runs for kind, value in run.atoms if kind == "note"]
        drawn = list(_drawn(p)) if _draws(p) else []
        return Paragraph(
            text="".join(run.text for run in runs),
            numbering=numbering,
            runs=runs,
            props=props,
            base=base,
            style_id=style_id,
            style_name=self.styles.name(style_id),
            outline_level=self._outline_level(props, style_id),
            in_table=table_style is not None,
            notes=[self.notes[ref] for ref in refs if self.notes.get(ref)],
            images=sum(1 for kind, _ in drawn if kind == "image"),
            mark_deleted=deleted,
        )

    def _base(self, style_id: str | None, table_style: str | None) -> RunProps:
        """The run properties of a paragraph style (in a table style): resolved once each, as a
        long document has thousands of paragraphs and a handful of styles. Read, never changed."""
        key = (style_id, table_style)
        if key not in self._bases:
            base = RunProps()
            base.merge(self.styles.doc_rpr, self.theme)
            if table_style is not None:
                base.merge_style(self.styles.rpr_layers(table_style, "table"), self.theme)
            base.merge_style(self.styles.rpr_layers(style_id, "paragraph"), self.theme)
            self._bases[key] = base
        return self._bases[key]

    def _hide_field_codes(self, runs: list[Run]) -> None:
        """Text inside a field's code (a nested field's result, at any depth) becomes code too.
        A field still in its code at a paragraph's end is closed there, so a broken field
        cannot swallow the rest of the document."""
        for run in runs:
            for n, (kind, value) in enumerate(run.atoms):
                if kind == "fld" and value == "begin":
                    self.fields.append(False)
                elif kind == "fld" and value == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "fld" and value == "end" and self.fields:
                    self.fields.pop()
                elif kind == "t" and not all(self.fields):
                    run.atoms[n] = ("instr", value)
        while self.fields and not self.fields[-1]:
            self.fields.pop()

    def _para_props(
        self,
        direct: ET.Element | None,
        style_id: str | None,
        table_style: str | None,
        *,
        numbered: bool = True,
    ) -> tuple[ParaProps, ListLabel | None]:
        table = [] if table_style is None else self.styles.ppr_layers(table_style, "table")
        style = self.styles.ppr_layers(style_id, "paragraph")
        layers = [self.styles.doc_ppr, *table, *style, direct]
        props = _merged(layers)
        if not props.num_id or props.num_id == "0" or not numbered:
            return props, None
        ilvl = props.ilvl or 0
        level = self.numbering.level(props.num_id, ilvl)
        if level is not None:
            # Word puts a list level's indents under the paragraph style's when the style carries
            # the numbering, but over it when the paragraph itself does.
            from_style = direct is None or direct.find(w("numPr")) is None
            at = 1 + len(table) if from_style else len(layers) - 1
            props = _merged([*layers[:at], level.ppr, *layers[at:]])
        return props, self.numbering.next_label(props.num_id or "", ilvl)

    def _outline_level(self, props: ParaProps, style_id: str | None) -> int | None:
        if props.outline is not None:
            return props.outline + 1 if 0 <= props.outline < 9 else None
        return self.styles.heading_level(style_id)

    def _run(self, r: ET.Element | None, atoms: list[Atom], base: RunProps) -> Run:
        props = base.copy()
        direct = None if r is None else r.find(w("rPr"))
        props.merge_style(self.styles.rpr_layers(val(direct, "rStyle"), "character"), self.theme)
        props.merge(direct, self.theme)
        if props.hidden:  # hidden text prints nothing; its field marks still open and close
            atoms = [(kind, value) for kind, value in atoms if kind == "fld"]
        return Run(props, atoms)


def _numbering_styles(styles: StyleSheet) -> dict[str, str]:
    """Numbering styles' ids → the w:num they carry (for w:numStyleLink)."""
    out: dict[str, str] = {}
    for sid, style in styles.styles.items():
        num_id = val(style.find(f"{w('pPr')}/{w('numPr')}"), "numId")
        if style.get(w("type")) == "numbering" and num_id:
            out[sid] = num_id
    return out


def _merged(layers: list[ET.Element | None]) -> ParaProps:
    props = ParaProps()
    for layer in layers:
        props.merge(layer)
    return props


# Containers whose content is not part of the reading flow: deleted text, the fallback copy of
# alternate content, property blocks.
_SKIP = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("sectPr"), w("tblPr"), w("tblGrid")}


class _Cells:
    """Where the reading is in the tables: which table, row and cell the next paragraph is in."""

    def __init__(self) -> None:
        self.tables = 0
        self.cell: tuple[int, int, int] | None = None

    def table(self) -> tuple[int, int, int]:
        self.tables += 1
        return (self.tables - 1, -1, -1)


def _blocks(
    element: ET.Element, table_style: str | None, cells: _Cells
) -> Iterator[tuple[ET.Element, str | None, tuple[int, int, int] | None]]:
    """Paragraphs in reading order with the style of the table they sit in ("" = unstyled table)
    and their cell's (table, row, column)."""
    for child in element:
        if child.tag == w("p"):
            yield child, table_style, cells.cell
        elif child.tag == w("tbl"):
            outer, cells.cell = cells.cell, cells.table()
            yield from _blocks(child, val(child.find(w("tblPr")), "tblStyle") or "", cells)
            cells.cell = outer
        elif child.tag in (w("tr"), w("tc")) and cells.cell is not None:
            table, row, column = cells.cell
            cells.cell = (table, row + 1, -1) if child.tag == w("tr") else (table, row, column + 1)
            yield from _blocks(child, table_style, cells)
        elif child.tag not in _SKIP and not child.tag.startswith(f"{{{MC_NS}}}"):
            yield from _blocks(child, table_style, cells)


#: Text boxes inside text boxes are read this deep (real documents nest one or two).
MAX_BOX_DEPTH = 8


def _flow(
    element: ET.Element, cells: _Cells, boxed: bool, depth: int
) -> Iterator[tuple[ET.Element, str | None, tuple[int, int, int] | None, bool]]:
    """:func:`_blocks` with each paragraph's text boxes read right after it (in a text box)."""
    for p, table_style, cell in _blocks(element, None, cells):
        yield p, table_style, cell, boxed
        if depth >= MAX_BOX_DEPTH or not _draws(p):
            continue
        for kind, box in _drawn(p):
            if kind == "box":
                outer, cells.cell = cells.cell, None
                yield from _flow(box, cells, True, depth + 1)
                cells.cell = outer


_DRAWINGS = (w("drawing"), w("pict"), w("object"))
_PICTURES = {f"{{{PIC_NS}}}pic", f"{{{V_NS}}}imagedata"}
#: Drawn content that is a picture of something: charts and SmartArt as much as photographs.
_GRAPHICS = ("/chart", "/diagram")


def _draws(p: ET.Element) -> bool:
    return any(next(p.iter(tag), None) is not None for tag in _DRAWINGS)


def _drawn(element: ET.Element) -> Iterator[tuple[str, ET.Element]]:
    """("box", w:txbxContent) and ("image", element) in a paragraph, in order. Of alternate
    content only the first choice is read (the fallback is a copy of it for older readers), and
    a text box's own content is not searched (its paragraphs are read in their turn)."""
    for child in element:
        tag = child.tag
        if tag == w("txbxContent"):
            yield "box", child
        elif tag in _PICTURES or (
            tag == f"{{{A_NS}}}graphicData" and child.get("uri", "").endswith(_GRAPHICS)
        ):
            yield "image", child
        elif tag == f"{{{MC_NS}}}AlternateContent":
            branch = child.find(f"{{{MC_NS}}}Choice")
            if branch is None:
                branch = child.find(f"{{{MC_NS}}}Fallback")
            yield from [] if branch is None else _drawn(branch)
        elif tag not in _SKIP:
            yield from _drawn(child)


def _runs(element: ET.Element) -> Iterator[tuple[ET.Element | None, list[Atom]]]:
    """A paragraph's runs in order; a ``w:fldSimple`` becomes begin/instr/separate … end markers."""
    for child in element:
        if child.tag == w("r"):
            yield child, _atoms(child)
        elif child.tag == w("fldSimple"):
            code = child.get(w("instr"), "")
            yield None, [("fld", "begin"), ("instr", code), ("fld", "separate")]
            yield from _runs(child)
            yield None, [("fld", "end")]
        elif child.tag not in _SKIP and not child.tag.startswith(f"{{{MC_NS}}}"):
            yield from _runs(child)  # hyperlink, ins, smartTag, sdt, customXml …


_TEXT = {w("t"): None, w("tab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


def _atoms(run: ET.Element) -> list[Atom]:
    atoms: list[Atom] = []
    for child in run:
        tag = child.tag
        if tag in _TEXT:
            atoms.append(("t", _TEXT[tag] or child.text or ""))
        elif tag == w("fldChar"):
            atoms.append(("fld", child.get(w("fldCharType"), "")))
        elif tag == w("instrText"):
            atoms.append(("instr", child.text or ""))
        elif tag in _NOTE_REFERENCES:
            atoms.append(("note", f"{_NOTE_REFERENCES[tag]}:{child.get(w('id'), '')}"))
    return atoms


_NOTE_REFERENCES = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
