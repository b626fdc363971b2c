"""``build``, ``validate`` and ``import`` at the CLI edge: the files found (and the YAML skipped,
shown), the engine's options, a reporter for whoever watches, and the batch run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..batch import (
    Batch,
    Options,
    build_options,
    default_jobs,
    expand,
    expand_reports,
    import_options,
    raise_failures,
)
from ..writers import parse_formats
from .reporters import reporter_for, show_skipped


def run_build(
    paths: Sequence[Path],
    *,
    output: Path | None,
    template: str | None,
    formats: str,
    jobs: int | None,
    check_only: bool,
    draft: bool,
    strict: bool = False,
    pdfa: bool = False,
) -> None:
    fmts = parse_formats(formats)
    files = facts_files(paths)
    options = build_options(
        files,
        fmts,
        output=output,
        template=template,
        check_only=check_only,
        draft=draft,
        strict=strict,
        pdfa=pdfa,
    )
    _run(files, options, jobs)


def run_validate(
    paths: Sequence[Path], *, draft: bool, strict: bool = False, jobs: int | None = None
) -> None:
    _run(facts_files(paths), Options("validate", draft=draft, warnings_as_errors=strict), jobs)


def run_import(
    paths: Sequence[Path],
    *,
    output: Path | None,
    template: str | None,
    force: bool,
    jobs: int | None,
) -> None:
    files = expand_reports(paths)
    chosen = None if template in (None, "auto") else template  # “-t auto”: the default, said
    _run(files, import_options(files, output=output, template=chosen, force=force), jobs)


def facts_files(paths: Sequence[Path]) -> Sequence[Path]:
    """The facts files named or found in folders; the YAML files skipped in folders are shown."""
    found = expand(paths)
    show_skipped(found.skipped)
    return found.require()


def _run(files: Sequence[Path], options: Options, jobs: int | None) -> None:
    single = len(files) == 1
    jobs = 1 if single else jobs or default_jobs()
    batch = Batch(files, options, jobs, reporter_for(len(files)), strict=single)
    rows = batch.run()
    raise_failures(rows, batch.index)
