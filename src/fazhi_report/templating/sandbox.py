"""The template sandbox with a budget: a clerk's template cannot hang a build or exhaust memory.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` keeps a template away from Python's
internals, but not from running for hours (two nested ``range(99999)`` loops) or building a
huge value (``"x" * 100000000``). Here every way a template spends time or memory passes
through a hook that charges the render's :class:`Budget`:

- every ``{% for %}`` iteration (the code generator wraps each loop's iterable),
- every call (functions, methods, macros) and every filter,
- the arithmetic operators (``+ - * / // % **`` are intercepted),
- every piece of output, whether it goes to the report or into a macro's or a ``{% set %}``
  block's buffer, and every ``~`` concatenation.

Operations that can multiply a size (``"x" * n``, ``9 ** 9 ** 9``, ``.center(n)``, widths in
``%`` and ``format``, a long ``join`` separator, ``replace``, ``indent``, turning a list of a
million references to one long text into text) are refused *before* they run when the result
would pass a limit; other results are measured after, and the total a render produces is
capped, so memory stays bounded. Time is a deadline checked in each hook: no threads or signals
(Windows has no SIGALRM, and a batch worker renders many reports in one process).
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.loaders import split_template_path
from jinja2.runtime import Context, Macro, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment

from ..confine import real, within
from ..errors import TemplateError
from . import guards
from .budget import Budget, LimitExceeded, active_tracker, charged, current

#: Changes whenever the code the hooks add to compiled templates changes (names the disk cache).
HOOKS_VERSION = "budget3"


def render_limited(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render ``template`` within the configured limits; raises :class:`LimitExceeded`."""
    tracker = active_tracker()
    if tracker is not None:
        tracker.start(context)
    with charged(tracker) as budget:
        pieces: list[str] = []
        length = 0
        for piece in template.generate(context):
            length += len(piece)
            if length > budget.limits.chars:
                exceeded = LimitExceeded(f"模板生成的报告过长（超过 {budget.limits.chars:,} 字）")
                exceeded.location = budget.location()
                raise exceeded
            if tracker is not None:
                tracker.piece(piece, budget.location())
            pieces.append(piece)
        return "".join(pieces)


# ---------------------------------------------------------------------------------------------
# The environment and its code generator


class _GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator with the budget's hooks written into the compiled template."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        # Jinja allows no new node types: the hook is a call of an environment attribute,
        # a node the template language itself cannot produce, written as a direct call.
        hook = node.iter
        if not (isinstance(hook, nodes.Call) and isinstance(hook.node, nodes.EnvironmentAttribute)):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute("guard_iter"), [hook], [], None, None, lineno=hook.lineno
            )
        super().visit_For(node, frame)

    def visit_Call(self, node: nodes.Call, frame: Frame, forward_caller: bool = False) -> None:
        if isinstance(node.node, nodes.EnvironmentAttribute) and node.node.name == "guard_iter":
            self.write("environment.guard_iter(")
            self.visit(node.args[0], frame)
            self.write(")")
            return
        super().visit_Call(node, frame, forward_caller=forward_caller)

    def visit_Getitem(self, node: nodes.Getitem, frame: Frame) -> None:
        # Jinja writes a slice as a plain subscript; it copies, so it is charged like the rest.
        if not isinstance(node.arg, nodes.Slice):
            super().visit_Getitem(node, frame)
            return
        self.write("environment.guard_slice(")
        self.visit(node.node, frame)
        self.write(", slice(")
        for part in (node.arg.start, node.arg.stop, node.arg.step):
            if part is None:
                self.write("None")
            else:
                self.visit(part, frame)
            self.write(", ")
        self.write("))")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            markup = "context.eval_ctx.volatile"
        else:
            markup = "True" if frame.eval_ctx.autoescape else "False"
        self.write(f"environment.guard_concat({markup}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _output_child_to_const(self, node: nodes.Expr, frame: Frame, finalize: Any) -> str:
        return _Located(super()._output_child_to_const(node, frame, finalize), node.lineno)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        # Constant text is grouped and written without its own line number in the compiled
        # code; the first piece's line goes along, so output can be traced to its template line.
        pieces = list(group)
        line = getattr(pieces[0], "lineno", None) if pieces else None
        return f"environment.guard_output({super()._output_const_repr(pieces)}, {line!r})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.guard_output(")
        super()._output_child_pre(node, frame, finalize)
        self.write("environment.guard_text(")

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write(")")
        super()._output_child_post(node, frame, finalize)
        self.write(")")


class _Located(str):
    """Constant output text and the template line it starts on."""

    lineno: int | None

    def __new__(cls, text: str, lineno: int | None) -> _Located:
        located = super().__new__(cls, text)
        located.lineno = lineno
        return located


class _TrackingContext(Context):
    def resolve_or_missing(self, key: str) -> Any:
        tracker = current().tracker
        if tracker is not None:
            tracker.resolve(key)
        return super().resolve_or_missing(key)


