"""The document tree: what the report says, independent of any file format.

Every writer (.docx, .html, .md) and every golden test reads this tree. ``str(document)`` prints
it as plain text, one block a line, so most tests need no .docx at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import assert_never

from msgspec import Struct, field

from .conventions import Edition, heading_number
from .style import DEFAULT as DEFAULT_STYLE
from .style import Style


# A dataclass, not a Struct (msgspec) like the other blocks: ``line`` takes no part in comparing
# headings, and msgspec has no per-field ``compare=False``.
@dataclasses.dataclass
class Heading:
    level: int  # 1 一、  2 （一）  3 1.  4 （1）
    text: str
    number: str = ""
    #: The line (from 0) of the rendered Markdown it came from, to trace it to the template.
    line: int | None = dataclasses.field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return f"{'  ' * (self.level - 1)}[H{self.level}] {self.number}{self.text}"


class Paragraph(Struct):
    text: str

    def __str__(self) -> str:
        return f"[P] {self.text}"


class NumberedItem(Struct):
    """A numbered paragraph (1. / （1）) whose text runs on after the number."""

    level: int  # 3 → “1.”  4 → “（1）”
    text: str
    number: str = ""

    def __str__(self) -> str:
        return f"[N{self.level}] {self.number}{self.text}"


class Table(Struct):
    rows: list[list[str]]
    caption: str = ""
    header_rows: int = 1

    def __str__(self) -> str:
        lines = [f"[T] {self.caption}"] if self.caption else ["[T]"]
        lines += ["    | " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


Block = Heading | Paragraph | NumberedItem | Table


class Attachment(Struct):
    name: str
    blocks: list[Block] = field(default_factory=list)


class Header(Struct):
    """版头: the 发文机关标志's lines, the 发文字号 and the 签发人 (GB/T 9704 7.2)."""

    mark: list[str]
    number: str
    signers: list[str] = field(default_factory=list)


class Printing(Struct):
    """The 版记's 印发 line: the 印发机关 and “2025年2月20日印发”."""

    organ: str
    date_text: str

    def __str__(self) -> str:
        return f"{self.organ} {self.date_text}"


class Document(Struct):
    """One report: front matter from the facts, body from the template, end matter from the facts."""

    title: str
    body: list[Block] = field(default_factory=list)
    addressee: str | None = None
    signature: list[str] = field(default_factory=list)
    date_text: str = ""
    sealed: bool = False
    note: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # 政府信息公开 metadata, for the web version
    unit: str = ""
    year: int = 0
    issued: dt.date | None = None  # 成文日期: also the file's core-property and zip dates
    style: Style = DEFAULT_STYLE  # the template's 样式: fonts and forms the writers lay it out in
    header: Header | None = None  # 版头 from the facts (the 报送版 prints it)
    printing: Printing | None = None  # the 版记's 印发 line
    edition: Edition = "submit"  # 报送版 or 公开版 (conventions.EDITIONS)

    @property
    def red_header(self) -> Header | None:
        """The 版头 this edition prints: the 报送版's, unless the template's 样式 leaves it out."""
        if self.edition != "submit" or self.style.get("版头") == "否":
            return None
        return self.header

    @property
    def number_under_title(self) -> str | None:
        """The 发文字号 the 公开版 prints under the title, as published reports show it."""
        if self.edition != "publish" or self.header is None:
            return None
        return None if self.style.get("公开版发文字号") == "不印" else self.header.number

    @property
    def end_matter(self) -> tuple[list[str], Printing | None]:
        """The 版记 this edition prints: its 抄送 and its 印发 line (the 样式 may leave it out)."""
        if self.style.get("版记") == "否":
            return [], None
        return self.cc, self.printing

    def headings(self, level: int | None = None) -> list[Heading]:
        return [
            b for b in self.body if isinstance(b, Heading) and (level is None or b.level == level)
        ]

    def __str__(self) -> str:
        lines = []
        header = self.red_header
        if header is not None:
            lines += [f"[MARK] {line}" for line in header.mark]
            lines.append(f"[NUMBER] {header.number}")
            lines += [f"[SIGNER] {name}" for name in header.signers]
        lines.append(f"[TITLE] {self.title}")
        if self.number_under_title:
            lines.append(f"[NUMBER] {self.number_under_title}")
        if self.addressee:
            lines.append(f"[TO] {self.addressee}：")
        lines += [str(block) for block in self.body]
        if self.attachments:
            names = [f"{i}. {a.name}" for i, a in enumerate(self.attachments, 1)]
            lines.append("[ATTACH-LIST] 附件：" + "；".join(names))
        lines += [f"[SIGN] {line}" for line in self.signature]
        lines.append(f"[DATE] {self.date_text}")
        if self.note:
            lines.append(f"[NOTE] （{self.note}）")
        for i, attachment in enumerate(self.attachments, 1):
            lines.append(f"[ATTACHMENT {i}] {attachment.name}")
            lines += ["    " + str(block) for block in attachment.blocks]
        cc, printing = self.end_matter
        if cc:
            lines.append("[CC] 抄送：" + "，".join(cc) + "。")
        if printing is not None:
            lines.append(f"[PRINTED] {printing}")
        return "\n".join(lines) + "\n"


def number_blocks(blocks: list[Block]) -> None:
    """Assign 序次语 to headings (restarting under each parent) in place.

    Numbered items keep the number the parser gave them (their position in their list).
    """
    counters = [0, 0, 0, 0, 0]
    for block in blocks:
        if isinstance(block, Heading):
            counters[block.level] += 1
            for deeper in range(block.level + 1, 5):
                counters[deeper] = 0
            block.number = heading_number(block.level, counters[block.level])


def empty_headings(document: Document) -> list[Heading]:
    """Headings followed by nothing, or by a heading of the same or a higher level."""
    body = document.body
    out = []
    for i, block in enumerate(body):
        if not isinstance(block, Heading):
            continue
        following = body[i + 1] if i + 1 < len(body) else None
        if following is None or (isinstance(following, Heading) and following.level <= block.level):
            out.append(block)
    return out


def body_text(document: Document) -> str:
    """All the text a reader sees, numbers included, one block a line (for comparisons)."""
    parts = [document.title]
    if document.addressee:
        parts.append(document.addressee)
    for block in document.body:
        parts.append(_plain(block))
    parts += document.signature
    parts.append(document.date_text)
    for attachment in document.attachments:
        parts.append(attachment.name)
        parts += [_plain(b) for b in attachment.blocks]
    return "\n".join(parts)


def _plain(block: Block) -> str:
    match block:
        case Heading() | NumberedItem():
            return block.number + block.text
        case Table():
            return "\n".join(" ".join(row) for row in block.rows)
        case Paragraph():
            return block.text
        case _:
            assert_never(block)
