"""One file's work in a batch, and what travels between processes: the batch's :class:`Options`,
and each file's :class:`Outcome` (paths and messages only, never a document).

Workers write each format to a *staged* name in the target folder (see :func:`staged_path`);
the parent process gives the final names (:mod:`.names`), so two reports with one title never
overwrite each other, whatever order the workers finish in.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from msgspec import Struct
from msgspec.structs import replace

from ..conventions import Edition
from ..enrich import unit_type
from ..errors import Problem, StrictFailed, UserError, describe
from ..writers import Output, names_a_file, output_folder, output_names, outputs
from ..writing import TEMP_PREFIX, atomic_write, owner_tag

if TYPE_CHECKING:
    from ..build import Prepared
    from ..writers.index import Entry

#: Staged files are ``.~fazhi-<machine>-<process>-<random>-<n>.<format>`` (writing.TEMP_PREFIX):
#: the parent process's own, so a run that was killed leaves files the next run recognises as
#: stale and removes (writing.remove_stale), never those of a batch still running.
STAGE_PREFIX = TEMP_PREFIX

Mode = Literal["build", "check", "validate", "import"]
#: The modes that write files (staged, then moved into place by the parent process).
WRITING: tuple[Mode, ...] = ("build", "import")


class Options(Struct, frozen=True):
    """The same for every file of a batch; pickled once per chunk."""

    mode: Mode
    formats: tuple[str, ...] = ()
    output: Path | None = None
    template: str | None = None
    draft: bool = False
    token: str = ""  # names this batch's staged files, so two batches in one folder never mix
    pdf_stage: Path | None = None  # where .docx files wait for the one LibreOffice run
    warnings_as_errors: bool = False  # --strict: a file with any warning fails
    index: Path | None = None  # where index.html lists the reports built (see index_path)
    force: bool = False  # import: replace existing facts files
    pdfa: bool = False  # PDFs as PDF/A-2b, for archiving
    root: Path | None = (
        None  # --root: where 上年度/汇总/模板 may lead (default: each file's folder)
    )
    #: Sync each file as it is written (one file), or the whole batch once at its end (many:
    #: :func:`fazhi_report.writing.sync_all`).
    sync_each: bool = True
    editions: tuple[Edition, ...] = ()  # --edition; () = each format's own (DEFAULT_EDITIONS)


def import_options(
    files: Sequence[Path], *, output: Path | None, template: str | None, force: bool
) -> Options:
    """The options of an import (reports → facts files)."""
    from ..importer import names_a_facts_file  # start-up: a build never loads the importer

    if len(files) > 1 and output is not None and names_a_facts_file(output):
        raise UserError(f"导入多个报告时 -o 须是文件夹，而不是 {output}")
    return Options(
        "import", (), output, template, token=new_token(), force=force, sync_each=len(files) < 2
    )


def new_token() -> str:
    """Names one batch's staged files: this (the parent) process's tag and a random part."""
    return f"{owner_tag()}-{os.urandom(4).hex()}"


def stage_folder(source: Path, options: Options) -> Path:
    """Where ``source``'s outputs are staged: the folder they go to."""
    if options.mode == "import":
        from ..importer import output_for  # start-up: a build never loads the importer

        return output_for(source, options.output).parent
    return output_folder(source, options.output)


