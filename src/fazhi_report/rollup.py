"""A county's own report from its units' facts: ``汇总: 乡镇/`` in the county's facts file.

The units are read and added up by the county summary itself (:mod:`.summary` collect and
compute; never a second adding-up), so the county's numbers are its units' sums by construction:

- every column the summary adds up, or recomputes from summed parts (a rate), is a figure the
  county's prose can refer to as ``{名称}``, printed as its 合计 cell reads (``2400起以上``);
- the summary's figure tables are the county report's 附表 (an attachment, which
  :func:`fazhi_report.build.assemble` lays out).

Nothing is overwritten or guessed: the county's own ``数据`` may not give one of those indicators
again, and a unit file that fails (or whose 上年度 does), one of another 年度, or one that is
itself a roll-up fails the county's file, each located at its ``汇总`` line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from msgspec import Struct

from .catalogue import match_names
from .confine import ROOT_HINT, outside, root_for, too_wide, within
from .errors import FactsError, Problem
from .load import FolderTooLarge, Found, Path_, Source, expand
from .model import ReportFacts
from .quantity import Quantity
from .schema import written_key
from .summary.collect import collect
from .summary.compute import Summary, summarize
from .summary.totals import METHOD_RATIO, METHOD_SUM
from .validate import reference_problems

HINT_PATH = "“汇总”写各单位事实文件所在的文件夹（或文件），相对于本文件所在的文件夹，如 乡镇/。"
#: The most files and folders a 汇总 folder may hold: a county's units are a few hundred files,
#: a disk or a home folder is millions (and was walked for half a minute).
MAX_ENTRIES = 20_000
#: How many file names a warning lists before “等 N 个”.
LISTED = 10


class Rollup(Struct, frozen=True):
    """The units' summary, and the totals the county's prose may refer to."""

    summary: Summary
    #: indicator → its 合计 as a quantity whose text is the 合计 cell's (``2400起以上``)
    figures: dict[str, Quantity]


def roll_up(
    facts: ReportFacts, source: Source, *, draft: bool = False, root: Path | None = None
) -> Rollup:
    """The roll-up of the units ``汇总`` names; :class:`FactsError` for whatever stands in its way.
    Every unit file stays inside ``root`` (default: the county file's folder; :mod:`.confine`)."""
    files, problems = _unit_files(facts, source, root)
    if problems:
        raise FactsError(problems, source.warnings)
    summary = summarize(collect(files, draft=draft, root=root), derived_rates=True)
    problems = list(_unit_problems(facts, source, summary))
    figures = totals(summary)
    problems += _conflicts(facts, source, figures)
    names = [*facts.data, *figures]
    problems += reference_problems(source, names, _not_summed(summary, figures))
    if problems:
        raise FactsError(problems, source.warnings)
    return Rollup(summary, figures)


def totals(summary: Summary) -> dict[str, Quantity]:
    """Each column that has a 合计 (summed, or a rate from summed parts), as a quantity."""
    out = {}
    for key, total in summary.totals.items():
        q = total.quantity
        if q is not None and total.method in (METHOD_SUM, METHOD_RATIO):
            out[key] = Quantity(total.text, q.value, q.unit, q.prefix, q.qualifier)
    return out


def _where(source: Source, index: int) -> Path_:
    key = written_key(source.data, "汇总") or "汇总"
    return (key, index) if isinstance(source.data.get(key), list) else (key,)


def _unit_files(
    facts: ReportFacts, source: Source, root: Path | None
) -> tuple[list[Path], list[Problem]]:
    """The units' facts files (the county's own file left out), or why they cannot be found.

    Each entry must lead inside ``root`` and be a folder of facts files, not a disk or a home
    folder; a unit file that leads out of ``root`` through a link is refused, never read.
    """
    own = source.path.resolve()
    allowed = root_for(source.path, root)
    files: dict[Path, Path] = {}
    problems = []
    for index, entry in enumerate(facts.rollup):
        where = _where(source, index)
        found, problem = _entry_files(source, entry, where, allowed)
        if problem is not None:
            problems.append(problem)
            continue
        assert found is not None
        _warn_left_out(source, where, found)
        units = [p for p in found.files if p.resolve() != own]
        outsiders = [p for p in units if not within(p, allowed)]
        problems += [
            source.problem(where, "汇总的单位文件" + outside(str(p), p, allowed), ROOT_HINT)
            for p in outsiders
        ]
        if not units:
            problems.append(
                source.problem(where, f"汇总的“{entry}”中没有单位的事实文件", HINT_PATH)
            )
        for path in units:
            if path not in outsiders:
                files.setdefault(path.resolve(), path)
    return list(files.values()), problems


def _entry_files(
    source: Source, entry: str, where: Path_, allowed: Path
) -> tuple[Found | None, Problem | None]:
    """The files one 汇总 entry finds, or the problem that stops it (nothing walked or read)."""
    target = source.path.parent / entry
    wide = too_wide(target)
    if wide is not None:
        message = f"汇总的“{entry}”{wide}，不是各单位事实文件所在的文件夹，不予读取"
        return None, source.problem(where, message, HINT_PATH)
    if not within(target, allowed):
        return None, source.problem(where, "汇总的" + outside(entry, target, allowed), ROOT_HINT)
    if not target.exists():
        message = f"汇总的“{entry}”不存在（在 {target.parent} 中找不到）"
        return None, source.problem(where, message, HINT_PATH)
    try:
        return expand([target], limit=MAX_ENTRIES), None
    except FolderTooLarge:
        message = (
            f"汇总的“{entry}”中的文件和文件夹超过 {MAX_ENTRIES:,} 个，"
            "不像是各单位事实文件所在的文件夹，不予汇总"
        )
        return None, source.problem(where, message, HINT_PATH)


def _warn_left_out(source: Source, where: Path_, found: Found) -> None:
    """Warn of the YAML files that are not facts, and of the files gone during the walk."""
    if found.skipped:
        message = f"汇总时跳过 {len(found.skipped)} 个不含“单位”“年度”的 YAML 文件：{_names(found.skipped)}"
        source.warnings.append(source.problem(where, message).warning())
    if found.gone:
        message = (
            f"汇总时有 {len(found.gone)} 个文件或文件夹在读取时已不存在（可能正在移动或删除），"
            f"未计入：{_names(found.gone)}"
        )
        source.warnings.append(source.problem(where, message).warning())


def _names(paths: Sequence[Path]) -> str:
    names = "、".join(str(p) for p in paths[:LISTED])
    return names + (f" 等 {len(paths)} 个" if len(paths) > LISTED else "")


def _unit_problems(facts: ReportFacts, source: Source, summary: Summary) -> Iterator[Problem]:
    where = _where(source, 0)
    for path, message in summary.problems():
        yield source.problem(
            where,
            f"汇总的单位文件 {path} 有误：\n      " + message.replace("\n", "\n      "),
            f"请先修正该文件（fazhi-report validate {path}），县级报告的数字才能是各单位之和。",
        )
    for row in summary.ok_rows:
        assert row.facts is not None
        if row.facts.year != facts.year:
            yield source.problem(
                where,
                f"汇总的单位文件 {row.path} 的年度是 {row.facts.year}，不是 {facts.year}",
                "请只汇总同一年度的事实文件（各年度的文件可分放在不同的文件夹中）。",
            )
        if row.facts.rollup:
            yield source.problem(
                where,
                f"汇总的单位文件 {row.path} 本身也是汇总报告（写有“汇总”），它的合计不在它的“数据”中",
                "请直接汇总它所汇总的各单位的事实文件。",
            )


def _conflicts(
    facts: ReportFacts, source: Source, figures: dict[str, Quantity]
) -> Iterator[Problem]:
    """The county's own 数据 giving an indicator the units' sum already gives."""
    key = written_key(source.data, "数据") or "数据"
    for name, match in match_names(facts.data).items():
        total = figures.get(match.column)
        if total is None:
            continue
        yield source.problem(
            (key, name),
            f"“{name}”由汇总的各单位数据相加得出（合计 {total.text}），"
            f"不能在本文件的“数据”中再写一次（{facts.data[name].text}）",
            f"正文用 {{{match.column}}} 引用合计，请删去这一行；"
            f"若这是县本级另外的数字，请换一个名称，如“县本级{name}”。",
            key=True,
        )


def _not_summed(summary: Summary, figures: dict[str, Quantity]) -> dict[str, str]:
    """Why a column the units give cannot be referred to: it has no 合计."""
    hints = {}
    for column in summary.columns:
        if column.key in figures:
            continue
        total = summary.totals[column.key]
        why = total.note or f"该项在各单位之间不相加，汇总表中为{total.method}"
        hints[column.key] = (
            f"“{column.key}”没有合计（{why}），不能引用；请在“数据”中填写本级的数字，或删去花括号。"
        )
    return hints
