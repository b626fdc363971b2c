"""The mandate's gates: what ``validate`` and ``build`` warn about in a valid facts file.

The mandate (厅字〔2019〕28号, see the reference) asks for five items in every report and for the
report to reach the 上一级党委和政府 by 3月1日 of the following year. A facts file can be valid and
still fall short of it; these gates say so as located warnings (``文件:行:列  字段  说明``), for
any template:

- a mandated item with no facts under it (named in the mandate's own words);
- a 成文日期 after the 报送 deadline;
- a 成文日期 that does not fit the 年度 (see :data:`EARLIEST`);
- 数据 mostly identical to the 上年度 file's (a file copied forward and not updated).

They warn rather than refuse, so a clerk can still print a draft; ``--strict`` (the batch's
``warnings_as_errors``) fails any file with a warning, for CI. :func:`load` is the one way in for
``validate`` and ``build``: the validated facts, the roll-up its ``汇总`` names (:mod:`.rollup`),
last year's facts, and the gates' warnings added to ``source.warnings``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from .catalogue import match_names
from .enrich import date_text
from .errors import FactsError, Problem, UserError
from .load import Source
from .mandate import ITEMS
from .model import ReportFacts
from .quantity import Quantity
from .validate import load_facts, warning_text

if TYPE_CHECKING:
    from .rollup import Rollup


#: Reports reach the 上一级 by 3月1日 of the following year (厅字〔2019〕28号).
DEADLINE = (3, 1)
#: A report on year Y is written once Y's work is done and before Y+1 is over: from 11月1日 of Y
#: (some units write their report in the last weeks of the year) to 12月31日 of Y+1. Earlier, the
#: year it reports on is still running, so 年度 is likely the year before; later, it is over a
#: year past the deadline, so 年度 or 成文日期 is likely mistyped. (A 成文日期 before 年度 itself
#: is validate's error.)
EARLIEST = (11, 1)
#: Figures identical to last year's: warn when they are a majority of those both years give,
#: and at least this many (two equal figures out of three may be true).
UNCHANGED_AT_LEAST = 3

_FIELDS = {f.alias: name for name, f in ReportFacts.model_fields.items() if f.alias}


def deadline(facts: ReportFacts) -> dt.date:
    return dt.date(facts.year + 1, *DEADLINE)


def on_time(facts: ReportFacts) -> bool:
    """Written on or before 3月1日 of the following year."""
    return facts.date <= deadline(facts)


def present(facts: ReportFacts) -> tuple[bool, ...]:
    """Which mandated items the facts say something under, in the mandate's order."""
    return tuple(any(_said(getattr(facts, _FIELDS[k])) for k in item.keys) for item in ITEMS)


def _said(value: object) -> bool:
    """Whether a facts value says anything (``第一责任人: {}`` says nothing)."""
    if isinstance(value, BaseModel):
        return any(_said(v) for v in value.__dict__.values())
    return bool(value)


@dataclass
class Loaded:
    """A facts file as ``validate`` and ``build`` use it (see the module doc)."""

    facts: ReportFacts
    source: Source
    rollup: Rollup | None = None
    previous: ReportFacts | None = None
    #: Why 上年度 could not be used: ``build`` stops on it, ``validate`` leaves it to ``build``.
    previous_error: UserError | None = None


def load(path: Path, *, draft: bool = False, text: str | None = None) -> Loaded:
    """Validate ``path`` (or ``text``, its unsaved content), roll up its 汇总, read its 上年度,
    and add the gates' warnings."""
    facts, source = load_facts(path, draft=draft, text=text)
    loaded = Loaded(facts, source)
    if facts.rollup:
        from .rollup import roll_up

        loaded.rollup = roll_up(facts, source, draft=draft)
    if facts.previous:
        try:
            loaded.previous = previous_facts(facts, path)
        except UserError as exc:
            loaded.previous_error = exc
    source.warnings.extend(warning_text(p) for p in findings(facts, source, loaded.previous))
    return loaded


