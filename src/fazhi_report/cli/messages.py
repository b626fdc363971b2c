"""Click's usage errors (English, exit code 2) as the Chinese sentences a clerk reads."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..patterns import LazyPattern, lazy


def _suggested(match: re.Match[str]) -> str:
    """“没有 X 这个选项/命令”, with the names Click finds close to it as 您是否想写 …？."""
    name = match.group("name")
    said = f"没有 {name} 这个选项" if match.group("what") == "option" else f"没有“{name}”这个命令"
    offer = match.group("offer") or match.group("offer2")
    if offer:
        names = re.findall(r"[^\s,']+", offer)
        said += f"；您是否想写 {'、'.join(names)}？"
    return said


_USAGE_MESSAGES: tuple[tuple[LazyPattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (lazy(pattern), text)
    for pattern, text in (
        (r"^Missing argument '(.+?)'\.?$", r"缺少参数 \1"),
        (r"^Missing option '(.+?)'\.?$", r"缺少选项 \1"),
        (r"^Missing command\.?$", "缺少子命令"),
        (
            r"^No such (?P<what>command|option):? '?(?P<name>[^'\s]+?)'?\.?"
            r"(?: \(Possible options: (?P<offer>.+)\)"
            r"| (?P<mean>Did you mean) (?P<offer2>.+)\?)?$",
            _suggested,
        ),
        (r"^Invalid value for '(.+?)': (.+)$", r"参数 \1 的值无效：\2"),
        (r"^Invalid value: (.+)$", r"值无效：\1"),
        (r"^Got unexpected extra argument(?:s|\(s\))? \((.+)\)$", r"多余的参数：\1"),
        (r"^Option '(.+?)' requires an argument\.?$", r"选项 \1 后面需要一个值"),
        (r"^Option '(.+?)' does not take a value\.?$", r"选项 \1 后面不能带值"),
    )
)


_VALUE_MESSAGES: tuple[tuple[LazyPattern[str], str], ...] = tuple(
    (lazy(pattern), text)
    for pattern, text in (
        (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
        (r"Input should be greater than (\S+)", r"应大于 \1"),
        (r"Input should be less than or equal to (\S+)", r"应不大于 \1"),
        (r"Input should be less than (\S+)", r"应小于 \1"),
        (r"Input should be a valid integer.*", "应为整数"),
        (r"Input should be a valid number.*", "应为数字"),
        (r"'(.+?)' is not a valid integer\.?", r"“\1”不是整数"),
        (r"Value '(.+?)' is not a valid (?:int|integer)\.?", r"“\1”不是整数"),
        (r"Value '(.+?)' is not a valid (?:float|number)\.?", r"“\1”不是数字"),
    )
)


def usage_message(english: str) -> str:
    """Click's usage error → a Chinese sentence (the English kept when no pattern knows it)."""
    # An option's names, “'-j' / '--jobs'”, are one name here: “-j/--jobs”.
    english = re.sub(r"'(-[^']*)' / '(-[^']*)'", r"'\1/\2'", english)
    for pattern, text in _USAGE_MESSAGES:
        if pattern.match(english):
            english = pattern.sub(text, english)
            break
    for pattern, text in _VALUE_MESSAGES:
        english = pattern.sub(text, english)
    return english
