"""``fazhi-report import``: a finished report (.docx, .doc/.wps, .txt, .md) → a facts file.

Modules by stage: ``sources`` (the input as paragraphs with hints: numbering labels, outline
levels, bold/黑体/楷体 openings), ``sanitise`` (characters a facts file cannot hold), ``front``
(the parts around the body: title, 主送, 署名, 成文日期, 附件, 版记, a web page's chrome),
``outline`` (headings by numbering, style and emphasis; the body's tree), ``frontfacts`` (front
and end matter as facts: 单位, 年度, 公开 …), ``structure`` (the tree → the five mandated items,
sections, items, 要点), ``choose`` (the built-in template that re-prints the original best),
``quantities`` (numbers in prose → 数据 and ``{名称}``), ``emit`` (the commented YAML),
``header`` (what the facts file says at its top), ``core`` (the stages together) and this
module: which files a folder import takes (:func:`expand_reports`) and where each facts file goes
(never over an existing one without ``force``).

Nothing of the original is lost: every paragraph ends up in the facts file — as a fact, or where
it has no place in the model, as a comment marked “导入时无法归类，请核对”.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputFileError, OutputError
from ..load.discover import files_in, is_facts_name
from .core import Imported, import_report
from .sources import TEXT_SUFFIXES

__all__ = [
    "Imported",
    "expand_reports",
    "import_report",
    "is_report_file",
    "names_a_facts_file",
    "output_for",
    "refuse_existing",
]

#: What a folder given to ``import`` is searched for.
REPORT_SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", *TEXT_SUFFIXES)


def is_report_file(path: Path) -> bool:
    """A file a folder import takes: a Word or text file, not a hidden or Office lock file."""
    return path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith((".", "~$"))


def names_a_facts_file(output: Path) -> bool:
    """Whether ``-o`` names the facts file itself (``2024.yaml``) rather than a folder."""
    return is_facts_name(output) and not output.is_dir()


def output_for(source: Path, out: Path | None) -> Path:
    """Where the facts file of ``source`` goes: next to it as ``<name>.yaml``, ``-o`` a facts
    file, or ``<name>.yaml`` in the ``-o`` folder."""
    if out is None:
        return source.with_name(f"{source.stem}.yaml")
    if names_a_facts_file(out):
        return out
    return out / f"{source.stem}.yaml"


def refuse_existing(target: Path) -> None:
    """:class:`OutputError` if a facts file is already at ``target`` (``--force`` replaces it)."""
    if target.exists():
        raise OutputError(
            target, "文件已存在", hint="如需覆盖请加 --force，或用 -o 指定其他文件名或文件夹。"
        )


def expand_reports(paths: Sequence[Path]) -> tuple[Path, ...]:
    """``import``'s inputs: files as given; folders → the reports in them (.docx, .doc, .wps,
    .txt, .md …, recursively, sorted, hidden ones and Word's ``~$`` lock files skipped)."""
    found: dict[Path, Path] = {}
    for path in paths:
        inside = sorted(files_in(path, is_report_file)) if path.is_dir() else [path]
        for file in inside:
            found.setdefault(file.resolve(), file)
    if not found:
        raise InputFileError(
            ", ".join(map(str, paths)),
            "没有找到报告文件（.docx、.doc、.wps、.txt、.md）",
            hint="请指定报告的 Word 文档或文字稿，或包含它们的文件夹。",
        )
    return tuple(found.values())
