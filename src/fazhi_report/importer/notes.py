"""Footnotes and endnotes, kept with the paragraph that cites them.

A note is printed text (“数据来源：……年报。”, what 三项制度 means, “本报告已经……会议审议通过。”),
so it stays printed: it becomes a paragraph “注：……” right after the paragraph that cites it (after
its table, for a note cited in a cell), where the clerk can see it and the rebuilt report prints
it. A facts file comment would keep it from being lost, but not from vanishing from the report.
A 公文 has no footnotes; a note on the title, the 主送, the 署名 or the date is what GB/T 9704
calls the 附注, and goes there when the original has none (else it is kept as a comment at the
end of the file). The notes are placed once the parts of the report are found, so a note can
never be mistaken for one of them.
"""

from __future__ import annotations

from msgspec import structs

from ..errors import Problem
from .front import Content, Layout
from .sanitise import sanitised
from .sources import Para

NOTE_MARK = "注："


def place_notes(layout: Layout, paragraphs: list[Para]) -> list[Problem]:
    """Put every note ``paragraphs`` cite where it belongs in ``layout`` (see the module); a
    note cited where none of that applies (a cell of an attachment's table) is kept at the end."""
    notes = _Notes()
    layout.body = notes.after_each(layout.body)
    for page in layout.attachments:
        content: list[Content] = []
        for part in page.content:
            content += notes.after_each([part]) if isinstance(part, Para) else [part]
        page.content = content
    front = [
        *layout.title,
        *([layout.addressee] if layout.addressee else []),
        *layout.attachment_note,
        *layout.signature,
        *([layout.date] if layout.date else []),
    ]
    for para in front:
        for text in para.notes:
            if layout.note is None:
                notes.placed.add((para.number, text))
                layout.note = structs.replace(para, text=f"（{_one_line(text)}）", notes=())
            else:
                layout.trailing += notes.made(para, text)
    for para in paragraphs:  # the rest: before or after the report, or in an attachment's table
        for text in para.notes:
            if (para.number, text) not in notes.placed:
                layout.trailing += notes.made(para, text)
    return notes.warnings


class _Notes:
    def __init__(self) -> None:
        self.warnings: list[Problem] = []
        self.placed: set[tuple[int, str]] = set()  # (citing paragraph's number, note)

    def after_each(self, paragraphs: list[Para]) -> list[Para]:
        """``paragraphs`` with each one's notes after it (after its table, for a cell's)."""
        out: list[Para] = []
        waiting: list[Para] = []  # notes cited in a table, placed after it
        table: int | None = None
        for para in paragraphs:
            if waiting and (para.cell is None or para.cell[0] != table):
                out += waiting
                waiting = []
            out.append(para)
            made = [n for text in para.notes for n in self.made(para, text)]
            if para.cell is None:
                out += made
            else:
                waiting += made
                table = para.cell[0]
        return out + waiting

    def made(self, cited_by: Para, text: str) -> list[Para]:
        """The note's lines as paragraphs (sanitised like the rest), the first marked “注：”."""
        self.placed.add((cited_by.number, text))
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if lines and not lines[0].startswith(("注", "（注", "(注")):
            lines[0] = NOTE_MARK + lines[0]
        clean, problems = sanitised([Para(line, cited_by.number) for line in lines])
        self.warnings += problems
        return clean


def _one_line(text: str) -> str:
    return "".join(line.strip() for line in text.split("\n"))
