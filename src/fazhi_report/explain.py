"""pydantic's errors explained: each one a located :class:`~fazhi_report.errors.Problem` in
Chinese (``文件:行:列  字段路径  说明``), with a hint where the slip is a known one (a full-width
colon, a date that does not exist, a key one character off, a key at the wrong indentation).
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from .chars import invisible_character
from .errors import Problem
from .load import HINT_FULLWIDTH_COLON, HINT_FULLWIDTH_SPACE, Path_, Source, value_slip
from .schema import all_keys, allowed_keys, model_at

_MESSAGES = {
    "missing": "缺少必填项",
    "string_type": "应为一段文字",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "list_type": "应为列表（每项另起一行，以“- ”开头）",
    "dict_type": "应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）",
    "model_type": "应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）",
    "model_attributes_type": "应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）",
    "date_type": "应为日期，如 2025-02-20",
    "date_parsing": "应为日期，如 2025-02-20",
    "date_from_datetime_parsing": "应为日期，如 2025-02-20",
    "bool_type": "应为“是”或“否”",
    "bool_parsing": "应为“是”或“否”",
    "string_too_short": "不能为空",
    "too_short": "不能为空",
}
_SHAPE_ERRORS = frozenset(
    {
        "string_type",
        "list_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "int_type",
        "bool_type",
    }
)
#: Where the model wanted a mapping: a scalar there that reads ``键:值`` lacks the space.
_MAPPING_ERRORS = frozenset({"dict_type", "model_type", "model_attributes_type"})


def flatten(exc: ValidationError, source: Source) -> list[Problem]:
    """Turn pydantic's errors into located Chinese problems, one per error.

    Errors a loader problem already explains are dropped: anything under a path the loader
    flagged, and “缺少必填项” for a key hidden by a full-width colon.
    """
    problems = []
    for error in exc.errors(include_url=False):
        loc, on_key = _clean_loc(tuple(error["loc"]))
        if source.is_quiet(loc):
            continue
        if error["type"] == "extra_forbidden":
            problems.append(_unknown_key(loc, source))
            continue
        if (
            error["type"] == "missing"
            and loc
            and str(loc[-1]) in source.hidden_keys.get(loc[:-1], set())
        ):
            continue
        problems.append(
            source.problem(
                loc, _message(error, source, loc), _hint(error, source, loc, on_key), key=on_key
            )
        )
    return problems


def _clean_loc(loc: Path_) -> tuple[Path_, bool]:
    """Drop pydantic's validator names (``function-plain[_quantity()]``); ``[key]`` marks a key."""
    on_key = bool(loc) and loc[-1] == "[key]"
    kept = tuple(
        p for p in loc if not (isinstance(p, str) and (p == "[key]" or ("[" in p and "(" in p)))
    )
    return kept, on_key


def _message(error: Any, source: Source, loc: Path_) -> str:
    kind = error["type"]
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "literal_error":
        expected = str(error.get("ctx", {}).get("expected", ""))
        return "应为以下之一：" + "、".join(re.findall(r"'([^']*)'", expected) or [expected])
    if kind == "missing":
        return f"缺少必填项“{error['loc'][-1]}”" if error["loc"] else "缺少必填项"
    if kind in _SHAPE_ERRORS and error.get("input") is None:
        return "没有填写内容（冒号后是空的）"
    message = _MESSAGES.get(kind, f"取值无效（{error['msg']}）")
    raw = source.raw.get(loc)
    if kind in _SHAPE_ERRORS and raw is not None and (slip := _colon_slip(kind, raw)):
        return f"“{raw[:30]}”{message}；{slip[0]}"
    return message


def _colon_slip(kind: str, raw: str) -> tuple[str, str] | None:
    """Why the scalar ``raw`` was not read as ``键: 值``, and the hint (see ``load.value_slip``)."""
    return value_slip(raw, mapping=kind in _MAPPING_ERRORS)


def _hint(error: Any, source: Source, loc: Path_, on_key: bool = False) -> str | None:
    kind = error["type"]
    raw = source.raw.get(loc)
    if raw is not None and kind in _SHAPE_ERRORS | {"value_error"}:
        slip = _colon_slip(kind, raw)
        if slip is not None:
            return slip[1]
        if kind != "string_type" and re.search(r"(^|\s)[^\s:：]{1,20}：", raw):
            return HINT_FULLWIDTH_COLON
        if "\u3000" in raw and kind != "string_type":
            return HINT_FULLWIDTH_SPACE
    if kind in _SHAPE_ERRORS and error.get("input") is None:
        return "请填写内容；暂时没有内容的项可以整行删除。"
    if kind == "list_type":
        return "例如：\n      要点:\n        - 第一条\n        - 第二条"
    if kind == "value_error" and not on_key and not invisible_character(str(error.get("input"))):
        return _value_hint(loc)
    return None


_DATE_HINT = (
    "日期写作“年-月-日”，如 2025-02-20 或 2025年2月20日；月份为 1～12，日不超过当月的天数。"
)
_YEAR_HINT = "年度写四位阿拉伯数字，如 2024（也可写 2024年度）。"
_FLAG_HINT = "请写“是”或“否”。"
QUANTITY_HINT = (
    "“数据”中每项写一个数量：数字加单位，如“12次”“2300余起”“98%以上”，概数也可写作"
    "“三百多起”“两万余人次”；说不出数字的情况请写在正文里。"
)
_VALUE_HINTS = {
    "成文日期": _DATE_HINT,
    "date": _DATE_HINT,
    "年度": _YEAR_HINT,
    "year": _YEAR_HINT,
    "加盖印章": _FLAG_HINT,
    "sealed": _FLAG_HINT,
    "数据附表": _FLAG_HINT,
    "data_table": _FLAG_HINT,
}


def _value_hint(loc: Path_) -> str | None:
    """How to write the value a field refused: a date, a year, 是/否, a quantity in 数据."""
    if any(part in ("数据", "data") for part in loc[:-1]):
        return QUANTITY_HINT
    return _VALUE_HINTS.get(str(loc[-1])) if len(loc) == 1 else None


def _unknown_key(loc: Path_, source: Source) -> Problem:
    key = str(loc[-1])
    allowed = allowed_keys(loc[:-1])
    parent = mapping_at(source.data, loc[:-1])
    alias = _alias_of(key, loc[:-1])
    if alias is not None and parent is not None and alias in parent:
        return source.problem(
            loc, f"“{key}”与“{alias}”是同一项，重复了", "请只保留中文键“" + alias + "”。", key=True
        )
    suggestion = difflib.get_close_matches(key, allowed, n=1, cutoff=0.4)
    if not suggestion:
        suggestion = [a for a in allowed if a in key or key in a][:1]
    hint = f"您是否想写“{suggestion[0]}”？" if suggestion else None
    if not hint and allowed:
        hint = "这一层可用的键：" + "、".join(allowed)
    message = f"未知的键“{key}”"
    if not suggestion and key in all_keys():
        message += "：它不属于这一层，请检查缩进（同一层级的键要左对齐）"
    return source.problem(loc, message, hint, key=True)


def _alias_of(key: str, parent: Path_) -> str | None:
    """The Chinese key of the field named ``key`` in English, at ``parent``."""
    model = model_at(parent)
    info = model.model_fields.get(key) if model is not None else None
    return info.alias if info is not None else None


def mapping_at(data: Any, path: Path_) -> dict[str, Any] | None:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data if isinstance(data, dict) else None
