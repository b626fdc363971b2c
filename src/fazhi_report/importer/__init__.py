"""``fazhi-report import``: a finished report (.docx, .doc/.wps, .txt, .md) → a facts file.

Modules by stage: ``sources`` (the input as paragraphs with hints: numbering labels, outline
levels, bold/黑体/楷体 openings), ``sanitise`` (characters a facts file cannot hold), ``front``
(the parts around the body: title, 主送, 署名, 成文日期, 附件, 版记, a web page's chrome),
``outline`` (headings by numbering, style and emphasis; the body's tree), ``frontfacts`` (front
and end matter as facts: 单位, 年度, 公开 …), ``structure`` (the tree → the five mandated items,
sections, items, 要点), ``choose`` (the built-in template that re-prints the original best),
``quantities`` (numbers in prose → 数据 and ``{名称}``), ``emit`` (the commented YAML),
``header`` (what the facts file says at its top), ``core`` (the stages together) and this
module's :func:`import_file` (where the file goes; never overwriting without ``force``).

Nothing of the original is lost: every paragraph ends up in the facts file — as a fact, or where
it has no place in the model, as a comment marked “导入时无法归类，请核对”.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from .core import Imported, import_report
from .sources import TEXT_SUFFIXES

__all__ = [
    "Imported",
    "import_file",
    "import_report",
    "is_report_file",
    "names_a_facts_file",
    "output_for",
    "refuse_existing",
]

#: What a folder given to ``import`` is searched for.
REPORT_SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", *TEXT_SUFFIXES)
FACTS_SUFFIXES = (".yaml", ".yml")


def is_report_file(path: Path) -> bool:
    """A file a folder import takes: a Word or text file, not a hidden or Office lock file."""
    return path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith((".", "~$"))


def names_a_facts_file(output: Path) -> bool:
    """Whether ``-o`` names the facts file itself (``2024.yaml``) rather than a folder."""
    return output.suffix.lower() in FACTS_SUFFIXES and not output.is_dir()


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


def import_file(
    source: Path, *, out: Path | None = None, template: str | None = None, force: bool = False
) -> Path:
    """Import one report and write its facts file (the path ``fazhi-report import`` takes:
    staged, then moved into place); return where it was written."""
    from ..batch import Batch, import_options, quiet, raise_failures

    options = import_options([source], output=out, template=template, force=force)
    rows = Batch([source], options, 1, quiet(), strict=True).run()
    raise_failures(rows)
    return rows[0].outputs[0]
