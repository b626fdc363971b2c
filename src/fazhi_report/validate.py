"""Stage 2, validate: loaded data → :class:`ReportFacts`, or one :class:`FactsError` listing all problems.

Everything wrong with a file is reported at once: the loader's own findings (a duplicated key, a
full-width colon, a control character), pydantic's shape errors flattened to ``位置  说明`` lines in
Chinese, and the rules across fields (dates, references to 数据, the indicator catalogue,
placeholders left in prose). The rules read the loaded data tolerantly, so they run even when some
other field failed the model: a clerk fixes the whole file in one round.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from . import indicators
from .confine import ROOT_HINT, outside, root_for, within
from .conventions import YEAR_REFERENCES, read_file_number
from .errors import FactsError, FazhiError, Problem
from .explain import flatten, mapping_at
from .load import (
    Path_,
    Source,
    is_facts_name,
    looks_like_facts,
    parse_text,
    read_source,
)
from .model import ReportFacts
from .patterns import lazy
from .quantity import Quantity, QuantityError, parse_quantity
from .schema import written_key
from .values import PENDING, is_pending, parse_date, parse_year

#: ``{名称}`` in prose refers to a quantity in 数据; ``{{`` and ``}}`` are never references.
REFERENCE = lazy(r"(?<![{\\])\{([^{}\s]{1,40})\}(?!\})")
#: ``\{名称}`` is not a reference: it prints ``{名称}`` (braces an imported report really has).
ESCAPED_REFERENCE = lazy(r"\\(\{[^{}\s]{1,40}\})(?!\})")
#: Placeholders a draft leaves in prose. ``待补充`` after 有/尚/亟/仍 is ordinary Chinese
#: (“有待补充完善”); ``待核实`` only counts in brackets (“对待核实的线索…” is prose).
PLACEHOLDERS = lazy(
    r"[【\[［(（][^】\]］)）\n]{0,10}(?:待补充|待核实|待填写|待定|待确认|待更新)[^】\]］)）\n]{0,10}[】\]］)）]"
    r"|(?<![有尚亟仍])待补充|待填写"
    r"|[XＸ×]{2,}|[xｘ]{3,}|某某|TODO|TBD|FIXME|\?{3,}|？{3,}"
)
#: The earliest plausible 年度 (annual 法治政府建设 reports date from the 2004 纲要 on).
FIRST_YEAR = 2004


def clock() -> dt.date:
    """Today, as every rule that depends on the date reads it (``init`` too): one place, so that
    tests can set it."""
    return dt.date.today()


def load_facts(
    path: Path,
    *,
    draft: bool = False,
    today: dt.date | None = None,
    root: Path | None = None,
    text: str | None = None,
) -> tuple[ReportFacts, Source]:
    """Read, parse and validate one facts file (warnings land in ``source.warnings``); the
    files it names stay inside ``root`` (default: its own folder; :mod:`.confine`).

    ``text``: the file's content as an editor holds it, not yet saved (``edit``); ``path`` still
    names the file and is what relative paths in it are resolved against.
    """
    source = read_source(path) if text is None else parse_text(text, path)
    return validate_source(source, draft=draft, today=today, root=root), source


def validate_source(
    source: Source,
    *,
    draft: bool = False,
    today: dt.date | None = None,
    root: Path | None = None,
) -> ReportFacts:
    """The facts of ``source``, or a :class:`FactsError` with every problem found in it."""
    problems = list(source.problems)
    facts: ReportFacts | None = None
    try:
        facts = ReportFacts.model_validate(source.data)
    except ValidationError as exc:
        problems += flatten(exc, source)
    for problem, error in _rule_findings(source, today or clock(), root):
        if error:
            problems.append(problem)
        else:
            source.warnings.append(problem.warning())
    if not draft:
        problems += _placeholder_problems(source, root)
    if problems or facts is None:
        raise FactsError(problems, source.warnings)
    return facts


# --- rules across fields (read tolerantly from the loaded data) -------------------------------

T = TypeVar("T")


def _field(data: dict[str, Any], alias: str, parent: Path_ = ()) -> tuple[str, Any]:
    """(key used, value) for a field given by its Chinese key or its English name."""
    key = written_key(data, alias, parent) or alias
    return key, data.get(key)


def _try(parse: Callable[[Any], T], value: Any) -> T | None:
    try:
        result = parse(value)
    except (ValueError, TypeError, QuantityError):
        return None
    return result


def _rule_findings(
    source: Source, today: dt.date, root: Path | None
) -> Iterator[tuple[Problem, bool]]:
    data = source.data
    year_key, year_raw = _field(data, "年度")
    year = _try(parse_year, year_raw) if isinstance(year_raw, str) else None
    if isinstance(year, int) and not source.is_quiet((year_key,)):
        if year > today.year:
            yield (
                source.problem(
                    (year_key,),
                    f"年度 {year} 在未来（今天是 {today.isoformat()}）",
                    "年度是报告所述的那一年，如 2024。",
                ),
                True,
            )
        elif year < FIRST_YEAR:
            yield (
                source.problem(
                    (year_key,),
                    f"年度 {year} 早于 {FIRST_YEAR} 年，是否写错？",
                    "年度是报告所述的那一年，如 2024。",
                ),
                True,
            )
    date_key, date_raw = _field(data, "成文日期")
    date = _try(parse_date, date_raw) if isinstance(date_raw, str) else None
    if (
        isinstance(date, dt.date)
        and isinstance(year, int)
        and date.year < year
        and not source.is_quiet((date_key,))
    ):
        yield (
            source.problem(
                (date_key,),
                f"成文日期 {date.isoformat()} 早于报告年度 {year}",
                f"年度报告一般在次年 3 月 1 日前报送，成文日期应在 {year + 1} 年初；也请检查“年度”是否写错。",
            ),
            True,
        )
    yield from _header_findings(source, date if isinstance(date, dt.date) else None)
    yield from ((p, True) for p in _previous_problems(source, root))
    yield from ((p, True) for p in _reserved_names(source))
    for path, values in _data_blocks(data):
        for finding in indicators.check(values):
            if not source.is_quiet((*path, finding.key)):
                yield (
                    source.problem(
                        (*path, finding.key), finding.message, finding.hint, key=finding.about_key
                    ),
                    finding.error,
                )
    # A county file's 汇总 makes the units' totals referable too: gates.load checks its references
    # once the roll-up is known (rollup.py).
    _, rollup = _field(data, "汇总")
    if not rollup:
        _, block = _field(data, "数据")
        names = [str(k) for k in block] if isinstance(block, dict) else []
        yield from ((p, True) for p in reference_problems(source, names))


#: GB/T 9704-2012 7.2.4, quoted in every hint about a 发文字号.
_FILE_NUMBER_RULE = (
    "GB/T 9704-2012 7.2.4：发文字号由发文机关代字、年份、发文顺序号组成；年份标全称，用六角括号“〔〕”括入；"
    "发文顺序号不加“第”字，不编虚位（1不编为01）"
)
_FILE_NUMBER_FAULTS = {
    "brackets": "年份应用六角括号〔〕括入，不用“{brackets}”",
    "year": "年份应标全称（4 位数字）",
    "di": "序号前不加“第”",
    "zero": "序号不编虚位（“{sequence}”前不补 0）",
}


def _header_findings(source: Source, issued: dt.date | None) -> Iterator[tuple[Problem, bool]]:
    """The 版头's 发文字号 as GB/T 9704 writes it, its 签发人, and the 印发日期 against the 成文日期."""
    key, block = _field(source.data, "版头")
    if isinstance(block, dict) and not source.is_quiet((key,)):
        number_key, number = _field(block, "发文字号", ("版头",))
        if isinstance(number, str) and number.strip() and not is_pending(number):
            where = (key, number_key)
            if not source.is_quiet(where):
                yield from _file_number_findings(source, where, number.strip(), issued)
        _, signers = _field(block, "签发人", ("版头",))
        if not signers and not source.is_quiet((key,)):
            yield (
                source.problem(
                    (key,),
                    "版头没有写签发人：报告报送上级，是上行文，应标注签发人",
                    "在“版头”下写“签发人: 姓名”（多人写成列表）；GB/T 9704-2012 7.2.5：上行文应标注签发人姓名。",
                ).warning(),
                False,
            )
    printing_key, printing = _field(source.data, "印发")
    if isinstance(printing, dict) and issued is not None:
        date_key, raw = _field(printing, "日期", ("印发",))
        printed = _try(parse_date, raw) if isinstance(raw, str) else None
        where = (printing_key, date_key)
        if isinstance(printed, dt.date) and printed < issued and not source.is_quiet(where):
            yield (
                source.problem(
                    where,
                    f"印发日期 {printed.isoformat()} 早于成文日期 {issued.isoformat()}",
                    "印发日期是公文送印的日期，不早于成文日期（常与成文日期同一天）；请核对这两个日期。",
                ),
                True,
            )


