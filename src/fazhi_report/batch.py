"""Build, check and validate many facts files: folders are expanded, work is spread over a process
pool, and one failing file never stops the rest.

How a batch runs (why it is shaped like this):

- Files are cut into small chunks and only a few chunks are in flight at once, so 1000 reports
  never mean 1000 futures, and a worker sends back only paths and messages, never a document.
- Workers write each format to a *staged* name in the target folder; the parent process gives
  the final names, in input order, whatever order the workers finish in. So two facts files whose
  reports have the same title never overwrite each other, the later one always gets the suffix
  (deterministic for CI), and the log reads the same with ``--jobs 1`` as with ``--jobs 8``.
- PDFs are made after everything else, in one LibreOffice run for the whole batch.
- This module imports nothing heavy at import time: ``validate`` must not pull in python-docx,
  and ``rich`` is imported only when a person watches a terminal.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

import typer

from .errors import BatchFailed, FazhiError, InputFileError, OutputError, UserError
from .writers import FORMATS, format_of, names_a_file

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from .build import Prepared

FACTS_SUFFIXES = (".yaml", ".yml")
STAGE_PREFIX = ".~fazhi-"

#: A task is a chunk of at most ``MAX_CHUNK`` reports, and at most ``IN_FLIGHT`` tasks per worker
#: are queued: memory stays bounded however many files there are. A report takes tens of
#: milliseconds and a task's round trip well under one, so chunks stay small: the last ones
#: then end close together and no worker idles while another finishes a long chunk.
MAX_CHUNK = 8
CHUNKS_PER_WORKER = 16
IN_FLIGHT = 2

Mode = Literal["build", "check", "validate"]


# --- inputs -------------------------------------------------------------------------------------


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders → their *.yaml files (recursively, sorted, hidden ones skipped).

    A file named twice (``reports/ reports/a.yaml``) is built once.
    """
    found: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in sorted(_facts_in(path)):
                (found if looks_like_facts(candidate) else skipped).append(candidate)
        else:
            found.append(path)
    if skipped:
        names = "、".join(str(p) for p in skipped)
        typer.echo(
            f"注意：跳过 {len(skipped)} 个不含“单位”“年度”的 YAML 文件（不是事实文件）：{names}",
            err=True,
        )
    if not found:
        raise InputFileError(", ".join(map(str, paths)), "没有找到事实文件（.yaml）")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


_FACTS_KEY = re.compile(r"(?m)^[ \t\u3000]*(?:单位|年度|unit|year)[ \t\u3000]*[:：]")


