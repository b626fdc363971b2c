"""The body's outline → the facts model's parts: the five mandated items, sections and items.

Top-level headings are sorted by their wording into 举措/成效 (a container of sections), 不足/问题,
第一责任人, 下一年度/计划/安排, 其他, the combined “存在问题及下一步工作计划” (split by its
sub-headings), and anything else, which is a themed section of the first item (社渚 style
“以X为Y，Z”). Below that, headings and run-in headings become 小节, 条目 and 子项, their text 内容,
a “一是……二是……” run 要点 — but only where the template re-prints exactly what the original said:
a run is split only in the template's own style, and only when every point ends a sentence.

Every paragraph lands somewhere; where the importer had to guess it says so in a comment
(:class:`Noted`), which the facts file prints above the entry.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct, field

from ..conventions import chinese_number
from ..errors import Problem
from ..mandate import classify
from ..patterns import lazy
from .emit import Noted
from .figures import picture_note
from .front import Table
from .outline import Heading, Node
from .sources import Para

UNPLACED = "导入时无法归类，请核对"

_CLOSING = lazy(r"^(?:总之|综上|特此报告|新的一年|在新的一年|站在新的起点|展望未来)")
_PLAN_CUE = lazy(r"^(?:下一步|下步|今后|明年|来年|\d{4}年[，,]?我(?:镇|乡|街道|们|单位))")

#: Where each part's opening paragraphs go (a second heading of the part goes there too).
OPENING = {
    "举措": "导语",
    "问题": "问题导语",
    "问题和计划": "问题导语",
    "计划": "计划导语",
    "其他": "其他",
}
#: Which 章节标题 key the heading of each kind of part is.
HEADING_KEYS = {
    "measures": "举措",
    "issues": "问题",
    "duties": "第一责任人",
    "plans": "计划",
    "other": "其他",
    "issues_plans": "问题和计划",
}


class Body(Struct):
    """The facts of the report's body, keyed as in the facts file, plus what to warn about."""

    facts: dict[str, Any] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)  # 章节标题 key → original wording
    #: each heading's whole line, number included, and where it stood among the paragraphs of
    #: its part's opening key (see OPENING): for printing it as a paragraph if need be
    lines: dict[str, str] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, key: str, value: Any) -> None:
        """Add to a part: lists grow, a mapping (第一责任人) gains its lists' items."""
        current = self.facts.get(key)
        if isinstance(current, list):
            current.extend(value if isinstance(value, list) else [value])
        elif isinstance(current, dict) and isinstance(value, dict):
            for name, items in value.items():
                current[name] = current.get(name, []) + items
        else:
            self.facts[key] = value


class Shapes(Struct, frozen=True):
    """Whether a template prints a 标题 as a heading or run in (“1.标题。”), for an item and a
    plan, with text under it and alone."""

    item: bool = True
    item_alone: bool = True
    plan: bool = True
    plan_alone: bool = True


#: Every title printed as a heading (the built-in templates' way).
ALL_SHAPES = Shapes()


