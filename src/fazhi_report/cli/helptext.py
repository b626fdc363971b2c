"""``--help`` in Chinese, laid out by display width.

Typer writes its help pages in English (“Usage:”, “Options:”, “Show this message and exit.”,
``<int range>``, ``[default: docx]``, ``[x>=1]``, ``[required]``), some of it through gettext, some of
it hard-coded in the Click it vendors. Every help page, though, is written through one
``HelpFormatter``, the class Click lets a ``Context`` choose (``formatter_class``): this one turns
Typer's words into Chinese where they are written, whichever part of Typer produced them, and
lines columns up by display width (a Chinese character takes two). Each command and group of the
CLI is made with :class:`ChineseCommand` or :class:`ChineseGroup`, whose contexts use it;
``tests/test_cli_help.py`` renders every page and finds no English left.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer
from typer.core import TyperCommand, TyperGroup

if TYPE_CHECKING:  # the class's name for mypy; typer's maintainers keep typer._click private
    from typer._click.formatting import HelpFormatter
else:
    # At run time through public names: Click documents ``Context.formatter_class`` as the
    # hook for a help page's formatter, and typer exports its Context.
    HelpFormatter = typer.Context.formatter_class

from ..columns import display_width
from ..patterns import lazy

if TYPE_CHECKING:  # the name for mypy only: typer keeps typer._click private
    from typer._click import Context

USAGE = "用法："
HEADINGS = {"Arguments": "参数", "Options": "选项", "Commands": "命令"}
#: Typer's placeholders in the usage line.
USAGE_WORDS = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}
#: Typer's type labels (``<int>``, ``<list[Path]>``…) → what a clerk types there.
TYPES = {
    "int": "整数",
    "int range": "整数",
    "float": "数",
    "float range": "数",
    "str": "文字",
    "text": "文字",
    "path": "路径",
    "Path": "路径",
    "file": "文件",
    "directory": "文件夹",
    "bool": "是/否",
}
HELP_OPTION = {"Show this message and exit.": "显示本帮助并退出。"}
_TYPE = lazy(r"<(list\[)?([^<>\[\]]+)\]?>")
#: What Typer adds to an option's help: ``  [default: docx; x>=1; required]``.
_EXTRA = lazy(r"(?:^|  )\[([^\[\]]*)\]$")
_RANGE = (
    (lazy(r"^x>=(\S+)$"), r"不小于 \1"),
    (lazy(r"^x<=(\S+)$"), r"不大于 \1"),
    (lazy(r"^(\S+)<=x<=(\S+)$"), r"\1～\2"),
)
_EXTRA_WORDS = (
    (lazy(r"^default: (.*)$"), r"默认：\1"),
    (lazy(r"^env var: (.*)$"), r"环境变量：\1"),
    (lazy(r"^required$"), "必填"),
    (lazy(r"^\(dynamic\)$"), "（运行时确定）"),
)


#: Marks a line may not start with (they close what is before them) or end with (they open).
_CLOSING = "，。、；：？！）」』】］〕”’…—%"
_OPENING = "（「『【［〔“‘"
#: What ``wrap`` keeps whole: a run of Latin letters, digits and marks, a ［…］ note, one character.
_TOKEN = lazy(r"［[^］]*］|[\x21-\x7e]+|\s+|.")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns.

    Chinese breaks between any two characters, but never before a closing mark or after an
    opening one: the character before a closing mark that does not fit goes down with it. Latin
    text breaks at spaces; a word or a ［…］ note longer than a line stays whole.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line: list[str] = []
        for token in _TOKEN.findall(paragraph):
            if display_width("".join(line) + token) <= width or not "".join(line).strip():
                line.append(token)
                continue
            kept, carried = _break(line, token)
            if not "".join(kept).strip():  # nothing could stay: the mark hangs over instead
                line.append(token)
                continue
            lines.append("".join(kept).rstrip())
            line = [] if carried == [token] and token.isspace() else carried
        lines.append("".join(line).rstrip())
    return lines


def _break(line: list[str], token: str) -> tuple[list[str], list[str]]:
    """``line`` split where ``token`` starts a new line: what stays, and what goes down."""
    kept, carried = list(line), [token]
    if token[0] in _CLOSING:
        while kept and kept[-1][0] in _CLOSING:
            carried.insert(0, kept.pop())
        if kept and not kept[-1].isspace():
            carried.insert(0, kept.pop())
    while kept and kept[-1][-1] in _OPENING:
        carried.insert(0, kept.pop())
    return kept, carried


def _types(first: str) -> str:
    def name(match: re.Match[str]) -> str:
        label = TYPES.get(match.group(2), match.group(2))
        return f"<{label}>..." if match.group(1) else f"<{label}>"

    return _TYPE.sub(name, first)


def _extra(item: str) -> str:
    for pattern, chinese in (*_RANGE, *_EXTRA_WORDS):
        if pattern.match(item):
            return pattern.sub(chinese, item)
    return item


def _help(second: str) -> str:
    second = HELP_OPTION.get(second, second)
    match = _EXTRA.search(second)
    if match is None:
        return second
    items = "；".join(_extra(item) for item in match.group(1).split("; "))
    return f"{second[: match.start()]}{'  ' if match.start() else ''}［{items}］"


class ChineseHelpFormatter(HelpFormatter):
    """Typer's help page with its English words in Chinese, aligned by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, chinese in USAGE_WORDS.items():
            args = args.replace(english, chinese)
        super().write_usage(prog, args, USAGE if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for line in wrap(text, max(self.width - self.current_indent, 20)):
            self.write(f"{indent}{line}\n" if line else "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        table = [(_types(first), _help(second)) for first, second in rows]
        first_col = min(max((display_width(first) for first, _ in table), default=0), col_max)
        text_width = max(self.width - self.current_indent - first_col - col_spacing, 10)
        indent = " " * self.current_indent
        for first, second in table:
            lines = wrap(second, text_width) if second else []
            gap = first_col + col_spacing - display_width(first)
            if lines and gap >= col_spacing:
                self.write(f"{indent}{first}{' ' * gap}{lines.pop(0)}\n")
            else:  # no help, or a first column too long for it: the help goes below
                self.write(f"{indent}{first}\n")
            for line in lines:
                self.write(f"{indent}{' ' * (first_col + col_spacing)}{line}\n")


class ChineseContext(typer.Context):
    formatter_class = ChineseHelpFormatter


#: The heading of the examples that end every help page.
EXAMPLES = "例"


def short_help(command: typer.core.TyperCommand | TyperGroup) -> str:
    """A command's line in its group's list: the first paragraph of its help, whole (Click cuts
    it at a count of characters, which for Chinese is half the width it allows)."""
    return (command.short_help or command.help or "").strip().split("\n\n")[0].strip()


def write_examples(epilog: str | None, formatter: HelpFormatter) -> None:
    """The examples that end every help page (a command's ``epilog``), one a line and never
    wrapped: a command broken inside a file name would not work when copied."""
    if not epilog:
        return
    formatter.write_paragraph()
    formatter.write_heading(EXAMPLES)
    for line in epilog.strip().splitlines():
        formatter.write(f"{'':>{formatter.current_indent + 2}}{line.strip()}\n")


class ChineseCommand(TyperCommand):
    context_class = ChineseContext

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(self)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_examples(self.epilog, formatter)


class ChineseGroup(TyperGroup):
    context_class = ChineseContext

    def get_short_help_str(self, limit: int = 45) -> str:
        return short_help(self)

    def format_epilog(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_examples(self.epilog, formatter)
