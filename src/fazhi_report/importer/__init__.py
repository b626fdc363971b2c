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

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from ..writing import atomic_write
from .core import Imported, import_report
from .sources import TEXT_SUFFIXES

__all__ = ["Imported", "Written", "import_file", "import_report", "is_report_file", "output_for"]

#: What a folder given to ``import`` is searched for.
REPORT_SUFFIXES = (".docx", ".doc", ".wps", ".rtf", ".odt", *TEXT_SUFFIXES)


@dataclass(frozen=True)
class Written:
    path: Path
    imported: Imported


def is_report_file(path: Path) -> bool:
    """A file a folder import takes: a Word or text file, not a hidden or Office lock file."""
    name = path.name
    return path.suffix.lower() in REPORT_SUFFIXES and not name.startswith((".", "~$"))


def output_for(source: Path, out: Path | None, *, many: bool = False) -> Path:
    """Where the facts file of ``source`` goes: next to it as ``<name>.yaml``; ``-o`` a .yaml
    file (one input), or a folder."""
    name = f"{source.stem}.yaml"
    if out is None:
        return source.with_name(name)
    if out.suffix.lower() in (".yaml", ".yml") and not many:
        return out
    return out / name


def import_file(
    source: Path,
    *,
    out: Path | None = None,
    template: str | None = None,
    force: bool = False,
    many: bool = False,
    today: dt.date | None = None,
) -> Written:
    """Import ``source`` and write its facts file; :class:`OutputError` if one is there already
    (unless ``force``). Nothing is written when the import fails."""
    target = output_for(source, out, many=many)
    if target.exists() and not force:
        raise OutputError(
            target, "文件已存在", hint="如需覆盖请加 --force，或用 -o 指定其他文件名或文件夹。"
        )
    imported = import_report(source, template=template, target=target, today=today)
    atomic_write(target, imported.text.encode("utf-8"))
    return Written(target, imported)
