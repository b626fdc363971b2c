"""Punctuation: half-width marks next to Chinese become full-width; URLs, numbers and times stay."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi_report.punct import fix_punctuation


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        ("2023年,环渚街道紧扣目标。", "2023年，环渚街道紧扣目标。"),
        ("相关工作情况如下:", "相关工作情况如下："),
        ("具体包含: 一是", "具体包含：一是"),
        ("(一)将党的领导贯穿全过程", "（一）将党的领导贯穿全过程"),
        ('用好党建引领"网格化治理"机制', "用好党建引领“网格化治理”机制"),
        ("充分发挥“12.4”国家宪法日", "充分发挥“12·4”国家宪法日"),
        ("会议于10:30开始", "会议于10:30开始"),
        ("增长3.5个百分点", "增长3.5个百分点"),
        ("共1,000人", "共1,000人"),
        ("依据GB/T 9704-2012排版", "依据GB/T 9704-2012排版"),
        ("详见https://www.example.gov.cn/a,b?c=1。", "详见https://www.example.gov.cn/a,b?c=1。"),
        ("是否落实?是!", "是否落实？是！"),
        ("《法治政府建设实施纲要(2015-2020年)》", "《法治政府建设实施纲要（2015-2020年）》"),
        ("English only, (kept) as is.", "English only, (kept) as is."),
    ],
)
def test_punctuation_becomes_full_width_next_to_chinese(raw: str, fixed: str) -> None:
    assert fix_punctuation(raw) == fixed


# Text made of what the fixer looks at: Chinese, ASCII and full-width marks, digits, letters.
PUNCTUATION_TEXT = st.one_of(
    st.text(),
    st.text(
        alphabet=st.sampled_from(list("中文,.;:?!()\"' 1234567890abc：（）“”—-/\n")), max_size=30
    ),
)


@settings(max_examples=500, deadline=None)
@given(PUNCTUATION_TEXT)
def test_punctuation_fix_is_idempotent_and_keeps_letters(text: str) -> None:
    once = fix_punctuation(text)
    assert fix_punctuation(once) == once
    keep = [c for c in text if c.isalnum()]
    assert [c for c in once if c.isalnum()] == keep