class Mapper:
    """Builds the body's facts for one template: its 要点 style decides which runs split, and
    whether it prints item and plan titles as headings decides where a title without a full
    stop goes (a run-in template would print “1.标题。”, adding the stop)."""

    def __init__(self, points_style: str, shapes: Shapes = ALL_SHAPES) -> None:
        self.style = points_style
        self.shapes = shapes
        self.body = Body()

    # --- the whole body ------------------------------------------------------------------------

    def run(self, nodes: list[Node]) -> Body:
        closing = _closing(nodes)
        intro = [n for n in _leading(nodes)]
        self.body.add("导语", [self.text_of(n) for n in intro])
        tops = [n for n in nodes if isinstance(n, Heading)]
        for i, node in enumerate(tops):
            self.top(node, first=i == 0)
        if closing:
            self.body.add("结语", [self.text_of(p) for p in closing])
        self.body.facts = {k: v for k, v in self.body.facts.items() if v}
        return self.body

    def top(self, node: Heading, *, first: bool) -> None:
        kind = classify(node.title)
        if kind != "themed" and kind != "measures":
            self.heading(HEADING_KEYS[kind], node)
        if kind == "measures" and any(not h.run_in for h in node.headings()):
            self.heading("举措", node)
            self.measures(node, first=first)
        elif kind in ("measures", "themed"):
            section: Any = self.section(node)
            if kind == "themed":
                section = Noted(
                    section, f"原文一级标题“{node.para.text}”按专题归入主要举措，请核对"
                )
            self.body.add("主要举措", [section])
        elif kind == "issues_plans":
            self.issues_plans(node)
        else:
            getattr(self, kind)(node)

    def heading(self, key: str, node: Heading) -> None:
        """A part's heading, for 章节标题; a second heading of the same part (a template prints
        one) is kept as a paragraph at the start of what it heads."""
        if key not in self.body.headings:
            self.body.headings[key] = node.title
            self.body.lines[key] = node.para.text
            opening = self.body.facts.get(OPENING.get(key, ""), [])
            self.body.places[key] = len(opening) if isinstance(opening, list) else 0
            return
        self.body.warnings.append(
            Problem.about("", f"{node.para.describe()}导入时无法归类，已按原位置写入，请核对")
        )
        text = Noted(node.para.text, f"原文中又一个“{key}”一类的标题，模板只印一个；{UNPLACED}")
        if key == "第一责任人":
            self.body.add(key, {"导语": [text]})
        else:
            self.body.add(OPENING[key], [text])

    def measures(self, node: Heading, *, first: bool) -> None:
        """A container of sections (“一、主要做法和成效” → （一）（二）…). A sub-heading that is
        the problems or the plans (“（二）存在的问题” under “一、2023年工作总结”) goes to that item;
        one on the 第一责任人 stays a section where it stands (its comment says so)."""
        lead = self.lead_paragraphs(node)
        sections: list[Any] = []
        for child in node.headings():
            if classify(child.title) in ("issues", "plans", "issues_plans", "other"):
                self.top(child, first=False)
            else:
                sections.append(self.section(child))
        if lead:
            note = f"原文此段在“{node.para.text}”标题之下、第一个小节之前"
            if first or not sections:
                self.body.add("导语", [Noted(t, note) for t in lead])
            else:
                target = _unnoted(sections[0])
                target["导语"] = [Noted(t, note) for t in lead] + target.get("导语", [])
        self.body.add("主要举措", sections)

    # --- the five parts --------------------------------------------------------------------------

    def section(self, node: Heading) -> Any:
        title = node.title or _first_clause(node.rest) or node.para.text
        section: dict[str, Any] = {"标题": title}
        lead = self.lead_paragraphs(node)
        items = [self.item(h) for h in node.headings()]
        if items:
            section["导语"] = lead
            section["条目"] = items
        else:
            section["内容"] = lead
        section = _pruned(section)
        if not node.title:
            return Noted(
                section,
                "原文此处是一个没有标题的编号段落；小节须有标题，这里取其开头几个字，请核对",
            )
        if classify(node.title) == "duties":
            return Noted(
                section,
                "这一小节写的是党政主要负责人履行第一责任人职责的情况；如需单列为法定的第三项，可移到“第一责任人”",
            )
        return section

    def item(self, node: Heading, depth: int = 0) -> dict[str, Any]:
        item: dict[str, Any] = {"标题": node.title or None}
        text = self.lead_paragraphs(node)
        children = node.headings()
        if depth >= 1:
            text += [self.text_of(n) for n in _flatten(children)]
            children = []
        # A run-in template prints 内容[1:] of a top item as paragraphs of their own, but joins
        # a 子项's or a 第一责任人 item's 内容 into one: there the title moves only if alone.
        heading = self.shapes.item if text or children else self.shapes.item_alone
        if not heading and _unstopped(node) and (depth == 0 or not text):
            item["标题"], text = None, [node.title, *text]
        self.points_into(item, text, "要点", whole=False)
        item["子项"] = [self.item(h, depth + 1) for h in children]
        return _pruned(item)

    def issues(self, node: Heading) -> None:
        self.body.add("问题导语", self.lead_paragraphs(node))
        self.body.add("问题", [self.issue(h) for h in node.headings()])

    def issue(self, node: Heading) -> dict[str, Any]:
        text = self.lead_paragraphs(node) + [self.text_of(n) for n in _flatten(node.headings())]
        title = node.title
        if not title and text:
            title, rest = _forced_title(text[0])
            text = [rest, *text[1:]] if rest else text[1:]
        issue: dict[str, Any] = {"标题": title}
        self.points_into(issue, text, "表现", whole=True)
        return _pruned(issue)

    def duties(self, node: Heading) -> None:
        duties: dict[str, Any] = {"导语": self.lead_paragraphs(node)}
        duties["条目"] = [self.item(h, depth=1) for h in node.headings()]
        self.body.add("第一责任人", _pruned(duties))

    def plans(self, node: Heading) -> None:
        self.body.add("计划导语", self.lead_paragraphs(node))
        self.body.add("计划", [self.plan(h) for h in node.headings()])

    def plan(self, node: Heading) -> dict[str, Any]:
        plan: dict[str, Any] = {"标题": node.title or None}
        text = self.lead_paragraphs(node) + [self.text_of(n) for n in _flatten(node.headings())]
        if not self.shapes.plan_alone and _unstopped(node) and not text:
            plan["标题"], text = None, [node.title]
        self.points_into(plan, text, "举措", whole=True)
        return _pruned(plan)

    def other(self, node: Heading) -> None:
        self.body.add("其他", self.lead_paragraphs(node))
        for child in _flatten(node.headings()):
            self.body.add("其他", [self.text_of(child)])

    def issues_plans(self, node: Heading) -> None:
        """“存在问题及下一步工作计划”: its sub-headings say which is which; without them the
        paragraphs are split where the plans begin (“下一步……”)."""
        lead = self.lead_paragraphs(node)
        children = node.headings()
        kinds = [classify(h.title) for h in children]
        if children and all(k in ("issues", "plans") for k in kinds):
            self.body.add("问题导语", lead)
            for child, kind in zip(children, kinds, strict=True):
                self.heading(HEADING_KEYS[kind], child)
                getattr(self, kind)(child)
            return
        if children:
            self.body.add("问题导语", lead)
            self.body.add("问题", [self.issue(h) for h in children])
            return
        cut = next((i for i, t in enumerate(lead) if _PLAN_CUE.match(_plain_text(t))), len(lead))
        self.body.add("问题导语", lead[:cut])
        self.body.add("计划导语", lead[cut:])

    # --- text ----------------------------------------------------------------------------------

    def lead_paragraphs(self, node: Heading) -> list[Any]:
        """A heading's run-in text and its own paragraphs (tables as rows of text)."""
        out: list[Any] = [node.rest] if node.rest else []
        for child in node.paragraphs():
            out += self.texts(child)
        return out

    def texts(self, node: Para | Table) -> list[Any]:
        if isinstance(node, Para):
            return [Noted(node.text, picture_note(node.images)) if node.images else node.text]
        rows = ["　".join(cell for cell in row if cell) for row in node.rows]
        note = "原文此处是表格，已按行写成段落（单元格之间空一格），请核对"
        return [Noted(row, note) if i == 0 else row for i, row in enumerate(rows) if row]

    def text_of(self, node: Node) -> Any:
        """A node deeper than the model goes, as a paragraph: a heading there cannot be one."""
        if isinstance(node, Heading):
            if node.rest or not node.title:
                return node.para.text
            self.body.warnings.append(
                Problem.about("", f"{node.para.describe()}导入时无法归类，已按原位置写入，请核对")
            )
            return Noted(node.para.text, UNPLACED)
        found = self.texts(node)
        return found[0] if len(found) == 1 else "　".join(_plain_text(t) for t in found)

    def points_into(self, into: dict[str, Any], text: list[Any], key: str, *, whole: bool) -> None:
        """``内容`` and, where the first paragraph is a run of points in the template's style,
        ``key`` (要点/表现/举措). ``whole``: the template joins all 内容 before the points, so a
        run only splits when it is the only paragraph."""
        first = text[0] if text and isinstance(text[0], str) else None
        found = split_points(first, self.style) if first is not None else None
        # The template prints 内容[0], the points, then 内容[1:]: a run with no lead before it
        # only splits when nothing follows (else the next paragraph would print first).
        if found is None or (len(text) > 1 and (whole or not found[0])):
            into["内容"] = text
            return
        lead, points = found
        into["内容"] = ([lead] if lead else []) + text[1:]
        into[key] = points


