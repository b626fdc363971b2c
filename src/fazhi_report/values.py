"""How the facts model reads a clerk's values: text (trimmed, no invisible characters), paragraphs
(one text or a list), dates (2025-02-20, 2025年2月20日 …), years, 是/否 flags and quantities, each
as the exact text typed; and the two words with a meaning of their own, 【待更新】 and 主送: 无.

The field types are pydantic annotated types, so the model (:mod:`.model`) declares each field
with its type and description only, and validate (:mod:`.validate`) parses a value the model
refused with the same function, to say why.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, PlainValidator, WithJsonSchema

from .chars import invisible_character
from .quantity import Quantity, QuantityError, parse_quantity

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")


def _text(value: Any) -> Any:
    if isinstance(value, str):
        # The loader reports these first, by line; this guards data that does not come from a file.
        message = invisible_character(value)
        if message:
            raise ValueError(message)
        return value.strip()
    if isinstance(value, bool | int | float):
        return str(value)
    return value


def _paragraphs(value: Any) -> Any:
    """A prose field may be one string (one paragraph per line) or a list of paragraphs."""
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


def _string_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return value


def _quantity(value: Any) -> Quantity:
    try:
        return parse_quantity(value)
    except QuantityError as exc:
        raise ValueError(str(exc)) from exc


def parse_date(value: Any) -> Any:
    if isinstance(value, str):
        value = value.translate(_FULLWIDTH_DIGITS)
        match = re.fullmatch(
            r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", value
        ) or re.fullmatch(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*", value)
        if match:
            y, m, d = (int(g) for g in match.groups())
            try:
                return dt.date(y, m, d)
            except ValueError as exc:
                raise ValueError(
                    f"“{value.strip()}”不是有效日期：{_why_not_a_date(y, m, d)}"
                ) from exc
        raise ValueError(f"“{value.strip()}”不是日期；请写作 2025-02-20 或 2025年2月20日")
    return value


def _why_not_a_date(year: int, month: int, day: int) -> str:
    """What is wrong with a date that does not exist: the month, or the day in that month."""
    if not 1 <= month <= 12:
        return f"没有 {month} 月"
    if day < 1:
        return "日不能为 0"
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (first_of_next - dt.timedelta(days=1)).day
    return f"{year}年{month}月只有 {last} 天"


def parse_year(value: Any) -> Any:
    if isinstance(value, str):
        text = value.translate(_FULLWIDTH_DIGITS).strip().removesuffix("年度").removesuffix("年")
        if not re.fullmatch(r"\d{4}", text):
            raise ValueError(f"“{value.strip()}”不是四位年份，如 2024")
        return int(text)
    return value


_YES = {"是", "true", "True", "yes", "y", "1", "有", "加盖"}
_NO = {"否", "false", "False", "no", "n", "0", "无", "不加盖"}


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text in _YES:
            return True
        if text in _NO:
            return False
        raise ValueError(f"“{text}”应为“是”或“否”")
    return value


Text = Annotated[str, BeforeValidator(_text), Field(min_length=1)]
Paragraphs = Annotated[list[Text], BeforeValidator(_paragraphs)]
TextList = Annotated[list[Text], BeforeValidator(_string_list)]
QuantityField = Annotated[
    Quantity,
    PlainValidator(_quantity),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "数量，如“12次”“2300余起”“98%以上”“逾20万元”“0件”",
            "examples": ["2300余起"],
        }
    ),
]
DateField = Annotated[
    dt.date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "description": "日期，如 2025-02-20 或 2025年2月20日"}),
]
YearField = Annotated[
    int,
    BeforeValidator(parse_year),
    WithJsonSchema({"type": ["integer", "string"], "description": "四位年份，如 2024"}),
]
Flag = Annotated[
    bool,
    BeforeValidator(_flag),
    WithJsonSchema({"type": ["boolean", "string"], "enum": [True, False, "是", "否"]}),
]
Quantities = dict[Text, QuantityField]

#: A figure still to be filled in: ``init --from`` writes it for each of last year's figures (last
#: year's text goes into a comment beside it). The model accepts it so that a draft builds and
#: prints it; validate refuses it without ``--draft``, so no stale figure reaches a report unseen.
PENDING = "【待更新】"
#: ``主送: 无``: an edition with no 主送 (the one published on the website); nothing is printed and
#: the gate that asks for a 主送 is silent.
NO_ADDRESSEE = "无"


def is_pending(value: Any) -> bool:
    return isinstance(value, str) and value.strip() == PENDING
