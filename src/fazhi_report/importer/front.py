"""The parts around the body: what precedes the report (web-page chrome, 政府信息公开 tables, a
文号), the title and the 主送 line, and after the body the 附件说明, 署名, 成文日期, 附注, the
attachment pages and the 版记 (抄送, 印发).

Works on plain paragraphs (a .txt has no alignment), so each rule leans on the wording first and
uses Word's alignment only to join a title broken over several centred lines.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct, field

from ..conventions import (
    ANY_DATE,
    ATTACHMENT_LABEL,
    ATTACHMENT_NOTE,
    CC,
    ISSUER,
    NOTE,
    NOTE_ITEM,
    SENTENCE_END,
    compact,
    could_be_addressee,
    could_be_signature,
    heading_level,
    is_attachment_page_label,
    is_end_matter,
    is_file_number,
    is_issuing_mark,
)
from ..patterns import lazy
from .numbers import is_numbered
from .sources import Para

#: How a title ends; the issuer lines above a “关于…的报告” line end like an organisation.
_TITLE_END = lazy(r"(报告|情况|总结|汇报)$")
_PROSE_MIN = 20
_TITLE_SEARCH = 8


class Table(Struct):
    """A table's text, row by row (cells in order); ``first`` is its first paragraph."""

    rows: list[list[str]]
    first: Para


Content = Para | Table


class AttachmentPage(Struct):
    name: str
    label: Para | None
    content: list[Content] = field(default_factory=list)


class Layout(Struct):
    """An input's paragraphs sorted into the report's parts (the body still unread)."""

    preamble: list[Para] = field(default_factory=list)
    title: list[Para] = field(default_factory=list)
    file_number: Para | None = None  # a 发文字号 under the title (a 公开版)
    addressee: Para | None = None
    body: list[Para] = field(default_factory=list)
    attachment_note: list[Para] = field(default_factory=list)
    signature: list[Para] = field(default_factory=list)
    date: Para | None = None
    note: Para | None = None
    trailing: list[Para] = field(default_factory=list)  # after the date, not recognised
    attachments: list[AttachmentPage] = field(default_factory=list)
    cc: Para | None = None
    printed: Para | None = None

    @property
    def title_text(self) -> str:
        return "".join(p.text for p in self.title)

    def note_names(self) -> list[str]:
        """The attachment names the 附件说明 lists."""
        names: list[str] = []
        for para in self.attachment_note:
            match = ATTACHMENT_NOTE.match(para.text)
            text = match.group(1) if match else para.text
            item = NOTE_ITEM.match(text)
            if text.strip():
                names.append((item.group(1) if item else text).strip())
        return names


def lay_out(paragraphs: list[Para]) -> Layout:
    """Sort ``paragraphs`` into the parts of a report."""
    layout = Layout()
    main, rest = _split_main(paragraphs)
    start = _report_start(main)
    layout.preamble, main = main[:start], main[start:]
    title_end = _title_end(main)
    layout.title, main = main[:title_end], main[title_end:]
    if title_end and main and main[0].cell is None and is_file_number(main[0].text):
        layout.file_number, main = main[0], main[1:]
    if main and could_be_addressee(main[0].text):
        layout.addressee, main = main[0], main[1:]
    main = _take_end(main, layout)
    layout.body = main
    _read_rest(rest, layout)
    return layout


def _split_main(paragraphs: list[Para]) -> tuple[list[Para], list[Para]]:
    """Up to the first attachment page label or 版记 line after some text; from there on."""
    for i, para in enumerate(paragraphs):
        if i and para.cell is None and _starts_rest(para.text):
            return paragraphs[:i], paragraphs[i:]
    return paragraphs, []


def _starts_rest(text: str) -> bool:
    return is_attachment_page_label(text) or is_end_matter(text)


def _is_prose(text: str) -> bool:
    return len(text) >= _PROSE_MIN and bool(re.search(r"[，。,；]", text)) and "|" not in text


def is_title_line(para: Para) -> bool:
    """A title's (last) line: it ends like one (…的报告, …工作总结), or Word centres it."""
    text = para.text
    if para.cell is not None or len(text) > 80 or SENTENCE_END.search(text[:-1]):
        return False
    if _TITLE_END.search(text):
        return True
    return para.align == "center" and not _not_title(text) and not heading_level(text)


def _not_title(text: str) -> bool:
    """Centred lines above a title that are not part of it: the red header, the 文号."""
    return is_issuing_mark(text) or text.endswith("文件") or is_file_number(text)


def _report_start(main: list[Para]) -> int:
    """Where the report begins: its title, else its first sentence or numbered heading.

    What comes before is not the report's (a web page's menus, the 政府信息公开 table, the red
    header and 文号 of a cover document)."""
    for i, para in enumerate(main):
        if is_title_line(para):
            return _title_start(main, i)
        if _is_prose(para.text) or (is_numbered(para.text) and para.cell is None):
            return i
    return 0


