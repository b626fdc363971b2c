"""Click's usage errors (English, exit code 2) as the Chinese sentences a clerk reads."""

from __future__ import annotations

import re

_USAGE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"^Missing argument '(.+?)'\.?$", r"缺少参数 \1"),
        (r"^Missing option '(.+?)'\.?$", r"缺少选项 \1"),
        (r"^Missing command\.?$", "缺少子命令"),
        (r"^No such command '(.+?)'\.?$", r"没有“\1”这个命令"),
        (
            r"^No such option: (\S+)(?: \(Possible options: (.+)\)| Did you mean (.+)\?)?$",
            r"没有 \1 这个选项",
        ),
        (r"^Invalid value for (.+?): (.+)$", r"参数 \1 的值无效：\2"),
        (r"^Got unexpected extra arguments? \((.+)\)$", r"多余的参数：\1"),
        (r"^Option '(.+?)' requires an argument\.?$", r"选项 \1 后面需要一个值"),
        (r"^Option '(.+?)' does not take a value\.?$", r"选项 \1 后面不能带值"),
    )
)


_VALUE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"Input should be greater than or equal to (\S+)", r"应不小于 \1"),
        (r"Input should be a valid integer.*", "应为整数"),
        (r"'(.+?)' is not a valid integer\.?", r"“\1”不是整数"),
    )
)


def usage_message(english: str) -> str:
    """Click's usage error → a Chinese sentence (the English kept when no pattern knows it)."""
    for pattern, text in _USAGE_MESSAGES:
        if pattern.match(english):
            english = pattern.sub(text, english)
            break
    for pattern, text in _VALUE_MESSAGES:
        english = pattern.sub(text, english)
    return english
