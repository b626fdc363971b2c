"""The summary laid out as plain tables of text (:class:`Sheet`), which every writer shares:
汇总 (one row per unit, last row 合计), 同比, 指标 (how each column was made), 说明, 问题."""

from __future__ import annotations

from msgspec import Struct

from ...catalogue import load, match_name
from ...summary.collect import ITEM_NAMES, UnitRow
from ...summary.compute import Column, Summary

UNIT_HEADER = ("单位", "状态", "单位类型", "年度", "成文日期", "3月1日前报送")
TAIL_HEADER = ("警告数", "事实文件")
TOTAL_LABEL = "合计"


class Sheet(Struct):
    """A titled table; ``numeric[c]`` says column ``c`` holds figures (a spreadsheet may store
    them as numbers that print as written); the last row is the 合计 when ``has_total``."""

    name: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    has_total: bool = False
    frozen_columns: int = 1


FILE_NUMBER = "发文字号"


def unit_columns(file_numbers: bool = False) -> list[str]:
    """The unit's own columns; ``file_numbers``: with a 发文字号 column after the 成文日期."""
    head = [*UNIT_HEADER]
    if file_numbers:
        head.insert(head.index("成文日期") + 1, FILE_NUMBER)
    return [*head, *ITEM_NAMES, *TAIL_HEADER]


def main_sheet(summary: Summary, *, with_changes: bool = False) -> Sheet:
    """汇总: the units' facts and figures (the 发文字号 when some unit has one); ``with_changes``
    appends a 同比 column per figure."""
    keys = [c.key for c in summary.columns]
    changed = _changed_keys(summary) if with_changes else []
    numbers = summary.has_file_numbers
    columns = unit_columns(numbers)
    header = [*columns, *keys, *(f"{k}同比" for k in changed)]
    rows = []
    for index, row in enumerate(summary.rows):
        figures = row.figures.values
        changes = summary.unit_changes.get(index, {})
        rows.append(
            [
                *_unit_cells(row, numbers),
                *(figures[k].text if k in figures else "" for k in keys),
                *(changes.get(k, "") for k in changed),
            ]
        )
    rows.append(
        [
            *_total_cells(summary, numbers),
            *(summary.totals[k].text for k in keys),
            *(summary.total_changes.get(k, "") for k in changed),
        ]
    )
    fixed = len(columns)
    numeric = [name in ("年度", "警告数") for name in columns]
    numeric += [True] * len(keys) + [False] * len(changed)
    assert len(numeric) == len(header) == fixed + len(keys) + len(changed)
    return Sheet("汇总", header, rows, numeric, has_total=True)


def _unit_cells(row: UnitRow, file_numbers: bool = False) -> list[str]:
    status = "有误" if row.error else ("上年度有误" if row.previous_error else "正常")
    facts = row.facts
    on_time = {True: "是", False: "否", None: ""}[row.on_time]
    items = ["有" if present else "缺" for present in row.items()] or [""] * len(ITEM_NAMES)
    return [
        row.name,
        status,
        row.kind,
        str(facts.year) if facts else "",
        row.date,
        *([row.file_number] if file_numbers else []),
        on_time,
        *items,
        str(len(row.warnings)) if facts else "",
        str(row.path),
    ]


def _total_cells(summary: Summary, file_numbers: bool = False) -> list[str]:
    ok = summary.ok_rows
    count = len(ok)
    bad = len(summary.rows) - count
    status = f"{count}个单位" + (f"，{bad}个文件有误" if bad else "")
    years = summary.years
    year = "" if not years else str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"
    on_time = sum(row.on_time is True for row in ok)
    items = [sum(row.items()[i] for row in ok) for i in range(len(ITEM_NAMES))]
    warnings = sum(len(row.warnings) for row in ok)
    return [
        TOTAL_LABEL,
        status,
        "",
        year,
        "",
        *([""] if file_numbers else []),
        f"{on_time}/{count}",
        *(f"{n}/{count}" for n in items),
        str(warnings),
        "",
    ]


def _changed_keys(summary: Summary) -> list[str]:
    changed = {k for changes in summary.unit_changes.values() for k in changes}
    changed |= set(summary.total_changes)
    return [c.key for c in summary.columns if c.key in changed]


def change_sheet(summary: Summary) -> Sheet | None:
    """同比: per unit and of each 合计; None when no unit named its 上年度."""
    if not summary.has_previous:
        return None
    keys = _changed_keys(summary)
    rows = [
        [row.name, *(summary.unit_changes.get(i, {}).get(k, "") for k in keys)]
        for i, row in enumerate(summary.rows)
        if row.previous is not None
    ]
    rows.append([TOTAL_LABEL, *(summary.total_changes.get(k, "") for k in keys)])
    return Sheet("同比", ["单位", *keys], rows, [False] * (len(keys) + 1), has_total=True)


