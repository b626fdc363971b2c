"""Typesetting rules shared by the writers: widths, line estimates and the title's line breaks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fazhi_report.typeset import estimate_lines, text_width, title_lines


def test_title_lines_are_balanced() -> None:
    lines = title_lines("中共青山镇委员会 青山镇人民政府关于2024年度法治政府建设情况的报告")
    assert lines == ["中共青山镇委员会 青山镇人民政府", "关于2024年度法治政府建设情况的报告"]
    assert title_lines("关于2024年度法治政府建设情况的报告") == [
        "关于2024年度法治政府建设情况的报告"
    ]
    long = "中共临川县某某街道工作委员会 临川县人民政府某某街道办事处关于二〇二四年度法治政府建设工作情况暨二〇二五年度工作计划的报告"
    lines = title_lines(long)
    widths = [text_width(line) for line in lines]
    assert max(widths) <= 20
    assert max(widths) - min(widths) <= 3
    assert "".join(lines).replace(" ", "") == long.replace(" ", "")


def test_title_never_breaks_inside_a_number() -> None:
    for line in title_lines("青山镇人民政府关于20242025两个年度法治政府建设情况的总结报告"):
        assert not line.startswith(("0", "2", "4", "5"))


def test_estimate_lines() -> None:
    assert estimate_lines("法" * 26, 2) == 1
    assert estimate_lines("法" * 27, 2) == 2
    assert estimate_lines("法" * 54, 2) == 2
    # a full stop past the 28th character hangs in the margin …
    assert estimate_lines("法" * 26 + "。", 2) == 1
    # … any other closing mark never starts a line: the character before it goes down with it
    assert estimate_lines("法" * 26 + "》", 2) == 2
    assert estimate_lines("法" * 25 + "《法》", 2) == 2


@given(st.text(alphabet="中共青山镇委员会人民政府关于年度法治 ABC12（）、，", max_size=40))
def test_the_widths_the_title_split_uses_are_the_lines_widths(title: str) -> None:
    """The split reads each candidate line's width from running sums: the same as measuring
    the stripped line itself."""
    from fazhi_report.typeset import _widths_between, text_width

    bounds = list(range(len(title) + 1))
    widths = _widths_between(title, bounds)
    for i in range(len(bounds)):
        for j in range(i + 1, len(bounds)):
            assert widths[i][j] == text_width(title[bounds[i] : bounds[j]].strip())