def _file_number_findings(
    source: Source, where: Path_, text: str, issued: dt.date | None
) -> Iterator[tuple[Problem, bool]]:
    found = read_file_number(text)
    if found is None:
        yield (
            source.problem(
                where,
                f"“{text}”不是发文字号的写法",
                f"发文字号写作“机关代字〔年份〕序号号”，如“青政〔{issued.year if issued else 2025}〕3号”"
                f"（{_FILE_NUMBER_RULE}）。",
            ),
            True,
        )
        return
    if found.faults:
        faults = "；".join(
            _FILE_NUMBER_FAULTS[f].format(brackets=found.brackets, sequence=found.sequence)
            for f in found.faults
        )
        fixed = f"应写作“{found.standard}”" if found.standard else "请改正"
        yield (
            source.problem(
                where, f"发文字号“{text}”：{faults}", f"{fixed}（{_FILE_NUMBER_RULE}）。"
            ),
            True,
        )
    elif issued is not None and len(found.year) == 4 and int(found.year) != issued.year:
        yield (
            source.problem(
                where,
                f"发文字号的年份 {found.year} 与成文日期（{issued.year}年）不是同一年",
                "发文字号的年份是发文的年份；是否沿用了去年的发文字号？",
            ).warning(),
            False,
        )


def _previous_problems(source: Source, root: Path | None) -> Iterator[Problem]:
    """``上年度`` must name an existing facts file (relative to this one) inside ``root``."""
    key, previous = _field(source.data, "上年度")
    if not isinstance(previous, str) or not previous.strip() or source.is_quiet((key,)):
        return
    _, refusal = previous_file(source.path, previous.strip(), root)
    if refusal is not None:
        yield source.problem((key,), *refusal)