COLUMN_HEADER = (
    "列名",
    "类别",
    "领域",
    "各单位所用名称",
    "填报单位数",
    "合计",
    "合计方式",
    "说明",
    "上年合计",
    "同比",
)


def column_sheet(summary: Summary) -> Sheet:
    """指标: for each figure column, what went into it and how its 合计 was made."""
    rows = []
    for column in summary.columns:
        total = summary.totals[column.key]
        before = summary.previous_totals.get(column.key)
        rows.append(
            [
                column.key,
                "标准指标" if column.indicator else "自定义名称",
                column.indicator.area if column.indicator else "",
                _names(column),
                str(sum(len(units) for units in column.written.values())),
                total.text,
                total.method,
                total.note,
                before.text if before else "",
                summary.total_changes.get(column.key, ""),
            ]
        )
    numeric = [h in ("填报单位数", "合计", "上年合计") for h in COLUMN_HEADER]
    return Sheet("指标", list(COLUMN_HEADER), rows, numeric)


def _names(column: Column) -> str:
    parts = []
    for name, units in column.written.items():
        label = "" if name == column.key else "，别名，已并入"
        parts.append(f"{name}（{len(units)}个单位{label}）")
    return "；".join(parts)


def notes(summary: Summary, *, status: bool = True) -> list[str]:
    """How to read the tables, and what was merged, left apart or left out; without ``status``,
    only what concerns the figures (a county report's 附表 has no 报送情况 table)."""
    lines = [
        "每个单位一行，最后一行为合计；数字为各单位事实文件中所写的原文。",
        "合计：标准指标中可相加的和各单位自拟的名称（比率除外），各单位所写的单位相同时相加"
        "（“万元”与“元”、“1.2万人次”与“人次”算相同；单位不同的不合计）；"
        "比率由各单位的分项之和计算，不取比率的平均数；其余显示最小～最大。",
        "合计带“以上”的，所加数字中有“余”“多”“以上”等；带“约”的，所加数字中有“约”“近”“左右”等。",
    ]
    if status:
        lines.append(
            "法定内容：“有”表示事实文件中写有该项内容，“缺”表示没有写。"
            "3月1日前报送：按成文日期判断（不晚于报告年度次年3月1日）。"
        )
    for column in summary.columns:
        for name, units in column.mapped.items():
            lines.append(f"别名并入：{'、'.join(units)} 的“{name}”列入标准指标“{column.key}”。")
    for column in summary.columns:
        if not column.written and column.indicator and column.indicator.ratio:
            part, whole = column.indicator.ratio
            lines.append(
                f"“{column.key}”各单位均未填写，合计由各单位的“{part}”之和 ÷ “{whole}”之和计算。"
            )
    cat = load()
    for column in summary.columns:
        if column.indicator is None:
            match = match_name(column.key, cat)
            if match.how == "near":
                lines.append(
                    f"未并入：“{column.key}”与标准指标“{match.standard}”相近，单列一栏，请与填报单位核对。"
                )
            elif column.key in cat.aliases:
                lines.append(
                    f"未并入：“{column.key}”是“{cat.aliases[column.key]}”的别名，"
                    "但同一单位也填写了该指标，单列一栏。"
                )
    late = [row.name for row in summary.ok_rows if row.on_time is False]
    if late and status:
        lines.append(f"成文日期晚于次年3月1日：{'、'.join(late)}。")
    if summary.merge_units:
        lines.append("同类单位（如“场”与“次”、“件”与“起”）的数字已相加（--merge-units）。")
    if len(summary.years) > 1:
        lines.append(
            f"注意：各单位的报告年度不一（{'、'.join(map(str, summary.years))}），"
            "合计把这几个年度的数字加在了一起（--years）。"
        )
    for path, year in summary.other_years:
        lines.append(f"未汇总：{path} 是 {year} 年度的（--years）。")
    if summary.previous_only:
        lines.append(
            "作为其他单位的“上年度”读取、未单列一行的文件："
            + "、".join(summary.previous_only)
            + "。"
        )
    if summary.problems() and status:
        lines.append(
            f"有 {len(summary.problems())} 个文件有误，见“问题”表；这些单位的数字未计入合计。"
        )
    return lines


def notes_sheet(summary: Summary) -> Sheet:
    return Sheet("说明", ["说明"], [[line] for line in notes(summary)], [False], frozen_columns=0)


def problem_sheet(summary: Summary) -> Sheet | None:
    problems = summary.problems()
    if not problems:
        return None
    rows = [[path, message] for path, message in problems]
    return Sheet("问题", ["文件", "问题"], rows, [False, False])


def all_sheets(summary: Summary) -> list[Sheet]:
    sheets = [main_sheet(summary), change_sheet(summary), column_sheet(summary)]
    sheets += [notes_sheet(summary), problem_sheet(summary)]
    return [s for s in sheets if s is not None]
