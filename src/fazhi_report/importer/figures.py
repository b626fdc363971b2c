"""Tables, pictures and their captions in the body.

A caption (“表1 ……”, “图2 ……”, or a paragraph in Word's Caption/题注 style) is never a heading:
it names the table or picture beside it. A *table of figures* — a label in each row's first
cell, and in every other cell a quantity or nothing — becomes ``数据``: one entry per figure,
named from its row (and its column when there are several), and ``数据附表: 是`` prints them in
the report's 附件 as a table, one row per figure; its caption goes with it into the comment that
says so. The facts model has no table in the body, and a table of figures is exactly what the
数据附表 is for: the figures stay numbers that ``summary`` adds up and 同比 compares, whatever
template prints the report. Any other table stays where it was, its rows as paragraphs.

Pictures cannot be written into a facts file: where one stood, the paragraph beside it carries
a comment saying so (its caption, if it has one, is kept as a paragraph).
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field, structs

from .emit import Noted, ordered
from .front import Table
from .outline import Heading, Node, is_caption
from .quantities import Spot, find
from .sources import Para


class FigureTable(Struct):
    """A table of figures taken out of the body: its caption, its figures with the words each is
    named from, and the numbers of the original paragraphs it held (its cells, its caption)."""

    caption: str | None
    rows: int
    figures: list[Spot] = field(default_factory=list)
    table: int = -1  # its number among the document's tables (Para.cell[0] of its cells)
    caption_number: int | None = None  # the caption's paragraph number

    def holds(self, para: Para) -> bool:
        """Whether ``para`` (a body paragraph of the original) was this table or its caption."""
        in_cells = para.cell is not None and para.cell[0] == self.table
        return in_cells or para.number == self.caption_number

    def describe(self) -> str:
        name = f"“{self.caption}”" if self.caption else f"（{self.rows} 行）"
        return f"原文正文中的表格{name}"


def take_tables(nodes: list[Node]) -> list[FigureTable]:
    """Take every table of figures (and its caption) out of ``nodes``, in document order."""
    found: list[FigureTable] = []
    _take(nodes, found)
    return found


def _take(nodes: list[Node], found: list[FigureTable]) -> None:
    at = 0
    while at < len(nodes):
        node = nodes[at]
        if isinstance(node, Heading):
            _take(node.children, found)
        figures = _figures(node.rows) if isinstance(node, Table) else None
        if not isinstance(node, Table) or figures is None:
            at += 1
            continue
        table = FigureTable(
            None, len(node.rows), figures, node.first.cell[0] if node.first.cell else -1
        )
        taken = [at]
        for side in (at - 1, at + 1):  # a caption above the table, else below it
            caption = _caption(nodes[side]) if 0 <= side < len(nodes) else None
            if caption is not None:
                table.caption, table.caption_number = caption.text, caption.number
                taken.append(side)
                break
        for index in sorted(taken, reverse=True):
            del nodes[index]
        at = min(taken)
        found.append(table)


def _caption(node: Node | None) -> Para | None:
    return node if isinstance(node, Para) and is_caption(node) else None


def _figures(rows: list[list[str]]) -> list[Spot] | None:
    """The figures of a table of figures, each with the words naming it; None for another table."""
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    head = rows[0] if not any(_figure(c) for c in rows[0][1:]) else None
    body = rows[1:] if head is not None else rows
    values = max(len(r) for r in rows) - 1
    figures: list[Spot] = []
    for row in body:
        label = row[0].strip() if row else ""
        if not label or _figure(label):
            return None
        for column, cell in enumerate(row[1:], start=1):
            if not cell.strip():
                continue
            spot = _figure(cell.strip())
            if spot is None:
                return None  # a cell that is no figure: the table is text, kept as rows
            words = label
            if values > 1:
                words += head[column] if head is not None and column < len(head) else f"{column}"
            figures.append(structs.replace(spot, before=words, after=""))
    return figures or None


def _figure(cell: str) -> Spot | None:
    spots = find(cell)
    whole = len(spots) == 1 and spots[0].start == 0 and spots[0].end == len(cell)
    return spots[0] if whole else None


TAKEN = "中的数字已写入“数据”，生成时列在附件的“数据附表”中（每个数字一行），请核对"


def with_table_note(facts: dict[str, Any], tables: list[FigureTable]) -> dict[str, Any]:
    """``数据附表: 是`` with a comment naming each table of figures it now prints."""
    if not tables:
        return facts
    note = "\n".join(f"{table.describe()}{TAKEN}" for table in tables)
    return ordered({**facts, "数据附表": Noted(facts.get("数据附表", "是"), note)})


def picture_note(count: int) -> str:
    return f"原文此处有 {count} 张图片，未导入（事实文件只记文字），请核对"


def carry_pictures(nodes: list[Node]) -> int:
    """Pictures marked on a heading's paragraph move to the next body paragraph (a heading's
    title has no place for a comment); returns how many found no paragraph to go to."""
    pending = 0
    for holder, index in _paragraph_slots(nodes):
        node = holder[index]
        if isinstance(node, Heading):
            pending += node.para.images
            continue
        if isinstance(node, Para) and pending:
            holder[index] = structs.replace(node, images=node.images + pending)
            pending = 0
    return pending


def _paragraph_slots(nodes: list[Node]) -> list[tuple[list[Node], int]]:
    """(list, index) of every heading and paragraph, in document order."""
    out: list[tuple[list[Node], int]] = []
    for index, node in enumerate(nodes):
        if isinstance(node, Heading | Para):
            out.append((nodes, index))
        if isinstance(node, Heading):
            out += _paragraph_slots(node.children)
    return out
