"""The batch: files through the per-file work (in this process or in a pool), outcomes settled in
input order, outputs moved into place, PDFs made last; each step is told to a :class:`Reporter`,
and the result is one :class:`Row` per file.

Why it is shaped like this:

- The parent process gives the final names, in input order, whatever order the workers finish
  in. So two facts files whose reports have the same title never overwrite each other, the later
  one always gets the suffix (deterministic for CI), and the log reads the same with ``--jobs 1``
  as with ``--jobs 8``.
- PDFs are made after everything else, in one LibreOffice run for the whole batch.
- Nothing heavy is imported at import time: ``validate`` must not pull in python-docx.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from msgspec import Struct, field

from ..errors import (
    BatchFailed,
    FazhiError,
    FontsReplaced,
    OutputError,
    Problem,
    UserError,
    describe,
)
from ..writing import atomic_write, output_error, remove_stale, sync_all
from .names import Names
from .pool import chunk_size, run_pooled, sigterm_as_interrupt
from .work import (
    WRITING,
    Mode,
    Options,
    Outcome,
    build_options,
    caught,
    execute,
    remove,
    remove_staged,
    stage_folder,
)

if TYPE_CHECKING:
    from ..writers.index import Entry
    from ..writers.pdf import Conversion


class Row(Struct):
    """One file's result, as the summary table shows it."""

    source: Path
    seconds: float
    outputs: list[Path] = field(default_factory=list)
    error: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the batch itself says (a renamed file)
    entry: Entry | None = None  # what index.html says of the report

    @property
    def ok(self) -> bool:
        return self.error is None


class Index(Struct):
    """The index.html a build wrote: how many reports it lists and leaves out (they failed)."""

    path: Path
    listed: int
    left_out: int
    error: str | None = None


class Reporter(Protocol):
    """Told what happens, as it happens; the CLI's reporters print it."""

    def start(self, total: int, mode: Mode) -> None: ...
    def report(self, row: Row, mode: Mode) -> None: ...
    def pdf_done(self, row: Row, pdf: Path | None, warnings: Sequence[Problem] = ()) -> None: ...
    def index_done(self, index: Index) -> None: ...
    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None: ...


