"""Build and validate many facts files: folders are expanded, a failing file does not stop the rest."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import typer

from .build import FORMATS, build_file
from .errors import BatchFailed, FazhiError, InputFileError, UserError
from .validate import load_facts

FACTS_SUFFIXES = (".yaml", ".yml")


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders → their *.yaml files (recursively, sorted)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix.lower() in FACTS_SUFFIXES and p.is_file())
        else:
            found.append(path)
    if not found:
        raise InputFileError(", ".join(map(str, paths)), "没有找到事实文件（.yaml）")
    return found


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UserError(f"不支持的格式“{','.join(bad) or text}”", hint="可用格式：" + "、".join(FORMATS))
    return list(dict.fromkeys(formats))


def _message(exc: FazhiError) -> str:
    return exc.render() if isinstance(exc, UserError) else str(exc)


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
    fmts = parse_formats(formats)
    files = expand(paths)
    if check_only:
        run_validate(files, draft=draft)
        return
    if len(files) > 1 and output is not None and output.suffix.lower().lstrip(".") in FORMATS:
        raise UserError(f"多个事实文件时 -o 须是文件夹，而不是 {output}")
    failed = 0
    for path in files:
        try:
            for written in build_file(path, out=output, template=template, formats=fmts, draft=draft):
                typer.echo(f"已生成 {written}")
        except FazhiError as exc:
            if len(files) == 1:
                raise
            failed += 1
            typer.echo(f"错误：{_message(exc)}", err=True)
    if failed:
        raise BatchFailed(failed, len(files))


def run_validate(paths: Sequence[Path], *, draft: bool) -> None:
    files = expand(paths)
    failed = 0
    for path in files:
        try:
            load_facts(path, draft=draft)
            typer.echo(f"✓ {path}")
        except FazhiError as exc:
            if len(files) == 1:
                raise
            failed += 1
            typer.echo(f"错误：{_message(exc)}", err=True)
    if failed:
        raise BatchFailed(failed, len(files))
