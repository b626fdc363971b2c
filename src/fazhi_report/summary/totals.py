"""The 合计 of each column, computed from the parsed figures, saying how and how exactly.

- An indicator the catalogue says adds up, and a name of the units' own that is not a rate, is
  summed — only when every unit wrote the same unit (``万元`` is ``元``, ``1.2万人次`` is 12000
  ``人次``). Units that count the same kind of thing under another word (``场``/``次``,
  ``件``/``起``: one group in the catalogue) are added only when asked (``--merge-units``);
  otherwise the column has no total and says why. A total with an approximate part (余/多/以上/逾)
  reads ``4609起以上``, one with 约/近/左右 ``约4609起``: never a figure that looks exact when it is not.
- A rate with parts (``调解成功率`` = ``调解成功`` ÷ ``调解矛盾纠纷``) is recomputed from the summed
  parts of the units that gave both — never an average of rates; units that gave only the rate
  are named in the note. With no such unit, the rate is shown as its range.
- Everything else (rates without parts, indicators that do not add up, a rate of the units' own
  naming) is shown as its smallest–largest figure, each as its unit wrote it.
- 同比 of a total compares the same units in both years (those that have both figures).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct

from ..catalogue import Indicator, load
from ..enrich import compare
from ..quantity import AT_LEAST, MORE_THAN, OVER, Quantity

#: Qualifiers that make a figure a lower bound (2300余起: more than 2300).
LOWER_BOUND_QUALIFIERS = (*OVER, *AT_LEAST)
LOWER_BOUND_PREFIXES = MORE_THAN
RATE_STEP = Decimal("0.1")

METHOD_SUM = "相加"
METHOD_RATIO = "由分项计算"
METHOD_RANGE = "最小～最大"


class Total(Struct, frozen=True):
    """A column's 合计 cell: ``text`` to show, ``method`` how it was made, ``note`` any caveat;
    ``left_out`` says why a column that could have had a total has none (the screen shows it)."""

    text: str
    method: str
    note: str = ""
    quantity: Quantity | None = None  # the total as a quantity (for 同比); None for a range
    left_out: str = ""


#: How the units' units must agree for their figures to be added up.
MERGE_HINT = "加 --merge-units 可把同类单位（如“场”与“次”、“件”与“起”）相加"


def group_of(quantity: Quantity) -> tuple[str, Decimal]:
    """(what the unit counts, its factor): ``万元`` → (``元``, 10000), ``1.2万场`` → (``次``,
    10000); a unit the catalogue does not know is its own group."""
    unit = load().units.get(quantity.base_unit)
    group, factor = (unit.group, unit.factor) if unit else (quantity.base_unit, Decimal(1))
    return group, factor * quantity.magnitude


def same_group(quantities: Sequence[Quantity]) -> bool:
    return len({group_of(q)[0] for q in quantities}) <= 1


def agree(quantities: Sequence[Quantity], *, merge_units: bool = False) -> bool:
    """Whether these figures may be added: the same unit (万 aside), or with ``merge_units`` the
    same group of the catalogue."""
    if merge_units:
        return same_group(quantities)
    return len({q.base_unit for q in quantities}) <= 1


def add_up(quantities: Sequence[Quantity], *, merge_units: bool = False) -> Quantity | None:
    """The sum as a quantity in the most used unit; None when the units do not agree."""
    if not quantities or not agree(quantities, merge_units=merge_units):
        return None
    units = Counter(q.unit for q in quantities)
    unit = max(units, key=lambda u: (units[u], -[q.unit for q in quantities].index(u)))
    factor = group_of(Quantity("", Decimal(0), unit))[1]
    value = sum((q.value * group_of(q)[1] for q in quantities), Decimal(0)) / factor
    prefix, qualifier = _approximation(quantities)
    return Quantity(_text(prefix, value, unit, qualifier), value, unit, prefix, qualifier)


def _approximation(quantities: Sequence[Quantity]) -> tuple[str, str]:
    """(prefix, qualifier) the sum of these figures needs to stay true."""
    loose = [q for q in quantities if q.is_approximate]
    if not loose:
        return "", ""
    if all(
        q.qualifier in LOWER_BOUND_QUALIFIERS or q.prefix in LOWER_BOUND_PREFIXES for q in loose
    ):
        return "", "以上"
    return "约", ""


def _text(prefix: str, value: Decimal, unit: str, qualifier: str) -> str:
    return f"{prefix}{plain(value)}{unit}{qualifier}"


def plain(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 4609, 12.5, 0.125."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def span(quantities: Sequence[Quantity]) -> Total:
    """Smallest–largest, each figure as written."""
    if not same_group(quantities):
        units = "、".join(dict.fromkeys(q.unit or "无单位" for q in quantities))
        return Total("", METHOD_RANGE, f"单位不一（{units}），未比较大小")
    ordered = sorted(quantities, key=lambda q: q.value * group_of(q)[1])
    low, high = ordered[0], ordered[-1]
    text = low.text if low.text == high.text else f"{low.text}～{high.text}"
    return Total(text, METHOD_RANGE)


def summed(quantities: Sequence[Quantity], *, merge_units: bool = False) -> Total:
    if len(quantities) == 1:  # one unit's figure is its own total, as that unit wrote it
        return Total(quantities[0].text, METHOD_SUM, "", quantities[0])
    total = add_up(quantities, merge_units=merge_units)
    if total is None:
        units = "、".join(dict.fromkeys(q.base_unit or "无单位" for q in quantities))
        why = f"各单位所写的单位不一（{units}），未合计"
        left_out = f"{why}；{MERGE_HINT}" if same_group(quantities) else why
        return Total("", METHOD_SUM, why, left_out=left_out)
    notes = []
    if total.is_approximate:
        notes.append("含约数（余、多、以上、约…），合计为各单位所写数字之和")
    if len({q.base_unit for q in quantities}) > 1:
        units = "、".join(dict.fromkeys(q.base_unit for q in quantities))
        notes.append(f"同类单位（{units}）按 --merge-units 相加")
    return Total(total.text, METHOD_SUM, "；".join(notes), total)


def rate_of(part: Quantity, whole: Quantity) -> Quantity | None:
    """part ÷ whole as a percentage (one decimal), approximate if either is."""
    if whole.value == 0 or not same_group([part, whole]):
        return None
    value = (part.value * group_of(part)[1] * 100 / (whole.value * group_of(whole)[1])).quantize(
        RATE_STEP, ROUND_HALF_UP
    )
    prefix = "约" if part.is_approximate or whole.is_approximate else ""
    return Quantity(_text(prefix, value, "%", ""), value, "%", prefix)


def ratio(
    indicator: Indicator,
    pairs: Sequence[tuple[Quantity, Quantity]],
    rates: Sequence[Quantity],
    rate_only: Sequence[str],
    *,
    merge_units: bool = False,
) -> Total:
    """A rate from the summed parts of the units that gave both; ``rate_only`` names the units
    that gave the rate (or one part) without both parts."""
    assert indicator.ratio is not None
    part_name, whole_name = indicator.ratio
    parts = add_up([p for p, _ in pairs], merge_units=merge_units)
    wholes = add_up([w for _, w in pairs], merge_units=merge_units)
    total = rate_of(parts, wholes) if parts and wholes else None
    if total is None:
        fallback = span(rates) if rates else Total("", METHOD_RANGE)
        if not pairs:
            note = f"没有单位同时填报“{part_name}”和“{whole_name}”，显示各单位所填比率的范围"
            return Total(fallback.text, fallback.method, note)
        why = f"各单位“{part_name}”或“{whole_name}”的单位不一，未由分项计算"
        return Total(fallback.text, fallback.method, why, left_out=f"{why}；{MERGE_HINT}")
    note = f"{len(pairs)} 个单位的“{part_name}”之和 ÷ “{whole_name}”之和"
    text = total.text
    left_out = ""
    if rate_only:
        text += f"（{len(pairs)}个单位）"
        left_out = f"{'、'.join(rate_only)} 未同时填报“{part_name}”和“{whole_name}”，未计入"
        note += f"；{left_out}"
    return Total(text, METHOD_RATIO, note, total, left_out)


def change(now: Total, before: Total, units: int) -> str:
    """同比 of two totals over the same ``units``; empty when either is approximate or missing."""
    if now.quantity is None or before.quantity is None:
        return ""
    text = compare(now.quantity, before.quantity)
    return f"{text}（{units}个单位）" if text else ""
