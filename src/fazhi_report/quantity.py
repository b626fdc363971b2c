"""Quantities as a clerk writes them: ``2300余起``, ``98%以上``, ``逾20万元``, ``0件``.

A :class:`Quantity` keeps the clerk's exact text (what the report prints) and the parts parsed
from it (what checks and 同比 use). Nothing is rounded or re-spelled.

Approximate numbers (概数) may be written in Chinese numerals, as GB/T 15835 allows and reports
do: ``两万余人次``, ``三千余份``, ``十余次``, ``约三百人`` — a Chinese numeral is a quantity when it
has a magnitude (百/千/万/亿) or a 余/多 or an approximating prefix. An exact count in Chinese
numerals (``十二次``) is still refused: 数据 are written in Arabic numerals.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation

from msgspec import Struct

from .chars import invisible_character
from .patterns import lazy

# The qualifiers of a number, by what they say of it: the one home of this grammar (validate,
# the importer's quantity finder, the checks across figures, the summary's totals and notes).
#: Before the number: more than it (逾2000起), about it (约300人), just below it (近300人).
MORE_THAN = ("逾", "超过", "超")
ABOUT = ("约",)
NEARLY = ("近",)
#: After the number or its unit: a little more (2300余起), at least (98%以上), roughly (300人左右),
#: at most (5件以下).
OVER = ("余", "多")
AT_LEAST = ("以上",)
ROUGHLY = ("左右",)
AT_MOST = ("以下", "以内")
#: 达/逾/超/约/近/共/累计/全年 before the number; 余/多/以上/左右/以内/以下 after it or after the unit.
PREFIXES = (
    "累计",
    "全年",
    "共计",
    "合计",
    "达到",
    "达",
    *MORE_THAN,
    *ABOUT,
    *NEARLY,
    "共",
    "均为",
    "均达",
)
SUFFIXES = (*AT_LEAST, *AT_MOST, *ROUGHLY, *OVER)
#: Prefixes that make a number approximate (the others only stress it: 累计, 共, 达 …), longest
#: first for regular expressions.
APPROXIMATING = (*MORE_THAN, *ABOUT, *NEARLY)
#: Qualifiers written between the number and the unit (2300余起, 20多次) …
QUALIFIERS_AFTER_NUMBER = OVER
#: … and after the unit (98%以上, 10人左右).
QUALIFIERS_AFTER_UNIT = (*AT_LEAST, *AT_MOST, *ROUGHLY)
#: Words before a number that only introduce it (累计, 达到): not part of a quantity found in prose.
LEAD_WORDS = tuple(p for p in PREFIXES if p not in APPROXIMATING)
_NUMBER = r"(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)"
#: Written after the number, before 余/多 and the unit: 1.2万余人次 is 1.2 × 10000 人次, more or
#: less; 2.4万起 is 24,000 起, 3千人次 3,000 人次. Longest first.
MAGNITUDES = {
    "十万": Decimal(100_000),
    "百万": Decimal(1_000_000),
    "千万": Decimal(10_000_000),
    "万": Decimal(10_000),
    "千": Decimal(1_000),
    "百": Decimal(100),
    "亿": Decimal(100_000_000),
}
#: The magnitudes as a regular expression (百 not in 百分点/百分比).
MAGNITUDE_PATTERN = "|".join(MAGNITUDES).replace("|百|", "|百(?!分)|")
_PATTERN = lazy(
    rf"^(?P<prefix>{'|'.join(PREFIXES)})?\s*{_NUMBER}\s*"
    rf"(?P<magnitude>{MAGNITUDE_PATTERN})?"
    rf"(?P<mid>{'|'.join(SUFFIXES)})?"
    r"(?P<unit>%|‰|[^\d\s]*?)"
    rf"(?P<suffix>{'|'.join(SUFFIXES)})?$"
)


class Quantity(Struct, frozen=True):
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
        return bool(self.qualifier) or self.prefix in APPROXIMATING

    @property
    def magnitude(self) -> Decimal:
        """10000 for a unit written with 万 (``1.2万人次``, ``20万元``), 10⁸ with 亿, 1000 with 千 …"""
        return split_magnitude(self.unit)[0]

    @property
    def base_unit(self) -> str:
        """The unit without its magnitude: ``人次`` for ``1.2万人次``."""
        return split_magnitude(self.unit)[1]

    @property
    def full_value(self) -> Decimal:
        """The number in the base unit: 12000 for ``1.2万余人次``, 200000 for ``逾20万元``."""
        return self.value * self.magnitude


def split_magnitude(unit: str) -> tuple[Decimal, str]:
    """(factor, what is counted): ``万起`` → (10000, ``起``), ``万元`` → (10000, ``元``), ``起`` →
    (1, ``起``). ``百分点`` is not a hundred of anything."""
    if not unit.startswith("百分"):
        for prefix, factor in MAGNITUDES.items():
            if unit.startswith(prefix):
                return factor, unit[len(prefix) :]
    return Decimal(1), unit


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
    return _parse_text(str(raw).strip())


# A long report's quantities are read by import, validate and each rendering: parsed once each.
@functools.lru_cache(maxsize=1 << 15)
def _parse_text(text: str) -> Quantity:
    if not text:
        raise QuantityError("数量不能为空，如“12次”“0件”")
    message = invisible_character(text)
    if message:
        raise QuantityError(message)
    normalized = _ZERO_WIDTH.sub("", text).replace("％", "%").replace("，", ",")
    normalized = normalized.translate(_FULLWIDTH_DIGITS)
    _refuse_common_slips(text, normalized)
    chinese = _chinese_quantity(text, normalized)
    if chinese is not None:
        return chinese
    match = _PATTERN.match(normalized)
    if match is None:
        raise QuantityError(
            f"“{text}”不是数量：数量以数字开头（阿拉伯数字，或“三百多起”这样的汉字概数）"
        )
    if re.match(r"0\d", match["number"]):
        raise QuantityError(f"“{text}”的数字以 0 开头；请去掉开头的 0（如“12次”），以免被误读")
    try:
        value = Decimal(match["number"].replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex only admits digits
        raise QuantityError(f"“{text}”中的数字无法识别") from exc
    qualifier = match["mid"] or match["suffix"] or ""
    unit = (match["magnitude"] or "") + (match["unit"] or "")
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
_ZERO_WIDTH = lazy("[\u200b-\u200f\u2060\ufeff]")
_PLACEHOLDER = lazy(r"^(?:[XxＸｘ×]+|[?？]+|某+|TBD|TODO)|待(?:补充|填写|核实|定|更新)")


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


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_CN_TENS = {"十": 10, "百": 100, "千": 1000}
_CN_GROUPS = {"万": 10_000, "亿": 100_000_000}
#: A Chinese numeral: its first character, and the characters that may follow.
CN_FIRST = "一二两三四五六七八九十"
CN_REST = "零〇一二两三四五六七八九十百千万亿"
_CN_PATTERN = lazy(
    rf"^(?P<prefix>{'|'.join(PREFIXES)})?(?P<number>[{CN_FIRST}][{CN_REST}]*)"
    rf"(?P<mid>{'|'.join(QUALIFIERS_AFTER_NUMBER)})?(?P<unit>%|[^\d\s]*?)(?P<suffix>{'|'.join(SUFFIXES)})?$"
)


def _chinese_quantity(text: str, normalized: str) -> Quantity | None:
    """A 概数 in Chinese numerals (两万余人次), or None when ``text`` is not one."""
    match = _CN_PATTERN.match(normalized)
    if match is None:
        return None
    number, prefix = match["number"], match["prefix"] or ""
    qualifier = match["mid"] or match["suffix"] or ""
    approximate = bool(re.search("[百千万亿]", number) or qualifier or prefix in APPROXIMATING)
    value = chinese_value(number)
    if not approximate or value is None:
        return None
    unit = match["unit"] or ""
    return Quantity(text=text, value=Decimal(value), unit=unit, prefix=prefix, qualifier=qualifier)


def chinese_value(number: str) -> int | None:
    """两万 → 20000, 一百二十 → 120, 十 → 10, 二十一 → 21; None for what is not one number (三四十,
    or any character that is not a Chinese numeral)."""
    if not number:
        return None
    whole, myriads, group, digit = 0, 0, 0, None  # 亿s done, the 万 part, below 万, last digit
    for ch in number:
        if ch in "零〇":
            continue  # 一百零五: the zero only holds a place
        if ch in _CN_DIGITS:
            if digit is not None:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_TENS:
            group += (1 if digit is None else digit) * _CN_TENS[ch]
            digit = None
        elif ch == "万":
            myriads = (group + (digit or 0)) * _CN_GROUPS["万"]
            group, digit = 0, None
        elif ch == "亿":
            whole = (whole + myriads + group + (digit or 0)) * _CN_GROUPS["亿"]
            myriads, group, digit = 0, 0, None
        else:
            return None
    return whole + myriads + group + (digit or 0)
