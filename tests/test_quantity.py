"""Quantities: the clerk's text is kept; value, unit, prefix and qualifier are parsed from it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fazhi_report.quantity import QuantityError, parse_quantity


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
