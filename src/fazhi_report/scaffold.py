"""``init`` and ``templates export``: files a user starts from (``schema`` is in schema.py)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from importlib import resources
from pathlib import Path

from .errors import InputFileError, OutputError
from .load.builder import Builder
from .load.encoding import decode, read_bytes
from .load.source import Lines, Path_
from .model import PENDING, is_pending
from .templating import find_template
from .validate import load_facts
from .writing import atomic_write

SAMPLE = "sample.yaml"
#: The 年度 sample.yaml is written for; ``init`` moves every year in it on to the report due next.
SAMPLE_YEAR = 2024
_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")


def report_year(today: dt.date) -> int:
    """The year of the report a clerk is about to write.

    A year's report is due by 3月1日 of the next year: from October on the clerk is preparing this
    year's; before that, last year's is the one still to write (or just written).
    """
    return today.year if today.month >= 10 else today.year - 1


def sample_text(year: int = SAMPLE_YEAR) -> str:
    """The commented sample, its years (年度, 成文日期, the prose's “2024年”) moved to ``year``.

    The 成文日期 stays 2月20日 of the next year, before the 3月1日 deadline.
    """
    text = (resources.files("fazhi_report") / SAMPLE).read_text(encoding="utf-8")
    shift = year - SAMPLE_YEAR
    return _YEAR.sub(lambda m: str(int(m.group()) + shift), text) if shift else text


def create_facts_file(
    target: Path,
    *,
    from_last: Path | None = None,
    force: bool = False,
    today: dt.date | None = None,
) -> Path:
    """Write a commented facts file: the sample for the report due next (by ``today``), or
    last year's file moved on by one year."""
    if target.exists() and not force:
        raise OutputError(target, "文件已存在", "如需覆盖请加 --force，或换一个文件名。")
    if from_last is None:
        text = sample_text(report_year(today or dt.date.today()))
    else:
        text = _next_year(from_last, target)
    atomic_write(target, text.encode("utf-8"))
    return target


def _next_year(last: Path, target: Path) -> str:
    facts, _ = load_facts(last, draft=True)
    text, _ = decode(read_bytes(last), str(last))
    text = _figures_pending(text.removeprefix("\ufeff"), str(last), facts.year)
    year = facts.year + 1
    text = re.sub(r"(?m)^(年度\s*:\s*)[^\r\n]*", rf"\g<1>{year}", text, count=1)
    text = re.sub(r"(?m)^(成文日期\s*:\s*)[^\r\n]*", rf"\g<1>{year + 1}-02-20", text, count=1)
    relative = Path(_relative(last, target.parent))
    if re.search(r"(?m)^上年度\s*:", text):
        text = re.sub(
            r"(?m)^(上年度\s*:\s*)[^\r\n]*", rf"\g<1>{relative.as_posix()}", text, count=1
        )
    else:
        text = re.sub(
            r"(?m)^(年度\s*:[^\r\n]*)", rf"\g<1>\n上年度: {relative.as_posix()}", text, count=1
        )
    header = (
        f"# 由 {last.name} 顺延生成：请逐项更新为 {year} 年的实际情况（数据、活动、问题、计划）。\n"
        f"# “数据”中的“【待更新】”请改为 {year} 年的数字（行尾注释是 {year - 1} 年的）；"
        f"有“【待更新】”时只能加 --draft 生成草稿。\n"
    )
    return header + text


def _stale(path: Path_) -> bool:
    """Values last year's file holds that cannot be right for this year: every figure in a
    ``数据`` block (the report's, each 活动's) and the 公开 numbers that carry the year."""
    if len(path) >= 2 and path[-2] in ("数据", "data"):
        return len(path) == 2 or (len(path) == 4 and path[0] in ("活动", "events"))
    return len(path) == 2 and path[0] in ("公开", "publication") and path[1] in _YEAR_NUMBERS


_YEAR_NUMBERS = ("索引号", "文件编号", "index_no", "doc_no")
_LINE_END = re.compile(r"[\r\n]")  # a CRLF file keeps its CR before the LF, after the comment


def _figures_pending(text: str, display: str, year: int) -> str:
    """Each stale value (see :func:`_stale`) → ``【待更新】``, last year's text in a comment.

    Edited where the parser found each value, so flow mappings, quotes and the clerk's own
    comments survive; on a line that already has a comment, last year's text goes in front.
    """
    builder = Builder(display, Lines(text))
    builder.run(text)
    values = [
        (start, end, path)
        for start, end, path, is_key in builder.spans
        if not is_key and _stale(path) and builder.raw.get(path) is not None
    ]
    notes: dict[int, list[tuple[str, str]]] = {}  # line end → (name, last year's text)
    after: dict[int, int] = {}  # line end → where the line's last stale value ends
    edits: list[tuple[int, int, str]] = []
    for start, end, path in values:
        found = _LINE_END.search(text, end)
        line_end = found.start() if found else len(text)
        raw = " ".join(builder.raw[path].split())
        notes.setdefault(line_end, []).append((str(path[-1]), "未填写" if is_pending(raw) else raw))
        after[line_end] = max(after.get(line_end, end), end)
        edits.append((start, end, PENDING))
    for line_end, named in notes.items():
        note = f"{year}年：" + (
            named[0][1] if len(named) == 1 else "；".join(f"{n} {t}" for n, t in named)
        )
        # Only closing brackets, commas and a comment can follow the last value on its line.
        comment = re.search(r"\s#[ \t]*", text[after[line_end] : line_end])
        if comment is None:
            edits.append((line_end, line_end, f"  # {note}"))
        else:
            at = after[line_end] + comment.start()
            edits.append((at, at + len(comment.group()), f"{comment.group()[:1]}# {note}；"))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _relative(path: Path, start: Path) -> str:
    import os

    try:
        return os.path.relpath(path.resolve(), start.resolve())
    except ValueError:  # another drive on Windows
        return str(path.resolve())


def export_template(name: str, folder: Path) -> Path:
    info = find_template(name, Path.cwd())
    if not info.builtin:
        raise InputFileError(name, "不是内置模板")
    target = folder
    if target.exists() and any(target.iterdir()):
        raise OutputError(target, "文件夹不是空的", "请指定一个新的或空的文件夹。")
    try:
        shutil.copytree(info.folder, target, dirs_exist_ok=True)
    except OSError as exc:
        raise OutputError(target, exc.strerror or str(exc)) from exc
    return target
