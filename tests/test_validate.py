"""Validation: every problem of a facts file found in one pass, rules across fields included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fazhi_report.errors import FactsError
from fazhi_report.validate import REFERENCE, load_facts, mark_placeholders

from .support import write_facts

TODAY = dt.date(2025, 3, 1)


def _problems(path: Path, *, draft: bool = False, today: dt.date = TODAY) -> dict[str, str]:
    """Field path → message of every problem ``load_facts`` finds."""
    with pytest.raises(FactsError) as caught:
        load_facts(path, draft=draft, today=today)
    return {p.path: p.message for p in caught.value.problems}


def _facts(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_facts_come_back_as_a_model(tmp_path: Path) -> None:
    facts, source = load_facts(write_facts(tmp_path, "数据:\n  会议: 4次\n"), today=TODAY)
    assert (facts.unit, facts.year, facts.date) == ("青山镇人民政府", 2024, dt.date(2025, 2, 20))
    assert facts.data["会议"].text == "4次"
    assert source.warnings == []


def test_all_problems_of_a_file_are_found_at_once(tmp_path: Path) -> None:
    path = _facts(
        tmp_path,
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-30\n主送机构: 县政府\n"
        "导语:\n  - 召开会议{会意}。\n数据:\n  会议: 4次\n  调解矛盾纠纷: 200起\n  调解成功: 300起\n",
    )
    problems = _problems(path)
    assert set(problems) == {"成文日期", "主送机构", "导语[1]", "数据.调解成功"}
    assert problems["导语[1]"] == "引用了“数据”中没有的项 {会意}"


def test_the_year_may_not_be_in_the_future(tmp_path: Path) -> None:
    path = write_facts(tmp_path)
    assert _problems(path, today=dt.date(2023, 12, 31)) == {
        "年度": "年度 2024 在未来（今天是 2023-12-31）"
    }
    facts, _ = load_facts(path, today=dt.date(2024, 1, 1))
    assert facts.year == 2024


def test_the_issue_date_may_not_precede_the_year(tmp_path: Path) -> None:
    path = _facts(tmp_path, "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2023-12-31\n")
    assert _problems(path) == {"成文日期": "成文日期 2023-12-31 早于报告年度 2024"}


def test_last_years_file_must_exist(tmp_path: Path) -> None:
    path = write_facts(tmp_path, "上年度: 2023.yaml\n")
    assert "上年度文件“2023.yaml”不存在" in _problems(path)["上年度"]
    write_facts(tmp_path, name="2023.yaml")
    load_facts(path, today=TODAY)


def test_placeholders_are_errors_unless_drafting(tmp_path: Path) -> None:
    path = write_facts(tmp_path, "导语:\n  - 某某村有待补充完善的制度。\n")
    assert _problems(path) == {"导语[1]": "正文中留有占位符“某某”"}
    facts, _ = load_facts(path, draft=True, today=TODAY)
    assert facts.intro == ["某某村有待补充完善的制度。"]


def test_a_draft_marks_placeholders_but_not_ordinary_chinese() -> None:
    assert mark_placeholders("某某村有待补充完善XX") == "【某某】村有待补充完善【XX】"
    assert mark_placeholders("【待核实】") == "【待核实】"


def test_references_are_single_braces_only() -> None:
    assert REFERENCE.findall("{甲}{{乙}} {丙 丁} {戊}") == ["甲", "戊"]
