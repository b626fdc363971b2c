"""The facts file's limits, applied to an import: a report too long to become one facts file is
refused in Chinese, naming the limit and how to split the report — before the work starts where
the input alone shows it, and otherwise before the written text is read back.

The limits are the loader's (:data:`~fazhi_report.load.MAX_BYTES`, ``MAX_NODES``): ``build`` and
``validate`` would refuse a larger facts file, so writing one would help nobody. Every paragraph
of the original ends up in the facts file (as a value, or as a comment), so the original's text
already bounds the file's size from below, and each body paragraph is at least one value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputFileError
from ..load import MAX_BYTES
from ..load.builder import MAX_NODES
from .front import AttachmentPage, Layout, Table
from .sources import Para

_HINT = (
    "一份年度报告通常只有几十到几百段、几十 KB。请确认选择的是报告本身；"
    "如确是一份报告，请在 Word 中把它拆成几个文件（如正文一个、篇幅长的附件或附表各一个），分别导入。"
)


def refuse_oversized(path: Path, paragraphs: list[Para], layout: Layout) -> None:
    """Refuse an input whose facts file would certainly pass a limit (from its paragraphs)."""
    size = sum(len(p.text.encode("utf-8")) for p in paragraphs)
    if size > MAX_BYTES:
        raise _too_large(path, f"原文的文字约 {size:,} 字节")
    values = _lines(layout.body) + sum(_page_lines(page) for page in layout.attachments)
    if values > MAX_NODES:
        raise _too_many(path, f"原文正文有 {values:,} 段")


def refuse_written(path: Path, text: str, data: dict[str, Any]) -> None:
    """Refuse the facts file's text if it passes a limit the loader would refuse it for."""
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise _too_large(path, f"导入后的事实文件有 {size:,} 字节")
    values = count_values(data)
    if values > MAX_NODES:
        raise _too_many(path, f"导入后的事实文件有 {values:,} 个值")


def count_values(value: Any) -> int:
    """The values the loader counts in ``value``: every key, scalar and collection."""
    count, todo = 0, [value]
    while todo:
        item = todo.pop()
        count += 1
        if isinstance(item, dict):
            count += len(item)  # the keys
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return count


def _too_large(path: Path, found: str) -> InputFileError:
    return InputFileError(
        path,
        f"报告过长，无法导入：{found}，超过事实文件的上限 {MAX_BYTES:,} 字节（{MAX_BYTES // 1024} KB）",
        hint=_HINT,
    )


def _too_many(path: Path, found: str) -> InputFileError:
    return InputFileError(
        path,
        f"报告过长，无法导入：{found}，超过事实文件的上限 {MAX_NODES:,} 个值",
        hint=_HINT,
    )


def _lines(paragraphs: list[Para]) -> int:
    """How many values ``paragraphs`` become at least: one a paragraph, one a table row."""
    rows = {p.cell[:2] for p in paragraphs if p.cell is not None}
    return sum(1 for p in paragraphs if p.cell is None) + len(rows)


def _page_lines(page: AttachmentPage) -> int:
    return sum(len(item.rows) if isinstance(item, Table) else 1 for item in page.content)
