"""Document tree → Markdown (GFM), for reviewing a report's changes in a pull request.

The text is the report as printed: title, numbered headings as written (``## 一、…``), paragraphs,
附件说明, signature, date, attachments, tables as GFM. Markup is escaped only where Markdown would
read it, so a diff shows the clerk's words and not a wall of backslashes. Deterministic: the same
tree always gives the same text (no dates, no versions, ``\\n`` line endings).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import assert_never

from ..patterns import lazy
from ..tree import Attachment, Block, Document, Heading, NumberedItem, Paragraph, Table

# Heading level (一、=1 … （1）=4) → ATX marks; ``#`` is the title, as in the templates.
_MARKS = {1: "##", 2: "###", 3: "####", 4: "#####"}

# Inline marks that change the meaning of ASCII text; full-width Chinese punctuation never does.
_INLINE = lazy(r"([\\`*_\[\]<>~])")
# A line that Markdown would read as a heading, quote, list item, rule or table/code fence.
_BLOCK_START = lazy(
    r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|\d{1,9}(?=[.)](?:\s|$))|={3,}|-{3,}|```|~~~)"
)


def render_markdown(document: Document) -> str:
    """The whole report as GFM text ending in one newline."""
    return "\n\n".join(chunk for chunk in _chunks(document) if chunk) + "\n"


def _chunks(document: Document) -> Iterator[str]:
    header = document.red_header
    if header is not None:
        yield from (_text(line) for line in header.mark)
        signers = f"　签发人：{'　'.join(header.signers)}" if header.signers else ""
        yield _text(header.number + signers)
    yield f"# {_one_line(document.title)}"
    if document.number_under_title:
        yield _text(document.number_under_title)
    if document.addressee:
        yield _text(document.addressee + "：")
    yield from _blocks(document.body)
    if document.attachments:
        yield _attachment_list(document.attachments)
    yield from (_text(line) for line in document.signature)
    if document.date_text:
        yield _text(document.date_text)
    if document.note:
        yield _text(f"（{document.note}）")
    for number, attachment in enumerate(document.attachments, 1):
        yield f"## 附件{number}：{_one_line(attachment.name)}"
        yield from _blocks(attachment.blocks)
    cc, printing = document.end_matter
    if cc:
        yield _text("抄送：" + "，".join(cc) + "。")
    if printing is not None:
        yield _text(f"{printing.organ}　{printing.date_text}")


def _blocks(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        match block:
            case Heading():
                yield f"{_MARKS[block.level]} {_one_line(block.number + block.text)}"
            case NumberedItem():
                # Written as it prints (“1.”/“（1）”), not as a list Markdown would renumber.
                yield _text(block.number + block.text)
            case Paragraph():
                yield _text(block.text)
            case Table():
                yield _table(block)
            case _:
                assert_never(block)


def _attachment_list(attachments: list[Attachment]) -> str:
    if len(attachments) == 1:
        return _text(f"附件：{attachments[0].name}")
    lines = [f"{i}. {a.name}" for i, a in enumerate(attachments, 1)]
    # One paragraph, one line per attachment: a trailing backslash is a hard break in CommonMark.
    return "附件：" + "\\\n".join(_escape(line) for line in lines)


def _table(table: Table) -> str:
    if not table.rows:
        return ""
    width = max(len(row) for row in table.rows)
    rows = [[_cell(c) for c in row] + [""] * (width - len(row)) for row in table.rows]
    lines = [_row(rows[0]), _row(["---"] * width), *(_row(r) for r in rows[1:])]
    if table.caption:
        lines.insert(0, _text(table.caption) + "\n")
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _cell(text: str) -> str:
    return _escape(text).replace("|", "\\|").replace("\n", "<br>")


def _text(text: str) -> str:
    """A paragraph: inline marks escaped, a leading block mark escaped, hard breaks kept."""
    lines = [_escape_line_start(_escape(line)) for line in text.split("\n")]
    return "\\\n".join(lines)


def _escape(text: str) -> str:
    return _INLINE.sub(r"\\\1", text)


def _one_line(text: str) -> str:
    """Headings and the title must stay on one line to stay headings."""
    return _escape(" ".join(text.split("\n")))


def _escape_line_start(line: str) -> str:
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match.group(1)[0].isdigit():
        # “2024. …” would start an ordered list: escape the dot, not the digits.
        end = match.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line
