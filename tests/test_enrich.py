"""Enrich: the facts a template sees beyond what the clerk typed (names, title, dates, 同比)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from fazhi_report.build import prepare
from fazhi_report.enrich import (
    build_context,
    compare,
    date_text,
    default_title,
    resolve,
    short_name,
    signature,
    unit_type,
)
from fazhi_report.model import ReportFacts
from fazhi_report.quantity import parse_quantity

from .support import write_facts

BASE = {"单位": "青山镇人民政府", "年度": "2024", "成文日期": "2025-02-20"}


def _facts(**fields: Any) -> ReportFacts:
    return ReportFacts.model_validate({**BASE, **fields})


def test_year_on_year_comparison() -> None:
    assert compare(parse_quantity("15次"), parse_quantity("12次")) == "同比增长25%"
    assert compare(parse_quantity("9次"), parse_quantity("8次")) == "同比增长12.5%"
    assert compare(parse_quantity("98%"), parse_quantity("96%")) == "同比提高2个百分点"
    assert compare(parse_quantity("2300余起"), parse_quantity("2100余起")) == ""  # approximations
    assert compare(parse_quantity("5件"), parse_quantity("5件")) == "与上年持平"
    assert compare(parse_quantity("5件"), parse_quantity("5次")) == ""


def test_dates_are_never_zero_padded() -> None:
    assert date_text(dt.date(2024, 3, 5)) == "2024年3月5日"


def test_references_print_the_clerks_own_text(tmp_path: Path) -> None:
    extra = "数据:\n  调解: 2300余起\n导语:\n  - 全年调解{调解}，另有{{调解}}不是引用。\n"
    text = str(prepare(write_facts(tmp_path, extra)).document)
    assert "[P] 全年调解2300余起，另有{{调解}}不是引用。" in text


@pytest.mark.parametrize(
    ("unit", "kind", "short", "self_name"),
    [
        ("青山镇人民政府", "镇", "青山镇", "我镇"),
        ("环渚街道办事处", "街道", "环渚街道", "我街道"),
        ("临川县人民政府", "县", "临川县", "我县"),
        ("临川县司法局", "部门", "临川县司法局", "我单位"),
    ],
)
def test_unit_type_short_name_and_self_reference_follow_the_unit(
    unit: str, kind: str, short: str, self_name: str
) -> None:
    facts = _facts(单位=unit)
    assert (unit_type(facts), short_name(facts)) == (kind, short)
    context = build_context(facts)
    assert (context["单位类型"], context["简称"], context["自称"]) == (kind, short, self_name)


def test_what_the_clerk_wrote_wins_over_what_is_derived() -> None:
    facts = _facts(单位类型="街道", 简称="青山", 标题="关于青山的报告", 署名=["青山镇"])
    assert (unit_type(facts), short_name(facts)) == ("街道", "青山")
    assert default_title(facts) == "关于青山的报告"
    assert signature(facts) == ["青山镇"]


def test_a_joint_report_names_the_party_committee_in_title_and_signature() -> None:
    facts = _facts(党委名称="中共青山镇委员会")
    assert default_title(facts) == (
        "中共青山镇委员会 青山镇人民政府关于2024年度法治政府建设情况的报告"
    )
    assert signature(facts) == ["中共青山镇委员会", "青山镇人民政府"]
    assert signature(_facts()) == ["青山镇人民政府"]


def test_context_resolves_references_everywhere_and_compares_with_last_year() -> None:
    now = _facts(
        数据={"会议": "15次", "调解": "2300余起"},
        主要举措=[{"标题": "甲", "条目": [{"内容": "召开会议{会议}，{未知}不是数据。"}]}],
    )
    before = _facts(年度="2023", 数据={"会议": "12次"})
    context = build_context(now, before)
    item = context["主要举措"][0]["条目"][0]
    assert item["内容"] == ["召开会议15次，{未知}不是数据。"]
    meetings = context["数据"]["会议"]
    assert (str(meetings), meetings.上年, meetings.同比) == ("15次", "12次", "同比增长25%")
    assert context["数据"]["调解"].同比 == ""  # not in last year's facts
    assert (context["下一年度"], context["成文日期"]) == (2025, "2025年2月20日")


def test_resolve_marks_placeholders_a_draft_leaves() -> None:
    data = {"会议": parse_quantity("15次")}
    assert resolve("某某村召开会议{会议}", data) == "【某某】村召开会议15次"
