"""Refusing, before it runs, a template operation whose result would pass the budget's limits.

Only operations that can multiply a size need this: ``*`` and ``**``, ``+`` of two long texts or
lists, ``%`` and ``format`` (widths, and fields that repeat a long argument), the str methods
``center``/``ljust``/``rjust``/``zfill``/``expandtabs``/``replace``/``join``, and the filters that
print a value or pad it (``join``, ``center``, ``indent``, ``replace``, ``format``, ``batch``,
``slice``, ``sum``, ``string``, ``tojson`` …). Everything else is measured after it ran
(:meth:`Budget.charge`), which is safe because its inputs were already within the limits.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from typing import Any

from jinja2.utils import _PassArg

from ..patterns import lazy
from .budget import Budget, LimitExceeded, current

_PERCENT_SPEC = lazy(r"%[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?")


def _format_size(budget: Budget, fmt: str, fields: int, numbers: list[int], args: Any) -> int:
    """An upper bound on the length of a formatted text: each field at most as long as the
    longest argument, padded to the widest width written in the format or passed in."""
    values = list(args.values()) if isinstance(args, Mapping) else list(args)
    widest_arg = max((budget.text_size(v) for v in values), default=0)
    widths = numbers + [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return len(fmt) + fields * (widest_arg + max(widths, default=0))


def check_percent(budget: Budget, fmt: str, args: Any) -> None:
    specs = _PERCENT_SPEC.findall(fmt)
    numbers = [int(n) for spec in specs for n in spec if n.isdigit()]
    if isinstance(args, Mapping):
        values: Any = args
    else:
        values = args if isinstance(args, tuple) else (args,)
    if _format_size(budget, fmt, len(specs), numbers, values) > budget.limits.chars:
        raise LimitExceeded("模板中格式化生成的文字过长")


def check_format(budget: Budget, fmt: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    fields, numbers = 0, []
    for _, name, spec, _ in string.Formatter().parse(fmt):
        if name is not None:
            fields += 1
            numbers += [int(n) for n in re.findall(r"\d+", spec or "")]
    values = [*args, *kwargs.values()]
    if _format_size(budget, fmt, fields, numbers, values) > budget.limits.chars:
        raise LimitExceeded("模板中格式化生成的文字过长")


def check_binop(budget: Budget, operator: str, left: Any, right: Any) -> None:
    limits = budget.limits
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str | bytes | list | tuple) and isinstance(count, int):
                cap = limits.chars if isinstance(seq, str | bytes) else limits.items
                if len(seq) * max(count, 0) > cap:
                    raise LimitExceeded(f"模板中的乘法生成的内容过长（{len(seq):,} × {count:,}）")
        if _ints(left, right) and left.bit_length() + right.bit_length() > limits.int_bits:
            raise LimitExceeded("模板计算出的数字过大")
    elif operator == "**" and _ints(left, right) and right > 0 and abs(left) > 1:
        if right * left.bit_length() > limits.int_bits:
            raise LimitExceeded(f"模板计算出的数字过大（{left} 的 {right:,} 次方）")
    elif operator == "+":
        for kind, cap in ((str, limits.chars), (list, limits.items), (tuple, limits.items)):
            if isinstance(left, kind) and isinstance(right, kind) and len(left) + len(right) > cap:
                raise LimitExceeded("模板中的加法生成的内容过长")
    elif operator == "%" and isinstance(left, str):
        check_percent(budget, left, right)


def _ints(*values: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


_STRING_PADDING = frozenset({"center", "ljust", "rjust", "zfill"})
GROWING = frozenset({"append", "extend", "insert", "update", "setdefault", "add"})


def check_method(
    budget: Budget, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Refuse a str/bytes method whose result would be too long; ``join`` gets its items as a
    list (measured), so a generator cannot be consumed twice."""
    owner = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    if not isinstance(owner, str | bytes):
        return args
    cap = budget.limits.chars
    if name in _STRING_PADDING and args and isinstance(args[0], int) and args[0] > cap:
        raise LimitExceeded(f"模板中的 {name}() 宽度过大（{args[0]:,}）")
    if name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and len(owner) + _occurrences(owner, "\t") * size > cap:
            raise LimitExceeded("模板中的 expandtabs() 生成的文字过长")
    if name == "replace" and len(args) >= 2:
        _check_replace(budget, owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    if name == "join" and args:
        items = _materialize(budget, args[0])
        sep = len(owner) * max(len(items) - 1, 0)
        if sep + sum(budget.text_size(i) for i in items) > cap:
            raise LimitExceeded("模板中的 join() 生成的文字过长")
        return (items, *args[1:])
    return args


def _occurrences(text: str | bytes, part: str | bytes) -> int:
    if isinstance(text, str):
        return text.count(part) if isinstance(part, str) else 0
    return text.count(part.encode() if isinstance(part, str) else part)


def _check_replace(budget: Budget, text: Any, old: Any, new: Any, count: Any) -> None:
    if not isinstance(text, str | bytes) or not isinstance(old, type(text)):
        return
    if not isinstance(new, str | bytes):
        return
    found = len(text) + 1 if not old else _occurrences(text, old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    if len(text) + found * max(len(new) - len(old), 0) > budget.limits.chars:
        raise LimitExceeded("模板中的 replace() 生成的文字过长")


def _materialize(budget: Budget, iterable: Any) -> list[Any]:
    if isinstance(iterable, list):
        return iterable
    items = []
    for item in iterable:
        budget.step()
        items.append(item)
        if len(items) > budget.limits.items:
            raise LimitExceeded("模板中的列表过长")
    return items


# ---------------------------------------------------------------------------------------------
# Filters: each one charged, the ones that can grow a text checked first

#: Filters that print their value: the text it makes is measured before they run.
_PRINTING = frozenset(
    {
        *("string", "e", "escape", "forceescape", "safe", "lower", "upper", "title"),
        *("capitalize", "trim", "striptags", "truncate", "wordcount", "urlencode", "tojson"),
        *("pprint", "center", "indent", "replace", "format", "join", "要点", "一是", "第一"),
        *("句", "md"),
    }
)
#: Filters made for HTML or English prose, of no use in a Chinese report's Markdown and slow on
#: long input (textwrap, URL-finding regular expressions); lipsum writes unbounded filler text.
REMOVED_FILTERS = ("wordwrap", "urlize")
REMOVED_GLOBALS = ("lipsum",)


def guard_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    skip = 1 if _PassArg.from_obj(func) is not None else 0

    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = current()
        budget.step()
        value, rest = args[skip] if len(args) > skip else None, args[skip + 1 :]
        if budget.tracker is not None:
            budget.tracker.consume(value)
        args = (*args[:skip], *_check_filter(budget, name, value, rest, kwargs))
        result = func(*args, **kwargs)
        budget.charge(result)
        return result

    guarded.__dict__.update(getattr(func, "__dict__", {}))  # keeps jinja_pass_arg
    guarded.__name__ = getattr(func, "__name__", name)
    return guarded


Args = tuple[Any, ...]
Kwargs = dict[str, Any]


def _check_filter(budget: Budget, name: str, value: Any, rest: Args, kwargs: Kwargs) -> Args:
    """The filter's value and arguments, after refusing a result that would be too large."""
    if name in _MATERIALIZED and not isinstance(value, str):
        value = _materialize(budget, value)
    if name in _PRINTING:
        size = budget.text_size(value)
        if name == "join":
            separator = rest[0] if rest else kwargs.get("d", "")
            size += budget.text_size(separator) * max(len(value) - 1, 0)
        if size > budget.limits.chars:
            raise LimitExceeded(f"模板中的 {name} 生成的文字过长")
    check = _FILTER_CHECKS.get(name)
    if check is not None:
        check(budget, value, rest, kwargs)
    return (value, *rest)


def _center(budget: Budget, value: Any, rest: Args, kwargs: Kwargs) -> None:
    width = rest[0] if rest else kwargs.get("width", 80)
    if isinstance(width, int) and width > budget.limits.chars:
        raise LimitExceeded(f"模板中的 center 宽度过大（{width:,}）")


def _indent(budget: Budget, value: Any, rest: Args, kwargs: Kwargs) -> None:
    width = rest[0] if rest else kwargs.get("width", 4)
    per_line = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    if per_line * (str(value).count("\n") + 1) > budget.limits.chars:
        raise LimitExceeded("模板中的 indent 生成的文字过长")


def _replace(budget: Budget, value: Any, rest: Args, kwargs: Kwargs) -> None:
    if len(rest) >= 2:
        count = rest[2] if len(rest) > 2 else kwargs.get("count", -1)
        _check_replace(budget, str(value), rest[0], rest[1], count)


def _format(budget: Budget, value: Any, rest: Args, kwargs: Kwargs) -> None:
    check_percent(budget, str(value), kwargs or rest)


def _count_argument(budget: Budget, value: Any, rest: Args, kwargs: Kwargs) -> None:
    count = rest[0] if rest else None
    if isinstance(count, int) and count > budget.limits.items:
        raise LimitExceeded(f"模板中的 batch/slice 参数过大（{count:,}）")


def _sum(budget: Budget, value: Any, rest: Args, kwargs: Kwargs) -> None:
    sized = [len(v) for v in value if isinstance(v, list | tuple | str)]
    if sum(sized) > budget.limits.items:
        raise LimitExceeded("模板中的 sum 生成的列表过长")


#: Filters that take their value as a list: a generator is consumed here, step by step.
_MATERIALIZED = frozenset({"join", "要点", "一是", "第一", "sum", "list", "unique", "sort"})
_FILTER_CHECKS: dict[str, Callable[[Budget, Any, Args, Kwargs], None]] = {
    "center": _center,
    "indent": _indent,
    "replace": _replace,
    "format": _format,
    "batch": _count_argument,
    "slice": _count_argument,
    "sum": _sum,
}
