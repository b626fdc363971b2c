"""The mandate's gates: what ``validate`` and ``build`` warn about in a valid facts file.

The mandate (厅字〔2019〕28号, see the reference) asks for five items in every report and for the
report to reach the 上一级党委和政府 by 3月1日 of the following year. A facts file can be valid and
still fall short of it; these gates say so as located warnings (``文件:行:列  字段  说明``), for
any template:

- a mandated item with no facts under it (named in the mandate's own words);
- a 成文日期 after the 报送 deadline;
- a 成文日期 that does not fit the 年度 (see :data:`EARLIEST`);
- 数据 mostly identical to the 上年度 file's (a file copied forward and not updated);
- a year in the text that is neither 年度 nor the next (plans): “2023年” left in a file carried
  forward, or a 年度 changed without the prose (see :func:`conventions.free_years` for the years
  that do not count: titles, quotations, ranges, 自2019年以来, 较2023年);
- a file named by a year (2025.yaml) whose 年度 is another;
- no 主送 (a report goes up to the 上一级党委和政府; ``主送: 无`` says a published edition has none).

They warn rather than refuse, so a clerk can still print a draft; ``--strict`` (the batch's
``warnings_as_errors``) fails any file with a warning, for CI. The rules here are pure: they read
validated facts (and last year's, when :mod:`.facts` has loaded them) and load nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from pydantic import BaseModel

from .catalogue import match_names
from .conventions import date_text, free_years, year_of_name
from .errors import Problem
from .load import Path_, Source
from .mandate import ITEMS
from .model import ReportFacts
from .quantity import Quantity
from .schema import keys_in, written_key
from .validate import strings
from .values import NO_ADDRESSEE

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
#: English field name → Chinese key, for files written with English keys.
_ALIASES = {name: alias for alias, name in _FIELDS.items()}


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


def findings(
    facts: ReportFacts, source: Source, previous: ReportFacts | None = None
) -> Iterator[Problem]:
    """Every gate's warning for valid ``facts``, located in ``source``."""
    yield from _missing_items(facts, source)
    yield from _addressee(facts, source)
    yield from _date_findings(facts, source)
    yield from _file_name_year(facts, source)
    yield from _stale_years(facts, source)
    if previous is not None:
        yield from _unchanged(facts, source, previous)


def _missing_items(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    for item, said in zip(ITEMS, present(facts), strict=True):
        if said:
            continue
        message = f"缺少法定报告内容“{item.words}”"
        written = next((k for k in item.keys if written_key(source.data, k)), None)
        if written is not None:  # the key is there but empty: point at it
            yield source.problem((written,), message, item.hint, key=True)
        else:
            yield at_unit_line(source, item.keys[0], message, item.hint)


def at_unit_line(source: Source, key: str, message: str, hint: str | None = None) -> Problem:
    """A problem about a top-level ``key`` the file does not have.

    A missing key has no line of its own; the ``单位`` line is where the file's facts begin (after
    any comments), so ``文件:行`` opens the right file at its top, and the message names the key.
    """
    line, column = source.locate((written_key(source.data, "单位") or "单位",), key=True)
    return Problem(source.display, line, column, key, message, hint)


def _date_findings(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    year, date = facts.year, facts.date
    key = (written_key(source.data, "成文日期") or "成文日期",)
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
        (written_key(source.data, "数据") or "数据",),
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


def _addressee(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    if facts.addressee is None:
        yield at_unit_line(
            source,
            "主送",
            "没有写主送机关：报告报送上一级党委和政府，应写明主送",
            f"如“主送: 中共临川县委、临川县人民政府”，不写冒号；只在网站公开、不写主送的版本"
            f"写“主送: {NO_ADDRESSEE}”，不再提醒。",
        )


def _file_name_year(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    """A file named by a year (2025.yaml) holds that year's facts."""
    named = year_of_name(source.path.stem)
    if named is None or named == facts.year:
        return
    yield source.problem(
        (written_key(source.data, "年度") or "年度",),
        f"文件名“{source.path.name}”是 {named} 年，而“年度”是 {facts.year}",
        f"若这是 {facts.year} 年度的报告，请把文件改名为 {facts.year}{source.path.suffix}；"
        f"若是 {named} 年度的，请把“年度”改为 {named}（成文日期一般在 {named + 1} 年初）。",
    )


#: Facts whose text is not prose: names, dates, paths and the 公开 numbers (a 索引号's year is
#: when it was published). 数据 holds quantities. The title, the attachments and 附注 are prose.
_NOT_PROSE = keys_in("公文要素", "设置", "数据") - {"标题", "附件", "附注"}
#: Where a year other than 年度 is most likely the next year's: the plans.
_PLANS = frozenset({"计划", "计划导语"})


def in_prose(path: Path_) -> bool:
    """Whether the facts text at ``path`` is printed as prose, a heading or a 章节标题."""
    top = _ALIASES.get(str(path[0]), str(path[0])) if path else ""
    return bool(path) and top not in _NOT_PROSE and "数据" not in path and "data" not in path


def in_plans(path: Path_) -> bool:
    """Whether ``path`` is in the plans (计划, 计划导语, 章节标题.计划): next year's text."""
    top = _ALIASES.get(str(path[0]), str(path[0]))
    return top in _PLANS or (top == "章节标题" and str(path[-1]) in _PLANS)


def _stale_years(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    """Years in the prose, headings and 章节标题 that are neither 年度 nor the next (plans)."""
    year = facts.year
    for path, text in strings(source.data):
        if not in_prose(path) or source.is_quiet(path):
            continue
        plans = in_plans(path)
        seen = set()
        for found, _ in free_years(text):
            if found in (year, year + 1) or found in seen:
                continue
            seen.add(found)
            message = f"“{found}年”既不是本报告的年度（{year}年），也不是下一年度（{year + 1}年）"
            yield source.problem(path, message, _year_hint(found, year, plans=plans))


def _year_hint(found: int, year: int, *, plans: bool) -> str:
    """The likely fix for a stale year ``found`` in a report on ``year``."""
    meant, reference = (year + 1, "{下一年度}") if plans else (year, "{年度}")
    fix = f"若写的是{meant}年的事，请改为“{meant}年”（或写“{reference}年”，随年度变化）"
    if found > year + 1:
        return f"{fix}；也请核对“年度”是否写错。"
    keep = f"确指{found}年的，可写作“自{found}年以来”“较{found}年”，或放进引号、书名号"
    if found == year - 1:
        return f"是否沿用了上一年度的文字？{fix}；{keep}。"
    return f"{fix}；{keep}。"
