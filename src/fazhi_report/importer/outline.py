"""The body's outline: which paragraphs are headings, at what rank, and what each one holds.

A heading is recognised by its numbering (第一部分, 一、, （一）, 1. or 1、, （1）, ①), by Word's
outline level or heading style, or by emphasis: a whole short paragraph in 黑体/楷体/bold. The rank
orders the kinds as 公文 nest them (部分 > 一、 > （一） > 1. > （1） > ①), so a report that skips a
level (一、 then 1、) still nests correctly. A numbered paragraph that goes on after its first
sentence is a *run-in* heading (“1、落实领导责任。一是……”): its ``title`` is that sentence when it
is short, its ``rest`` the text after it; an emphasised opening (bold “完善领导机制。”) is one too.
"""

from __future__ import annotations

from msgspec import Struct, field

from ..conventions import SENTENCE_END
from ..patterns import lazy
from .front import Content, Table, add_content
from .numbers import ARABIC, CN, PAREN_CN, numbering
from .sources import Para

#: Short lines that end a report, never a heading even in bold.
_NOT_HEADINGS = lazy(r"^(?:特此报告|专此报告|以上报告|妥否，请批示)[。.]?$")
# “1.完善领导机制.正文” (a half-width stop after Chinese, which our output prints as 。).
_FIRST_SENTENCE = lazy(r"^(.+?)(?:。|\.(?=[\u4e00-\u9fff“]))")
MAX_HEADING = 60
MAX_RUN_IN_TITLE = 30
_FONT_RANKS = {"小标宋": CN, "黑体": CN, "楷体": PAREN_CN, "bold": ARABIC}
_POINT_START = lazy(r"^(?:[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、])")

CAPTION = lazy(
    r"^(?:表|图)\s*[0-9０-９一二三四五六七八九十]{1,3}(?:\s*[-—–.．]\s*[0-9０-９]{1,3})?"
    r"(?:[\s　:：.．、]|(?=[\u4e00-\u9fff]))"
)
_CAPTION_MAX = 60


def is_caption(para: Para) -> bool:
    """A table's or picture's caption: Word's Caption style, or a short “表N …”/“图N …” line."""
    if para.cell is not None:
        return False
    short = len(para.text) <= _CAPTION_MAX and not SENTENCE_END.search(para.text[:-1])
    return para.caption or (short and CAPTION.match(para.text) is not None)


class Heading(Struct):
    """A heading and what it holds: paragraphs, tables and deeper headings, in order."""

    rank: int
    title: str  # without its number; "" for a numbered paragraph with no short first sentence
    para: Para
    numbered: bool
    rest: str = ""  # the run-in text after the title ("" for a heading on its own line)
    children: list[Node] = field(default_factory=list)

    @property
    def run_in(self) -> bool:
        return bool(self.rest) or not self.title

    def paragraphs(self) -> list[Content]:
        """The heading's own paragraphs and tables (not its sub-headings)."""
        return [c for c in self.children if not isinstance(c, Heading)]

    def headings(self) -> list[Heading]:
        return [c for c in self.children if isinstance(c, Heading)]


Node = Heading | Para | Table


def heading_core(text: str) -> str | None:
    """The text of a heading standing on its own line (one trailing stop dropped), else None."""
    core = text[:-1] if text.endswith(("。", ".", "：", ":")) else text
    if not core or SENTENCE_END.search(core) or len(core) > MAX_HEADING:
        return None
    return core.strip()


def first_sentence(text: str) -> tuple[str, str] | None:
    """(short first sentence, the rest) of a run-in paragraph, or None."""
    match = _FIRST_SENTENCE.match(text)
    if not match or not text[match.end() :].strip():
        return None
    title = match.group(1).strip()
    if len(title) > MAX_RUN_IN_TITLE or SENTENCE_END.search(title):
        return None
    return title, text[match.end() :].strip()


def read_heading(para: Para) -> Heading | None:
    """The paragraph as a heading (on its own line or run-in), or None for body text; a
    caption never is one (“表1 ……” in 黑体, centred, names the table beside it)."""
    if is_caption(para):
        return None
    found = numbering(para.text)
    if found is not None:
        rank, rest = found
        return _numbered(para, rank, rest)
    if para.cell is not None or _POINT_START.match(para.text) or _NOT_HEADINGS.match(para.text):
        return None
    styled = _styled_rank(para)
    if styled is None:
        return _emphasised_lead(para)
    core = heading_core(para.text)
    return Heading(styled, core, para, numbered=False) if core else None


def _numbered(para: Para, rank: int, rest: str) -> Heading:
    core = heading_core(rest)
    if core is not None:
        return Heading(rank, core, para, numbered=True)
    lead = _lead_title(para, rest)
    if lead is not None:
        return Heading(rank, lead[0], para, numbered=True, rest=lead[1])
    split = first_sentence(rest)
    if split is not None:
        return Heading(rank, split[0], para, numbered=True, rest=split[1])
    return Heading(rank, "", para, numbered=True, rest=rest)


def _lead_title(para: Para, rest: str) -> tuple[str, str] | None:
    """An emphasised opening that ends with a full stop: the run-in title Word shows in bold."""
    if not para.lead:
        return None
    found = numbering(para.lead)
    lead = found[1] if found else para.lead
    if not lead.endswith(("。", ".")) or not rest.startswith(lead):
        return None
    title = lead[:-1].strip()
    after = rest[len(lead) :].strip()
    if not title or not after or SENTENCE_END.search(title) or len(title) > MAX_HEADING:
        return None
    return title, after


def _styled_rank(para: Para) -> int | None:
    if para.outline is not None and 1 <= para.outline <= 4:
        return para.outline
    return _FONT_RANKS.get(para.emphasis)


def _emphasised_lead(para: Para) -> Heading | None:
    """“加强组织领导。正文……” with the opening in bold or 黑体/楷体: a run-in heading whose rank
    is decided where it stands (see :func:`build`)."""
    if not para.lead or _POINT_START.match(para.lead):
        return None
    title = _lead_title(para, para.text)
    if title is None:
        return None
    return Heading(-1, title[0], para, numbered=False, rest=title[1])


def build(paragraphs: list[Para]) -> list[Node]:
    """The body's outline: top-level nodes, each heading holding what follows it."""
    top: list[Node] = []
    stack: list[Heading] = []
    for para in paragraphs:
        heading = read_heading(para)
        if heading is None:
            _append(stack[-1].children if stack else top, para)
            continue
        if heading.rank < 0:
            # An unnumbered run-in heading is an item of the heading it stands under.
            while stack and stack[-1].run_in and stack[-1].rank >= 0:
                stack.pop()
            heading.rank = (stack[-1].rank + 1) if stack else ARABIC
        while stack and stack[-1].rank >= heading.rank:
            stack.pop()
        (stack[-1].children if stack else top).append(heading)
        stack.append(heading)
    return top


def _append(into: list[Node], para: Para) -> None:
    add_content(into, para)


def walk(nodes: list[Node]) -> list[Node]:
    """Every node in document order."""
    out: list[Node] = []
    for node in nodes:
        out.append(node)
        if isinstance(node, Heading):
            out += walk(node.children)
    return out