PREVIOUS_HINT = "“上年度”写上一年度事实文件的路径，相对于本文件所在的文件夹，如 2023.yaml；不需要同比时请删除这一行。"


def previous_file(
    facts: Path, written: str, root: Path | None
) -> tuple[Path, tuple[str, str] | None]:
    """The file ``上年度: written`` names (relative to the facts file ``facts``), and why it may
    not be read — (message, hint) — or None. It must stay inside ``root`` (:mod:`.confine`) and
    be a facts file: any other file is never opened as one, so no line of it reaches a message."""
    target = facts.parent / written
    allowed = root_for(facts, root)
    if not within(target, allowed):
        return target, (outside(written, target, allowed), ROOT_HINT)
    try:
        exists, is_file = target.exists(), target.is_file()
    except (OSError, ValueError):  # a name the file system cannot even look up
        exists = is_file = False
    if not exists:
        return target, (
            f"上年度文件“{written}”不存在（在 {target.parent} 中找不到）",
            PREVIOUS_HINT,
        )
    if not is_file:
        return target, (f"上年度“{written}”不是文件", PREVIOUS_HINT)
    if not is_facts_name(target) or not looks_like_facts(target):
        message = f"上年度“{written}”不是事实文件（开头写有“单位”“年度”的 .yaml 文件），不予读取"
        return target, (message, PREVIOUS_HINT)
    return target, None


def _reserved_names(source: Source) -> Iterator[Problem]:
    """A ``数据`` name that ``{名称}`` could not tell from a year reference (``{年度}``)."""
    for path, _ in _data_blocks(source.data):
        block = mapping_at(source.data, path) or {}
        for name in block:
            if name in YEAR_REFERENCES and not source.is_quiet((*path, name)):
                yield source.problem(
                    (*path, name),
                    f"“{name}”不能用作数据名称：正文中的 {{{name}}} 印作报告的{name}",
                    "请换一个说明是什么数字的名称。",
                    key=True,
                )


def _data_blocks(data: dict[str, Any]) -> Iterator[tuple[Path_, dict[str, Quantity]]]:
    """Every ``数据`` mapping (the report's, each 活动's) with the quantities that parse."""

    def parsed(block: Any) -> dict[str, Quantity]:
        if not isinstance(block, dict):
            return {}
        out = {}
        for key, value in block.items():
            quantity = _try(parse_quantity, value) if isinstance(value, str) else None
            if quantity is not None:
                out[str(key)] = quantity
        return out

    key, block = _field(data, "数据")
    yield (key,), parsed(block)
    events_key, events = _field(data, "活动")
    if isinstance(events, list):
        for i, event in enumerate(events):
            if isinstance(event, dict):
                inner_key, inner = _field(event, "数据", ("活动", 0))
                yield (events_key, i, inner_key), parsed(inner)


def strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string value with its path, depth first, without recursion."""
    todo: list[tuple[Path_, Any]] = [(path, data)]
    while todo:
        here, value = todo.pop()
        if isinstance(value, dict):
            todo.extend(reversed([((*here, k), v) for k, v in value.items()]))
        elif isinstance(value, list):
            todo.extend(reversed([((*here, i), v) for i, v in enumerate(value)]))
        elif isinstance(value, str):
            yield here, value


def reference_problems(
    source: Source, names: Sequence[str], hints: Mapping[str, str] | None = None
) -> Iterator[Problem]:
    """``{名称}`` in prose that names none of ``names``; ``hints`` says why for some names."""
    known = set(names)  # a long 数据 block: one look-up per reference, not a scan
    for path, text in strings(source.data):
        if path[:1] in (("数据",), ("data",)) or source.is_quiet(path):
            continue
        for match in REFERENCE.finditer(text):
            name = match.group(1)
            if name in known or name in YEAR_REFERENCES:
                continue
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
            hint = (
                (hints or {}).get(name)
                or (f"您是否想写 {{{close[0]}}}？" if close else None)
                or "请在“数据”中添加这一项，或删去花括号。"
            )
            yield source.problem(path, f"引用了“数据”中没有的项 {{{name}}}", hint)


def _placeholder_problems(source: Source, root: Path | None) -> Iterator[Problem]:
    last_year = _LastYear(source, root)
    for path, text in strings(source.data):
        if source.is_quiet(path):
            continue
        if text.strip() == PENDING:
            yield _pending_problem(source, path, last_year.value_at(path))
            continue
        match = PLACEHOLDERS.search(text)
        if match and match.group() == PENDING:
            yield source.problem(
                path,
                f"“{PENDING}”：这段文字沿用自上一年度的文件，其中的年份和情况还没有更新",
                f"请改写为本年度的情况，再删去“{PENDING}”；若只想先出草稿，可加 --draft。",
            )
        elif match:
            yield source.problem(
                path,
                f"正文中留有占位符“{match.group()}”",
                "请填写实际内容；若只想先出草稿，可加 --draft（占位符会在报告中以【】标出）。",
            )


def _pending_problem(source: Source, path: Path_, last: str | None) -> Problem:
    """A value ``init --from`` left for this year: say what last year's was."""
    what = "数字" if any(part in ("数据", "data") for part in path) else "内容"
    before = f"上年度为“{last}”；" if last else ""
    return source.problem(
        path,
        f"“{PENDING}”：还没有填写本年度的{what}",
        f"{before}请改为本年度的实际{what}。若只想先出草稿，可加 --draft（报告中印作“{PENDING}”）。",
    )


class _LastYear:
    """The raw values of the ``上年度`` file, read only if a pending value asks for one."""

    def __init__(self, source: Source, root: Path | None) -> None:
        self.source = source
        self.root = root
        self._data: dict[str, Any] | None = None

    def value_at(self, path: Path_) -> str | None:
        """Last year's text at ``path``; a list entry is matched by its 名称 or 标题 (a clerk
        may reorder the 活动), by position when it has neither."""
        if self._data is None:
            self._data = self._read()
        now: Any = self.source.data
        then: Any = self._data
        for part in path:
            if isinstance(part, int) and isinstance(now, list) and isinstance(then, list):
                now = now[part]
                then = _same_entry(now, then, part)
            elif isinstance(part, str) and isinstance(now, dict) and isinstance(then, dict):
                now, then = now.get(part), then.get(part)
            else:
                return None
        return then if isinstance(then, str) else None

    def _read(self) -> dict[str, Any]:
        _, previous = _field(self.source.data, "上年度")
        if not isinstance(previous, str) or not previous.strip():
            return {}
        target, refusal = previous_file(self.source.path, previous.strip(), self.root)
        if refusal is not None:  # said by _previous_problems; never read
            return {}
        try:
            return read_source(target).data
        except (FazhiError, OSError, ValueError):  # its own problems are reported elsewhere
            return {}


def _same_entry(entry: Any, candidates: list[Any], index: int) -> Any:
    for key in ("名称", "标题", "name", "title"):
        name = entry.get(key) if isinstance(entry, dict) else None
        if isinstance(name, str):
            return next((c for c in candidates if isinstance(c, dict) and c.get(key) == name), None)
    return candidates[index] if index < len(candidates) else None


def mark_placeholders(text: str) -> str:
    """``--draft``: make each placeholder visible in the report — ``某某村`` → ``【某某】村``.

    Placeholders already in brackets (``【待核实】``) are left as they are.
    """

    def mark(match: re.Match[str]) -> str:
        found = match.group()
        return found if found[:1] in "【[［(（" else f"【{found}】"

    return PLACEHOLDERS.sub(mark, text)
