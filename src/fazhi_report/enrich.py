"""Stage 3, enrich: validated facts → the render context a template sees.

Derived facts live here and nowhere else: the default title and signature, the unit's short name
and self-reference (我镇), dates as ``2025年2月20日``, ``{名称}`` references resolved to the
clerk's own quantity text, and 同比 against last year's facts when ``上年度`` names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from msgspec import Struct

from .conventions import date_text, year_references
from .mandate import ITEMS
from .model import ReportFacts
from .quantity import Quantity
from .validate import ESCAPED_REFERENCE, REFERENCE, mark_placeholders
from .values import PENDING

#: The five mandated items in the mandate's words (templates may print them).
MANDATED_ITEMS = tuple(item.words for item in ITEMS)

_SELF = {
    "乡": "我乡",
    "镇": "我镇",
    "街道": "我街道",
    "县": "我县",
    "区": "我区",
    "市": "我市",
    "部门": "我单位",
}


def unit_type(facts: ReportFacts) -> str:
    if facts.unit_type:
        return facts.unit_type
    name = facts.unit
    for suffix, kind in (
        ("街道", "街道"),
        ("镇", "镇"),
        ("乡", "乡"),
        ("县", "县"),
        ("区", "区"),
        ("市", "市"),
    ):
        core = name.removesuffix("人民政府").removesuffix("办事处")
        if core.endswith(suffix):
            return kind
    return "部门"


def short_name(facts: ReportFacts) -> str:
    if facts.short_name:
        return facts.short_name
    return facts.unit.removesuffix("人民政府").removesuffix("办事处")


def default_title(facts: ReportFacts) -> str:
    if facts.title:
        return facts.title
    issuer = f"{facts.party} {facts.unit}" if facts.party else facts.unit
    return f"{issuer}关于{facts.year}年度法治政府建设情况的报告"


def signature(facts: ReportFacts) -> list[str]:
    if facts.signature:
        return list(facts.signature)
    return [facts.party, facts.unit] if facts.party else [facts.unit]


class Figure(Struct, frozen=True):
    """A quantity as templates see it: prints as the clerk's text; 同比 when last year is known.

    ``quantity`` is None for a figure still :data:`PENDING` (only a ``--draft`` build gets one):
    it prints as the placeholder and has no value, unit or 同比.
    """

    quantity: Quantity | None
    previous: Quantity | None = None

    def __str__(self) -> str:
        return self.文本

    @property
    def 文本(self) -> str:
        return self.quantity.text if self.quantity else PENDING

    @property
    def 数值(self) -> Decimal | None:
        return self.quantity.value if self.quantity else None

    @property
    def 单位(self) -> str:
        return self.quantity.unit if self.quantity else ""

    @property
    def 上年(self) -> str:
        return self.previous.text if self.previous else ""

    @property
    def 同比(self) -> str:
        """“同比增长12.5%” / “同比提高2个百分点” / “与上年持平”; empty when not comparable."""
        return compare(self.quantity, self.previous) if self.quantity else ""


def compare(now: Quantity, before: Quantity | None) -> str:
    """同比 of two figures in the same unit (1.2万人次 and 9000人次 are both 人次)."""
    if (
        before is None
        or now.base_unit != before.base_unit
        or now.is_approximate
        or before.is_approximate
    ):
        return ""
    diff = now.full_value - before.full_value
    if diff == 0:
        return "与上年持平"
    if now.is_percent:
        points = _plain_decimal(abs(diff))
        return f"同比{'提高' if diff > 0 else '下降'}{points}个百分点"
    if before.value == 0:
        return ""
    rate = (abs(diff) / before.full_value * 100).quantize(Decimal("0.1"))
    return f"同比{'增长' if diff > 0 else '下降'}{_plain_decimal(rate)}%"


def _plain_decimal(value: Decimal) -> str:
    # normalize() drops trailing zeros (25.0 → 25); "f" keeps 1E+1 from printing as such.
    return format(value.normalize(), "f")


def resolve(text: str, data: Mapping[str, Quantity | str]) -> str:
    """Replace ``{名称}`` references with the figure's own text; everything else stays literal
    (``\\{名称}`` prints as ``{名称}``).

    Placeholders (only a ``--draft`` build gets this far with any) are marked: 某某 → 【某某】.
    """
    text = REFERENCE.sub(lambda m: str(data.get(m.group(1), m.group(0))), text)
    text = ESCAPED_REFERENCE.sub(r"\1", text)
    return mark_placeholders(text)


def referable(
    facts: ReportFacts, figures: Mapping[str, Quantity | str] | None = None
) -> dict[str, Quantity | str]:
    """What ``{名称}`` names in ``facts``' text: its 数据 (or ``figures``) and the references that
    move with 年度 (``{年度}``, ``{下一年度}``, ``{普法规划}``; no 数据 item may take their names)."""
    return {**year_references(facts.year), **(facts.data if figures is None else figures)}


def _figure_texts(figures: Mapping[str, Quantity | None]) -> dict[str, str]:
    """What each ``{名称}`` prints: the clerk's text, or :data:`PENDING` in a draft."""
    return {name: q.text if q else PENDING for name, q in figures.items()}


def _resolve_all(value: Any, data: Mapping[str, Quantity | str]) -> Any:
    if isinstance(value, str):
        return resolve(value, data)
    if isinstance(value, list):
        return [_resolve_all(v, data) for v in value]
    if isinstance(value, dict):
        return {k: _resolve_all(v, data) for k, v in value.items()}
    return value


def build_context(
    facts: ReportFacts,
    previous: ReportFacts | None = None,
    totals: Mapping[str, Quantity] | None = None,
) -> dict[str, Any]:
    """The template's variables, keyed in Chinese like the facts file.

    ``totals`` are a county's figures summed from its units (:mod:`.rollup`): referable like its
    own 数据, which never names one of them again (the roll-up refuses that), so none overwrites.
    """
    # One dump through ReportFacts (an Event's own would build its serializer too: model.py).
    dumped = facts.model_dump(
        by_alias=True, exclude={"data": True, "events": {"__all__": {"data"}}}
    )
    events = dumped.pop("活动")
    figures: dict[str, Quantity | None] = {**(totals or {}), **dict(facts.figures())}
    texts = referable(facts, _figure_texts(figures))
    context: dict[str, Any] = _resolve_all(dumped, texts)
    before = previous.data if previous else {}
    context["数据"] = {name: Figure(q, before.get(name)) for name, q in figures.items()}
    context["活动"] = [
        {**_resolve_all(event, texts), "数据": _figure_texts(dict(e.figures()))}
        for event, e in zip(events, facts.events, strict=True)
    ]
    kind = unit_type(facts)
    context.update(
        {
            "标题": resolve(default_title(facts), referable(facts)),
            "简称": short_name(facts),
            "单位类型": kind,
            "自称": _SELF[kind],
            "下一年度": facts.year + 1,
            "普法规划": year_references(facts.year)["普法规划"],
            "成文日期": date_text(facts.date),
            "署名": signature(facts),
            "法定事项": MANDATED_ITEMS,
        }
    )
    return context
