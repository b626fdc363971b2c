"""A small catalogue of the standard indicators of a 法治政府建设 report, and the checks it allows.

``数据`` keys are the clerk's own words, so the catalogue never limits what may be written; it
only lets the facts be checked where the meaning is fixed:

- units: a rate (``…率``, ``…比例``) is a percentage; a catalogued count has a count unit;
- parts and wholes: ``调解成功`` cannot exceed ``调解矛盾纠纷``, ``办结`` cannot exceed ``受理``,
  ``持证执法人员`` cannot exceed ``执法人员`` …;
- likely typos: ``调解矛盾纠分`` is one character away from ``调解矛盾纠纷`` — a **warning**, not
  an error, because a free key one character away from a catalogued one may well be another
  indicator (``受理案件``/``办理案件``); when it *is* a typo the part/whole check silently does not
  apply, which is exactly what the warning says. (A typo in a ``{引用}`` is an error elsewhere.)

Approximate quantities are compared by their bounds: ``2300余起`` is at most 2400,
``98%以上`` has no upper bound, ``约50件`` is never used to prove anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .quantity import Quantity

COUNT_OF_CASES = frozenset({"件", "起", "宗", "个", "例"})
COUNT_OF_PEOPLE = frozenset({"人", "名", "位"})
COUNT_OF_TIMES = frozenset({"次", "场", "期", "轮"})
PERCENT = frozenset({"%", "‰"})


@dataclass(frozen=True)
class Indicator:
    """A standard indicator: the units it may have and the whole it is a part of (if any)."""

    name: str
    units: frozenset[str]
    whole: str | None = None


def _catalogue(*items: Indicator) -> dict[str, Indicator]:
    return {item.name: item for item in items}


CATALOGUE: dict[str, Indicator] = _catalogue(
    # 矛盾纠纷化解
    Indicator("调解矛盾纠纷", COUNT_OF_CASES),
    Indicator("调解成功", COUNT_OF_CASES, whole="调解矛盾纠纷"),
    Indicator("调解成功率", PERCENT),
    Indicator("信访积案", COUNT_OF_CASES),
    Indicator("化解信访积案", COUNT_OF_CASES, whole="信访积案"),
    Indicator("热线诉求", COUNT_OF_CASES),
    Indicator("热线诉求办结", COUNT_OF_CASES, whole="热线诉求"),
    # 受理与办结（政务服务、复议、信访的通用口径）
    Indicator("受理", COUNT_OF_CASES),
    Indicator("办结", COUNT_OF_CASES, whole="受理"),
    Indicator("办结率", PERCENT),
    # 行政执法
    Indicator("执法人员", COUNT_OF_PEOPLE),
    Indicator("持证执法人员", COUNT_OF_PEOPLE, whole="执法人员"),
    Indicator("执法人员持证率", PERCENT),
    Indicator("行政处罚案件", COUNT_OF_CASES),
    Indicator("案卷评查", COUNT_OF_TIMES | COUNT_OF_CASES | frozenset({"卷", "份"})),
    # 行政复议与应诉
    Indicator("行政复议案件", COUNT_OF_CASES),
    Indicator("行政复议纠错", COUNT_OF_CASES, whole="行政复议案件"),
    Indicator("行政诉讼案件", COUNT_OF_CASES),
    Indicator("行政诉讼败诉", COUNT_OF_CASES, whole="行政诉讼案件"),
    Indicator("负责人出庭应诉率", PERCENT),
    # 依法决策
    Indicator("合法性审查", COUNT_OF_TIMES | COUNT_OF_CASES | frozenset({"份"})),
    Indicator("规范性文件", COUNT_OF_CASES | frozenset({"份"})),
    Indicator("重大行政决策", COUNT_OF_CASES | frozenset({"项"})),
    # 普法
    Indicator("普法宣传活动", COUNT_OF_TIMES),
    Indicator("发放宣传资料", frozenset({"份", "册", "本", "张"})),
    Indicator("法律咨询", frozenset({"人次", "次", "件", "人"})),
    Indicator("法律明白人", COUNT_OF_PEOPLE),
    Indicator("学法考试合格率", PERCENT),
)

#: Endings that make any key a rate, catalogued or not.
RATE_ENDINGS = ("率", "比例", "占比")


@dataclass(frozen=True)
class Finding:
    """One result of the checks: ``key`` is the 数据 key it is about; errors block a build."""

    key: str
    message: str
    hint: str | None = None
    error: bool = True
    about_key: bool = False  # located at the key (a typo), not at the value


def check(data: Mapping[str, Quantity]) -> Iterator[Finding]:
    """Units, part ≤ whole and likely typos over one ``数据`` mapping."""
    for key, quantity in data.items():
        yield from _unit(key, quantity)
    for key, quantity in data.items():
        indicator = CATALOGUE.get(key)
        if indicator is None or indicator.whole is None or indicator.whole not in data:
            continue
        whole = data[indicator.whole]
        if _exceeds(quantity, whole):
            yield Finding(
                key,
                f"“{key}”（{quantity.text}）大于“{indicator.whole}”（{whole.text}）：部分不能大于总数",
                f"“{key}”是“{indicator.whole}”的一部分；请核对这两个数字。",
            )
    for key in data:
        near = likely_typo(key)
        if near is not None:
            yield Finding(
                key,
                f"数据项“{key}”与常用指标“{near}”只差一个字，是否写错？",
                f"若是同一指标，请改为“{near}”，以便核对单位和总数；若确是另一指标，可忽略此提醒。",
                error=False,
                about_key=True,
            )


def is_rate(key: str) -> bool:
    return key.endswith(RATE_ENDINGS)


def _unit(key: str, quantity: Quantity) -> Iterator[Finding]:
    indicator = CATALOGUE.get(key)
    if is_rate(key) or (indicator is not None and indicator.units == PERCENT):
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
    elif quantity.unit and quantity.unit not in indicator.units:
        yield Finding(
            key,
            f"“{key}”的单位“{quantity.unit}”不常见（通常为{_units(indicator)}）",
            "请确认单位是否写错；单位不同的数字无法计算同比。",
            error=False,
        )


def _units(indicator: Indicator) -> str:
    return "、".join(f"“{u}”" for u in sorted(indicator.units))


def _lower(quantity: Quantity) -> Decimal | None:
    """The least the quantity can be (None: it proves no lower bound, e.g. 约50件、50件以下)."""
    if quantity.prefix in ("约", "近") or quantity.qualifier in ("左右", "以下", "以内"):
        return None
    return quantity.value


def _upper(quantity: Quantity) -> Decimal | None:
    """The most the quantity can be (None: no upper bound, e.g. 逾2000起、98%以上)."""
    if quantity.prefix in ("逾", "超", "超过", "约") or quantity.qualifier in ("以上", "左右"):
        return None
    if quantity.qualifier in ("余", "多"):
        # 2300余 → below 2400, 20余 → below 30: the next step of the last non-zero digit.
        digits = quantity.value.normalize().as_tuple()
        step = (
            Decimal(1).scaleb(max(0, int(digits.exponent)))
            if isinstance(digits.exponent, int)
            else Decimal(1)
        )
        return quantity.value + step
    return quantity.value


def _exceeds(part: Quantity, whole: Quantity) -> bool:
    if part.is_percent or whole.is_percent:
        return False
    low, high = _lower(part), _upper(whole)
    if low is None or high is None:
        return False
    return low > high


def likely_typo(key: str) -> str | None:
    """A catalogued name one edit away from ``key`` (neither containing the other), if any."""
    if key in CATALOGUE or len(key) < 4:
        return None
    for name in CATALOGUE:
        if len(name) < 4 or name in key or key in name:
            continue
        if _one_edit(key, name):
            return name
    return None


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