class Batch:
    """Runs files through the per-file work (in a pool or in-process) and settles the results."""

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
        self.chunk = chunk_size(len(self.files), jobs)
        chunks = -(-len(self.files) // self.chunk)
        self.workers = max(1, min(jobs, chunks))
        # index.html is the batch's own: a report titled “index” never takes (or loses) it.
        self.names = Names([options.index] if options.index is not None else [])
        self.rows: list[Row] = []
        self.waiting: dict[int, Outcome] = {}
        self.pdfs: list[tuple[Row, Path, Path]] = []  # row, staged .docx, final .pdf
        self.index: Index | None = None

    def run(self) -> list[Row]:
        """Every file's row, in input order; the reporter has been told all of it."""
        start = time.perf_counter()
        with sigterm_as_interrupt():
            try:
                self._remove_stale()
                if self.workers == 1:
                    self._started()
                    do = execute if self.strict else caught
                    for index, path in enumerate(self.files):
                        self._settle(do(index, path, self.options))
                else:
                    run_pooled(
                        self._chunks(), self.options, self.workers, self._settle_all, self._started
                    )
                self._convert_pdfs()
                self._write_index()
                if self.options.mode in WRITING and not self.options.sync_each:
                    sync_all()  # the staged files were written without a sync each
            finally:
                self._clean_up()
        seconds = time.perf_counter() - start
        self.reporter.finish(self.rows, self.options.mode, seconds, self.workers)
        return self.rows

    def _started(self) -> None:
        self.reporter.start(len(self.files), self.options.mode)

    def _chunks(self) -> Iterator[list[tuple[int, Path]]]:
        items = list(enumerate(self.files))
        for start in range(0, len(items), self.chunk):
            yield items[start : start + self.chunk]

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
        row = Row(outcome.source, outcome.seconds, error=outcome.error, entry=outcome.entry)
        row.warnings += outcome.warnings
        row.notes += outcome.notes
        if outcome.error is not None or not outcome.intended:
            return row
        finals, clash = self.names.claim(outcome.source, outcome.intended)
        done = "将" if self.options.mode == "check" else "已"
        if clash is not None and self.names.reserved(clash):
            row.notes.append(
                f"注意：{outcome.source} 的报告与本次生成的 {clash.name} 同名，"
                f"{done}改名为 {finals[0].name} 等，以免覆盖"
            )
        elif clash is not None:
            row.notes.append(
                f"注意：{outcome.source} 与 {clash} 的报告标题相同，"
                f"{done}改名为 {finals[0].name} 等，以免覆盖"
            )
        row.outputs = finals
        if self.options.mode in WRITING:
            try:
                self._refuse_existing(finals, intended=outcome.intended)
                self._move_into_place(row, outcome.staged, finals)
            except OutputError as exc:
                remove(outcome.staged)
                row.error, row.outputs = describe(exc), []
        return row

    def _refuse_existing(self, finals: Sequence[Path], *, intended: Sequence[Path]) -> None:
        """An import never replaces a facts file without ``--force`` (the worker checked the
        name it meant; a name changed to settle a clash is checked here)."""
        if self.options.mode != "import" or self.options.force:
            return
        from ..importer import refuse_existing  # start-up: a build never loads the importer

        for final in finals:
            if final not in intended:
                refuse_existing(final)

    def _move_into_place(self, row: Row, staged: Sequence[Path], finals: Sequence[Path]) -> None:
        for temp, final in zip(staged, finals, strict=True):
            if final.suffix.lower() == ".pdf":
                self.pdfs.append((row, temp, final))
                continue
            if self.options.mode == "import":
                _keep_previous(row, final)
            try:
                os.replace(temp, final)
            except OSError as exc:
                raise output_error(final, exc) from exc

    def _write_index(self) -> None:
        """index.html for the reports that were built (those that failed are not linked)."""
        target = self.options.index
        if target is None or self.options.mode != "build":
            return
        from ..writers.index import render_index  # start-up: only a site build writes one

        folder = target.parent
        listed = [
            (row.entry, [Path(os.path.relpath(p, folder)).as_posix() for p in row.outputs])
            for row in self.rows
            if row.ok and row.entry is not None
        ]
        self.index = Index(target, len(listed), len(self.rows) - len(listed))
        try:
            atomic_write(target, render_index(listed))
        except OutputError as exc:
            self.index.error = describe(exc)
        self.reporter.index_done(self.index)

    def _convert_pdfs(self) -> None:
        """One LibreOffice run for every report still standing, then each PDF into place, with
        what reading it back found (faces replaced are warnings; under --strict, failures)."""
        waiting = [(row, temp, final) for row, temp, final in self.pdfs if row.ok]
        if not waiting:
            return
        conversion = self._libreoffice([temp for _, temp, _ in waiting])
        for row, temp, final in waiting:
            made = conversion.pdfs.get(temp)
            warnings = conversion.warnings.get(temp, [])
            try:
                if made is None:
                    raise OutputError(final, conversion.failure(temp))
                if warnings and self.options.warnings_as_errors:
                    raise FontsReplaced(final, warnings)
                # Copied, not renamed: the temporary folder may be on another disk.
                atomic_write(final, made.read_bytes())
            except OutputError as exc:
                row.error, row.outputs = describe(exc), [p for p in row.outputs if p != final]
                self.reporter.pdf_done(row, None)
            else:
                row.warnings += warnings
                self.reporter.pdf_done(row, final, warnings)

    def _libreoffice(self, docx: list[Path]) -> Conversion:
        """Each .docx's PDF (None: not made) and, for those missing, why."""
        from ..writers.pdf import convert_to_pdf  # start-up: only a PDF build runs LibreOffice

        assert self.options.pdf_stage is not None
        try:
            return convert_to_pdf(docx, self.options.pdf_stage / "pdf", archive=self.options.pdfa)
        except FazhiError as exc:  # LibreOffice did not start, or ran out of time
            return Conversion({}, "", dict.fromkeys(docx, describe(exc)))

    def _clean_up(self) -> None:
        """Remove staged files nobody claimed (a worker died, or the user pressed Ctrl-C), and
        what a worker killed in the middle of a write left."""
        if self.options.pdf_stage is not None:
            import shutil

            shutil.rmtree(self.options.pdf_stage, ignore_errors=True)
        for folder in self._folders():
            remove_staged(folder, self.options)
            remove_stale(folder)

    def _remove_stale(self) -> None:
        """Before any work: staged and temporary files an earlier run left when it was killed
        (``kill -9``, a power cut), so that none is uploaded with the reports."""
        for folder in self._folders():
            remove_stale(folder)

    def _folders(self) -> set[Path]:
        """The folders this batch writes to (none for a run that writes nothing)."""
        if self.options.mode not in WRITING:
            return set()
        folders = {stage_folder(path, self.options) for path in self.files}
        if self.options.index is not None:
            folders.add(self.options.index.parent)
        return folders


def _keep_previous(row: Row, final: Path) -> None:
    """``import --force`` over a facts file a clerk may have spent an hour checking: the file
    it replaces is kept as ``<name>.yaml.bak`` (one generation: an older .bak is replaced)."""
    if not final.is_file():
        return
    backup = final.with_name(final.name + ".bak")
    try:
        data = final.read_bytes()
    except OSError as exc:
        raise output_error(final, exc) from exc
    atomic_write(backup, data)
    row.notes.append(f"注意：已覆盖 {final}，原来的文件另存为 {backup}")


def raise_failures(rows: Sequence[Row], index: Index | None = None) -> None:
    """A batch that failed anywhere is an error: one file's own message, or how many failed;
    then an index.html that could not be written."""
    failed = [row for row in rows if not row.ok]
    if len(rows) == 1 and failed:
        raise UserError(failed[0].error or "")  # the one file's own message, without a table
    if failed:
        raise BatchFailed(len(failed), len(rows))
    if index is not None and index.error is not None:
        raise UserError(index.error)


class _Quiet:
    """Tells no one: a library caller reads the rows (and the errors raised)."""

    def start(self, total: int, mode: Mode) -> None:
        pass

    def report(self, row: Row, mode: Mode) -> None:
        pass

    def pdf_done(self, row: Row, pdf: Path | None, warnings: Sequence[Problem] = ()) -> None:
        pass

    def index_done(self, index: Index) -> None:
        pass

    def finish(self, rows: Sequence[Row], mode: Mode, seconds: float, workers: int) -> None:
        pass


def quiet() -> Reporter:
    """A reporter for library callers, who read the rows and the errors raised."""
    return _Quiet()


def build_file(
    facts: Path,
    *,
    out: Path | None = None,
    template: str | None = None,
    formats: Sequence[str] = ("docx",),
    draft: bool = False,
    strict: bool = False,
) -> list[Path]:
    """Build one facts file into ``formats``; return the files written (``strict``: any warning
    is an error, and nothing is written).

    The library's entry point, through the very path ``fazhi-report build`` takes: staged, then
    moved into place atomically; errors are raised as the CLI would show them.
    """
    options = build_options(
        [facts], formats, output=out, template=template, draft=draft, strict=strict
    )
    batch = Batch([facts], options, 1, quiet(), strict=True)
    rows = batch.run()
    raise_failures(rows, batch.index)
    return rows[0].outputs
