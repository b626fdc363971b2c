"""Reading .docx files: the one OOXML reader ``check`` and ``import`` share.

Modules, bottom up: ``values`` (namespaces, lengths, on/off), ``package`` (the hardened zip and
its parts), ``fonts`` (script slots, theme fonts, Chinese typeface families), ``styles`` (run and
paragraph properties through the style chain), ``numbering`` (the labels automatic numbering
draws), ``document`` (paragraphs, runs, sections, footers), ``sniff`` (what kind of file a user
gave) and ``convert`` (opening it as a .docx, through LibreOffice for .doc/.wps).

Typical use::

    from fazhi_report.ooxml import open_docx, read_docx

    with open_docx(path) as opened:  # a .doc/.wps is converted through LibreOffice if it can be
        document = read_docx(opened.docx)
    for paragraph in document.paragraphs:
        print(paragraph.label, paragraph.text, paragraph.outline_level, paragraph.style_name)
"""

from __future__ import annotations

from .convert import Opened, open_docx
from .document import Document, Paragraph, Run, Section, read_docx
from .fonts import Font, family
from .numbering import ListLabel
from .sniff import InputKind, sniff
from .styles import ParaProps, RunProps

__all__ = [
    "Document",
    "Font",
    "InputKind",
    "ListLabel",
    "Opened",
    "ParaProps",
    "Paragraph",
    "Run",
    "RunProps",
    "Section",
    "family",
    "open_docx",
    "read_docx",
    "sniff",
]
