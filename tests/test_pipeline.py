"""Unit tests of the stages between facts and tree: punctuation, quantities, templates, parsing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi_report.build import prepare
from fazhi_report.enrich import compare, date_text
from fazhi_report.errors import TemplateError
from fazhi_report.parse import parse_markdown
from fazhi_report.punct import fix_punctuation
from fazhi_report.quantity import QuantityError, parse_quantity
from fazhi_report.templates import md_escape

MINIMAL = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"


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


@pytest.mark.parametrize(
    ("text", "value", "unit", "prefix", "qualifier"),
    [
        ("2300余起", "2300", "起", "", "余"),
        ("98%以上", "98", "%", "", "以上"),
        ("逾20万元", "20", "万元", "逾", ""),
        ("0件", "0", "件", "", ""),
        ("20多次", "20", "次", "", "多"),
        ("2897人次", "2897", "人次", "", ""),
        ("3.5个百分点", "3.5", "个百分点", "", ""),
        ("１２次", "12", "次", "", ""),
    ],
)
def test_quantities_parse_without_respelling(
    text: str, value: str, unit: str, prefix: str, qualifier: str
) -> None:
    quantity = parse_quantity(text)
    assert (quantity.text, quantity.value, quantity.unit, quantity.prefix, quantity.qualifier) == (
        text,
        Decimal(value),
        unit,
        prefix,
        qualifier,
    )


@pytest.mark.parametrize("text", ["十二次", "", "次", "120%", "3次5件", "约"])
def test_non_quantities_are_rejected(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(text)


def test_year_on_year_comparison() -> None:
    assert compare(parse_quantity("15次"), parse_quantity("12次")) == "同比增长25%"
    assert compare(parse_quantity("9次"), parse_quantity("8次")) == "同比增长12.5%"
    assert compare(parse_quantity("98%"), parse_quantity("96%")) == "同比提高2个百分点"
    assert compare(parse_quantity("2300余起"), parse_quantity("2100余起")) == ""  # approximations
    assert compare(parse_quantity("5件"), parse_quantity("5件")) == "与上年持平"
    assert compare(parse_quantity("5件"), parse_quantity("5次")) == ""


def test_dates_are_never_zero_padded() -> None:
    import datetime as dt

    assert date_text(dt.date(2024, 3, 5)) == "2024年3月5日"


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


def _facts(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(MINIMAL + extra, encoding="utf-8")
    return path


def test_facts_are_data_never_templates_or_markdown(tmp_path: Path) -> None:
    extra = (
        "导语:\n"
        "  - '{{ 单位 }} 与 {% if x %} 原样印出'\n"
        "  - '# 不是标题 *不是强调* [不是链接](x) <b>不是HTML</b>'\n"
        "  - '1. 不是列表'\n"
    )
    text = str(prepare(_facts(tmp_path, extra)).document)
    assert "[P] {{ 单位 }} 与 {% if x %} 原样印出" in text
    assert "[P] # 不是标题 *不是强调* [不是链接](x) <b>不是HTML</b>" in text
    assert "[P] 1. 不是列表" in text


def test_references_print_the_clerks_own_text(tmp_path: Path) -> None:
    extra = "数据:\n  调解: 2300余起\n导语:\n  - 全年调解{调解}，另有{{调解}}不是引用。\n"
    text = str(prepare(_facts(tmp_path, extra)).document)
    assert "[P] 全年调解2300余起，另有{{调解}}不是引用。" in text


def test_user_template_extends_builtin_and_overrides_one_block(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        '{% extends "builtin:official/report.md.j2" %}\n{% block other %}\n## 其他需要报告的情况\n\n本单位无。\n\n{% endblock %}\n',
        encoding="utf-8",
    )
    text = str(prepare(_facts(tmp_path, ""), str(folder)).document)
    assert "[H1] 五、其他需要报告的情况\n[P] 本单位无。" in text
    assert "[H1] 一、2024年度推进法治政府建设的主要举措和成效" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("# 标题\n{{ 不存在 }}\n", "不存在的变量"),
        ("# 标题\n{% if %}\n", "模板语法错误"),
        ("# 标题\n{{ ''.__class__.__mro__ }}\n", "report.md.j2"),
    ],
)
def test_template_errors_name_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "report.md.j2").write_text(body, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        prepare(_facts(tmp_path, ""), str(folder))
    rendered = caught.value.render()
    assert message in rendered
    assert "report.md.j2:2" in rendered


def test_markdown_escape_round_trips_through_the_parser() -> None:
    text = r"a*b_c [d](e) #f 1. g \h `i` <j> |k| ~l~"
    parsed = parse_markdown(md_escape(text) + "\n")
    assert parsed.blocks[0].text == text  # type: ignore[union-attr]