class _BoundedLoader(jinja2.FileSystemLoader):
    """A template folder's files, and only those: a file that leads out of the folder through a
    symbolic link is refused unread (:mod:`fazhi_report.confine`), and one larger than the limit
    before it is read. Jinja itself already refuses ``..`` in a template name."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        limit = current().limits.source_bytes
        for folder in self.searchpath:
            path = os.path.join(folder, *split_template_path(template))
            if not os.path.isfile(path):
                continue
            if not within(Path(path), Path(folder)):
                raise TemplateError(
                    f"模板文件 {template} 指向模板文件夹之外（实际位置 {real(Path(path))}），不予读取",
                    template=str(folder),
                )
            if os.path.getsize(path) > limit:
                raise LimitExceeded(
                    f"模板文件 {path} 过大（{os.path.getsize(path):,} 字节，上限 {limit:,}）"
                )
            break
        return super().get_source(environment, template)


def bounded_loader(folder: str) -> jinja2.FileSystemLoader:
    return _BoundedLoader(folder)


def _guarded_range(*args: int) -> range:
    budget = current()
    budget.step()
    numbers = range(*args)
    if len(numbers) > 100_000:
        raise LimitExceeded(f"range() 的项数（{len(numbers):,}）超过上限 100,000")
    return numbers


class LimitedEnvironment(SandboxedEnvironment):
    """A sandbox whose every loop, call, operator and output is charged to the render's budget."""

    code_generator_class = _GuardedCodeGenerator
    context_class = _TrackingContext
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        for name in guards.REMOVED_FILTERS:
            self.filters.pop(name, None)
        for name in guards.REMOVED_GLOBALS:
            self.globals.pop(name, None)
        self.globals["range"] = _guarded_range
        self.guard_filters()

    def guard_filters(self) -> None:
        """Wrap every filter (call again after adding filters)."""
        for name, func in list(self.filters.items()):
            if not getattr(func, "_fazhi_guarded", False):
                guarded = guards.guard_filter(name, func)
                guarded._fazhi_guarded = True  # type: ignore[attr-defined]
                self.filters[name] = guarded

    # -- hooks the compiled templates call -----------------------------------------------------

    def guard_iter(self, iterable: Any) -> Iterator[Any]:
        budget = current()
        budget.step()
        if budget.tracker is not None:
            budget.tracker.iterate(iterable)
        return _stepping(budget, iter(iterable))

    def guard_text(self, value: Any) -> Any:
        budget = current()
        if budget.tracker is not None:
            budget.tracker.consume(value)
        budget.text_size(value)
        return value

    def guard_output(self, text: str, line: int | None = None) -> str:
        budget = current()
        budget.step()
        budget.charge(text)
        budget.last_frame, budget.last_line = sys._getframe(1), line
        return text

    def guard_concat(self, markup: bool, pieces: tuple[Any, ...]) -> str:
        budget = current()
        budget.step()
        if budget.tracker is not None:
            for piece in pieces:
                budget.tracker.consume(piece)
        if sum(budget.text_size(p) for p in pieces) > budget.limits.chars:
            raise LimitExceeded("模板中用 ~ 连接的文字过长")
        result = markup_join(pieces) if markup else str_join(pieces)
        budget.charge(result)
        return result

    def guard_slice(self, obj: Any, part: slice) -> Any:
        budget = current()
        budget.step()
        if budget.tracker is not None:
            budget.tracker.touch(obj, part)
        result = obj[part]
        budget.charge(result)
        return result

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = current()
        budget.step()
        guards.check_binop(budget, operator, left, right)
        result = super().call_binop(context, operator, left, right)
        budget.charge(result)
        return result

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.step()
        # A macro's arguments are only handed on; what it prints of them is tracked inside it.
        if budget.tracker is not None and not isinstance(__obj, Macro):
            for arg in itertools.chain(args, kwargs.values()):
                budget.tracker.consume(arg)
        args = guards.check_method(budget, __obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        budget.charge(result)
        owner = getattr(__obj, "__self__", None)
        if getattr(__obj, "__name__", "") in guards.GROWING and owner is not None:
            budget.check_size(owner)
            for arg in itertools.chain(args, kwargs.values()):
                budget.charge(arg)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        formatter = super().wrap_str_format(value)
        if formatter is None:
            return None
        fmt = value.__self__

        def guarded(*args: Any, **kwargs: Any) -> str:
            budget = current()
            if value.__name__ == "format_map" and args and isinstance(args[0], Mapping):
                guards.check_format(budget, fmt, (), dict(args[0]))
            else:
                guards.check_format(budget, fmt, args, kwargs)
            return formatter(*args, **kwargs)

        return guarded

    def getattr(self, obj: Any, attribute: str) -> Any:
        tracker = current().tracker
        if tracker is not None:
            tracker.touch(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        tracker = current().tracker
        if tracker is not None:
            tracker.touch(obj, argument)
        return super().getitem(obj, argument)


def _stepping(budget: Budget, iterator: Iterator[Any]) -> Iterator[Any]:
    for item in iterator:
        budget.step()
        yield item
