"""``build`` and ``validate``: the facts files named or found in folders, the batch engine's
options, and the batch run, watched by whoever called (the CLI shows it)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..batch import Batch, Options, build_options, default_jobs, raise_failures
from ..errors import UserError
from ..load import expand
from ..writers import parse_editions, parse_formats
from . import Watcher


def build(
    paths: Sequence[Path],
    watcher: Watcher,
    *,
    output: Path | None,
    template: str | None,
    formats: str,
    jobs: int | None,
    check_only: bool,
    draft: bool,
    strict: bool = False,
    pdfa: bool = False,
    root: Path | None = None,
    editions: str | None = None,
) -> None:
    """``build``: each facts file into ``formats`` (``check_only``: a dry run writing nothing;
    ``pdfa``: PDFs as PDF/A-2b; ``editions``: submit and/or publish, else each format's own)."""
    fmts = parse_formats(formats)
    wanted = parse_editions(editions)
    files = facts_files(paths, watcher)
    options = build_options(
        files,
        fmts,
        output=output,
        template=template,
        check_only=check_only,
        draft=draft,
        strict=strict,
        pdfa=pdfa,
        root=checked_root(root),
        editions=wanted,
    )
    run_batch(files, options, jobs, watcher)


def validate(
    paths: Sequence[Path],
    watcher: Watcher,
    *,
    draft: bool,
    strict: bool = False,
    jobs: int | None = None,
    root: Path | None = None,
) -> None:
    """``validate``: each facts file checked as ``build`` checks it, nothing written."""
    files = facts_files(paths, watcher)
    options = Options("validate", draft=draft, warnings_as_errors=strict, root=checked_root(root))
    run_batch(files, options, jobs, watcher)


def checked_root(root: Path | None) -> Path | None:
    """``--root``: a folder that exists (the paths facts files name may lead anywhere in it)."""
    if root is not None and not root.is_dir():
        raise UserError(
            f"--root 指定的 {root} 不是文件夹",
            hint="--root 写一个文件夹：事实文件中的“上年度”“汇总”“模板”可以指向其中的任何文件。",
        )
    return root


def facts_files(paths: Sequence[Path], watcher: Watcher) -> Sequence[Path]:
    """The facts files named or found in folders; the watcher hears of the YAML files skipped
    and of the files gone while the folders were read."""
    found = expand(paths)
    watcher.skipped(found.skipped)
    watcher.gone(found.gone)
    return found.require()


def run_batch(files: Sequence[Path], options: Options, jobs: int | None, watcher: Watcher) -> None:
    """Run the batch; one file runs in this process and shows its own error unchanged."""
    single = len(files) == 1
    jobs = 1 if single else jobs or default_jobs()
    batch = Batch(files, options, jobs, watcher.reporter(len(files)), strict=single)
    rows = batch.run()
    raise_failures(rows, batch.index)
