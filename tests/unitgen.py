"""Writes many varied unit facts files from a seed, with a manifest of what each one says.

The manifest is the ground truth the summary tests check against: every figure's exact text, its
number, whether it is approximate, and the standard indicator it means (or None for a custom
name). Names vary (standard, alias, a near miss, custom), figures carry 余/多/以上/约, figures and
mandated items go missing, dates fall before and after 3月1日, and some units name a 上年度 file.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

YEAR = 2024
PLACES = [
    "青山",
    "白水",
    "东湖",
    "西岭",
    "南屏",
    "北塘",
    "石桥",
    "柳岸",
    "松林",
    "梅园",
    "竹溪",
    "桃源",
    "杏花",
    "枫林",
    "荷塘",
    "云台",
]
KINDS = (("镇人民政府", "镇"), ("乡人民政府", "乡"), ("街道办事处", "街道"), ("司法局", "部门"))


@dataclass(frozen=True)
class Spec:
    """A figure the generator may write: standard name, aliases, a near miss, unit, range."""

    name: str
    aliases: tuple[str, ...]
    near: str  # the same characters in another order: a slip the summary must not merge
    unit: str
    low: int
    high: int
    whole: str | None = None  # a part is drawn no larger than its whole


SPECS = (
    Spec("调解矛盾纠纷", ("调解纠纷", "矛盾纠纷调解"), "调解纠纷矛盾", "起", 40, 3000),
    Spec("调解成功", ("成功调解",), "调成解功", "起", 0, 0, whole="调解矛盾纠纷"),
    Spec("热线诉求", ("受理热线诉求",), "诉求热线", "件", 100, 900),
    Spec("热线诉求办结", ("热线办结",), "热线办结诉求", "件", 0, 0, whole="热线诉求"),
    Spec("执法人员", ("行政执法人员",), "人员执法", "人", 5, 60),
    Spec("持证执法人员", ("持证人员",), "执法持证人员", "人", 0, 0, whole="执法人员"),
    Spec("法律咨询", ("提供法律咨询",), "咨询法律", "人次", 50, 3000),
    Spec("发放宣传资料", ("发放普法资料",), "宣传资料发放", "份", 200, 8000),
    Spec("普法宣传活动", ("法治宣传活动",), "宣传普法活动", "次", 3, 40),
    Spec("化解信访积案", ("化解积案",), "信访积案化解", "起", 1, 20),
    Spec("罚没金额", ("罚没款",), "金额罚没", "万元", 1, 80),
)
RATES = {"调解成功率": ("调解成功", "调解矛盾纠纷"), "热线办结率": ("热线诉求办结", "热线诉求")}
CUSTOM = (("收集积案", "起"), ("走访群众", "户次"), ("网格巡查", "次"))
ITEMS = ("主要举措", "问题", "第一责任人", "计划", "其他")


@dataclass(frozen=True)
class Figure:
    written: str  # the 数据 name used
    standard: str | None  # the column it belongs in; None for a custom name or a near miss
    how: str  # standard / alias / near / custom / rate
    value: int
    text: str
    approx: str = ""  # "" exact, or 余 / 以上 / 约


@dataclass
class Unit:
    path: Path
    name: str
    kind: str
    date: dt.date
    items: tuple[bool, ...]
    figures: list[Figure]
    previous: list[Figure] | None = None
    previous_path: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def on_time(self) -> bool:
        return self.date <= dt.date(YEAR + 1, 3, 1)


def write_units(folder: Path, count: int, seed: int) -> list[Unit]:
    """Write ``count`` unit files (and some 上年度 files under ``上年/``) into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    units = []
    for i in range(count):
        suffix, kind = rng.choice(KINDS)
        name = f"{PLACES[i % len(PLACES)]}{i // len(PLACES) + 1}{suffix}"
        path = folder / f"unit-{i:03d}.yaml"
        date = dt.date(YEAR + 1, rng.choice([1, 2, 2, 2, 3]), rng.randint(1, 28))
        items = tuple(rng.random() < 0.8 for _ in ITEMS)
        unit = Unit(path, name, kind, date, items, _figures(rng))
        if rng.random() < 0.3:
            unit.previous = _figures(rng, standard_only=True)
            unit.previous_path = folder / "上年" / f"unit-{i:03d}-{YEAR - 1}.yaml"
            _write(unit.previous_path, unit, unit.previous, YEAR - 1, None)
        _write(path, unit, unit.figures, YEAR, unit.previous_path)
        units.append(unit)
    return units


def _figures(rng: random.Random, *, standard_only: bool = False) -> list[Figure]:
    drawn: dict[str, Figure] = {}
    for spec in SPECS:
        if rng.random() < 0.25:  # a unit that did not report this figure
            continue
        if spec.whole is not None:
            whole = drawn.get(spec.whole)
            if whole is None or whole.approx == "约":
                continue
            value = rng.randint(0, whole.value)
        else:
            value = rng.randint(spec.low, spec.high)
        approx = "" if standard_only else rng.choice(["", "", "", "余", "以上", "约"])
        if approx == "余":
            value -= value % 10
            approx = approx if value else ""
        written, how = spec.name, "standard"
        roll = rng.random()
        if not standard_only and roll < 0.2:
            written, how = rng.choice(spec.aliases), "alias"
        elif not standard_only and roll < 0.27:
            written, how = spec.near, "near"
        standard = None if how == "near" else spec.name
        drawn[spec.name] = Figure(
            written, standard, how, value, _text(value, spec.unit, approx), approx
        )
    figures = list(drawn.values())
    for rate, (part, whole) in RATES.items():
        if rate in drawn or rng.random() < 0.5:
            continue
        if part not in drawn and whole not in drawn:  # a unit that gave the rate alone
            value = rng.randint(80, 100)
            figures.append(Figure(rate, rate, "rate", value, f"{value}%"))
    if not standard_only:
        for name, unit in CUSTOM:
            if rng.random() < 0.4:
                value = rng.randint(1, 500)
                figures.append(Figure(name, None, "custom", value, f"{value}{unit}"))
    return figures


def _text(value: int, unit: str, approx: str) -> str:
    if approx == "约":
        return f"约{value}{unit}"
    if approx == "以上":
        return f"{value}{unit}以上"
    return f"{value}{approx}{unit}"


def _write(path: Path, unit: Unit, figures: list[Figure], year: int, previous: Path | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"单位: {unit.name}",
        f"年度: {year}",
        f"成文日期: {unit.date.replace(year=year + 1).isoformat()}",
    ]
    if previous is not None:
        lines.append(f"上年度: {previous.relative_to(path.parent).as_posix()}")
    if figures:
        lines += ["数据:", *(f"  {f.written}: {f.text}" for f in figures)]
    present = unit.items if year == YEAR else (True,) * len(ITEMS)
    content = {
        "主要举措": "主要举措:\n  - 标题: 加强组织领导\n    内容: 召开专题会议研究法治建设。",
        "问题": "问题:\n  - 标题: 执法力量不足",
        "第一责任人": "第一责任人:\n  要点: [主持专题会议]",
        "计划": "计划:\n  - 标题: 深化依法行政",
        "其他": "其他: 无其他需要报告的情况。",
    }
    lines += [content[key] for key, there in zip(ITEMS, present, strict=True) if there]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
