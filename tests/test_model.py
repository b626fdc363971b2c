"""The facts model: Chinese keys or English names, text kept as typed, unknown keys refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from fazhi_report.model import ReportFacts
from fazhi_report.values import parse_date, parse_year

BASE = {"单位": "青山镇人民政府", "年度": "2024", "成文日期": "2025-02-20"}


def _errors(data: dict[str, Any]) -> list[tuple[str, tuple[Any, ...]]]:
    with pytest.raises(ValidationError) as caught:
        ReportFacts.model_validate(data)
    return [(e["type"], tuple(e["loc"])) for e in caught.value.errors()]


@pytest.mark.parametrize(
    "text", ["2025-02-20", "2025/2/20", "2025.02.20", "2025年2月20日", "２０２５－０２－２０"]
)
def test_dates_in_every_usual_spelling(text: str) -> None:
    assert parse_date(text) == dt.date(2025, 2, 20)


@pytest.mark.parametrize(
    ("text", "message"),
    [("2025-02-30", "“2025-02-30”不是有效日期"), ("明年", "请写作 2025-02-20 或 2025年2月20日")],
)
def test_impossible_dates_and_non_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_years_are_four_digits_with_or_without_nian_du() -> None:
    assert parse_year("2024") == parse_year("2024年度") == parse_year("２０２４年") == 2024
    with pytest.raises(ValueError, match="不是四位年份"):
        parse_year("24")


def test_chinese_keys_and_english_names_give_the_same_facts() -> None:
    chinese = ReportFacts.model_validate(
        {**BASE, "导语": "第一段\n\n 第二段 ", "抄送": "县司法局", "加盖印章": "是"}
    )
    english = ReportFacts.model_validate(
        {
            "unit": "青山镇人民政府",
            "year": "2024",
            "date": "2025-02-20",
            "intro": ["第一段", "第二段"],
            "cc": ["县司法局"],
            "sealed": True,
        }
    )
    assert chinese == english
    assert chinese.intro == ["第一段", "第二段"]  # one string: a paragraph per non-empty line
    assert chinese.cc == ["县司法局"]  # one string: a list of one


def test_text_is_stripped_and_must_not_be_empty() -> None:
    facts = ReportFacts.model_validate({**BASE, "单位": "  青山镇人民政府 "})
    assert facts.unit == "青山镇人民政府"
    assert _errors({**BASE, "主送": "   "}) == [("too_short", ("主送",))]


def test_unknown_keys_are_errors_at_every_level() -> None:
    assert _errors({**BASE, "主送机构": "县政府"}) == [("extra_forbidden", ("主送机构",))]
    measures = [{"标题": "甲", "条木": []}]
    assert _errors({**BASE, "主要举措": measures}) == [("extra_forbidden", ("主要举措", 0, "条木"))]


def test_flags_read_shi_and_fou() -> None:
    assert ReportFacts.model_validate({**BASE, "加盖印章": "是"}).sealed is True
    assert ReportFacts.model_validate({**BASE, "加盖印章": "否"}).sealed is False
    assert _errors({**BASE, "加盖印章": "也许"}) == [("value_error", ("加盖印章",))]


def test_quantities_keep_the_text_and_dump_it_back() -> None:
    facts = ReportFacts.model_validate({**BASE, "数据": {"调解": "2300余起"}})
    quantity = facts.data["调解"]
    assert (quantity.text, quantity.value, quantity.qualifier) == ("2300余起", Decimal(2300), "余")
    assert facts.model_dump(by_alias=True)["数据"] == {"调解": "2300余起"}


def test_facts_are_frozen() -> None:
    facts = ReportFacts.model_validate(BASE)
    with pytest.raises(ValidationError):
        facts.year = 2025  # type: ignore[misc]
