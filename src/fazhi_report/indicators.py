"""The checks the indicator catalogue allows on one ``数据`` block (the catalogue itself, its data
file and the matching of names live in :mod:`catalogue`).

``数据`` keys are the clerk's own words, so the catalogue never limits what may be written; it
only lets the facts be checked where the meaning is fixed:

- units: a rate (``…率``, ``…比例``) is a percentage; a catalogued count has a count unit;
- parts and wholes: ``调解成功`` cannot exceed ``调解矛盾纠纷``, ``办结`` cannot exceed ``受理``,
  ``持证执法人员`` cannot exceed ``执法人员`` …; an alias (``化解积案``) is checked as its
  standard indicator (``化解信访积案``);
- names: an alias gets a **warning** suggesting the standard name (so that the county can add
  the figures up); a near miss (``调解矛盾纠分``) gets a warning naming the indicator it is probably
  a slip for — not an error, because a free key one character away from a catalogued one may well
  be another indicator (``受理案件``/``办理案件``); when it *is* a typo the part/whole check
  silently does not apply, which is exactly what the warning says. (A typo in a ``{引用}`` is an
  error elsewhere.)

Approximate quantities are compared by their bounds: ``2300余起`` is at most 2400,
``98%以上`` has no upper bound, ``约50件`` is never used to prove anything; and by what they count,
whatever the magnitude: ``2.4万起`` is 24,000 起 (:attr:`Quantity.full_value`).

- rates and their parts: a rate the clerk states (``调解成功率: 98%``) beside both its parts
  (``调解成功``, ``调解矛盾纠纷``) must be their ratio within the rate's rounding (98% is 97.5–98.5%;
  约98% within a point); one that is not gets a **warning** naming all three.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct

from .catalogue import Indicator, Match, match_names
from .quantity import ABOUT, AT_LEAST, AT_MOST, MORE_THAN, NEARLY, OVER, ROUGHLY, Quantity

#: Endings that make any key a rate, catalogued or not.
RATE_ENDINGS = ("率", "比例", "占比")


class Finding(Struct, frozen=True):
    """One result of the checks: ``key`` is the 数据 key it is about; errors block a build."""

    key: str
    message: str
    hint: str | None = None
    error: bool = True
    about_key: bool = False  # located at the key (a typo), not at the value


def check(data: Mapping[str, Quantity]) -> Iterator[Finding]:
    """Units, part ≤ whole and the names' hints over one ``数据`` mapping."""
    matches = match_names(data)
    for key, quantity in data.items():
        yield from _unit(key, quantity, matches[key].indicator)
    yield from _parts(data, matches)
    yield from _rates(data, matches)
    for key in data:
        yield from _name_hint(matches[key])


def _parts(data: Mapping[str, Quantity], matches: Mapping[str, Match]) -> Iterator[Finding]:
    """A part never exceeds its whole, each found under its standard name or a mapped alias."""
    by_column = {m.column: key for key, m in matches.items() if m.indicator is not None}
    for key, quantity in data.items():
        indicator = matches[key].indicator
        whole_key = by_column.get(indicator.part_of or "") if indicator is not None else None
        if whole_key is None:
            continue
        whole = data[whole_key]
        if _exceeds(quantity, whole):
            yield Finding(
                key,
                f"“{key}”（{quantity.text}）大于“{whole_key}”（{whole.text}）：部分不能大于总数",
                f"“{key}”是“{whole_key}”的一部分；请核对这两个数字。",
            )


def _name_hint(match: Match) -> Iterator[Finding]:
    key, standard = match.name, match.standard
    if match.how == "alias":
        message = f"这是标准指标“{standard}”的别名；建议改用标准名称，以便县里汇总"
        yield Finding(key, message, None, error=False, about_key=True)
    elif match.how == "duplicate":
        yield Finding(
            key,
            f"“{key}”是标准指标“{standard}”的别名，而本组数据中已有“{standard}”或它的另一个别名",
            "同一指标只写一次；若确是另一项数据，请换一个名称。汇总时这一项单列一栏。",
            error=False,
            about_key=True,
        )
    elif match.how == "near" and standard is not None:
        if sorted(key) == sorted(standard):
            message = f"数据项“{key}”与标准指标“{standard}”用字相同、顺序不同，是否为同一指标？"
        else:
            message = f"数据项“{key}”与常用指标“{standard}”只差一个字，是否写错？"
        yield Finding(
            key,
            message,
            f"若是同一指标，请改为“{standard}”，以便核对单位和总数；若确是另一指标，可忽略此提醒。",
            error=False,
            about_key=True,
        )


def is_rate(key: str) -> bool:
    return key.endswith(RATE_ENDINGS)


