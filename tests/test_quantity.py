"""Quantities: the clerk's text is kept; value, unit, prefix and qualifier are parsed from it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi_report.quantity import QuantityError, chinese_value, parse_quantity


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
    _assert_parses(text, value, unit, prefix, qualifier)


def _assert_parses(text: str, value: str, unit: str, prefix: str, qualifier: str) -> None:
    """The quantity keeps the text exactly as written, with the parts parsed from it."""
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


@pytest.mark.parametrize(
    ("text", "value", "unit", "prefix", "qualifier"),
    [
        ("两万余人次", "20000", "人次", "", "余"),
        ("三千余份", "3000", "份", "", "余"),
        ("十余次", "10", "次", "", "余"),
        ("约三百人", "300", "人", "约", ""),
        ("一亿两千万元", "120000000", "元", "", ""),
        ("一百零五人", "105", "人", "", ""),
    ],
)
def test_approximate_numbers_in_chinese_numerals_are_quantities(
    text: str, value: str, unit: str, prefix: str, qualifier: str
) -> None:
    """概数 are written in Chinese numerals (GB/T 15835); exact counts (十二次) are not."""
    _assert_parses(text, value, unit, prefix, qualifier)


@pytest.mark.parametrize("text", ["三四十人", "四个", "十二次"])
def test_chinese_numerals_without_magnitude_or_qualifier_are_not(text: str) -> None:
    with pytest.raises(QuantityError):
        parse_quantity(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十五", 15),
        ("二十一", 21),
        ("三十一", 31),
        ("两万", 20000),
        ("一百零五", 105),
        ("一亿两千万", 120_000_000),
        ("三四十", None),
        ("", None),
        ("十月", None),
    ],
)
def test_chinese_numerals_read_as_one_number_or_none(text: str, value: int | None) -> None:
    """One reading of Chinese numerals for quantities, dates (二〇二四年十月一日) and heading numbers."""
    assert chinese_value(text) == value


@pytest.mark.parametrize(
    ("text", "unit", "qualifier", "base", "full"),
    [
        ("1.2万余人次", "万人次", "余", "人次", "12000"),  # the 余 after 万 is the qualifier
        ("逾20万元", "万元", "", "元", "200000"),
        ("20万余元", "万元", "余", "元", "200000"),
        ("1万多人", "万人", "多", "人", "10000"),
        ("2.5亿元", "亿元", "", "元", "250000000"),
        ("3万", "万", "", "", "30000"),
        (
            "两万余人次",
            "人次",
            "余",
            "人次",
            "20000",
        ),  # Chinese numerals: the value is full already
        ("8000人次", "人次", "", "人次", "8000"),
    ],
)
def test_a_magnitude_is_part_of_the_unit_and_the_full_value_counts_it(
    text: str, unit: str, qualifier: str, base: str, full: str
) -> None:
    quantity = parse_quantity(text)
    assert (quantity.text, quantity.unit, quantity.qualifier) == (text, unit, qualifier)
    assert (quantity.base_unit, quantity.full_value) == (base, Decimal(full))
