"""What a build or validate run shows as it goes: one file's familiar lines (:class:`SingleReporter`),
a CI log (:class:`PlainReporter`) or a progress bar for a person at a terminal (:class:`RichReporter`),
and the notice of YAML files skipped in folders. ``rich`` is imported only when a person watches."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import typer

from ..batch import Index, Mode, Reporter, Row
from ..columns import plain_table
from ..errors import Problem

_STATUS = {"build": "成功", "check": "通过", "validate": "通过", "import": "成功"}
_VERB = {"build": "生成报告", "check": "检查", "validate": "校验", "import": "导入"}


class Watcher:
    """The CLI watching a command over many files (:class:`fazhi_report.commands.Watcher`)."""

    def skipped(self, paths: Sequence[Path]) -> None:
        show_skipped(paths)

    def gone(self, paths: Sequence[Path]) -> None:
        if paths:
            names = "、".join(str(p) for p in paths)
            typer.echo(
                f"注意：{len(paths)} 个文件或文件夹在读取时已不存在（可能正在移动或删除），未处理：{names}",
                err=True,
            )

    def reporter(self, files: int) -> Reporter:
        return reporter_for(files)


def reporter_for(files: int) -> Reporter:
    """One file keeps the simple output; many get a progress bar or, in a log, a line each."""
    if files == 1:
        return SingleReporter()
    return RichReporter() if _interactive() else PlainReporter()


def _interactive() -> bool:
    """A person watching (progress bar) rather than a CI log or a pipe (one line per report)."""
    return sys.stdout.isatty() and sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


def show_skipped(skipped: Sequence[Path]) -> None:
    """Other YAML in a folder (a CI set-up) is skipped, and the clerk is told which."""
    if skipped:
        names = "、".join(str(p) for p in skipped)
        typer.echo(
            f"注意：跳过 {len(skipped)} 个不含“单位”“年度”的 YAML 文件（不是事实文件）：{names}",
            err=True,
        )


# --- the texts every reporter shares ------------------------------------------------------------


def _notes(row: Row) -> list[str]:
    """A file's warnings, then what the batch says of it (a name changed to avoid a clash)."""
    return [*(f"警告：{warning.render()}" for warning in row.warnings), *row.notes]


def _header(mode: Mode) -> tuple[str, str, str, str]:
    return ("文件", "状态", "输出/错误" if mode != "validate" else "说明", "用时")


def _failure(row: Row) -> tuple[str, str]:
    """A failed file's two lines: which file, and why."""
    return f"✗ {row.source}", f"  错误：{_indent(row.error or '')}"


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


