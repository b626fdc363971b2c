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


# Each rule of the fixer, and each exception to it, with the text that needs it: take one away
# and its case fails (checked by removing each from punct.py in turn).
RULES = [
    # URLs: only the URL is protected; the sentence's marks around it are Chinese (GB/T 15834).
    ("https://a.gov.cn/x,详见", "https://a.gov.cn/x，详见", "comma-after-url"),
    ("详见https://a.gov.cn/x;下同", "详见https://a.gov.cn/x；下同", "semicolon-after-url"),
    ("https://a.gov.cn/list(2024)详见", "https://a.gov.cn/list(2024)详见", "brackets-in-url"),
    ("(详见https://a.gov.cn/x)", "（详见https://a.gov.cn/x）", "brackets-around-url"),
    ('他说"详见https://a.gov.cn/x"。', "他说“详见https://a.gov.cn/x”。", "quotes-around-url"),
    ("详见, https://a.gov.cn/x", "详见，https://a.gov.cn/x", "space-before-url"),
    ("完成.https://a.gov.cn/x", "完成。https://a.gov.cn/x", "full-stop-before-url"),
    ("联系abc@x.gov.cn,谢谢", "联系abc@x.gov.cn，谢谢", "comma-after-e-mail"),
    ("来信请寄, abc@x.gov.cn", "来信请寄，abc@x.gov.cn", "space-before-e-mail"),
    # Brackets: full-width when either neighbour or the inside is Chinese.
    ("服务站(PLS)2个", "服务站（PLS）2个", "brackets-chinese-before"),
    ("附件1(PDF)文本", "附件1（PDF）文本", "brackets-chinese-after"),
    ("v1(中文版)", "v1（中文版）", "brackets-chinese-inside"),
    ("((((((((((中))))))))))", "（（（（（（（（（（中））））））））））", "nested-brackets"),
    # A run of marks read right to left takes one pass each: the fixer runs until nothing changes.
    (",,,,,,,,,,,,中", "，，，，，，，，，，，，中", "long-run-of-marks"),
    # Colons: a digit before does not make 附件1: a time (10:30 has digits on both sides).
    ("附件1:关于印发实施方案的通知", "附件1：关于印发实施方案的通知", "colon-after-digit"),
    ("完成: 12次", "完成：12次", "space-dropped-before-digit"),
    ("情况如下: ", "情况如下：", "space-dropped-at-end"),
    ("详见附件 ,PDF格式", "详见附件 ，PDF格式", "neighbour-across-a-space"),
    ("完成.\n下一步", "完成。\n下一步", "full-stop-before-line-break"),
    ("完成.下一步", "完成。下一步", "full-stop-between-chinese"),
    ("等等...", "等等...", "ellipsis-kept"),
    # Thousands keep their comma, in full-width digits too (which count as Chinese).
    ("共１,０００人", "共１,０００人", "full-width-thousands"),
    ("“12．4”国家宪法日", "“12·4”国家宪法日", "special-date-full-width-dot"),
    # An unpaired straight quote is left: which side it opens cannot be known.
    ('他说"好', '他说"好', "unpaired-quote"),
    # Text without Chinese is not touched at all, its straight quotes included.
    ('English "quoted" only.', 'English "quoted" only.', "no-chinese"),
]


@pytest.mark.parametrize(("raw", "fixed"), [r[:2] for r in RULES], ids=[r[2] for r in RULES])
def test_each_rule_and_exception(raw: str, fixed: str) -> None:
    assert fix_punctuation(raw) == fixed


# Text made of what the fixer looks at: Chinese, ASCII and full-width marks, digits (full-width
# ones too), letters, URLs and e-mail addresses.
PUNCTUATION_TEXT = st.one_of(
    st.text(),
    st.text(
        alphabet=st.sampled_from(list("中文,.;:?!()\"' 1234567890abc：（）“”—-/\n１２．")),
        max_size=30,
    ),
    st.lists(
        st.sampled_from(
            [*'中文,.;:?!()" 1２．\n', ",,,,", "https://a.cn/x(1)", "a@b.cn", "“12.4”", "\ue000"]
        ),
        max_size=20,
    ).map("".join),
)


@settings(max_examples=500, deadline=None)
@given(PUNCTUATION_TEXT)
def test_punctuation_fix_is_idempotent_and_keeps_letters(text: str) -> None:
    once = fix_punctuation(text)
    assert fix_punctuation(once) == once
    keep = [c for c in text if c.isalnum()]
    assert [c for c in once if c.isalnum()] == keep
