"""Reading many units' facts files into rows: one :class:`UnitRow` per unit, errors kept per file.

A unit's 数据 names are matched to the catalogue with :func:`catalogue.match_names` (the same
function ``validate`` hints with): a standard name or an exact alias lands in the standard column,
anything else in a column of its own name. Only the report's own ``数据`` is summed up, not each
``活动``'s: those count one event, not the year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from pathlib import Path

from msgspec import Struct, field

from .. import gates
from ..catalogue import match_names
from ..conventions import date_text
from ..enrich import unit_type
from ..errors import FazhiError, Problem, UserError, describe
from ..mandate import ITEMS
from ..model import ReportFacts
from ..previous import previous_facts
from ..quantity import Quantity
from ..validate import load_facts

#: The five mandated items, as ``check`` names them (:mod:`fazhi_report.gates` says which facts
#: keys hold each).
ITEM_NAMES = tuple(item.name for item in ITEMS)


class Figures(Struct):
    """One year's ``数据`` of a unit, by summary column; ``names`` keeps what the clerk wrote."""

    values: dict[str, Quantity] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # column → the 数据 name used


class UnitRow(Struct):
    """One unit's line of the summary (``facts`` is None when its file could not be read)."""

    path: Path
    facts: ReportFacts | None
    figures: Figures = field(default_factory=Figures)
    previous: Figures | None = None
    warnings: list[Problem] = field(default_factory=list)
    error: str | None = None  # the file's own problems: the row has no figures
    previous_error: str | None = None  # 上年度 unusable: the row has figures but no 同比

    @property
    def name(self) -> str:
        return self.facts.unit if self.facts else self.path.stem

    @property
    def kind(self) -> str:
        return unit_type(self.facts) if self.facts else ""

    @property
    def on_time(self) -> bool | None:
        return gates.on_time(self.facts) if self.facts is not None else None

    @property
    def date(self) -> str:
        return date_text(self.facts.date) if self.facts else ""

    @property
    def file_number(self) -> str:
        """The 发文字号 of the unit's 版头 ("" without one)."""
        header = self.facts.header if self.facts else None
        return header.number if header is not None else ""

    def items(self) -> tuple[bool, ...]:
        """Which mandated items the facts say something under."""
        return gates.present(self.facts) if self.facts is not None else ()


def figures(data: dict[str, Quantity]) -> Figures:
    """A ``数据`` block by column: standard names and mapped aliases join the standard column."""
    out = Figures()
    for name, match in match_names(data).items():
        out.values[match.column] = data[name]
        out.names[match.column] = name
    return out


class Collected(Struct):
    rows: list[UnitRow]
    #: Input files used only as another input's 上年度 (not a row of their own).
    previous_only: list[Path]
    #: Files of a 年度 not asked for (:func:`of_years`), with their 年度: not a row either.
    other_years: list[tuple[Path, int]] = field(default_factory=list)


def collect(
    paths: Sequence[Path],
    *,
    draft: bool = False,
    years: Collection[int] | None = None,
    root: Path | None = None,
) -> Collected:
    """Every facts file as a row (only those of ``years``, when given: the others are set aside in
    ``other_years``); a file that fails is a row with its error, never a stop. The files a unit's
    file names stay inside ``root`` (default: its own folder)."""
    rows = [_read(path, draft, root) for path in paths]
    other: list[tuple[Path, int]] = []
    if years is not None:
        other = [(r.path, r.facts.year) for r in rows if r.facts and r.facts.year not in years]
        rows = [r for r in rows if r.facts is None or r.facts.year in years]
    previous = {_previous_path(row) for row in rows} - {None}
    kept = [row for row in rows if row.path.resolve() not in previous]
    dropped = [row.path for row in rows if row.path.resolve() in previous]
    return Collected(kept, dropped, other)


def _read(path: Path, draft: bool, root: Path | None) -> UnitRow:
    try:
        facts, source = load_facts(path, draft=draft, root=root)
    except FazhiError as exc:
        return UnitRow(path, None, error=describe(exc))
    row = UnitRow(path, facts, figures(dict(facts.data)), warnings=source.warnings)
    if facts.previous:
        _add_previous(row, facts, root)
    return row


def _add_previous(row: UnitRow, facts: ReportFacts, root: Path | None) -> None:
    try:
        before = previous_facts(facts, row.path, root)
    except FazhiError as exc:
        row.previous_error = describe(exc)
        return
    row.previous = figures(dict(before.data))


def _previous_path(row: UnitRow) -> Path | None:
    if row.facts is None or not row.facts.previous:
        return None
    return (row.path.parent / row.facts.previous).resolve()


#: Files named in a message before “等”.
_NAMED = 5


def one_year(collected: Collected) -> Collected:
    """``collected`` if its files are all of one 年度: figures of different years are never added
    up unasked, so several are refused, naming them and how to say which (``--years``)."""
    found = Counter(row.facts.year for row in collected.rows if row.facts is not None)
    if len(found) > 1:
        raise _mixed_years(collected, found)
    return collected


def _mixed_years(collected: Collected, found: Counter[int]) -> UserError:
    main = found.most_common(1)[0][0]
    counts = "，".join(f"{year}年度 {n} 个" for year, n in sorted(found.items(), reverse=True))
    others = [str(r.path) for r in collected.rows if r.facts and r.facts.year != main]
    named = "、".join(others[:_NAMED]) + (f" 等 {len(others)} 个" if len(others) > _NAMED else "")
    every = ",".join(str(year) for year in sorted(found))
    return UserError(
        f"汇总的事实文件不是同一年度的：{counts}（不是 {main} 年度的：{named}）；"
        "不同年度的数字不能加在一起",
        f"请只汇总同一年度的文件；或加 --years {main} 只汇总 {main} 年度的文件（其余的列出、不计入），"
        f"确要把几个年度的数字加在一起时写 --years {every}。",
    )