def _first_line(text: str) -> str:
    """The gist of an error for the table: “事实文件有 2 处问题：” alone says too little."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if len(lines) > 1 and lines[0].endswith("："):
        return lines[0] + lines[1] + ("…" if len(lines) > 2 else "")
    return lines[0] if lines else ""


def _outputs_text(row: Row, mode: Mode) -> str:
    if not row.ok:
        return _first_line(row.error or "")
    if mode == "check":
        return "将生成 " + _paths(row.outputs)
    return _paths(row.outputs) or "—"


def _paths(paths: Sequence[Path]) -> str:
    """``dist/标题.{docx,html}`` when the formats share a name (they do unless -o names a file)."""
    if len(paths) > 1 and len({p.with_suffix("") for p in paths}) == 1:
        return f"{paths[0].with_suffix('')}.{{{','.join(p.suffix.lstrip('.') for p in paths)}}}"
    return "、".join(map(str, paths))


def _index_line(index: Index) -> str:
    """index.html written (one that could not be is raised after the run, like a file's error)."""
    left_out = f"；{index.left_out} 份失败，未列入" if index.left_out else ""
    return f"已生成报告目录 {index.path}（列出 {index.listed} 份报告{left_out}）"


def _total_line(rows: Sequence[Row], seconds: float, workers: int) -> str:
    failed = sum(1 for r in rows if not r.ok)
    how = "同一进程" if workers <= 1 else f"{workers} 个进程"
    return f"共 {len(rows)} 个文件：成功 {len(rows) - failed} 个，失败 {failed} 个，用时 {seconds:.1f} 秒（{how}）"


# --- the reporters ------------------------------------------------------------------------------


class PlainReporter:
    """CI logs: one line per report as it is done, failures on stderr, then a plain table."""

    def start(self, total: int, mode: Mode) -> None:
        pass

    def report(self, row: Row, mode: Mode) -> None:
        if row.ok:
            outputs = [p for p in row.outputs if p.suffix != ".pdf"]
            done = (" → " + _paths(outputs)) if outputs and mode in ("build", "import") else ""
            typer.echo(f"✓ {row.source}{done}（{row.seconds:.2f} 秒）")
        else:
            typer.echo("\n".join(_failure(row)), err=True)
        for note in _notes(row):
            typer.echo(f"  {note}", err=True)

    def pdf_done(self, row: Row, pdf: Path | None, warnings: Sequence[Problem] = ()) -> None:
        if pdf is not None:
            typer.echo(f"✓ {row.source} → {pdf}")
        else:
            typer.echo("\n".join(_failure(row)), err=True)
        for warning in warnings:
            typer.echo(f"  警告：{warning.render()}", err=True)

    def index_done(self, index: Index) -> None:
        if index.error is None:
            typer.echo(_index_line(index))

    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None:
        table = [_header(mode)] + [
            (
                str(r.source),
                _STATUS[mode] if r.ok else "失败",
                _outputs_text(r, mode),
                f"{r.seconds:.2f}s",
            )
            for r in rows
        ]
        typer.echo("")
        typer.echo("\n".join(plain_table(table)))
        typer.echo(_total_line(rows, seconds, workers))


class SingleReporter:
    """One file: the familiar ``已生成 …`` lines; its error is raised by the caller, no table."""

    def start(self, total: int, mode: Mode) -> None:
        pass

    def report(self, row: Row, mode: Mode) -> None:
        for note in _notes(row):
            typer.echo(note, err=True)
        if not row.ok:
            return
        if mode == "build":
            for path in row.outputs:
                if path.suffix.lower() != ".pdf":
                    typer.echo(f"已生成 {path}")
        elif mode == "import":
            for path in row.outputs:
                typer.echo(
                    f"已导入 {path}；请按文件开头的说明核对，然后运行：fazhi-report build {path}"
                )
        elif mode == "check":
            typer.echo(f"✓ {row.source}（将生成 {_paths(row.outputs)}）")
        else:
            typer.echo(f"✓ {row.source}")

    def pdf_done(self, row: Row, pdf: Path | None, warnings: Sequence[Problem] = ()) -> None:
        if pdf is not None:
            typer.echo(f"已生成 {pdf}")
        for warning in warnings:
            typer.echo(f"警告：{warning.render()}", err=True)

    def index_done(self, index: Index) -> None:
        if index.error is None:
            typer.echo(_index_line(index))

    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None:
        pass


class RichReporter:
    """A person at a terminal: a progress bar, failures above it, then a table."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.console = Console(stderr=True, highlight=False)
        self.out = Console(highlight=False)
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=self.console,
            transient=True,
        )
        self.task = self.progress.add_task("生成报告", total=None, current="")

    def start(self, total: int, mode: Mode) -> None:
        self.progress.update(self.task, total=total, description=_VERB[mode])
        self.progress.start()

    def report(self, row: Row, mode: Mode) -> None:
        from rich.markup import escape

        if not row.ok:
            self._failed(row)
        for note in _notes(row):
            self.progress.console.print(f"[yellow]  {escape(note)}[/]")
        self.progress.update(self.task, advance=1, current=str(row.source))

    def pdf_done(self, row: Row, pdf: Path | None, warnings: Sequence[Problem] = ()) -> None:
        from rich.markup import escape

        if pdf is None:
            self._failed(row)
        for warning in warnings:
            self.progress.console.print(f"[yellow]  警告：{escape(warning.render())}[/]")

    def index_done(self, index: Index) -> None:
        if index.error is None:
            self.progress.console.print(_index_line(index), markup=False)

    def _failed(self, row: Row) -> None:
        from rich.markup import escape

        which, why = _failure(row)
        self.console.print(f"[red]{escape(which)}[/]\n{escape(why)}")

    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None:
        from rich.markup import escape
        from rich.table import Table

        self.progress.stop()
        table = Table(*_header(mode))
        for r in rows:
            status = f"[green]{_STATUS[mode]}[/]" if r.ok else "[red]失败[/]"
            table.add_row(
                escape(str(r.source)), status, escape(_outputs_text(r, mode)), f"{r.seconds:.2f}s"
            )
        self.out.print(table)
        self.out.print(_total_line(rows, seconds, workers), markup=False)
