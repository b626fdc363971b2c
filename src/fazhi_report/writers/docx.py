"""Document tree → .docx (python-docx). Minimal first version; GB/T 9704 layout lands with issue 3."""

from __future__ import annotations

import io

from ..tree import Document, Heading, NumberedItem, Paragraph, Table


def render_docx(document: Document) -> bytes:
    """Return the .docx bytes of ``document``."""
    import docx  # heavy: only commands that write .docx import it

    out = docx.Document()
    out.add_paragraph(document.title)
    if document.addressee:
        out.add_paragraph(document.addressee + "：")
    for block in document.body:
        if isinstance(block, Heading):
            out.add_paragraph(block.number + block.text)
        elif isinstance(block, NumberedItem):
            out.add_paragraph(block.number + block.text)
        elif isinstance(block, Paragraph):
            out.add_paragraph(block.text)
        elif isinstance(block, Table):
            table = out.add_table(rows=len(block.rows), cols=max(len(r) for r in block.rows))
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    for line in document.signature:
        out.add_paragraph(line)
    out.add_paragraph(document.date_text)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
