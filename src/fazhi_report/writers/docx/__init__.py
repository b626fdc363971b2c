"""Document tree → .docx laid out to GB/T 9704-2012 (党政机关公文格式).

The package's parts, one concern each: :mod:`.body` builds the report's paragraphs and tables
(front matter, the tree's blocks, end matter) from :mod:`.wordml` items and :mod:`.tables`, the
版头 and a 版记 section of its own from :mod:`.marks`;
:mod:`.pages` estimates where pages break; :mod:`.package` puts the body into the project's own
base document and zips it reproducibly. Line widths and the title's line breaks come from
:mod:`fazhi_report.typeset`, shared with the html writer. python-docx is imported only when a
.docx is written.
"""

from __future__ import annotations

from ...style import DEFAULT as DEFAULT_STYLE
from ...tree import Document
from .body import build_body, has_end_section
from .package import base_package, body_section_xml, write_package


def render_docx(document: Document) -> bytes:
    """Return the .docx bytes of ``document``, laid out to GB/T 9704-2012."""
    body, end_section = body_xml(document)
    return write_package(body, document, end_section=end_section)


def body_xml(document: Document) -> tuple[str, bool]:
    """The body's paragraphs and tables as XML text, and whether its last section is a 版记's
    of its own (:func:`.package.write_package` puts them into the base document)."""
    end_section = has_end_section(document)
    section = body_section_xml(document.style) if end_section else ""
    return "".join(item.xml() for item in build_body(document, section)), end_section


def preload() -> None:
    """python-docx, lxml and the base document's parts, loaded ahead (a batch's parent process
    does it before its workers fork)."""
    import docx  # noqa: F401  (heavy: only commands that write .docx import it)

    base_package(DEFAULT_STYLE, end_section=False)
