"""The summary as data: its columns (catalogue indicators first, in catalogue order, then custom
names in the order first met), each unit's row, each column's 合计, 同比 and the notes that say
how every number was made. Writers only lay this out."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct, field
from msgspec.structs import replace

from ..catalogue import Indicator, load
from ..enrich import compare
from ..indicators import is_rate
from ..quantity import Quantity
from . import totals
from .collect import Collected, UnitRow
from .totals import Total


class Column(Struct):
    """One 数据 column: headed by its standard name (or the custom name as written)."""

    key: str
    indicator: Indicator | None
    written: dict[str, list[str]] = field(default_factory=dict)  # 数据 name used → units

    @property
    def mapped(self) -> dict[str, list[str]]:
        """Names other than the column's own that were put in it (exact aliases)."""
        return {name: units for name, units in self.written.items() if name != self.key}


class Summary(Struct):
    title: str
    rows: list[UnitRow]
    columns: list[Column]
    totals: dict[str, Total]
    years: list[int]
    previous_only: list[str]
    #: Files of a 年度 the summary was not asked for (``--years``), with their 年度.
    other_years: list[tuple[str, int]] = field(default_factory=list)
    #: Figures in units of one group (场 and 次) were added (``--merge-units``).
    merge_units: bool = False
    #: 同比 per unit (row index → column → text) and of each column's 合计.
    unit_changes: dict[int, dict[str, str]] = field(default_factory=dict)
    total_changes: dict[str, str] = field(default_factory=dict)
    previous_totals: dict[str, Total] = field(default_factory=dict)

    @property
    def ok_rows(self) -> list[UnitRow]:
        return [row for row in self.rows if row.facts is not None]

    @property
    def has_previous(self) -> bool:
        return any(row.previous is not None for row in self.rows)

    @property
    def has_file_numbers(self) -> bool:
        """Whether some unit's report has a 发文字号 (the tables then list them)."""
        return any(row.file_number for row in self.rows)

    def left_out(self) -> list[tuple[str, str]]:
        """(column, why) for each column whose figures did not all go into its 合计."""
        return [(key, total.left_out) for key, total in self.totals.items() if total.left_out]

    def problems(self) -> list[tuple[str, str]]:
        """(file, message) for every file that failed, or whose 上年度 did."""
        out = [(str(row.path), row.error) for row in self.rows if row.error]
        out += [(str(row.path), row.previous_error) for row in self.rows if row.previous_error]
        return out


def summarize(
    collected: Collected,
    title: str | None = None,
    *,
    derived_rates: bool = False,
    merge_units: bool = False,
) -> Summary:
    """The summary of ``collected``; ``derived_rates`` adds a column for each catalogue rate no
    unit wrote but whose part and whole some units gave (a county report quotes those rates);
    ``merge_units`` adds figures whose units count the same kind of thing (场 and 次)."""
    rows = collected.rows
    columns = _columns(rows, derived_rates=derived_rates)
    ok = [row for row in rows if row.facts is not None]
    years = sorted({row.facts.year for row in ok if row.facts is not None})
    units = [(r.name, r.figures.values) for r in ok]
    summary = Summary(
        title=title or default_title(years),
        rows=rows,
        columns=columns,
        totals={c.key: _total(c, units, merge_units) for c in columns},
        years=years,
        previous_only=[str(p) for p in collected.previous_only],
        other_years=[(str(path), year) for path, year in collected.other_years],
        merge_units=merge_units,
    )
    _changes(summary, merge_units)
    return summary


def default_title(years: Sequence[int]) -> str:
    when = f"{years[0]}年度" if len(years) == 1 else ""
    return f"各单位{when}法治政府建设主要数据汇总表"


def _columns(rows: Sequence[UnitRow], *, derived_rates: bool = False) -> list[Column]:
    cat = load()
    found: dict[str, Column] = {}
    for row in rows:
        for key, name in row.figures.names.items():
            column = found.setdefault(key, Column(key, cat.get(key)))
            column.written.setdefault(name, []).append(row.name)
    if derived_rates:
        for indicator in cat.indicators.values():
            if indicator.ratio and all(part in found for part in indicator.ratio):
                found.setdefault(indicator.name, Column(indicator.name, indicator))
    ordered = sorted(found.values(), key=lambda c: cat.order(c.key))  # stable: customs keep order
    return ordered


Values = Sequence[tuple[str, dict[str, Quantity]]]  # (unit name, its figures by column)


def _total(column: Column, units: Values, merge_units: bool) -> Total:
    values = [figures[column.key] for _, figures in units if column.key in figures]
    indicator = column.indicator
    if indicator is not None and indicator.ratio is not None:
        part, whole = indicator.ratio
        pairs = [(f[part], f[whole]) for _, f in units if part in f and whole in f]
        rate_only = [
            name
            for name, f in units
            if (column.key in f or part in f or whole in f) and not (part in f and whole in f)
        ]
        return totals.ratio(indicator, pairs, values, rate_only, merge_units=merge_units)
    if not values:
        return Total("", totals.METHOD_RANGE)
    if indicator is not None and indicator.additive:
        return totals.summed(values, merge_units=merge_units)
    if indicator is None and not _a_rate(column.key, values):
        total = totals.summed(values, merge_units=merge_units)
        if len(values) < 2 or total.quantity is None:
            return total
        note = "自定义名称：各单位所写的单位一致，已相加，请核对能否相加"
        return replace(total, note="；".join(n for n in (total.note, note) if n))
    note = "" if indicator is not None else "自定义名称，是比率，不相加"
    shown = totals.span(values)
    return Total(shown.text, shown.method, "；".join(n for n in (shown.note, note) if n))


def _a_rate(key: str, values: Sequence[Quantity]) -> bool:
    """A figure that is a rate (its name, or a percentage): never added up."""
    return is_rate(key) or any(q.is_percent for q in values)


def _changes(summary: Summary, merge_units: bool) -> None:
    """同比 per unit, and of each 合计 over the units that have both years' figures."""
    both = [row for row in summary.ok_rows if row.previous is not None]
    for index, row in enumerate(summary.rows):
        if row.previous is None:
            continue
        last_year = row.previous.values
        summary.unit_changes[index] = {
            key: text
            for key, now in row.figures.values.items()
            if (text := compare(now, last_year.get(key)))
        }
    if not both:
        return
    # Each figure only where the unit has it in both years: a total's 同比 compares like with like.
    now_f, before_f = [], []
    for row in both:
        assert row.previous is not None
        common = row.figures.values.keys() & row.previous.values.keys()
        now_f.append((row.name, {k: row.figures.values[k] for k in common}))
        before_f.append((row.name, {k: row.previous.values[k] for k in common}))
    for column in summary.columns:
        before = _total(column, before_f, merge_units)
        summary.previous_totals[column.key] = before
        text = totals.change(_total(column, now_f, merge_units), before, _count(column, now_f))
        if text:
            summary.total_changes[column.key] = text


def _count(column: Column, units: Values) -> int:
    """How many units a column's 合计 is made from."""
    ratio = column.indicator.ratio if column.indicator else None
    need = ratio or (column.key,)
    return sum(all(k in figures for k in need) for _, figures in units)
