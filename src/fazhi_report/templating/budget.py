"""A template render's budget: the limits on its time and memory, and what it has spent.

:mod:`fazhi_report.templating.sandbox` charges a :class:`Budget` from hooks in every loop, call,
operator and output of a compiled template; :mod:`fazhi_report.templating.guards` refuses, before
they run, operations whose result would pass a limit. Sizes are estimated without building what
is measured (a list holding one long text a million times would print as a very long text). The
budget of the render under way lives in a context variable, so hooks deep inside Jinja find it
without being handed it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Collection, Iterator, Mapping
from contextvars import ContextVar
from types import FrameType
from typing import Any

from jinja2.utils import Namespace
from msgspec import Struct

#: Seconds a render may take unless FAZHI_REPORT_TEMPLATE_SECONDS says otherwise.
DEFAULT_SECONDS = 5.0
SECONDS_VARIABLE = "FAZHI_REPORT_TEMPLATE_SECONDS"


class Limits(Struct, frozen=True):
    """What one render may use. The examples' renders take 300–500 steps, make 2–5 thousand
    characters and about 0.03 MB of values; these bounds are hundreds of times that (a facts
    file ten times the examples' size stays far inside them), and small enough that the worst a
    template can do ends within about a second of work or ``seconds``, far below 500 MB."""

    seconds: float = DEFAULT_SECONDS
    steps: int = 250_000  # loop iterations, calls, operators and output pieces
    chars: int = 2_000_000  # the longest text, and the rendered report
    items: int = 1_000_000  # the longest list, tuple or mapping
    int_bits: int = 100_000  # the largest integer (~30 000 digits)
    memory: int = 128 * 2**20  # bytes of new values a render may make (an estimate)
    source_bytes: int = 256 * 1024  # one template file (the built-ins are ~5 KB)
    depth: int = 64  # nesting of lists inside lists a template may print


def configured_limits() -> Limits:
    """The default limits, with the time limit from the environment when it is set there."""
    text = os.environ.get(SECONDS_VARIABLE, "").strip()
    try:
        seconds = float(text) if text else DEFAULT_SECONDS
    except ValueError:
        seconds = DEFAULT_SECONDS
    return Limits(seconds=seconds) if seconds > 0 else Limits()


class LimitExceeded(Exception):
    """A template went past one of its :class:`Limits`; the message is for the clerk.

    ``location`` (file, line) is set when the limit is found outside the template's own code
    (the report's total length): the output statement that was running then.
    """

    location: tuple[str, int] | None = None


class Tracker:
    """Hooks a render calls when ``templates check`` watches what it reads and writes
    (:class:`fazhi_report.templating.usage.FactsTracker`); these do nothing."""

    def start(self, context: Mapping[str, Any]) -> None: ...
    def resolve(self, name: str) -> None: ...
    def touch(self, obj: Any, key: Any) -> None: ...
    def iterate(self, obj: Any) -> None: ...
    def consume(self, obj: Any) -> None: ...
    def piece(self, text: str, location: tuple[str, int] | None) -> None: ...


class Budget:
    """One render's spending against its :class:`Limits`."""

    def __init__(self, limits: Limits, tracker: Tracker | None = None) -> None:
        self.limits = limits
        self.tracker = tracker
        self.deadline = time.monotonic() + limits.seconds
        self.steps = 0
        self.produced = 0
        #: The template code that last wrote output (and the line of its text, when constant),
        #: to locate a limit found outside it and to trace output to the template.
        self.last_frame: FrameType | None = None
        self.last_line: int | None = None

    def location(self) -> tuple[str, int] | None:
        """The template file and line of the output written last."""
        frame = self.last_frame
        template = None if frame is None else frame.f_globals.get("__jinja_template__")
        if frame is None or template is None or template.filename is None:
            return None
        line = self.last_line or template.get_corresponding_lineno(frame.f_lineno)
        return template.filename, line

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > self.limits.steps:
            raise LimitExceeded(
                f"模板执行的步骤超过上限（{self.limits.steps:,} 步）：循环过多或嵌套过深"
            )
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"模板渲染超过时限（{self.limits.seconds:g} 秒）")

    def charge(self, value: Any) -> None:
        """Count a new value against the memory a render may use, and its own size."""
        if value is None or type(value) is bool:
            return
        self.check_size(value)
        self.produced += _cost(value)
        if self.produced > self.limits.memory:
            raise LimitExceeded(f"模板生成的内容超过上限（约 {self.limits.memory // 2**20} MB）")

    def check_size(self, value: Any) -> None:
        limits = self.limits
        if type(value) is str and len(value) <= limits.chars:  # the common case, quickly
            return
        if isinstance(value, str | bytes | bytearray) and len(value) > limits.chars:
            raise LimitExceeded(f"模板生成的文字过长（{len(value):,} 字，上限 {limits.chars:,}）")
        if isinstance(value, list | tuple | dict | set | frozenset) and len(value) > limits.items:
            raise LimitExceeded(f"模板生成的列表过长（{len(value):,} 项，上限 {limits.items:,}）")
        if isinstance(value, int) and value.bit_length() > limits.int_bits:
            raise LimitExceeded("模板计算出的数字过大")

    def text_size(self, value: Any, *, inner: bool = False) -> int:
        """How long ``str(value)`` would be, worked out without building it; raises once it
        passes the limit (a list holding one long text a million times is a long text)."""
        limit = self.limits.chars
        if isinstance(value, str | int) and not inner:  # the common case, quickly
            total = _flat_size(value, False)
            if total > limit:
                raise LimitExceeded(f"模板生成的文字过长（超过 {limit:,} 字）")
            return total
        # Depth first, one item a step, so a long text inside a list is found at once.
        total = 0
        seen: set[int] = set()
        stack: list[tuple[Iterator[Any], int]] = [(iter((value,)), 0)]
        while stack:
            items, depth = stack[-1]
            item = next(items, _END)
            if item is _END:
                stack.pop()
                continue
            self.step()
            total += _flat_size(item, inner or depth > 0)
            if total > limit:
                raise LimitExceeded(f"模板生成的文字过长（超过 {limit:,} 字）")
            contents = _contents(item)
            if contents is not None and id(item) not in seen:
                seen.add(id(item))
                if depth >= self.limits.depth:
                    raise LimitExceeded("模板中的列表嵌套过深")
                stack.append((contents, depth + 1))
        return total


def _cost(value: Any) -> int:
    if isinstance(value, str):
        return 2 * len(value) + 50
    if isinstance(value, bytes | bytearray):
        return len(value) + 40
    if isinstance(value, list | tuple | set | frozenset | dict):
        # The container and, at worst, a new small object for each entry (range(…)|list).
        return 64 * len(value) + 60
    if isinstance(value, int):
        return value.bit_length() // 8 + 30
    return 50


_END = object()


def _flat_size(item: Any, inner: bool) -> int:
    """The length ``item`` adds to a text itself: a text's quotes in a list, a list's brackets
    and separators (its contents are counted one by one)."""
    if isinstance(item, str):
        return len(item) + (2 if inner else 0)
    if isinstance(item, bool | float | type(None)):
        return 6
    if isinstance(item, int):
        return item.bit_length() * 31 // 100 + 2
    if _contents(item) is not None:
        return 2 * len(_attrs(item)) + 20
    return 80


def _attrs(item: Any) -> Any:
    # A namespace prints as its attributes.
    return dict(item._Namespace__attrs) if isinstance(item, Namespace) else item


def _contents(item: Any) -> Iterator[Any] | None:
    """What ``str(item)`` prints of ``item``'s contents, for containers (else ``None``)."""
    if isinstance(item, str | bytes | bytearray | range):
        return None
    item = _attrs(item)
    if isinstance(item, Mapping):
        return itertools.chain(item.keys(), item.values())
    if isinstance(item, Collection):
        return iter(item)
    return None


_BUDGET: ContextVar[Budget | None] = ContextVar("fazhi_report_template_budget", default=None)
_LIMITS: ContextVar[Limits | None] = ContextVar("fazhi_report_template_limits", default=None)
_TRACKER: ContextVar[Tracker | None] = ContextVar("fazhi_report_template_tracker", default=None)


def current() -> Budget:
    # Outside a render (Jinja folds constant expressions while compiling) a fresh budget still
    # refuses what is too big: the fold is then left to the render, where the error is located.
    return _BUDGET.get() or Budget(Limits())


@contextlib.contextmanager
def watched(limits: Limits | None = None, tracker: Tracker | None = None) -> Iterator[None]:
    """Renders inside the ``with`` (however deep in the build they happen) use ``limits`` and
    report to ``tracker``: how ``templates check`` sets its time limit and watches a render."""
    tokens = (_LIMITS.set(limits), _TRACKER.set(tracker))
    try:
        yield
    finally:
        _LIMITS.reset(tokens[0])
        _TRACKER.reset(tokens[1])


def active_tracker() -> Tracker | None:
    return _TRACKER.get()


@contextlib.contextmanager
def charged(tracker: Tracker | None) -> Iterator[Budget]:
    """A new budget for one render (limits from :func:`watched`, else the configured ones),
    current inside the ``with``."""
    budget = Budget(_LIMITS.get() or configured_limits(), tracker)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)
