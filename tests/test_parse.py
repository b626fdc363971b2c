"""Parsing the rendered Markdown into the tree: levels, numbers, tables, punctuation fixed once."""

from __future__ import annotations

from fazhi_report.parse import parse_markdown
from fazhi_report.tree import Paragraph, Table


def test_parse_numbers_headings_and_items() -> None:
    parsed = parse_markdown(
        "# 标题\n\n## 甲\n\n### 子一\n\n1. 条一\n1. 条二\n   1. 细一\n\n### 子二\n\n1. 条三\n\n## 乙\n\n### 子三\n\n段落\n"
    )
    assert parsed.title == "标题"
    rendered = [str(b) for b in parsed.blocks]
    assert rendered == [
        "[H1] 一、甲",
        "  [H2] （一）子一",
        "[N3] 1.条一",
        "[N3] 2.条二",
        "[N4] （1）细一",
        "  [H2] （二）子二",
        "[N3] 1.条三",
        "[H1] 二、乙",
        "  [H2] （一）子三",
        "[P] 段落",
    ]


def test_title_and_headings_get_the_punctuation_fix() -> None:
    parsed = parse_markdown("# 关于(2024)年度的报告\n\n## 甲,乙\n\n正文,到此。\n")
    assert parsed.title == "关于（2024）年度的报告"
    assert [str(b) for b in parsed.blocks] == ["[H1] 一、甲，乙", "[P] 正文，到此。"]


def test_a_hard_break_stays_a_line_break_in_one_paragraph() -> None:
    parsed = parse_markdown("第一行\\\n第二行\n")
    assert parsed.blocks == [Paragraph("第一行\n第二行")]


def test_gfm_tables_become_table_blocks() -> None:
    parsed = parse_markdown("| 指标 | 2024年 |\n| --- | --- |\n| 调解 | 12起 |\n")
    assert parsed.blocks == [Table(rows=[["指标", "2024年"], ["调解", "12起"]])]


def test_an_ordered_list_keeps_its_start_number() -> None:
    parsed = parse_markdown("3. 第三条\n4. 第四条\n")
    assert [str(b) for b in parsed.blocks] == ["[N3] 3.第三条", "[N3] 4.第四条"]
