"""Building .docx fixtures the way Word stores them, through python-docx: automatic numbering
(``numbering.xml`` list definitions and the paragraphs that use them), run fonts and bold.

python-docx has no API for list *definitions*, so :func:`add_list` assembles the abstractNum from
python-docx's own element factory; instances, overrides and paragraph numbering use its API.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph
from docx.text.run import Run

#: A level of a list definition: (numFmt, lvlText), e.g. ("chineseCounting", "%1、").
Level = tuple[str, str]
#: The 公文 heading numbers 一、（一）1.（1） as one four-level list.
HEADINGS: list[Level] = [
    ("chineseCounting", "%1、"),
    ("chineseCounting", "（%2）"),
    ("decimal", "%3."),
    ("decimal", "（%4）"),
]


def _element(tag: str, **attributes: object) -> BaseOxmlElement:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


def add_list(
    document: DocxDocument,
    levels: Sequence[Level],
    *,
    start: int = 1,
    restarts: dict[int, int] | None = None,
) -> int:
    """A new list definition with ``levels`` and one instance of it; returns its numId.

    ``restarts`` sets a level's ``w:lvlRestart`` (0 = never restart).
    """
    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=-1) + 1
    abstract = _element("w:abstractNum", abstractNumId=abstract_id)
    for ilvl, (fmt, text) in enumerate(levels):
        lvl = _element("w:lvl", ilvl=ilvl)
        lvl.append(_element("w:start", val=start))
        lvl.append(_element("w:numFmt", val=fmt))
        if restarts and ilvl in restarts:
            lvl.append(_element("w:lvlRestart", val=restarts[ilvl]))
        lvl.append(_element("w:lvlText", val=text))
        abstract.append(lvl)
    # Every w:abstractNum comes before the first w:num (the schema's order).
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    return add_instance(document, abstract_id)


def abstract_of(document: DocxDocument, num_id: int) -> int:
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    return int(num.abstractNumId.val)


def add_instance(
    document: DocxDocument, abstract_id: int, start_overrides: dict[int, int] | None = None
) -> int:
    """Another ``w:num`` of a list definition (Word's “restart numbering” adds one with a
    ``startOverride``); returns its numId."""
    num = document.part.numbering_part.element.add_num(abstract_id)
    for ilvl, value in (start_overrides or {}).items():
        override = num.add_lvlOverride(ilvl=ilvl)
        override.add_startOverride(val=value)
    return int(num.numId)


def numbered(
    document: DocxDocument, text: str, num_id: int, level: int = 0, style: str | None = None
) -> Paragraph:
    """A paragraph numbered by list ``num_id`` at ``level``, its number not typed."""
    paragraph = document.add_paragraph(text, style)
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def number_style(document: DocxDocument, style: str, num_id: int, level: int) -> None:
    """Attach list ``num_id`` to a paragraph style, as Word's multilevel heading lists do."""
    num_pr = document.styles[style].element.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def east_asian_font(run: Run, name: str) -> Run:
    """Set the run's Chinese font (python-docx's ``font.name`` sets only the Latin slots)."""
    run.font.name = name
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    return run
