"""Quantities as a clerk writes them: ``2300余起``, ``98%以上``, ``逾20万元``, ``0件``.

A :class:`Quantity` keeps the clerk's exact text (what the report prints) and the parts parsed
from it (what checks and 同比 use). Nothing is rounded or re-spelled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .chars import invisible_character

# 达/逾/超/约/近/共/累计/全年 before the number; 余/多/以上/左右/以内/以下 after it or after the unit.
_PREFIXES = (
    "累计",
    "全年",
    "共计",
    "合计",
    "达到",
    "达",
    "逾",
    "超过",
    "超",
    "约",
    "近",
    "共",
    "均为",
    "均达",
)
_SUFFIXES = ("以上", "以下", "以内", "左右", "余", "多")
_NUMBER = r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)"
_PATTERN = re.compile(
    rf"^(?P<prefix>{'|'.join(_PREFIXES)})?\s*{_NUMBER}\s*"
    rf"(?P<mid>{'|'.join(_SUFFIXES)})?"
    r"(?P<unit>%|‰|[^\d\s]*?)"
    rf"(?P<suffix>{'|'.join(_SUFFIXES)})?$"
)


@dataclass(frozen=True)
class Quantity:
    """A parsed count: ``text`` is printed as is; ``value``/``unit``/qualifiers are for checks."""

    text: str
    value: Decimal
    unit: str = ""
    prefix: str = ""
    qualifier: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "‰")

    @property
    def is_approximate(self) -> bool:
        return bool(self.qualifier) or self.prefix in ("逾", "超", "超过", "约", "近")


class QuantityError(ValueError):
    """The text is not a quantity; the message says what a quantity looks like."""


def parse_quantity(raw: object) -> Quantity:
    """Parse a clerk's quantity text; raise :class:`QuantityError` with a Chinese message."""
    if isinstance(raw, Quantity):
        return raw
    if isinstance(raw, bool) or raw is None:
        raise QuantityError("应为数量，如“12次”“2300余起”“98%以上”")
    if isinstance(raw, list | dict | tuple | set):
        raise QuantityError("应为一个数量（一行文字），如“12次”，而不是列表或映射")
    text = str(raw).strip()
    if not text:
        raise QuantityError("数量不能为空，如“12次”“0件”")
    message = invisible_character(text)
    if message:
        raise QuantityError(message)
    normalized = _ZERO_WIDTH.sub("", text).replace("％", "%").replace("，", ",")
    normalized = normalized.translate(_FULLWIDTH_DIGITS)
    _refuse_common_slips(text, normalized)
    match = _PATTERN.match(normalized)
    if match is None:
        raise QuantityError(
            f"“{text}”不是数量；应以阿拉伯数字开头，如“12次”“2300余起”“98%以上”“逾20万元”"
        )
    if re.match(r"0\d", match["number"]):
        raise QuantityError(f"“{text}”的数字以 0 开头；请去掉开头的 0（如“12次”），以免被误读")
    try:
        value = Decimal(match["number"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex only admits digits
        raise QuantityError(f"“{text}”中的数字无法识别") from exc
    qualifier = match["mid"] or match["suffix"] or ""
    unit = match["unit"] or ""
    if unit and any(ch.isdigit() for ch in unit):
        raise QuantityError(f"“{text}”含有多个数字；一个数量只写一个数，如“12次”")
    if (
        unit in ("%", "‰")
        and value > (100 if unit == "%" else 1000)
        and qualifier not in ("以下", "以内")
    ):
        raise QuantityError(f"“{text}”：百分比不能超过 100%")
    return Quantity(
        text=text, value=value, unit=unit, prefix=match["prefix"] or "", qualifier=qualifier
    )


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff]")
_PLACEHOLDER = re.compile(r"^(?:[XxＸｘ×]+|[?？]+|某+|TBD|TODO)|待(?:补充|填写|核实|定|更新)")


def _refuse_common_slips(text: str, normalized: str) -> None:
    """Say precisely what is wrong with the usual non-quantities (a bare “not a quantity” helps little)."""
    if _PLACEHOLDER.search(normalized):
        raise QuantityError(f"数量还没有填写：“{text}”是占位符；请填写实际数字，如“12次”")
    if re.match(r"^\s*(?:[-－−﹣]|负)\s*\d", normalized):
        raise QuantityError(f"“{text}”是负数；数量不能为负数（减少的情况请在正文中说明）")
    if re.match(r"^\d+(?:_\d+)+", normalized):
        raise QuantityError(
            f"“{text}”中的下划线不是数字的一部分；请写作“{normalized.replace('_', '')}”或用逗号分隔千位"
        )
    if re.fullmatch(r"\d{4}\s*(?:[-/.年]\s*\d{1,2}\s*(?:[-/.月]\s*\d{1,2}\s*日?)?)", normalized):
        raise QuantityError(f"“{text}”是日期，不是数量；“数据”中只写数量，如“12次”")
    if re.match(r"^\d+(?:\.\d+)?\s*[-~～至到]\s*\d", normalized):
        raise QuantityError(f"“{text}”是一个范围；一个数量只写一个数，如“20余次”")