def previous_facts(facts: ReportFacts, path: Path) -> ReportFacts:
    """The facts ``上年度`` names (relative to ``path``), which must be of the year before."""
    assert facts.previous is not None
    target = (path.parent / facts.previous).resolve()
    try:
        before, _ = load_facts(target, draft=True)
    except FactsError as exc:
        raise UserError(
            f"“上年度”指向的文件 {facts.previous} 有误：\n" + exc.render(),
            hint="请先修正上一年度的事实文件，或删去“上年度”。",
        ) from None
    if before.year != facts.year - 1:
        raise UserError(
            f"“上年度”文件 {facts.previous} 的年度是 {before.year}，不是 {facts.year - 1}",
            hint="请指向上一年度的事实文件。",
        )
    return before


def findings(
    facts: ReportFacts, source: Source, previous: ReportFacts | None = None
) -> Iterator[Problem]:
    """Every gate's warning for valid ``facts``, located in ``source``."""
    yield from _missing_items(facts, source)
    yield from _date_findings(facts, source)
    if previous is not None:
        yield from _unchanged(facts, source, previous)


def _missing_items(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    for item, said in zip(ITEMS, present(facts), strict=True):
        if said:
            continue
        message = f"缺少法定报告内容“{item.words}”"
        written = next((k for k in item.keys if _written(source.data, k)), None)
        if written is not None:  # the key is there but empty: point at it
            yield source.problem((written,), message, item.hint, key=True)
        else:
            yield at_unit_line(source, item.keys[0], message, item.hint)


def at_unit_line(source: Source, key: str, message: str, hint: str | None = None) -> Problem:
    """A problem about a top-level ``key`` the file does not have.

    A missing key has no line of its own; the ``单位`` line is where the file's facts begin (after
    any comments), so ``文件:行`` opens the right file at its top, and the message names the key.
    """
    line, column = source.locate((_written(source.data, "单位") or "单位",), key=True)
    return Problem(source.display, line, column, key, message, hint)


def _written(data: Mapping[str, Any], alias: str) -> str | None:
    """The key ``data`` has for the field with Chinese key ``alias`` (or its English name)."""
    for key in (alias, _FIELDS.get(alias)):
        if key is not None and key in data:
            return key
    return None


def _date_findings(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    year, date = facts.year, facts.date
    key = (_written(source.data, "成文日期") or "成文日期",)
    check = "请核对“年度”和“成文日期”是否写错。"
    if date.year < year:
        return  # validate's error already
    if date < dt.date(year, *EARLIEST):
        yield source.problem(
            key,
            f"{date_text(date)}与年度 {year} 不符：那时{year}年的工作尚未结束",
            f"“年度”是报告所述的那一年，成文日期一般在次年初；{check}",
        )
    elif date.year > year + 1:
        yield source.problem(
            key,
            f"{date_text(date)}与年度 {year} 不符："
            f"{year}年度的报告应在{date_text(deadline(facts))}前报送，这一日期晚了一年多",
            check,
        )
    elif not on_time(facts):
        yield source.problem(
            key,
            f"{date_text(date)}晚于报送期限：{year}年度的报告应在"
            f"{date_text(deadline(facts))}前报送上一级党委和政府",
            check,
        )


def _unchanged(facts: ReportFacts, source: Source, previous: ReportFacts) -> Iterator[Problem]:
    """数据 mostly equal to last year's, compared by catalogue column (an alias is its indicator)."""
    now, before = _by_column(facts.data), _by_column(previous.data)
    common = [column for column in now if column in before]
    same = [now[c][0] for c in common if _equal(now[c][1], before[c][1])]
    if len(same) < UNCHANGED_AT_LEAST or 2 * len(same) <= len(common):
        return
    yield source.problem(
        (_written(source.data, "数据") or "数据",),
        f"两年都填写的 {len(common)} 项数据中，有 {len(same)} 项与上年度文件 {facts.previous} "
        f"完全相同：{'、'.join(same)}；是否复制了上一年度的文件而没有更新数字？",
        "请逐项改为本年度的数字；确与上年相同的，可忽略此提醒。",
        key=True,
    )


def _by_column(data: Mapping[str, Quantity]) -> dict[str, tuple[str, Quantity]]:
    """Column → (name as written, figure), as the county summary puts them."""
    return {m.column: (name, data[name]) for name, m in match_names(data).items()}


def _equal(a: Quantity, b: Quantity) -> bool:
    """The same figure, however spaced or grouped (``1,200人`` is ``1200人``)."""
    return (a.value, a.unit, a.prefix, a.qualifier) == (b.value, b.unit, b.prefix, b.qualifier)
