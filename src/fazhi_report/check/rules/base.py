"""What every rule shares: the audit context, the rule record, and how findings are worded."""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct, field

from ... import layout
from ...ooxml import Document, Paragraph, Run, Section, family
from ...ooxml.fonts import slot_of
from ...style import DEFAULT as DEFAULT_STYLE
from ...style import Style
from ..parts import Parts

Verdict = tuple[bool, str, str]  # (ok, what was found, what is expected)


class Audit(Struct):
    """What the rules look at: the document as read, its recognised parts, and the style it is
    judged by (declared in its properties, given as a template, or the defaults). A font the
    style names is matched by name, a default one by family."""

    doc: Document
    parts: Parts
    style: Style = DEFAULT_STYLE
    #: What is wrong with the style the document declares (it is then judged by the defaults).
    style_problems: list[str] = field(default_factory=list)

    def font_label(self, key: str) -> str:
        """“仿宋” (any font of the family), or the very font the style names for ``key``."""
        named = self.style.declared_font(key)
        return named or family(self.style.text_style(key).east_asia) or ""


class Rule(Struct, frozen=True):
    id: str
    name: str
    judge: Callable[[Audit], Verdict]


def rule(rule_id: str, name: str) -> Callable[[Callable[[Audit], Verdict]], Rule]:
    """Make a function of an :class:`Audit` into a named rule."""

    def make(judge: Callable[[Audit], Verdict]) -> Rule:
        return Rule(rule_id, name, judge)

    return make


ALIGN_NAMES = {
    "left": "左对齐",
    "right": "右对齐",
    "center": "居中",
    "both": "两端对齐",
    "distribute": "分散对齐",
    "inside": "靠内侧",
    "outside": "靠外侧",
}


def pt(twips: float) -> float:
    return twips / layout.TWIPS_PER_PT


def mm(twips: float) -> float:
    return twips / layout.TWIPS_PER_MM


def snippet(text: str, width: int = 16) -> str:
    text = text.strip().replace("\n", " ")
    return f"“{text[:width]}{'…' if len(text) > width else ''}”"


def count(problems: list[str]) -> str:
    """The first problem, and how many there are in all."""
    more = f"等 {len(problems)} 处" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


def slots_used(run: Run) -> set[str]:
    return {slot_of(ch, run.props.hint) for ch in run.text if not ch.isspace()}


def body_paragraphs(audit: Audit) -> list[Paragraph]:
    """The running text: ordinary paragraphs and 1./（1） items (not titles, headings, 署名, date)."""
    return audit.parts.having("body", "h3", "h4")


def section_of(audit: Audit, para: Paragraph) -> Section | None:
    sections = audit.doc.sections
    return sections[min(para.section, len(sections) - 1)] if sections else None


def main_sections(audit: Audit) -> list[tuple[int, Section]]:
    """The sections the 正文 runs through (attachment sections may be landscape tables)."""
    last = max((p.section for p, _ in audit.parts.items), default=0)
    return list(enumerate(audit.doc.sections))[: last + 1]