def looks_like_facts(path: Path) -> bool:
    """A YAML file met in a folder is a facts file only if it has 单位 or 年度 at the top.

    Folders also hold other YAML (a CI set-up in examples/ci/); those are skipped, and said so.
    Files named on the command line are always taken as facts files.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(65536)
    except OSError:
        return True  # let the build report why it cannot be read
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8", errors="ignore") or head.decode("gb18030", errors="ignore")
        if not _FACTS_KEY.search(text):
            text = head.decode("gb18030", errors="ignore")
    return bool(_FACTS_KEY.search(text))


def _facts_in(folder: Path) -> Iterator[Path]:
    # Hidden folders hold CI set-ups (.github/workflows/*.yml), not facts.
    for path in folder.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if not hidden and path.suffix.lower() in FACTS_SUFFIXES and path.is_file():
            yield path


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UserError(
            f"不支持的格式“{','.join(bad) or text}”", hint="可用格式：" + "、".join(FORMATS)
        )
    return list(dict.fromkeys(formats))


def default_jobs() -> int:
    """The CPUs this process may use (a CI container often gets fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


# --- what travels between processes -------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """The same for every file of a batch; pickled once per chunk."""

    mode: Mode
    formats: tuple[str, ...] = ()
    output: Path | None = None
    template: str | None = None
    draft: bool = False
    token: str = ""  # names this batch's staged files, so two batches in one folder never mix
    pdf_stage: Path | None = None  # where .docx files wait for the one LibreOffice run


@dataclass(frozen=True)
class Outcome:
    """One file's result as a worker sends it back: paths and messages only."""

    index: int
    source: Path
    seconds: float
    error: str | None = None
    warnings: tuple[str, ...] = ()
    intended: tuple[Path, ...] = ()  # where the formats go, before same-name clashes are settled
    staged: tuple[Path, ...] = ()  # the written files, one per format, in ``intended`` order


def run_chunk(chunk: Sequence[tuple[int, Path]], options: Options) -> list[Outcome]:
    """A worker's task: a few files, each caught on its own, so one bad file fails alone."""
    return [_caught(index, path, options) for index, path in chunk]


def _caught(index: int, path: Path, options: Options) -> Outcome:
    start = time.perf_counter()
    try:
        return execute(index, path, options)
    except FazhiError as exc:
        message = exc.render() if isinstance(exc, UserError) else str(exc)
    except Exception as exc:  # a bug must fail this file, not the batch
        message = f"内部错误：{type(exc).__name__}: {exc}（请用 fazhi-report --debug build {path} 单独重试）"
    return Outcome(index, path, time.perf_counter() - start, error=message)


def execute(index: int, path: Path, options: Options) -> Outcome:
    """Do one file's work; errors propagate (the single-file build shows them unchanged)."""
    start = time.perf_counter()
    if options.mode == "validate":
        from .validate import load_facts

        _, source = load_facts(path, draft=options.draft)
        return Outcome(index, path, time.perf_counter() - start, warnings=tuple(source.warnings))
    from .build import output_paths, prepare

    prepared = prepare(path, options.template, draft=options.draft)
    intended = tuple(output_paths(path, prepared.document, options.output, options.formats))
    staged: tuple[Path, ...] = ()
    if options.mode == "build":
        staged = _stage(index, prepared, intended, options)
    seconds = time.perf_counter() - start
    return Outcome(
        index,
        path,
        seconds,
        warnings=tuple(prepared.source.warnings),
        intended=intended,
        staged=staged,
    )


def _stage(
    index: int, prepared: Prepared, intended: Sequence[Path], options: Options
) -> tuple[Path, ...]:
    """Write every format under a staged name; a failure removes what this file staged."""
    from .build import render_format
    from .writing import atomic_write

    rendered: dict[str, bytes] = {}

    def data(fmt: str) -> bytes:
        if fmt not in rendered:
            rendered[fmt] = render_format(prepared, fmt)
        return rendered[fmt]

    staged: list[Path] = []
    try:
        for final in intended:
            fmt = format_of(final)
            if fmt == "pdf":
                # LibreOffice converts the .docx later, for the whole batch at once.
                if options.pdf_stage is None:
                    raise RuntimeError("pdf_stage is not set")
                target, content = options.pdf_stage / f"{index}.docx", data("docx")
            else:
                target = final.parent / f"{STAGE_PREFIX}{options.token}-{index}.{fmt}"
                content = data(fmt)
            atomic_write(target, content)
            staged.append(target)
    except BaseException:
        _remove(staged)
        raise
    return tuple(staged)


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


# --- names: who gets which output file ----------------------------------------------------------


class _Names:
    """Final output names, given in input order: the first report keeps its title as file name,
    a later report with the same title gets ``（facts-file-name）`` added, never overwriting."""

    def __init__(self) -> None:
        self._owner: dict[str, Path] = {}

    def claim(self, source: Path, intended: Sequence[Path]) -> tuple[list[Path], Path | None]:
        """The paths this report gets, and the earlier facts file it clashed with (if any)."""
        clash = next((self._owner[k] for k in map(_key, intended) if k in self._owner), None)
        paths = list(intended)
        attempt = 1
        while any(_key(p) in self._owner for p in paths):
            tag = source.stem if attempt == 1 else f"{source.stem}-{attempt}"
            paths = [p.with_name(f"{p.stem}（{tag}）{p.suffix}") for p in intended]
            attempt += 1
        for path in paths:
            self._owner[_key(path)] = source
        return paths, clash


def _key(path: Path) -> str:
    # Windows and macOS file systems ignore case: 'A.docx' and 'a.docx' are one file there.
    return os.path.normcase(os.path.abspath(path)).casefold()


# --- what the user sees -------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the summary table."""

    source: Path
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


class Reporter(Protocol):
    def start(self, total: int, mode: Mode) -> None: ...
    def report(self, row: Row, mode: Mode) -> None: ...
    def pdf_done(self, row: Row, pdf: Path | None) -> None: ...
    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None: ...


_STATUS = {"build": "成功", "check": "通过", "validate": "通过"}
_VERB = {"build": "生成报告", "check": "检查", "validate": "校验"}


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


def _total_line(rows: Sequence[Row], seconds: float, workers: int) -> str:
    failed = sum(1 for r in rows if not r.ok)
    how = "同一进程" if workers <= 1 else f"{workers} 个进程"
    return f"共 {len(rows)} 个文件：成功 {len(rows) - failed} 个，失败 {failed} 个，用时 {seconds:.1f} 秒（{how}）"


class PlainReporter:
    """CI logs: one line per report as it is done, failures on stderr, then a plain table."""

    def start(self, total: int, mode: Mode) -> None:
        pass

    def report(self, row: Row, mode: Mode) -> None:
        if row.ok:
            outputs = [p for p in row.outputs if p.suffix != ".pdf"]
            done = (" → " + _paths(outputs)) if outputs and mode == "build" else ""
            typer.echo(f"✓ {row.source}{done}（{row.seconds:.2f} 秒）")
        else:
            typer.echo(f"✗ {row.source}\n  错误：{_indent(row.error or '')}", err=True)
        for note in row.notes:
            typer.echo(f"  {note}", err=True)

    def pdf_done(self, row: Row, pdf: Path | None) -> None:
        if pdf is not None:
            typer.echo(f"✓ {row.source} → {pdf}")
        else:
            typer.echo(f"✗ {row.source}\n  错误：{_indent(row.error or '')}", err=True)

    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None:
        header = ("文件", "状态", "输出/错误" if mode != "validate" else "说明", "用时")
        table = [header] + [
            (
                str(r.source),
                _STATUS[mode] if r.ok else "失败",
                _outputs_text(r, mode),
                f"{r.seconds:.2f}s",
            )
            for r in rows
        ]
        typer.echo("")
        typer.echo("\n".join(_plain_table(table)))
        typer.echo(_total_line(rows, seconds, workers))


def _indent(text: str) -> str:
    return text.replace("\n", "\n  ")


def _plain_table(rows: Sequence[Sequence[str]]) -> Iterator[str]:
    """Columns padded by display width: a CJK character takes two cells in a terminal or CI log."""
    widths = [max(_width(row[c]) for row in rows) for c in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [cell + " " * (widths[c] - _width(cell)) for c, cell in enumerate(row)]
        yield "  ".join(cells).rstrip()
        if n == 0:
            yield "  ".join("-" * w for w in widths)


def _width(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


class SingleReporter:
    """One file: the familiar ``已生成 …`` lines; its error is raised by the caller, no table."""

    def start(self, total: int, mode: Mode) -> None:
        pass

    def report(self, row: Row, mode: Mode) -> None:
        for note in row.notes:
            typer.echo(note, err=True)
        if not row.ok:
            return
        if mode == "build":
            for path in row.outputs:
                if path.suffix.lower() != ".pdf":
                    typer.echo(f"已生成 {path}")
        elif mode == "check":
            typer.echo(f"✓ {row.source}（将生成 {_paths(row.outputs)}）")
        else:
            typer.echo(f"✓ {row.source}")

    def pdf_done(self, row: Row, pdf: Path | None) -> None:
        if pdf is not None:
            typer.echo(f"已生成 {pdf}")

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
            self.progress.console.print(
                f"[red]✗ {escape(str(row.source))}[/]\n  错误：{escape(_indent(row.error or ''))}"
            )
        for note in row.notes:
            self.progress.console.print(f"[yellow]  {escape(note)}[/]")
        self.progress.update(self.task, advance=1, current=str(row.source))

    def pdf_done(self, row: Row, pdf: Path | None) -> None:
        from rich.markup import escape

        if pdf is None:
            self.console.print(
                f"[red]✗ {escape(str(row.source))}[/]\n  错误：{escape(_indent(row.error or ''))}"
            )

    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None:
        from rich.markup import escape
        from rich.table import Table

        self.progress.stop()
        table = Table("文件", "状态", "输出/错误" if mode != "validate" else "说明", "用时")
        for r in rows:
            status = f"[green]{_STATUS[mode]}[/]" if r.ok else "[red]失败[/]"
            table.add_row(
                escape(str(r.source)), status, escape(_outputs_text(r, mode)), f"{r.seconds:.2f}s"
            )
        self.out.print(table)
        self.out.print(_total_line(rows, seconds, workers), markup=False)


def _interactive() -> bool:
    """A person watching (progress bar) rather than a CI log or a pipe (one line per report)."""
    return sys.stdout.isatty() and sys.stderr.isatty() and os.environ.get("TERM") != "dumb"


# --- the batch ----------------------------------------------------------------------------------


class Batch:
    """Runs files through :func:`run_chunk` (in a pool or in-process) and settles the results."""

    def __init__(
        self,
        files: Sequence[Path],
        options: Options,
        jobs: int,
        reporter: Reporter,
        *,
        strict: bool = False,
    ) -> None:
        self.files = list(files)
        self.options = options
        self.reporter = reporter
        # Errors propagate unchanged: one file shows its own message (and --debug its traceback).
        self.strict = strict
        self.chunk = max(1, min(MAX_CHUNK, len(self.files) // (jobs * CHUNKS_PER_WORKER)))
        chunks = -(-len(self.files) // self.chunk)
        self.workers = max(1, min(jobs, chunks))
        self.names = _Names()
        self.rows: list[Row] = []
        self.waiting: dict[int, Outcome] = {}
        self.pdfs: list[tuple[Row, Path, Path]] = []  # row, staged .docx, final .pdf

    def run(self) -> list[Row]:
        try:
            if self.workers == 1:
                self.reporter.start(len(self.files), self.options.mode)
                do = execute if self.strict else _caught
                for index, path in enumerate(self.files):
                    self._settle(do(index, path, self.options))
            else:
                self._run_pool()
            self._convert_pdfs()
        finally:
            self._clean_up()
        return self.rows

    def _chunks(self) -> Iterator[list[tuple[int, Path]]]:
        items = list(enumerate(self.files))
        for start in range(0, len(items), self.chunk):
            yield items[start : start + self.chunk]

    def _run_pool(self) -> None:
        from concurrent.futures import FIRST_COMPLETED, wait

        chunks = self._chunks()
        running: dict[Future[list[Outcome]], list[tuple[int, Path]]] = {}
        pool = _make_pool(self.workers)
        started = False
        try:
            while True:
                while len(running) < self.workers * IN_FLIGHT and (chunk := next(chunks, None)):
                    running[pool.submit(run_chunk, chunk, self.options)] = chunk
                if not running:
                    break
                if not started:
                    # Only now: the first submit has forked every worker, so the progress bar's
                    # thread never exists in a forked child.
                    self.reporter.start(len(self.files), self.options.mode)
                    started = True
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                if any(_broken(f) for f in done):
                    # A worker died (killed, out of memory, crashed): the pool is unusable and
                    # every unfinished chunk is suspect. Find the culprit alone, go on with the rest.
                    pool.shutdown(wait=True, cancel_futures=True)
                    suspects = [item for f, c in running.items() if not _finished(f) for item in c]
                    for future in [f for f in running if _finished(f)]:
                        self._settle_all(future.result())
                    running.clear()
                    self._isolate(suspects)
                    pool = _make_pool(self.workers)
                    continue
                for future in done:
                    self._settle_all(_result(future, running.pop(future)))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _isolate(self, items: Sequence[tuple[int, Path]]) -> None:
        """Run each file alone in a one-worker pool: only the file that kills a worker fails."""
        pool = _make_pool(1)
        try:
            for item in sorted(items):
                future = pool.submit(run_chunk, [item], self.options)
                self._settle_all(_result(future, [item]))
                if _broken(future):
                    pool.shutdown(wait=True)
                    pool = _make_pool(1)
        finally:
            pool.shutdown(wait=True)

    def _settle_all(self, outcomes: Iterable[Outcome]) -> None:
        for outcome in outcomes:
            self._settle(outcome)

    def _settle(self, outcome: Outcome) -> None:
        """Take outcomes in input order, whatever order they arrive in (see the module doc)."""
        self.waiting[outcome.index] = outcome
        while len(self.rows) in self.waiting:
            row = self._commit(self.waiting.pop(len(self.rows)))
            self.rows.append(row)
            self.reporter.report(row, self.options.mode)

    def _commit(self, outcome: Outcome) -> Row:
        row = Row(outcome.source, outcome.seconds, error=outcome.error)
        row.notes += [f"警告：{warning}" for warning in outcome.warnings]
        if outcome.error is not None or not outcome.intended:
            return row
        finals, clash = self.names.claim(outcome.source, outcome.intended)
        if clash is not None:
            row.notes.append(
                f"注意：{outcome.source} 与 {clash} 的报告标题相同，"
                f"{'将' if self.options.mode == 'check' else '已'}改名为 {finals[0].name} 等，以免覆盖"
            )
        row.outputs = finals
        if self.options.mode == "build":
            try:
                self._move_into_place(row, outcome.staged, finals)
            except OutputError as exc:
                _remove(outcome.staged)
                row.error, row.outputs = exc.render(), []
        return row

    def _move_into_place(self, row: Row, staged: Sequence[Path], finals: Sequence[Path]) -> None:
        for temp, final in zip(staged, finals, strict=True):
            if final.suffix.lower() == ".pdf":
                self.pdfs.append((row, temp, final))
                continue
            try:
                os.replace(temp, final)
            except OSError as exc:
                raise OutputError(
                    final,
                    exc.strerror or str(exc),
                    "如果该报告正在 Word/WPS 中打开，请先关闭后重试。",
                ) from exc

    def _convert_pdfs(self) -> None:
        """One LibreOffice run for every report still standing, then each PDF into place."""
        waiting = [(row, temp, final) for row, temp, final in self.pdfs if row.ok]
        if not waiting:
            return
        from .writing import atomic_write

        pdfs, failure = self._libreoffice([temp for _, temp, _ in waiting])
        for row, temp, final in waiting:
            made = pdfs.get(temp)
            try:
                if made is None:
                    raise OutputError(final, failure)
                # Copied, not renamed: the temporary folder may be on another disk.
                atomic_write(final, made.read_bytes())
            except OutputError as exc:
                row.error, row.outputs = exc.render(), [p for p in row.outputs if p != final]
                self.reporter.pdf_done(row, None)
            else:
                self.reporter.pdf_done(row, final)

    def _libreoffice(self, docx: list[Path]) -> tuple[dict[Path, Path | None], str]:
        """Each .docx's PDF (None: not made) and, for those missing, why."""
        from .writers.pdf import convert_to_pdf

        assert self.options.pdf_stage is not None
        try:
            conversion = convert_to_pdf(docx, self.options.pdf_stage / "pdf")
        except FazhiError as exc:  # LibreOffice did not start, or ran out of time
            return {}, exc.render() if isinstance(exc, UserError) else str(exc)
        return conversion.pdfs, conversion.failure()

    def _clean_up(self) -> None:
        """Remove staged files nobody claimed (a worker died, or the user pressed Ctrl-C)."""
        if self.options.pdf_stage is not None:
            import shutil

            shutil.rmtree(self.options.pdf_stage, ignore_errors=True)
        if self.options.mode != "build":
            return
        folders = {_stage_folder(path, self.options.output) for path in self.files}
        for folder in folders:
            _remove(folder.glob(f"*{STAGE_PREFIX}{self.options.token}-*"))


def _stage_folder(facts: Path, output: Path | None) -> Path:
    if output is None:
        return facts.parent
    if names_a_file(output):
        return output.parent
    return output


def _result(future: Future[list[Outcome]], chunk: Sequence[tuple[int, Path]]) -> list[Outcome]:
    """A chunk's outcomes; if its worker died, a failure for each of its files."""
    try:
        return future.result()
    except Exception as exc:
        if _broken(future):
            reason = "处理该文件的工作进程意外退出（可能是内存不足或程序崩溃）"
        else:
            reason = f"内部错误：{type(exc).__name__}: {exc}"
        hint = "请单独重新生成该文件以查看详情：fazhi-report --debug build"
        return [
            Outcome(i, path, 0.0, error=f"{reason}\n  提示：{hint} {path}") for i, path in chunk
        ]


def _finished(future: Future[list[Outcome]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _broken(future: Future[list[Outcome]]) -> bool:
    from concurrent.futures.process import BrokenProcessPool

    return (
        future.done()
        and not future.cancelled()
        and isinstance(future.exception(), BrokenProcessPool)
    )


def _make_pool(workers: int) -> ProcessPoolExecutor:
    """A pool whose workers leave Ctrl-C to the parent (which then shuts the pool down).

    On Linux, workers are forked: they start in milliseconds, with no interpreter start-up.
    The parent has no threads yet (the progress bar's thread starts after the first submit has
    forked every worker), so forking is safe. Elsewhere the platform's default (spawn).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform == "linux" else None
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=_worker_signals
    )


def _worker_signals() -> None:
    """Ctrl-C is the parent's to handle; SIGTERM ends a worker plainly (it may be inherited)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """A cancelled CI job gets SIGTERM: stop like Ctrl-C, so staged files are removed."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


# --- the commands -------------------------------------------------------------------------------


def run_build(
    paths: Sequence[Path],
    *,
    output: Path | None,
    template: str | None,
    formats: str,
    jobs: int | None,
    check_only: bool,
    draft: bool,
) -> None:
    fmts = tuple(parse_formats(formats))
    files = expand(paths)
    if len(files) > 1 and output is not None and names_a_file(output):
        raise UserError(f"多个事实文件时 -o 须是文件夹，而不是 {output}")
    options = Options(
        "check" if check_only else "build", fmts, output, template, draft, os.urandom(4).hex()
    )
    if "pdf" in fmts and not check_only:
        from .writers.pdf import require_soffice

        require_soffice()  # before any work: a missing LibreOffice is not a per-report failure
        import tempfile

        options = replace(options, pdf_stage=Path(tempfile.mkdtemp(prefix="fazhi-pdf-")))
    _run(files, options, jobs)


def run_validate(paths: Sequence[Path], *, draft: bool, jobs: int | None = None) -> None:
    _run(expand(paths), Options("validate", draft=draft), jobs)


def _run(files: Sequence[Path], options: Options, jobs: int | None) -> None:
    single = len(files) == 1
    reporter: Reporter = (
        SingleReporter() if single else RichReporter() if _interactive() else PlainReporter()
    )
    start = time.perf_counter()
    batch = Batch(files, options, 1 if single else jobs or default_jobs(), reporter, strict=single)
    with _sigterm_as_interrupt():
        rows = batch.run()
    reporter.finish(rows, options.mode, time.perf_counter() - start, batch.workers)
    failed = [row for row in rows if not row.ok]
    if single and failed:
        raise UserError(failed[0].error or "")  # the one file's own message, without a table
    if failed:
        raise BatchFailed(len(failed), len(rows))
