"""Stage 2, validate: loaded data → :class:`ReportFacts`, or one :class:`FactsError` listing all problems.

Shape errors come from pydantic and are flattened to ``位置: 说明`` lines in Chinese; rules across
fields (dates, references to 数据, placeholders left in prose) are checked here, with positions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import FactsError, Problem
from .loader import Path_, Source, read_source
from .model import ReportFacts

#: ``{名称}`` in prose refers to a quantity in 数据; ``{{`` and ``}}`` are never references.
REFERENCE = re.compile(r"(?<!\{)\{([^{}\s]{1,40})\}(?!\})")
PLACEHOLDERS = re.compile(r"XX|ＸＸ|某某|待补充|待核实|【[^】]*待[^】]*】|TODO|TBD|\?\?\?|？？？")


def load_facts(path: Path, *, draft: bool = False, today: dt.date | None = None) -> tuple[ReportFacts, Source]:
    """Read, parse and validate one facts file."""
    source = read_source(path)
    return validate_source(source, draft=draft, today=today), source


def validate_source(source: Source, *, draft: bool = False, today: dt.date | None = None) -> ReportFacts:
    try:
        facts = ReportFacts.model_validate(source.data)
    except ValidationError as exc:
        raise FactsError(flatten(exc, source)) from None
    problems = list(_rule_problems(facts, source, today or dt.date.today()))
    if not draft:
        problems.extend(_placeholder_problems(source))
    if problems:
        raise FactsError(problems)
    return facts


# --- pydantic errors → Problems -------------------------------------------------------------

_MESSAGES = {
    "missing": "缺少必填项",
    "string_type": "应为文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "list_type": "应为列表（每项另起一行，以“- ”开头）",
    "dict_type": "应为“键: 值”形式的映射",
    "model_type": "应为“键: 值”形式的映射",
    "model_attributes_type": "应为“键: 值”形式的映射",
    "date_type": "应为日期，如 2025-02-20",
    "date_parsing": "应为日期，如 2025-02-20",
    "date_from_datetime_parsing": "应为日期，如 2025-02-20",
    "bool_type": "应为“是”或“否”",
    "bool_parsing": "应为“是”或“否”",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
}


def flatten(exc: ValidationError, source: Source) -> list[Problem]:
    """Turn pydantic's errors into located Chinese problems, one per error."""
    problems = []
    for error in exc.errors(include_url=False):
        loc: Path_ = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            problems.append(_unknown_key(loc, source))
            continue
        problems.append(source.problem(_clean_loc(loc), _message(error), _hint(error)))
    return problems


def _clean_loc(loc: Path_) -> Path_:
    # pydantic adds validator names (e.g. "function-plain[_quantity()]") to the loc of some errors.
    return tuple(p for p in loc if not (isinstance(p, str) and ("[" in p and "(" in p)))


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "literal_error":
        return f"应为以下之一：{error.get('ctx', {}).get('expected', '')}"
    if kind == "missing":
        return f"缺少必填项“{error['loc'][-1]}”" if error["loc"] else "缺少必填项"
    return _MESSAGES.get(kind, f"取值无效（{error['msg']}）")


def _hint(error: Any) -> str | None:
    if error["type"] in ("list_type",):
        return "例如：\n      要点:\n        - 第一条\n        - 第二条"
    return None


def _unknown_key(loc: Path_, source: Source) -> Problem:
    key = str(loc[-1])
    allowed = _allowed_keys(loc[:-1])
    suggestion = difflib.get_close_matches(key, allowed, n=1, cutoff=0.4)
    hint = f"您是否想写“{suggestion[0]}”？" if suggestion else None
    if not hint and allowed:
        hint = "可用的键：" + "、".join(allowed)
    return source.problem(loc, f"未知的键“{key}”", hint, key=True)


def _allowed_keys(parent: Path_) -> list[str]:
    """Chinese keys allowed at ``parent``, walking the model by the aliases in the path."""
    model: type[BaseModel] | None = ReportFacts
    for part in parent:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items() if f.alias == part or n == part), None)
        if field is None:
            return []
        model = _inner_model(field.annotation)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# --- rules across fields ----------------------------------------------------------------------


def _rule_problems(facts: ReportFacts, source: Source, today: dt.date) -> Iterator[Problem]:
    if facts.year > today.year:
        yield source.problem(("年度",), f"年度 {facts.year} 在未来（今天是 {today.year} 年）", "年度是报告所述的那一年，如 2024。")
    if facts.date.year < facts.year:
        yield source.problem(
            ("成文日期",),
            f"成文日期 {facts.date.isoformat()} 早于报告年度 {facts.year}",
            f"年度报告一般在次年 3 月 1 日前报送，成文日期应在 {facts.year + 1} 年初。",
        )
    yield from _reference_problems(facts, source)


def _strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i))
    elif isinstance(data, str):
        yield path, data


def _reference_problems(facts: ReportFacts, source: Source) -> Iterator[Problem]:
    names = list(facts.data)
    for path, text in _strings(source.data):
        if path[:1] == ("数据",):
            continue
        for match in REFERENCE.finditer(text):
            name = match.group(1)
            if name in facts.data:
                continue
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
            hint = f"您是否想写 {{{close[0]}}}？" if close else "请在“数据”中添加这一项，或删去花括号。"
            yield source.problem(path, f"引用了“数据”中没有的项 {{{name}}}", hint)


def _placeholder_problems(source: Source) -> Iterator[Problem]:
    for path, text in _strings(source.data):
        match = PLACEHOLDERS.search(text)
        if match:
            yield source.problem(
                path,
                f"正文中留有占位符“{match.group()}”",
                "请填写实际内容；若只想先出草稿，可加 --draft（占位符会被标出）。",
            )
