"""The project's errors: everything a user can cause is a :class:`UserError`.

:func:`describe` is the one place that turns any exception into the text a clerk reads; the CLI
(one wrapper, which also picks the exit code) and the batch workers (a failed file's row) both use
it, so nothing is allowed to reach the user as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from .patterns import lazy

# Characters a terminal would swallow or act on: shown as ⟨U+000B⟩ so the clerk can find them.
_INVISIBLE = lazy(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060\ufeff"
    r"\ud800-\udfff\ufffe\uffff]"
)


def visible(text: str) -> str:
    """``text`` with invisible and control characters spelled out as ``⟨U+000B⟩``."""
    return _INVISIBLE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


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


Severity = Literal["error", "warning"]


# A dataclass, not a Struct (msgspec): the hint and severity take no part in comparing and
# ordering problems, and msgspec has no per-field ``compare=False``.
@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a facts file (or a report being imported), located where it can be:
    ``文件:行:列  字段路径  说明``.

    An error stops the file; a warning (``severity``) lets it through, unless ``--strict``. The
    object travels as it is from where it is found to the CLI, which renders it
    (:meth:`render`): the batch table, ``--strict`` and the summary read the same objects.
    """

    file: str
    line: int | None = None
    column: int | None = None
    path: str = ""
    message: str = ""
    hint: str | None = field(default=None, compare=False)
    severity: Severity = field(default="error", compare=False)

    def warning(self) -> Problem:
        """The same finding, as a warning."""
        return replace(self, severity="warning")

    @classmethod
    def about(cls, file: str, message: str) -> Problem:
        """A warning about a whole file (its encoding, say), or with ``file`` empty about what is
        being read (``import``'s “第 5 段…” names its own place)."""
        return cls(file, message=message, severity="warning")

    @property
    def where(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def render(self) -> str:
        """An error as a listed problem (its hint on a line of its own); a warning on one line,
        as ``validate`` and ``build`` show it: ``文件:行:列  字段  说明（提示）``."""
        if self.severity == "warning":
            return self._render_warning()
        path = visible(self.path)
        message = visible(self.message)
        text = f"{self.where}  {path}  {message}" if path else f"{self.where}  {message}"
        if self.hint:
            text += f"\n    提示：{self.hint}"
        return text

    def _render_warning(self) -> str:
        hint = f"（{self.hint}）" if self.hint else ""
        if self.line is None and not self.path:  # about the whole file (its encoding, say)
            return f"{self.file}：{self.message}{hint}" if self.file else f"{self.message}{hint}"
        return f"{self.where}  {self.path}  {self.message}{hint}"


class FactsError(UserError):
    """Bad facts: lists every problem found at once, each with its location.

    ``warnings`` (e.g. “read as GBK”) travel with the error, so a clerk whose file fails still
    sees them; they are rendered after the problems as ``警告：…`` lines.
    """

    def __init__(self, problems: Iterable[Problem], warnings: Sequence[Problem] = ()) -> None:
        unique = {(p.file, p.line, p.column, p.path, p.message): p for p in problems}
        self.problems: list[Problem] = sorted(unique.values(), key=_problem_order)
        self.warnings: list[Problem] = list(dict.fromkeys(warnings))
        count = len(self.problems)
        super().__init__(f"事实文件有 {count} 处问题：")

    #: A hostile file can have thousands of problems; the first ones are enough to act on.
    SHOWN = 50

    def render(self) -> str:
        lines = [self.message, *(p.render() for p in self.problems[: self.SHOWN])]
        if len(self.problems) > self.SHOWN:
            lines.append(
                f"……另有 {len(self.problems) - self.SHOWN} 处问题未列出（请先修正以上各处）"
            )
        lines += [f"警告：{visible(w.render())}" for w in self.warnings]
        return "\n".join(lines)


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.file, problem.line or 0, problem.column or 0, problem.path)


class StrictFailed(UserError):
    """``--strict``: a file with warnings fails, its warnings listed as a facts error's problems."""

    def __init__(self, warnings: Sequence[Problem]) -> None:
        self.warnings = list(dict.fromkeys(warnings))
        lines = [f"事实文件有 {len(self.warnings)} 处警告（--strict：警告视为错误）："]
        lines += [visible(w.render()) for w in self.warnings]
        super().__init__(
            "\n".join(lines),
            hint="请按警告逐条修改事实文件；只想先生成报告时去掉 --strict。",
        )


class TemplateError(UserError):
    """A template could not be found, loaded or rendered."""

    def __init__(self, message: str, *, template: str = "", line: int | None = None) -> None:
        where = (
            f"{template}:{line}  " if template and line else (f"{template}  " if template else "")
        )
        super().__init__(
            f"{where}{message}",
            hint="请检查模板文件；可用 `fazhi-report templates list` 查看内置模板。",
        )


class OutputError(UserError):
    """The report could not be written where asked."""

    def __init__(self, path: Path | str, reason: str, hint: str | None = None) -> None:
        super().__init__(f"无法写入 {path}：{reason}", hint=hint)


class FontsReplaced(OutputError):
    """``--strict``: a PDF draws a face the report asks for with another face."""

    def __init__(self, path: Path, warnings: Sequence[Problem]) -> None:
        self.warnings = list(warnings)
        super().__init__(
            path,
            f"有 {len(self.warnings)} 种字体被代替（--strict：警告视为错误），未写入该 PDF：\n"
            + "\n".join(w.render() for w in self.warnings),
            "运行 fazhi-report fonts 查看要安装的字体；只想先生成 PDF 时去掉 --strict。",
        )


class InputFileError(UserError):
    """A file could not be read at all (missing, folder, binary, wrong encoding).

    ``line``/``column`` locate the trouble when the file has lines (e.g. one bad byte in an
    otherwise UTF-8 file): the message then reads ``文件:行:列  说明`` like a facts problem.
    """

    def __init__(
        self,
        path: Path | str,
        reason: str,
        hint: str | None = None,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        if line is None:
            super().__init__(f"{path}：{reason}", hint=hint)
        else:
            where = Problem(str(path), line, column).where
            super().__init__(f"{where}  {reason}", hint=hint)


class CheckFailed(FazhiError):
    """A ``check`` found rule violations; the report has already been printed."""

    def __init__(self, failed: Sequence[str]) -> None:
        super().__init__(f"{len(failed)} 项检查未通过")


class BatchFailed(FazhiError):
    """Some files of a batch failed; each was already reported."""

    def __init__(self, failed: int, total: int) -> None:
        super().__init__(f"{total} 个文件中有 {failed} 个失败")


#: What a clerk is told to do about a bug: it is not their input, and the maintainers need the trace.
INTERNAL_HINT = "这是程序的问题，不是您的输入造成的；请加 --debug 重新运行并把输出发给维护人员。"


def describe(exc: Exception, *, internal_hint: str = INTERNAL_HINT) -> str:
    """The text a clerk reads for ``exc``: a :class:`UserError` with its hint, any other
    :class:`FazhiError` as it is, anything else (a bug) as 内部错误 with ``internal_hint``."""
    if isinstance(exc, UserError):
        return exc.render()
    if isinstance(exc, FazhiError):
        return str(exc)
    return f"内部错误：{type(exc).__name__}: {exc}\n  提示：{internal_hint}"