def _unstopped(node: Heading) -> bool:
    """A heading on its own line without a full stop (“1.健全机制”): printed run in, its title
    would gain one."""
    return bool(node.title) and not node.rest and not node.para.text.endswith((*_ENDS, "："))


def _leading(nodes: list[Node]) -> list[Para | Table]:
    out: list[Para | Table] = []
    for node in nodes:
        if isinstance(node, Heading):
            break
        out.append(node)
    return out


def _closing(nodes: list[Node]) -> list[Para]:
    """The closing paragraphs (“总之，……”, “特此报告。”) at the very end, taken out of the tree."""
    holder = nodes
    while holder and isinstance(holder[-1], Heading) and holder[-1].children:
        holder = holder[-1].children
    taken: list[Para] = []
    while holder and isinstance(last := holder[-1], Para) and _CLOSING.match(last.text):
        holder.pop()
        taken.insert(0, last)
    return taken


def _flatten(headings: list[Heading]) -> list[Node]:
    """Headings nested deeper than the model goes, with everything under them, in order."""
    out: list[Node] = []
    for heading in headings:
        out.append(heading)
        for child in heading.children:
            out += _flatten([child]) if isinstance(child, Heading) else [child]
    return out


def _unnoted(value: Any) -> Any:
    return value.value if isinstance(value, Noted) else value


