"""The project's errors: everything a user can cause is a :class:`UserError`.

The CLI catches :class:`FazhiError` in one place and turns it into a Chinese message and an exit
code; nothing else is allowed to reach the user as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class FazhiError(Exception):
    """Base of every error the project raises on purpose."""

    exit_code = 1


class UserError(FazhiError):
    """An error the user can fix; ``str()`` is the Chinese message, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        if self.hint:
            return f"{self.message}\n  提示：{self.hint}"
        return self.message


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a facts file: ``文件:行:列  字段路径  说明``."""

    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    message: str = ""
    hint: str | None = field(default=None, compare=False)

    def render(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}  {self.path}  {self.message}" if self.path else f"{where}  {self.message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text


class FactsError(UserError):
    """Bad facts: lists every problem found at once, each with its location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems, key=_problem_order)
        count = len(self.problems)
        super().__init__(f"事实文件有 {count} 处问题：")

    def render(self) -> str:
        return "\n".join([self.message, *(p.render() for p in self.problems)])


def _problem_order(problem: Problem) -> tuple[str, int, int]:
    return (problem.file, problem.line or 0, problem.column or 0)


class TemplateError(UserError):
    """A template could not be found, loaded or rendered."""

    def __init__(self, message: str, *, template: str = "", line: int | None = None) -> None:
        where = f"{template}:{line}  " if template and line else (f"{template}  " if template else "")
        super().__init__(f"{where}{message}", hint="请检查模板文件；可用 `fazhi-report templates list` 查看内置模板。")


class OutputError(UserError):
    """The report could not be written where asked."""

    def __init__(self, path: Path | str, reason: str, hint: str | None = None) -> None:
        super().__init__(f"无法写入 {path}：{reason}", hint=hint)


class InputFileError(UserError):
    """A file could not be read at all (missing, folder, binary, wrong encoding)."""

    def __init__(self, path: Path | str, reason: str, hint: str | None = None) -> None:
        super().__init__(f"{path}：{reason}", hint=hint)


class CheckFailed(FazhiError):
    """A ``check`` found rule violations; the report has already been printed."""

    def __init__(self, failed: Sequence[str]) -> None:
        super().__init__(f"{len(failed)} 项检查未通过")
        self.failed = list(failed)


class BatchFailed(FazhiError):
    """Some files of a batch failed; each was already reported."""

    def __init__(self, failed: int, total: int) -> None:
        super().__init__(f"{total} 个文件中有 {failed} 个失败")
        self.failed = failed
        self.total = total