def _unit(key: str, quantity: Quantity, indicator: Indicator | None) -> Iterator[Finding]:
    if is_rate(key) or (indicator is not None and indicator.is_rate):
        if not quantity.is_percent:
            yield Finding(
                key,
                f"“{key}”是比率，应写百分数（如“98%”），而不是“{quantity.text}”",
                "请在数字后加上“%”；如果这里要写的是件数、人数，请改用不以“率”结尾的名称。",
            )
        return
    if indicator is None:
        return
    if quantity.is_percent:
        yield Finding(
            key,
            f"“{key}”是数量，单位应为{_units(indicator)}，不能是百分数“{quantity.text}”",
            f"比率请另写一项，如“{key}率: {quantity.text}”。",
        )
    elif quantity.unit and not {quantity.unit, quantity.base_unit} & set(indicator.units):
        yield Finding(
            key,
            f"“{key}”的单位“{quantity.unit}”不常见（通常为{_units(indicator)}）",
            "请确认单位是否写错；单位不同的数字无法计算同比。",
            error=False,
        )


def _units(indicator: Indicator) -> str:
    return "、".join(f"“{u}”" for u in sorted(indicator.units))


def _lower(quantity: Quantity) -> Decimal | None:
    """The least the quantity can be, in what it counts (None: it proves no lower bound, e.g.
    约50件、50件以下); ``2.4万起`` is 24,000."""
    if quantity.prefix in (*ABOUT, *NEARLY) or quantity.qualifier in (*ROUGHLY, *AT_MOST):
        return None
    return quantity.full_value


def _upper(quantity: Quantity) -> Decimal | None:
    """The most the quantity can be, in what it counts (None: no upper bound, e.g. 逾2000起、
    98%以上)."""
    if quantity.prefix in (*MORE_THAN, *ABOUT) or quantity.qualifier in (*AT_LEAST, *ROUGHLY):
        return None
    factor = quantity.magnitude
    if quantity.qualifier in OVER:
        # 2300余 → below 2400, 20余 → below 30, 2万余 → below 3万: the next step of the last
        # non-zero digit, as written.
        digits = quantity.value.normalize().as_tuple()
        step = (
            Decimal(1).scaleb(max(0, int(digits.exponent)))
            if isinstance(digits.exponent, int)
            else Decimal(1)
        )
        return (quantity.value + step) * factor
    return quantity.full_value


def _exceeds(part: Quantity, whole: Quantity) -> bool:
    if part.is_percent or whole.is_percent:
        return False
    low, high = _lower(part), _upper(whole)
    if low is None or high is None:
        return False
    return low > high


def _rates(data: Mapping[str, Quantity], matches: Mapping[str, Match]) -> Iterator[Finding]:
    """A stated rate agrees, within its rounding, with the ratio of its two parts."""
    by_column = {m.column: key for key, m in matches.items() if m.indicator is not None}
    for key, rate in data.items():
        indicator = matches[key].indicator
        if indicator is None or indicator.ratio is None or not rate.is_percent:
            continue
        part_key, whole_key = (by_column.get(name) for name in indicator.ratio)
        if part_key is None or whole_key is None:
            continue
        part, whole = data[part_key], data[whole_key]
        if part.is_percent or whole.is_percent or _exceeds(part, whole):
            continue  # a part above its whole is an error of its own
        found = _ratio(part, whole)
        if found is None or _overlap(found, _stated(rate)):
            continue
        yield Finding(
            key,
            f"“{key}”（{rate.text}）与“{part_key}”（{part.text}）÷“{whole_key}”（{whole.text}）"
            f"= {_shown(found)} 不符",
            f"“{key}”应等于“{part_key}”除以“{whole_key}”（可四舍五入）；请核对这三个数字。",
            error=False,
        )


Interval = tuple[Decimal, Decimal | None]  # low, high (None: no upper bound)


def _ratio(part: Quantity, whole: Quantity) -> Interval | None:
    """The percentage ``part`` ÷ ``whole`` can be, from their bounds; None if it proves nothing."""
    low_part, high_part = _lower(part) or Decimal(0), _upper(part)
    low_whole, high_whole = _lower(whole), _upper(whole)
    if high_whole is None or high_whole == 0 or (low_part == 0 and high_part is None):
        return None
    low = low_part * 100 / high_whole
    high = None if high_part is None or not low_whole else high_part * 100 / low_whole
    return low, high


def _stated(rate: Quantity) -> Interval:
    """What a written rate means, as a percentage: 98% is 97.5–98.5, 98%以上 from 97.5 up,
    约98% 97–99."""
    value = rate.value / 10 if rate.unit == "‰" else rate.value
    exponent = rate.value.as_tuple().exponent
    half = Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)
    if rate.unit == "‰":
        half /= 10
    if rate.prefix in (*ABOUT, *NEARLY) or rate.qualifier in ROUGHLY:
        half = max(half, Decimal(1))
    low, high = value - half, value + half
    if rate.prefix in MORE_THAN or rate.qualifier in AT_LEAST:
        return low, None
    if rate.qualifier in AT_MOST:
        return Decimal(0), high
    return low, high


def _overlap(one: Interval, other: Interval) -> bool:
    (low1, high1), (low2, high2) = one, other
    return (high2 is None or low1 <= high2) and (high1 is None or low2 <= high1)


def _shown(interval: Interval) -> str:
    low, high = interval
    if high is None:
        return f"{_percent(low)}以上"
    if _percent(low) == _percent(high):
        return _percent(low)
    return f"{_percent(low)}～{_percent(high)}"


def _percent(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