def _pruned(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in (None, "", [], {})}


def _plain_text(value: Any) -> str:
    return str(value.value if isinstance(value, Noted) else value)


def _first_clause(text: str) -> str:
    return re.split(r"[，,。；;：:]", text, maxsplit=1)[0].strip() or text[:20].strip()


def _forced_title(text: Any) -> tuple[Any, Any]:
    """An issue needs a 标题: the first sentence, its full stop left for the template to print."""
    plain = _plain_text(text)
    match = re.match(r"^(.+?)。(.*)$", plain)
    if match is None:
        return plain, ""
    return match.group(1), match.group(2)


# --- 一是……二是…… ---------------------------------------------------------------------------------

_ENDS = ("。", "；", "！", "？", ";", "!", "?")
_BEFORE_FIRST = "。；;：:，,！？!?"


def split_points(text: str, style: str) -> tuple[str, list[str]] | None:
    """(lead, points) when ``text`` is “lead 一是…。二是…。” in ``style`` (一是 or 第一) and the
    template would print it back exactly; otherwise None."""
    starts: list[tuple[int, int]] = []  # (marker start, text start) of each point
    at = 0
    for n in range(1, 11):
        found = _find_marker(text, chinese_number(n), style, at, first=n == 1)
        if found is None:
            break
        starts.append(found)
        at = found[1]
    if len(starts) < 2:
        return None
    points = [
        text[begin : (starts[i + 1][0] if i + 1 < len(starts) else len(text))].strip()
        for i, (_, begin) in enumerate(starts)
    ]
    if any(not p or not p.endswith(_ENDS) for p in points):
        return None
    return text[: starts[0][0]], points


def _find_marker(
    text: str, ordinal: str, style: str, at: int, *, first: bool
) -> tuple[int, int] | None:
    pattern = f"{ordinal}是" if style == "一是" else f"第{ordinal}[，,]"
    for match in re.finditer(pattern, text[at:]):
        start = at + match.start()
        before = text[start - 1] if start else ""
        if (first and (not before or before in _BEFORE_FIRST)) or (not first and before in _ENDS):
            return start, at + match.end()
        if not first:
            return None
    return None