def build_options(
    files: Sequence[Path],
    formats: Sequence[str],
    *,
    output: Path | None,
    template: str | None,
    check_only: bool = False,
    draft: bool = False,
    strict: bool = False,
    pdfa: bool = False,
    root: Path | None = None,
    editions: Sequence[Edition] = (),
) -> Options:
    """The options of a build (or, ``check_only``, of a dry run that writes nothing); each format
    is built in each of ``editions`` (none: in its own, :data:`~fazhi_report.writers.DEFAULT_EDITIONS`)."""
    if len(files) > 1 and output is not None and names_a_file(output):
        raise UserError(f"多个事实文件时 -o 须是文件夹，而不是 {output}")
    mode: Mode = "check" if check_only else "build"
    index = None if check_only else index_path(files, formats, output)
    token = new_token()
    options = Options(
        mode,
        tuple(formats),
        output,
        template,
        draft,
        token,
        warnings_as_errors=strict,
        index=index,
        pdfa=pdfa,
        root=root,
        sync_each=len(files) < 2,
        editions=tuple(editions),
    )
    if pdfa and "pdf" not in formats:
        raise UserError(
            "--pdfa 只用于 PDF，但 --format 中没有 pdf", hint="例如：--format docx,pdf --pdfa"
        )
    if "pdf" not in formats or check_only:
        return options
    import tempfile  # here: only a PDF build needs a folder outside the output's

    from ..writers.pdf import require_soffice  # start-up: only a PDF build needs LibreOffice

    require_soffice()  # before any work: a missing LibreOffice is not a per-report failure
    return replace(options, pdf_stage=Path(tempfile.mkdtemp(prefix="fazhi-pdf-")))


def index_path(files: Sequence[Path], formats: Sequence[str], output: Path | None) -> Path | None:
    """Where ``index.html`` goes, if anywhere: an html build of several facts files, into ``-o``
    a folder or (without ``-o``) into the folder that holds them all. One report, wherever it is
    written, is one person's report, not a publication."""
    if "html" not in formats or len(files) < 2:
        return None
    from ..writers.index import INDEX_NAME  # start-up: only a site build writes an index

    if output is not None:
        return output / INDEX_NAME  # several files: -o is a folder (build_options says so)
    try:
        return Path(os.path.commonpath([f.parent for f in files])) / INDEX_NAME
    except ValueError:  # relative and absolute paths mixed, or (Windows) on different drives
        try:
            return Path(os.path.commonpath([f.parent.resolve() for f in files])) / INDEX_NAME
        except ValueError:
            return None


class Outcome(Struct, frozen=True):
    """One file's result as a worker sends it back: paths and messages only."""

    index: int
    source: Path
    seconds: float
    error: str | None = None
    warnings: tuple[Problem, ...] = ()
    intended: tuple[Path, ...] = ()  # where the formats go, before same-name clashes are settled
    staged: tuple[Path, ...] = ()  # the written files, one per format, in ``intended`` order
    entry: Entry | None = None  # what index.html says of the report
    notes: tuple[str, ...] = ()  # what the file's outputs' names say (a title cut to fit)


def preload(options: Options) -> None:
    """Before a pool forks its workers: import what each worker's work needs, once, in the parent,
    and freeze what is loaded by then out of the collector's sight, so the forked workers share
    those pages instead of each importing the stack again (a worker's first report cost 160 ms,
    its later ones 20) and copying them when the collector walks them."""
    import gc

    if options.mode == "import":
        from .. import importer  # noqa: F401  (start-up: only a pool imports it ahead)
    elif options.mode in ("build", "check"):
        from .. import build  # start-up: only a pool imports it ahead

        for fmt in options.formats if options.mode == "build" else ():
            build.preload_format(fmt)
    gc.freeze()


def run_chunk(chunk: Sequence[tuple[int, Path]], options: Options) -> list[Outcome]:
    """A worker's task: a few files, each caught on its own, so one bad file fails alone."""
    return [caught(index, path, options) for index, path in chunk]


def caught(index: int, path: Path, options: Options) -> Outcome:
    """:func:`execute`, with any error (a bug too) as this file's failure, not the batch's."""
    start = time.perf_counter()
    try:
        return execute(index, path, options)
    except Exception as exc:
        message = describe(exc, internal_hint=retry_hint(path))
    return Outcome(index, path, time.perf_counter() - start, error=message)


def retry_hint(path: Path) -> str:
    """How to see what went wrong with one file of a batch."""
    return f"请单独重新生成该文件以查看详情：fazhi-report --debug build {path}"


