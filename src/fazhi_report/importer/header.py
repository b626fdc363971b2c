"""The comment block at the top of an imported facts file: where it came from, what to check."""

from __future__ import annotations

from typing import Any

from ..mandate import ITEMS
from ..validate import PLACEHOLDERS
from .emit import plain
from .frontfacts import Front
from .sources import KIND_NAMES, Input


def missing_items(facts: dict[str, Any]) -> list[str]:
    """The mandated items the original did not write (no facts key of theirs is filled), in the
    mandate's words, as ``build`` will warn about them."""
    return [item.words for item in ITEMS if not any(facts.get(k) for k in item.keys)]


def placeholders(facts: dict[str, Any]) -> list[str]:
    """The placeholders (某某, XX, 待补充 …) the original's text itself has."""
    found: list[str] = []
    todo: list[Any] = [plain(facts)]
    while todo:
        value = todo.pop()
        if isinstance(value, dict):
            todo += value.values()
        elif isinstance(value, list):
            todo += value
        elif isinstance(value, str):
            found += [m.group() for m in PLACEHOLDERS.finditer(value)]
    return sorted(set(found))


def header_lines(
    found: Input, facts: dict[str, Any], front: Front, quantities: int, missing: list[str]
) -> list[str]:
    how = KIND_NAMES.get(found.kind, found.kind)
    if found.converted is not None:
        how = f"{found.converted}，经 LibreOffice 转换"
    lines = [
        f"由 fazhi-report import 从“{found.path.name}”（{how}）导入的事实文件。",
        "请逐项核对后再生成报告（fazhi-report build 本文件.yaml）：",
    ]
    if quantities:
        lines.append(
            f"  · 数据：正文中的 {quantities} 个数字已写入“数据”，正文用 {{名称}} 引用；名称是按上下文自动取的，"
        )
        lines.append(
            "    可改为更贴切的名称（正文中的 {名称} 要一并改），能用标准指标名称的已用（fazhi-report indicators）。"
        )
    lines.append(
        f"  · 结构：各部分按原文标题的措辞归入五项法定内容，模板“{facts.get('模板', 'official')}”与原文结构最接近；"
    )
    lines.append("    标有“请核对”的地方是猜测的，标有“导入时无法归类”的段落请移到合适的位置。")
    if front.guessed:
        lines.append(
            f"  · 原文没有写明{'、'.join(front.guessed)}，这里是推断或暂填的，请改为实际情况。"
        )
    marks = placeholders(facts)
    if marks:
        lines.append(
            f"  · 原文中有占位符（{'、'.join(marks)}），照原文保留；生成报告前请填写实际内容（或加 --draft 先出草稿）。"
        )
    if missing:
        lines.append(f"  · 原文没有写：{'；'.join(missing)}。年度报告应写全五项法定内容，请补写。")
    if front.previous_table:
        lines.append(
            f"  · 原文的数据附表还列有 {front.previous_year} 年的数据和同比："
            f"请用“上年度”指向 {front.previous_year} 年的事实文件。"
        )
    if front.leading_comments:
        lines += [
            "",
            "原文开头的以下文字不是报告正文（网页栏目、公开信息表等），导入时无法归类，请核对：",
        ]
        lines += [f"  {text}" for text in front.leading_comments]
    return lines


def footer_lines(front: Front) -> list[str]:
    """What followed the date and has no place in the facts, kept where it stood: at the end."""
    if not front.trailing_comments:
        return []
    return [
        "原文末尾的以下文字导入时无法归类，请核对：",
        *(f"  {t}" for t in front.trailing_comments),
    ]
