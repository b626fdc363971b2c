"""The summary as a document tree, for a .docx 附表 in the project's GB/T 9704 layout.

A 公文 page is 156 mm wide, far too narrow for one column per indicator, so the tree holds
narrow tables instead: 报送情况 (one row per unit), then the figures area by area (the 纲要's
tasks, then the township areas, then custom names), at most :data:`FIGURES_PER_TABLE` indicators
beside the unit column, each table ending in its 合计; then 合计与同比 (one row per indicator) and
the notes. The existing .docx writer lays it out, so ``fazhi-report check``'s layout rules apply.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import assert_never

from ...catalogue import load
from ...conventions import date_text
from ...punct import fix_punctuation
from ...summary.collect import ITEM_NAMES
from ...summary.compute import Column, Summary
from ...tree import Block, Document, Heading, NumberedItem, Paragraph, Table, number_blocks
from .tables import TOTAL_LABEL, notes

FIGURES_PER_TABLE = 4


def summary_document(summary: Summary, *, issued: dt.date | None = None) -> Document:
    day = issued or dt.date.today()
    body: list[Block] = [Heading(1, "报送情况"), _status_table(summary)]
    body += _figures(summary)
    body.append(Heading(1, "说明"))
    body += [Paragraph(line) for line in notes(summary)]
    number_blocks(body)
    return Document(
        title=_fixed(summary.title),
        body=[_fixed_block(b) for b in body],
        date_text=date_text(day),
        issued=day,
        year=summary.years[-1] if summary.years else 0,
    )


def figure_blocks(summary: Summary) -> list[Block]:
    """The figures alone, as a county report's 附表 (:mod:`fazhi_report.rollup`): the tables area
    by area, 合计与同比, and the notes on how the figures were added up. The units' 报送情况 (dates,
    missing items, warnings) is the county office's, not the public report's."""
    body = _figures(summary)
    body.append(Heading(1, "说明"))
    body += [Paragraph(line) for line in notes(summary, status=False)]
    number_blocks(body)
    return [_fixed_block(b) for b in body]


def _figures(summary: Summary) -> list[Block]:
    body: list[Block] = []
    for title, columns in _groups(summary.columns):
        body.append(Heading(1, title))
        for start in range(0, len(columns), FIGURES_PER_TABLE):
            body.append(_figure_table(summary, columns[start : start + FIGURES_PER_TABLE]))
    if summary.columns:
        body += [Heading(1, "合计与同比"), _totals_table(summary)]
    return body


def _groups(columns: Sequence[Column]) -> Iterator[tuple[str, list[Column]]]:
    """Catalogue columns by area (in the catalogue's order of areas), then the custom names."""
    cat = load()
    for area in cat.areas.values():
        chosen = [c for c in columns if c.indicator is not None and c.indicator.area == area.name]
        if chosen:
            yield area.task, chosen
    custom = [c for c in columns if c.indicator is None]
    if custom:
        yield "其他数据（各单位自定义的名称，不相加）", custom


def _status_table(summary: Summary) -> Table:
    numbers = summary.has_file_numbers
    rows = [
        [
            "单位",
            "成文日期",
            *(["发文字号"] if numbers else []),
            "3月1日前报送",
            "缺少的法定内容",
            "警告",
        ]
    ]
    for row in summary.rows:
        if row.facts is None:
            rows.append([row.name, "", *([""] if numbers else []), "", "事实文件有误，未汇总", ""])
            continue
        missing = [
            name for name, present in zip(ITEM_NAMES, row.items(), strict=True) if not present
        ]
        rows.append(
            [
                row.name,
                row.date,
                *([row.file_number] if numbers else []),
                "是" if row.on_time else "否",
                "、".join(missing) or "无",
                str(len(row.warnings)),
            ]
        )
    ok = summary.ok_rows
    complete = sum(all(row.items()) for row in ok)
    on_time = sum(row.on_time is True for row in ok)
    rows.append(
        [
            TOTAL_LABEL,
            f"{len(ok)}个单位",
            *([""] if numbers else []),
            f"{on_time}个",
            f"{complete}个单位齐全",
            str(sum(len(r.warnings) for r in ok)),
        ]
    )
    return Table(rows)


def _figure_table(summary: Summary, columns: Sequence[Column]) -> Table:
    rows = [["单位", *(c.key for c in columns)]]
    for row in summary.ok_rows:
        values = row.figures.values
        if any(c.key in values for c in columns):
            rows.append(
                [row.name, *(values[c.key].text if c.key in values else "" for c in columns)]
            )
    rows.append([TOTAL_LABEL, *(summary.totals[c.key].text for c in columns)])
    return Table(rows)


def _totals_table(summary: Summary) -> Table:
    with_previous = summary.has_previous
    header = ["指标", "填报单位", "合计"] + (["上年合计", "同比"] if with_previous else [])
    rows = [header]
    for column in summary.columns:
        count = sum(len(units) for units in column.written.values())
        # A rate no unit wrote, derived from the parts (a county's 附表): the notes say how.
        row = [column.key, str(count) if count else "—", summary.totals[column.key].text]
        if with_previous:
            before = summary.previous_totals.get(column.key)
            row += [before.text if before else "", summary.total_changes.get(column.key, "")]
        rows.append(row)
    return Table(rows)


def _fixed(text: str) -> str:
    return fix_punctuation(text)


def _fixed_block(block: Block) -> Block:
    """Half-width punctuation beside Chinese becomes full-width, as in every report."""
    match block:
        case Table():
            return Table([[_fixed(cell) for cell in row] for row in block.rows], block.caption)
        case Heading():
            return Heading(block.level, _fixed(block.text), block.number)
        case Paragraph():
            return Paragraph(_fixed(block.text))
        case NumberedItem():
            return NumberedItem(block.level, _fixed(block.text), block.number)
        case _:
            assert_never(block)
