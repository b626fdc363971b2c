"""``init`` and ``templates export``: files a user starts from (``schema`` is in schema.py)."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from .errors import InputFileError, OutputError
from .writing import atomic_write

SAMPLE = "sample.yaml"


def sample_text() -> str:
    return (resources.files("fazhi_report") / SAMPLE).read_text(encoding="utf-8")


def create_facts_file(target: Path, *, from_last: Path | None = None, force: bool = False) -> Path:
    """Write a commented facts file: the sample, or last year's file moved on by one year."""
    if target.exists() and not force:
        raise OutputError(target, "文件已存在", "如需覆盖请加 --force，或换一个文件名。")
    text = sample_text() if from_last is None else _next_year(from_last, target)
    atomic_write(target, text.encode("utf-8"))
    return target


def _next_year(last: Path, target: Path) -> str:
    from .validate import load_facts

    facts, _ = load_facts(last, draft=True)
    try:
        text = last.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = last.read_text(encoding="gb18030")
    year = facts.year + 1
    text = re.sub(r"(?m)^(年度\s*:\s*).*$", rf"\g<1>{year}", text, count=1)
    text = re.sub(r"(?m)^(成文日期\s*:\s*).*$", rf"\g<1>{year + 1}-02-20", text, count=1)
    relative = Path(_relative(last, target.parent))
    if re.search(r"(?m)^上年度\s*:", text):
        text = re.sub(r"(?m)^(上年度\s*:\s*).*$", rf"\g<1>{relative.as_posix()}", text, count=1)
    else:
        text = re.sub(
            r"(?m)^(年度\s*:.*)$", rf"\g<1>\n上年度: {relative.as_posix()}", text, count=1
        )
    header = (
        f"# 由 {last.name} 顺延生成：请逐项更新为 {year} 年的实际情况（数据、活动、问题、计划）。\n"
    )
    return header + text


def _relative(path: Path, start: Path) -> str:
    import os

    try:
        return os.path.relpath(path.resolve(), start.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def export_template(name: str, folder: Path) -> Path:
    from .templates import find_template

    info = find_template(name, Path.cwd())
    if not info.builtin:
        raise InputFileError(name, "不是内置模板")
    target = folder
    if target.exists() and any(target.iterdir()):
        raise OutputError(target, "文件夹不是空的", "请指定一个新的或空的文件夹。")
    try:
        shutil.copytree(info.folder, target, dirs_exist_ok=True)
    except OSError as exc:
        raise OutputError(target, exc.strerror or str(exc)) from exc
    return target
