"""The event-stream builder: YAML text → plain data with the position of every node.

Data is built straight from the parser's event stream: no recursion anywhere (the composer
recurses once per level), aliases are seen as aliases and never expanded, tags are checked and
never constructed, and size and nesting limits apply as parsing goes. Every scalar is kept as the
text typed. libyaml parses where it is known to agree with the pure-Python parser.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import yaml
from msgspec import Struct, field

from ..chars import XML_INVALID
from ..errors import Problem
from ..patterns import lazy
from ..schema import allowed_keys
from .encoding import HINT_ENCODING
from .slips import (
    CONTROL_HINT,
    HINT_DUPLICATE,
    HINT_FULLWIDTH_COLON,
    HINT_FULLWIDTH_SPACE,
    ODD_SPACE,
    ZERO_WIDTH,
    Span,
    colon_slip,
    control_message,
    key_like,
    line_hint,
    slip_hint,
    snippet,
    translate,
)
from .source import Lines, Path_, format_path

#: The model nests at most ~8 levels (主要举措 → 条目 → 子项 → …).
MAX_DEPTH = 64
#: The examples have ~300 values; this bounds the work a file can ask for (~0.5 s at worst).
MAX_NODES = 20_000

_STANDARD_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STANDARD_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_STANDARD_TAG}seq", f"{_STANDARD_TAG}map"}
_NULLS = ("", "~", "null", "Null", "NULL")

_NOWHERE = yaml.Mark("", 0, 0, 0, "", 0)

#: A value that opens with a ``{名称}`` reference (``- {年度}年，我镇…``, ``计划: {下一年度}年工作计划``)
#: is text, not the YAML flow mapping its brace would start: the brace is parsed as
#: :data:`_BRACE`, a character of the same length (positions stay true), and put back in the
#: scalar. A flow mapping (``{名称: 值}``, ``{}``) is never such an opening.
_OPENING_REFERENCE = lazy(
    # The run of “- ” is possessive: a line of 20,000 of them must not be tried 20,000 ways.
    r"(?m)^([ \t]*(?:-[ \t]+)*+(?:[^\s#'\"{}\[\]:,][^\n:#]*:[ \t]+)?)\{"
    r"(?=[^{}\s,:\[\]#]{1,40}\}(?:[^\s,}\]:]|[ \t]*(?:#.*)?$))"
)
_BRACE = "\ue000"


class _Mark(Protocol):
    """A position in the text: PyYAML's ``yaml.Mark`` or libyaml's own class with these fields."""

    index: int
    line: int
    column: int


def _start(event: yaml.Event) -> _Mark:
    mark = event.start_mark
    return mark if mark is not None else _NOWHERE


def _end(event: yaml.Event) -> _Mark:
    mark = event.end_mark
    return mark if mark is not None else _NOWHERE


#: libyaml (PyYAML's C parser) reads a facts file about ten times faster than the pure-Python one
#: and reports the same events and positions (a property test compares them), but words its syntax
#: errors differently: a file it refuses is read again by the pure-Python parser, whose messages
#: are the ones translated and pinned in the tests.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Where the two parsers part ways, found by fuzzing them against each other: libyaml accepts a tab
#: after “:” and a comment straight after a block-scalar header (“|#”, “>-#”) where PyYAML reports
#: them (and the loader explains), it marks tags differently, it counts a U+FEFF inside the text as
#: no column, and without a final newline it puts end positions on a line further.
_FAST_LOADER_DIFFERS = lazy(r"[\t!\ufeff]|[|>][-+0-9]*#")


def fast_loader_fits(text: str) -> bool:
    """True when libyaml is known to read ``text`` exactly as the pure-Python parser does."""
    return text.endswith("\n") and not _FAST_LOADER_DIFFERS.search(text)


class Fatal(Exception):
    """What stops parsing; ``syntax``: a YAML syntax error, which libyaml words differently."""

    def __init__(self, problem: Problem, *, syntax: bool = False) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.syntax = syntax


class _Frame(Struct):
    kind: str  # "map", "seq" or "skip" (a discarded subtree: consumed, not kept)
    path: Path_
    value: Any = None
    expect_key: bool = True
    key: str | None = None  # the pending key; None with expect_key False: discard the value
    seen: dict[str, int] = field(default_factory=dict)
    index: int = 0


class Builder:
    """Build plain data from the YAML event stream, recording positions and problems.

    Events rather than ``yaml.compose``: no recursion (the composer recurses once per level),
    aliases are seen as aliases (never expanded), and depth/size limits apply as parsing goes.
    """

    def __init__(self, display: str, lines: Lines) -> None:
        self.display = display
        self.lines = lines
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.quiet: set[Path_] = set()
        self.hidden: dict[Path_, set[str]] = {}
        self.raw: dict[Path_, str] = {}
        self.spans: list[Span] = []
        self.nodes = 0
        self.stack: list[_Frame] = []

    # -- the loop --

    def run(self, text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
        root: Any = None
        if "{" in text and _BRACE not in text:
            text = _OPENING_REFERENCE.sub(rf"\g<1>{_BRACE}", text)
        documents = 0
        events = yaml.parse(text, Loader=loader)
        try:
            for event in events:
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise Fatal(
                            self._at(
                                _start(event),
                                "",
                                "文件中有多个 YAML 文档：从这一行起是另一个文档",
                                "事实文件只能有一个文档；请删除分隔用的“---”或“...”行（分隔内容请用 # 注释行）。",
                            )
                        )
                elif isinstance(event, yaml.NodeEvent):
                    value = self._node(event)
                    if not self.stack and isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                        root = value
                    elif len(self.stack) == 1 and isinstance(event, yaml.CollectionStartEvent):
                        root = self.stack[0].value
                elif isinstance(event, yaml.CollectionEndEvent):
                    self.stack.pop()
        except yaml.MarkedYAMLError as exc:
            raise Fatal(self._syntax_problem(exc), syntax=True) from None
        except yaml.YAMLError as exc:  # pragma: no cover - ReaderError cannot happen after cleaning
            raise Fatal(
                Problem(self.display, 1, 1, "", f"YAML 格式错误（{exc}）", HINT_ENCODING)
            ) from None
        except RecursionError:  # pragma: no cover - nothing here recurses; belt and braces
            raise Fatal(Problem(self.display, 1, 1, "", f"嵌套层数超过 {MAX_DEPTH} 层")) from None
        finally:
            events.close()  # type: ignore[attr-defined]
        return root

    def _node(self, event: yaml.NodeEvent) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise Fatal(
                self._at(
                    _start(event),
                    "",
                    f"文件内容过多（超过 {MAX_NODES:,} 个值）",
                    "事实文件通常只有几百个值；请检查是否误选了其他文件。",
                )
            )
        if isinstance(event, yaml.CollectionStartEvent) and len(self.stack) >= MAX_DEPTH:
            raise Fatal(
                self._at(
                    _start(event),
                    "",
                    f"嵌套层数超过 {MAX_DEPTH} 层",
                    "事实文件不需要这么深的层级；请检查缩进和方括号是否成对。",
                )
            )
        top = self.stack[-1] if self.stack else None
        if top is not None and top.kind == "map" and top.expect_key:
            self._key(top, event)
            return None
        path = self._place(top)
        if event.anchor is not None and not isinstance(event, yaml.AliasEvent):
            self._anchor_problem(event, path)
        if isinstance(event, yaml.AliasEvent):
            if path is not None:
                self.problems.append(
                    self._at(
                        _start(event),
                        format_path(path),
                        f"不支持 YAML 别名“*{event.anchor}”",
                        "请把内容直接写出来；若这是正文，请给整个值加引号（* 在 YAML 中有特殊含义）。",
                    )
                )
                self.quiet.add(path)
                self.positions[path] = self._mark(_start(event))
                self._attach(top, path, None)  # never expanded: a hole that keeps the indices
            return None
        if path is None:  # inside a discarded subtree
            if isinstance(event, yaml.CollectionStartEvent):
                self.stack.append(_Frame("skip", ()))
            return None
        self.positions[path] = self._mark(_start(event))
        self._check_tag(event, path)
        value: Any
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event, path)
        else:
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append(_Frame("map" if isinstance(value, dict) else "seq", path, value))
        self._attach(top, path, value)
        return value

    @staticmethod
    def _attach(top: _Frame | None, path: Path_, value: Any) -> None:
        if top is None:
            return
        if isinstance(top.value, dict):
            top.value[path[-1]] = value
        else:
            top.value.append(value)

    def _place(self, top: _Frame | None) -> Path_ | None:
        """Where the next value goes, or None to discard it."""
        if top is None:
            return ()
        if top.kind == "skip":
            return None
        if top.kind == "seq":
            top.index += 1
            return (*top.path, top.index - 1)
        top.expect_key = True
        key, top.key = top.key, None
        return None if key is None else (*top.path, key)

    # -- keys --

    def _key(self, top: _Frame, event: yaml.NodeEvent) -> None:
        top.expect_key = False
        top.key = None
        mark = self._mark(_start(event))
        where = format_path(top.path)
        if isinstance(event, yaml.CollectionStartEvent):
            self.problems.append(
                self._at(
                    _start(event),
                    where,
                    "键必须是文字，不能是列表或映射",
                    "请检查这一行的“?”、方括号或花括号。",
                )
            )
            self.stack.append(_Frame("skip", ()))
            return
        if not isinstance(event, yaml.ScalarEvent):
            self.problems.append(
                self._at(_start(event), where, "键不能是 YAML 别名（*名称）", "请直接写出键名。")
            )
            return
        raw = event.value.replace(_BRACE, "{")
        key = raw.strip()
        self.spans.append((_start(event).index, _end(event).index, (*top.path, key), True))
        if event.tag is not None and event.tag not in _SCALAR_TAGS and event.tag != "!":
            self.problems.append(self._tag_problem(event, (*top.path, key)))
            return
        problem = self._key_problem(raw, key, event, top)
        if problem is not None:
            self.problems.append(problem)
            return
        if key in top.seen:
            self.problems.append(
                Problem(
                    self.display,
                    *mark,
                    format_path((*top.path, key)),
                    f"键“{key}”重复：第 {top.seen[key]} 行已有“{key}”，这里（第 {mark[0]} 行）又写了一次",
                    HINT_DUPLICATE + f"程序不会用第 {mark[0]} 行的内容覆盖第 {top.seen[key]} 行。",
                )
            )
            return
        top.seen[key] = mark[0]
        top.key = key
        self.key_positions[(*top.path, key)] = mark

    def _key_problem(
        self, raw: str, key: str, event: yaml.ScalarEvent, top: _Frame
    ) -> Problem | None:
        where = format_path(top.path)
        if not key:
            return self._at(
                _start(event),
                where,
                "键是空的（冒号前没有文字）",
                "每一行应写作“键: 值”，例如“单位: 青山镇人民政府”。",
            )
        if key.startswith("<<") and not event.style:  # plain: None from PyYAML, "" from libyaml
            return self._at(
                _start(event), where, "不支持 YAML 合并键“<<”", "请把要合并的内容直接写出来。"
            )
        if "：" in key or re.search(":[\u3000\xa0]", key):
            names = {part for part in re.split(r"[\s：:\u3000]+", key) if part}
            self.hidden.setdefault(top.path, set()).update(names)
            spans = _end(event).line > _start(event).line
            lines = f"第 {_start(event).line + 1}–{_end(event).line + 1} 行" if spans else "这一行"
            hint = HINT_FULLWIDTH_SPACE if "：" not in key else HINT_FULLWIDTH_COLON
            return self._at(
                _start(event),
                where,
                f"{lines}的“{snippet(key, 30)}”被 YAML 整个读成了一个键：其中的冒号是全角的“：”或后面跟了全角空格",
                hint,
            )
        if raw[:1] in ODD_SPACE:
            self.hidden.setdefault(top.path, set()).add(key)
            return self._at(
                _start(event),
                where,
                f"键“{snippet(key)}”前面有全角空格或不间断空格，缩进无效",
                HINT_FULLWIDTH_SPACE,
            )
        odd = ZERO_WIDTH.search(raw)
        if odd:
            clean = ZERO_WIDTH.sub("", key)
            self.hidden.setdefault(top.path, set()).add(clean)
            return self._at(
                _start(event),
                where,
                f"键“{clean}”中含有看不见的字符 U+{ord(odd.group()):04X}（零宽字符，多见于从网页或 Word 复制），键因此无法识别",
                "请删除这个键后重新输入键名。",
            )
        return None

    # -- scalars and tags --

    def _scalar(self, event: yaml.ScalarEvent, path: Path_) -> str | None:
        self.spans.append((_start(event).index, _end(event).index, path, False))
        plain = not event.style  # None from PyYAML, "" from libyaml
        if event.tag == f"{_STANDARD_TAG}null" or (
            plain and event.tag is None and event.value in _NULLS
        ):
            return None
        value = str(event.value).replace(_BRACE, "{")
        self.raw[path] = value
        bad = XML_INVALID.search(value)
        if bad:  # only a double-quoted escape (``"\x0b"``) gets one past the text cleaning
            self.problems.append(
                self._at(
                    _start(event),
                    format_path(path),
                    control_message(bad.group()),
                    CONTROL_HINT,
                )
            )
            self.quiet.add(path)
        if plain and _end(event).line > _start(event).line:
            self._swallowed_lines(event, path)
        return value

    def _swallowed_lines(self, event: yaml.ScalarEvent, path: Path_) -> None:
        """A ``键：值`` or ``键:值`` line folded into the plain scalar above it (it was indented
        deeper)."""
        parent = path[:-1] if path and isinstance(path[-1], str) else None
        allowed = set(allowed_keys(parent)) if parent is not None else set()
        for number in range(_start(event).line + 2, _end(event).line + 2):
            text = self.lines.line(number)
            match = key_like(text)
            if match and match.group(1) in allowed:
                self.problems.append(
                    Problem(
                        self.display,
                        number,
                        match.start(1) + 1,
                        format_path(path),
                        f"第 {number} 行的“{snippet(text)}”没有被读成键“{match.group(1)}”，而是接在了上一行的内容后面",
                        slip_hint(match),
                    )
                )
                self.hidden.setdefault(parent or (), set()).add(match.group(1))
                self.quiet.add(path)

    def _check_tag(self, event: yaml.NodeEvent, path: Path_) -> None:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!":
            return
        allowed = _SCALAR_TAGS if isinstance(event, yaml.ScalarEvent) else _COLLECTION_TAGS
        if tag not in allowed:
            self.problems.append(self._tag_problem(event, path))
            self.quiet.add(path)

    def _tag_problem(self, event: yaml.NodeEvent, path: Path_) -> Problem:
        tag = str(getattr(event, "tag", ""))
        short = "!!" + tag.removeprefix(_STANDARD_TAG) if tag.startswith(_STANDARD_TAG) else tag
        danger = "python" in tag.lower()
        message = f"不支持 YAML 标签“{short}”" + (
            "（可执行代码的标签，已拒绝，不会执行）" if danger else ""
        )
        return self._at(
            _start(event),
            format_path(path),
            message,
            "事实文件只能写普通文字；请删除以 ! 开头的标签，若是正文请给整个值加引号。",
        )

    def _anchor_problem(self, event: yaml.NodeEvent, path: Path_ | None) -> None:
        self.problems.append(
            self._at(
                _start(event),
                format_path(path or ()),
                f"不支持 YAML 锚点“&{event.anchor}”",
                "请把内容直接写出来，每个值只写一次；若这是正文，请给整个值加引号（& 在 YAML 中有特殊含义）。",
            )
        )

    # -- errors --

    def _mark(self, mark: _Mark) -> tuple[int, int]:
        return mark.line + 1, mark.column + 1

    def _at(self, mark: _Mark, path: str, message: str, hint: str | None = None) -> Problem:
        return Problem(self.display, mark.line + 1, mark.column + 1, path, message, hint)

    def _syntax_problem(self, exc: yaml.MarkedYAMLError) -> Problem:
        problem = str(exc.problem or exc.context or "")
        context = str(exc.context or "")
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and ("simple key" in context or "quoted scalar" in context):
            # The line that should have been ``键: 值``, or where the quote opened: not where the
            # scanner gave up (often the next line, or the end of the file).
            mark = exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        message, hint = translate(problem)
        specific = None if "quoted scalar" in context else line_hint(self.lines, line, problem)
        if specific is not None:
            cause = self.lines.line(specific[1])
            slip = key_like(cause)
            if slip is not None:  # the slip is the error: said once, where it is
                column = slip.start(1) + 1
                return Problem(self.display, specific[1], column, "", *colon_slip(cause, slip))
            if specific[1] != line:
                message += f"（很可能是第 {specific[1]} 行引起的）"
        path = (
            format_path(self.stack[-1].path) if self.stack and self.stack[-1].kind != "skip" else ""
        )
        return Problem(
            self.display,
            line,
            col,
            path,
            f"YAML 格式错误：{message}",
            specific[0] if specific else hint,
        )