def _title_start(main: list[Para], end: int) -> int:
    """The first line of a title ending at ``end``: issuer lines and a broken-off “关于…” line
    join it, as do centred lines above a centred title."""
    start = end
    while start > 0 and end - start < 3:
        above = main[start - 1]
        if above.cell is not None or SENTENCE_END.search(above.text) or len(above.text) > 40:
            break
        centred = above.align == "center" and main[end].align == "center"
        if _not_title(above.text) or not (
            centred or ISSUER.search(above.text) or "关于" in above.text
        ):
            break
        start -= 1
    return start


def _title_end(main: list[Para]) -> int:
    """How many of the first paragraphs are the title (0 without one)."""
    for i, para in enumerate(main[:_TITLE_SEARCH]):
        if is_title_line(para) and _title_start(main, i) == 0 and not _continues(main, i):
            return i + 1
        if _is_prose(para.text):
            break
    return 0


def _continues(main: list[Para], i: int) -> bool:
    """The next line is still the title (a centred title broken over lines)."""
    after = main[i + 1] if i + 1 < len(main) else None
    return (
        after is not None
        and main[i].align == "center"
        and after.align == "center"
        and is_title_line(after)
        and not could_be_addressee(after.text)
    )


def _take_end(main: list[Para], layout: Layout) -> list[Para]:
    """Take the 成文日期, 署名, 附注 and 附件说明 off the end of ``main``; the body remains."""
    dates = [i for i, p in enumerate(main) if ANY_DATE.match(compact(p.text)) and p.cell is None]
    end = len(main)
    if dates and dates[-1] > 0:
        at = dates[-1]
        layout.date = main[at]
        after = main[at + 1 :]
        if after and NOTE.match(after[0].text) and len(after[0].text) <= 60:
            layout.note, after = after[0], after[1:]
        layout.trailing = after
        end = at
    signature_start = _signature_start(main, end, dated=layout.date is not None)
    layout.signature = main[signature_start:end]
    note_start = _note_start(main, signature_start)
    layout.attachment_note = main[note_start:signature_start]
    return main[:note_start]


def _signature_start(main: list[Para], end: int, *, dated: bool) -> int:
    start = end
    while start > 1 and end - start < 4:
        text = main[start - 1].text
        if not could_be_signature(text) or main[start - 1].cell:
            break
        # Without a date to anchor it, only an organisation's name is taken for a signature.
        if not dated and not ISSUER.search(text):
            break
        start -= 1
    return start


def _note_start(main: list[Para], end: int) -> int:
    for i in range(end - 1, max(end - 12, 0), -1):
        if ATTACHMENT_NOTE.match(main[i].text):
            following = main[i + 1 : end]
            if all(NOTE_ITEM.match(p.text) for p in following):
                return i
            break
    return end


def _read_rest(rest: list[Para], layout: Layout) -> None:
    """Attachment pages (a 附件 label, the name, the text) and the 版记 lines."""
    page: AttachmentPage | None = None
    expect_name = False
    for para in rest:
        label = ATTACHMENT_LABEL.match(para.text) if para.cell is None else None
        if label:
            named = NOTE_ITEM.match(label.group(2) or "")
            page = AttachmentPage(named.group(1) if named else label.group(2) or "", para)
            layout.attachments.append(page)
            expect_name = not label.group(2)
        elif CC.match(para.text) and para.cell is None:
            layout.cc, page = para, None
        elif is_end_matter(para.text) and para.cell is None:
            layout.printed, page = para, None
        elif page is None:
            layout.trailing.append(para)
        elif expect_name and para.cell is None:
            page.name, expect_name = para.text, False
        else:
            add_content(page.content, para)
            expect_name = False


def add_content(content: list[Any], para: Para) -> None:
    """Append a paragraph, or its text to the table it is a cell of (a new table if need be)."""
    if para.cell is None:
        content.append(para)
        return
    table, row, column = para.cell
    last = content[-1] if content else None
    if not isinstance(last, Table) or last.first.cell is None or last.first.cell[0] != table:
        last = Table([], para)
        content.append(last)
    index = row - (last.first.cell or para.cell)[1]
    while len(last.rows) <= index:
        last.rows.append([])
    cells = last.rows[index]
    while len(cells) <= column:
        cells.append("")
    # Several paragraphs in one cell read as one line of text.
    cells[column] += para.text


def cc_names(para: Para) -> list[str]:
    match = CC.match(para.text)
    text = match.group(1) if match else para.text
    return [name.strip() for name in re.split(r"[，,、；;]", text) if name.strip()]
