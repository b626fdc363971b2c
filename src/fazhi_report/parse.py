"""Stage 5, parse: rendered Markdown → document tree blocks (markdown-it-py does the parsing).

Headings map to the 公文 levels (``#`` title, ``##`` 一、, ``###`` （一）, ``####`` 1., ``#####``
（1）); ordered list items become numbered paragraphs (1. at the first depth, （1） below). Every
piece of text passes through the punctuation fixer here, so all writers print the same text.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from msgspec import Struct, field

from .punct import fix_punctuation
from .tree import Block, Heading, NumberedItem, Paragraph, Table, number_blocks


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
        "table"
    )


class Parsed(Struct):
    title: str | None = None
    blocks: list[Block] = field(default_factory=list)


class _ListState(Struct):
    ordered: bool
    count: int = 0
    start: int = 1
    item_has_lead: bool = False


def parse_markdown(text: str) -> Parsed:
    """Parse the template's Markdown into a title and numbered body blocks."""
    tokens = _parser().parse(text)
    out = Parsed()
    lists: list[_ListState] = []
    heading_level = heading_line = 0
    table: list[list[str]] | None = None
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1:])
            heading_line = token.map[0] if token.map else 0
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("ordered_list_open", "bullet_list_open"):
            start = int(token.attrGet("start") or 1)
            lists.append(_ListState(ordered=kind == "ordered_list_open", start=start))
        elif kind in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            lists[-1].count += 1
            lists[-1].item_has_lead = False
        elif kind == "table_open":
            table = []
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None and row is not None:
            table.append(row)
            row = None
        elif kind == "table_close" and table is not None:
            out.blocks.append(Table(rows=table))
            table = None
        elif kind == "inline":
            content = fix_punctuation(inline_text(token))
            if row is not None:
                row.append(content)
            elif heading_level == 1:
                out.title = content
            elif heading_level:
                level = min(heading_level - 1, 4)
                out.blocks.append(Heading(level=level, text=content, line=heading_line))
            elif content:
                out.blocks.append(_paragraph(content, lists))
        elif kind in ("fence", "code_block") and token.content.strip():
            out.blocks += [
                Paragraph(fix_punctuation(line))
                for line in token.content.splitlines()
                if line.strip()
            ]
    number_blocks(out.blocks)
    return out


def _paragraph(content: str, lists: list[_ListState]) -> Block:
    if not lists or not lists[-1].ordered or lists[-1].item_has_lead:
        return Paragraph(content)
    state = lists[-1]
    state.item_has_lead = True
    depth = sum(1 for s in lists if s.ordered)
    n = state.start + state.count - 1
    if depth <= 1:
        return NumberedItem(level=3, text=content, number=f"{n}.")
    return NumberedItem(level=4, text=content, number=f"（{n}）")


def inline_text(token: Token) -> str:
    """Plain text of an inline token: markup dropped, soft breaks joined (Chinese needs no space)."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()