def execute(index: int, path: Path, options: Options) -> Outcome:
    """Do one file's work; errors propagate (the single-file build shows them unchanged).

    ``validate`` and ``build --check`` run every check a build runs (上年度, 汇总, the template
    and its rendering, the output names) and write nothing.
    """
    start = time.perf_counter()
    if options.mode == "import":
        return _import(index, path, options, start)
    from ..build import prepare  # start-up: only now are templates and the tree needed

    prepared = prepare(path, options.template, draft=options.draft, root=options.root)
    warnings = _allowed(prepared.source.warnings, options)  # before anything is written
    formats = options.formats or ("docx",)  # validate: the names a plain build would write
    wanted = outputs(formats, options.editions)
    paths, notes = output_names(path, prepared.document.title, options.output, wanted)
    if options.mode == "validate":
        seconds = time.perf_counter() - start
        return Outcome(index, path, seconds, warnings=warnings, notes=tuple(notes))
    intended = tuple(paths)
    staged: tuple[Path, ...] = ()
    listing = None
    if options.mode == "build":
        staged = _stage(index, prepared, list(zip(intended, wanted, strict=True)), options)
        if options.index is not None:
            from ..writers.index import entry  # start-up: only a site build lists its reports

            listing = entry(prepared.document, unit_type(prepared.facts))
    seconds = time.perf_counter() - start
    return Outcome(
        index,
        path,
        seconds,
        warnings=warnings,
        intended=intended,
        staged=staged,
        entry=listing,
        notes=tuple(notes),
    )


def _import(index: int, path: Path, options: Options, start: float) -> Outcome:
    """Import one report into a staged facts file; its final name is the parent's to give."""
    from ..importer import import_report, output_for, refuse_existing  # start-up (see above)

    target = output_for(path, options.output)
    if not options.force:
        refuse_existing(target)
    imported = import_report(path, template=options.template, target=target)
    staged = staged_path(target.parent, options, index, "yaml")
    atomic_write(staged, imported.text.encode("utf-8"), shown=target, durable=options.sync_each)
    seconds = time.perf_counter() - start
    return Outcome(
        index,
        path,
        seconds,
        warnings=tuple(imported.warnings),
        intended=(target,),
        staged=(staged,),
    )


def _allowed(warnings: Sequence[Problem], options: Options) -> tuple[Problem, ...]:
    """The file's warnings; under ``--strict`` any warning fails the file instead."""
    if warnings and options.warnings_as_errors:
        raise StrictFailed(warnings)
    return tuple(warnings)


def _stage(
    index: int, prepared: Prepared, intended: Sequence[tuple[Path, Output]], options: Options
) -> tuple[Path, ...]:
    """Write every output under a staged name; a failure removes what this file staged."""
    from ..build import render_format  # start-up: validate never loads templates and writers

    rendered: dict[Output, bytes] = {}

    def data(fmt: str, edition: Edition) -> bytes:
        if (fmt, edition) not in rendered:
            rendered[fmt, edition] = render_format(prepared, fmt, edition)
        return rendered[fmt, edition]

    staged: list[Path] = []
    try:
        for n, (final, (fmt, edition)) in enumerate(intended):
            if fmt == "pdf":
                # LibreOffice converts the .docx later, for the whole batch at once.
                if options.pdf_stage is None:
                    raise RuntimeError("pdf_stage is not set")
                target = options.pdf_stage / f"{index}-{n}.docx"
                content = data("docx", edition)
            else:
                target = staged_path(final.parent, options, index, f"{n}.{fmt}")
                content = data(fmt, edition)
            atomic_write(target, content, shown=final, durable=options.sync_each)
            staged.append(target)
    except BaseException:
        remove(staged)
        raise
    return tuple(staged)


def staged_path(folder: Path, options: Options, index: int, fmt: str) -> Path:
    """A format's name until the parent process moves it into place (hidden, this batch's own)."""
    return folder / f"{STAGE_PREFIX}{options.token}-{index}.{fmt}"


def remove_staged(folder: Path, options: Options) -> None:
    """Remove this batch's staged files from ``folder`` (those nobody moved into place)."""
    remove(folder.glob(f"*{STAGE_PREFIX}{options.token}-*"))


def remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
