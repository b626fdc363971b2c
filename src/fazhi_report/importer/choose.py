"""Which template re-prints the original best, and what the facts look like through it.

Each candidate template gets its own facts (its 要点 style decides which runs split, its default
headings decide which original headings go into 章节标题), is rendered to a document tree the way
``build`` renders it, and is scored by how closely the tree's sequence of headings (with their
levels), numbered paragraphs and paragraphs follows the original's. Headings count first
(the share of the original's headings the tree has at the same level), then the similarity of
the whole sequence; a tie goes to the template listed first (official).

A long report (more than :data:`SAMPLE` nodes in its outline) is compared on a sample of its
outline — every top-level heading, the first of each heading's children, as deep as the budget
allows — so rendering each candidate costs the same whatever the length; the chosen template
then maps the whole outline once.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Callable
from typing import Any, assert_never

import jinja2.sandbox
from msgspec import Struct, structs
from pydantic import ValidationError

from ..build import assemble
from ..enrich import build_context
from ..errors import UserError
from ..model import ReportFacts
from ..patterns import lazy
from ..quantity import Quantity
from ..templating import ENTRY, TemplateInfo, builtin_root, render
from ..tree import Document, Heading, NumberedItem, Paragraph, Table
from .align import ratio
from .emit import plain
from .outline import Heading as OutlineHeading
from .outline import Node, walk
from .sources import Para
from .structure import Body, Shapes

Token = tuple[str, int, str]
_CALL = lazy(r"章节\(\s*'([^']+)'\s*,\s*(.+?)\)\s*\}\}")
_EXTENDS = lazy(r"extends\s+[\"']builtin:([\w-]+)/")
_PREFIX = 12


def heading_defaults(info: TemplateInfo, year: int) -> dict[str, str]:
    """The template's 章节 keys and the heading each prints by default for ``year``."""
    sources = [(info.folder / ENTRY).read_text(encoding="utf-8")]
    parent = _EXTENDS.search(sources[0])
    if parent:
        sources.append((builtin_root() / parent.group(1) / ENTRY).read_text(encoding="utf-8"))
    env = jinja2.sandbox.SandboxedEnvironment()
    defaults: dict[str, str] = {}
    for source in reversed(sources):  # the child's own calls win
        for match in _CALL.finditer(source):
            try:
                value = env.compile_expression(match.group(2))(年度=year, 下一年度=year + 1)
            except jinja2.TemplateError:
                continue
            defaults[match.group(1)] = str(value)
    return defaults


class _Unread(dict[int, int | None]):
    """str.translate's table: punctuation and spaces dropped, each character decided once."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        self[code] = None if ch.isspace() or unicodedata.category(ch)[0] in "PZ" else code
        return self[code]


_UNREAD = _Unread()


def normalise(text: str) -> str:
    """Text without punctuation and spaces, for comparing what a reader reads."""
    return text.translate(_UNREAD)


def original_tokens(nodes: list[Node]) -> list[Token]:
    """The original's outline as a token sequence (headings with their rank as level)."""
    out: list[Token] = []
    for node in walk(nodes):
        if isinstance(node, OutlineHeading):
            text = node.title if not node.run_in else node.title + node.rest
            kind = "N" if node.run_in else "H"
            level = min(max(node.rank, 1), 4) if kind == "H" else 0
            out.append((kind, level, normalise(text)[:_PREFIX]))
        elif isinstance(node, Para):
            out.append(("P", 0, normalise(node.text)[:_PREFIX]))
    return out


def tree_tokens(document: Document) -> list[Token]:
    out: list[Token] = []
    for block in document.body:
        match block:
            case Heading():
                out.append(("H", block.level, normalise(block.text)[:_PREFIX]))
            case NumberedItem():
                out.append(("N", 0, normalise(block.text)[:_PREFIX]))
            case Paragraph():
                out.append(("P", 0, normalise(block.text)[:_PREFIX]))
            case Table():
                pass  # the original's tables are not part of its outline
            case _:
                assert_never(block)
    return out


def similarity(want: list[Token], have: list[Token]) -> tuple[float, float]:
    """(share of the original's headings found at their level, similarity of the sequences)."""
    headings = [t for t in want if t[0] == "H"]
    present = {t for t in have if t[0] == "H"}
    found = sum(1 for t in headings if t in present) / len(headings) if headings else 1.0
    return found, ratio(want, have)


def render_tree(
    facts: dict[str, Any], info: TemplateInfo, totals: dict[str, Quantity] | None = None
) -> Document:
    """The document tree ``build`` would make of ``facts`` with ``info`` (no file involved);
    ``totals`` are a county's roll-up figures its prose refers to."""
    model = ReportFacts.model_validate(plain(facts))
    return assemble(model, render(info, build_context(model, totals=totals)), style=info.style)


_PROBE = {
    "单位": "甲镇人民政府",
    "年度": "2020",
    "成文日期": "2021-01-01",
    "主要举措": [
        {"标题": "小节", "条目": [{"标题": "条目甲", "内容": "正文"}, {"标题": "条目乙"}]}
    ],
    "计划": [{"标题": "计划甲", "内容": "正文"}, {"标题": "计划乙"}],
}


def shapes(info: TemplateInfo) -> Shapes:
    """Found by rendering a probe through the template (a clerk's own template included)."""
    key = (str(info.folder), info.name)
    if key not in _SHAPES:
        try:
            headings = {b.text for b in render_tree(_PROBE, info).body if isinstance(b, Heading)}
        except (ValidationError, UserError):
            headings = set()
        _SHAPES[key] = Shapes(
            *(name in headings for name in ("条目甲", "条目乙", "计划甲", "计划乙"))
        )
    return _SHAPES[key]


_SHAPES: dict[tuple[str, str], Shapes] = {}


class Candidate(Struct):
    info: TemplateInfo
    body: Body
    facts: dict[str, Any]
    score: tuple[float, float]


def choose(
    infos: list[TemplateInfo],
    nodes: list[Node],
    make: Callable[[TemplateInfo, list[Node]], tuple[Body, dict[str, Any]]],
) -> Candidate:
    """The candidate whose rendering follows the original's outline most closely."""
    sample = sampled(nodes, SAMPLE)
    want = original_tokens(sample)
    best: Candidate | None = None
    for info in infos:
        body, facts = make(info, copy.deepcopy(sample))
        try:
            score = similarity(want, tree_tokens(render_tree(facts, info)))
        except (ValidationError, UserError):
            score = (0.0, 0.0)
        if best is None or score > best.score:
            best = Candidate(info, body, facts, score)
    assert best is not None  # infos is never empty
    if sample is not nodes:
        body, facts = make(best.info, nodes)
        best = Candidate(best.info, body, facts, best.score)
    return best


#: The outline's size up to which every node takes part in choosing the template.
SAMPLE = 600


def sampled(nodes: list[Node], budget: int) -> list[Node]:
    """``nodes`` if the outline has at most ``budget`` nodes; else the first nodes of each level
    (all of a short level) with their headings' children sampled in turn, about ``budget`` in all."""
    if _size(nodes) <= budget:
        return nodes
    kept = nodes[: min(budget, max(budget // 4, 8))]
    headings = sum(1 for n in kept if isinstance(n, OutlineHeading))
    share = (budget - len(kept)) // max(headings, 1)
    return [
        structs.replace(n, children=sampled(n.children, share))
        if isinstance(n, OutlineHeading)
        else n
        for n in kept
    ]


def _size(nodes: list[Node]) -> int:
    return len(walk(nodes))
