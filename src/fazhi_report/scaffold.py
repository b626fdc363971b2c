"""``init`` and ``templates export``: files a user starts from (``schema`` is in schema.py).

``init`` writes the facts file for one 年度 (:func:`facts_year`): the sample, whose prose names
no year (``{年度}``), or last year's file carried on, with every figure and every year its text
names marked for the clerk to update (``【待更新】``), so nothing of last year reaches this year's
report unseen."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from msgspec import Struct, field

from . import validate
from .conventions import free_years, pufa_period, year_of_name
from .errors import InputFileError, OutputError, Problem, UserError
from .gates import in_prose
from .load.builder import Builder
from .load.encoding import decode, read_bytes
from .load.source import Lines, Path_
from .patterns import lazy
from .templating import find_template
from .validate import load_facts
from .values import PENDING, is_pending
from .writing import atomic_write

SAMPLE = "sample.yaml"
#: The 年度 sample.yaml is written for; ``init`` moves every year in it on to the year asked for.
SAMPLE_YEAR = 2024
_YEAR = lazy(r"(?<!\d)20\d\d(?!\d)")


def report_year(day: dt.date) -> int:
    """The year of the report a clerk is about to write.

    A year's report is due by 3月1日 of the next year: from October on the clerk is preparing this
    year's; before that, last year's is the one still to write (or just written).
    """
    return day.year if day.month >= 10 else day.year - 1


def sample_text(year: int = SAMPLE_YEAR) -> str:
    """The commented sample for ``year``: its 年度, 成文日期 (2月20日 of the next year, before
    the 3月1日 deadline) and the years and 普法 period its comments name. Its prose names no
    year: it writes ``{年度}``, ``{下一年度}`` and ``{普法规划}``, which follow 年度."""
    text = (resources.files("fazhi_report") / SAMPLE).read_text(encoding="utf-8")
    shift = year - SAMPLE_YEAR
    text = _YEAR.sub(lambda m: str(int(m.group()) + shift), text) if shift else text
    return text.replace(f"“{pufa_period(SAMPLE_YEAR)}”", f"“{pufa_period(year)}”")


class Created(Struct, frozen=True):
    """A facts file ``init`` wrote: where, for which 年度, and what it should tell the clerk."""

    path: Path
    year: int
    warnings: list[Problem] = field(default_factory=list)


def facts_year(
    target: Path | None, *, year: int | None, last_year: int | None, day: dt.date
) -> int:
    """The 年度 ``init`` writes: ``--year``; else the year after ``--from``'s; else the year the
    file is named by (2025.yaml); else the report due next (:func:`report_year`)."""
    named = year_of_name(target.stem) if target is not None else None
    if year is not None and last_year is not None and year != last_year + 1:
        raise UserError(
            f"--from 的文件是 {last_year} 年度的，顺延是 {last_year + 1} 年度，与 --year {year} 不符",
            f"去掉 --year，或用 {year - 1} 年度的文件作 --from。",
        )
    chosen = year or (last_year + 1 if last_year else None) or named or report_year(day)
    if chosen > day.year:
        raise UserError(
            f"年度 {chosen} 在未来（今天是 {day.isoformat()}）：{chosen} 年度的报告在这一年的工作结束后才写",
            f"年度是报告所述的那一年；现在要写的是 {report_year(day)} 年度的报告，"
            f"如 fazhi-report init {report_year(day)}.yaml。",
        )
    return chosen


def create_facts_file(
    target: Path | None,
    *,
    from_last: Path | None = None,
    force: bool = False,
    year: int | None = None,
    day: dt.date | None = None,
) -> Created:
    """Write a commented facts file: the sample, or last year's file moved on by one year
    (:func:`facts_year` says which 年度); with no ``target``, ``年度.yaml`` in the current folder."""
    day = day or validate.clock()  # read at each call: tests set the clock
    last = load_facts(from_last, draft=True)[0] if from_last is not None else None
    chosen = facts_year(target, year=year, last_year=last.year if last else None, day=day)
    target = target or Path(f"{chosen}.yaml")
    if target.exists() and not force:
        raise OutputError(target, "文件已存在", "如需覆盖请加 --force，或换一个文件名。")
    if from_last is None or last is None:
        text = sample_text(chosen)
    else:
        text = _next_year(from_last, target, last.year)
    atomic_write(target, text.encode("utf-8"))
    return Created(target, chosen, list(_name_warnings(target, chosen)))


def _name_warnings(target: Path, year: int) -> Iterator[Problem]:
    """A file named by another year than the one written in it (the gate says so on every
    ``validate`` too)."""
    named = year_of_name(target.stem)
    if named is not None and named != year:
        yield Problem.about(
            str(target),
            f"文件名是 {named} 年，而写入的年度是 {year}；请把文件改名为 {year}{target.suffix}，"
            "以免与其他年度的文件混淆",
        )


def _next_year(last: Path, target: Path, last_year: int) -> str:
    text, _ = decode(read_bytes(last), str(last))
    text = _without_tool_header(text.removeprefix("\ufeff"))
    builder = Builder(str(last), Lines(text))
    builder.run(text)
    year = last_year + 1
    text = _edit(
        text,
        [
            *_figures_pending(text, builder, last_year),
            *_years(text, builder, last_year),
            *_printed_date(builder, f"{year + 1}-02-20"),
        ],
    )
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
        f"# “数据”中的“{PENDING}”请改为 {year} 年的数字（行尾注释是 {year - 1} 年的）；"
        f"正文中沿用的年份前也标了“{PENDING}”，\n"
        f"# 请把那段文字改写为 {year} 年的情况后删去标记（章节标题中的年份已改写为 {{年度}}、{{下一年度}}，"
        f"随年度变化）。\n# 有“{PENDING}”时只能加 --draft 生成草稿。\n"
    )
    return header + text


#: The comment block a tool put at the top of a facts file (import's notes on what to check, an
#: earlier ``init --from``'s): about that file, not the next year's.
_TOOL_HEADER = lazy(r"\A# 由 (?:fazhi-report import 从|[^\r\n]*顺延生成)")
_LEADING_COMMENTS = lazy(r"\A(?:[ \t]*(?:#[^\r\n]*)?\r?\n)*")


def _without_tool_header(text: str) -> str:
    if not _TOOL_HEADER.match(text):
        return text
    return text[_LEADING_COMMENTS.match(text).end() :]  # type: ignore[union-attr]


Edit = tuple[int, int, str]  # replace text[start:end] with this


def _edit(text: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _years(text: str, builder: Builder, last_year: int) -> Iterator[Edit]:
    """Each year last year's prose names (see :func:`conventions.free_years`): a 章节标题 or the
    report's 标题 naming that year or the next is rewritten with ``{年度}`` / ``{下一年度}``;
    anywhere else ``【待更新】`` goes in front of the year, for the clerk to rewrite the passage."""
    names = {last_year: "{年度}", last_year + 1: "{下一年度}"}
    for start, end, path, is_key in builder.spans:
        if is_key or not in_prose(path) or path not in builder.raw:
            continue
        raw = text[start:end]
        quoted = raw[:1] in ("'", '"') and len(raw) > 1
        value = builder.raw[path]
        found = free_years(value)
        heading = path[:1] in (("章节标题",), ("headings",)) or path in (("标题",), ("title",))
        if found and heading and (quoted or raw == value) and {y for y, _ in found} <= set(names):
            new = "".join(_rewrite(value, found, names))
            yield start, end, json.dumps(new, ensure_ascii=False)
            continue
        inner = 1 if quoted else 0
        for _, at in free_years(raw[inner:]):
            yield start + inner + at, start + inner + at, PENDING


def _rewrite(value: str, found: list[tuple[int, int]], names: dict[int, str]) -> Iterator[str]:
    done = 0
    for year, at in found:
        yield value[done:at] + names[year]
        done = at + 4
    yield value[done:]


def _stale(path: Path_) -> bool:
    """Values last year's file holds that cannot be right for this year: every figure in a
    ``数据`` block (the report's, each 活动's), the 公开 numbers that carry the year and the
    版头's 发文字号."""
    if len(path) >= 2 and path[-2] in ("数据", "data"):
        return len(path) == 2 or (len(path) == 4 and path[0] in ("活动", "events"))
    return len(path) == 2 and (str(path[0]), str(path[1])) in _YEAR_NUMBERS


#: (block, key), Chinese or English as the clerk wrote them, of the numbers that carry a year.
_YEAR_NUMBERS = frozenset(
    {
        ("公开", "索引号"),
        ("公开", "文件编号"),
        ("publication", "index_no"),
        ("publication", "doc_no"),
        ("版头", "发文字号"),
        ("header", "number"),
    }
)
#: The 印发日期 moves on with the 成文日期 (both are dates of the same 公文).
_PRINTED_DATE = (("印发", "日期"), ("printing", "date"))


def _printed_date(builder: Builder, day: str) -> Iterator[Edit]:
    for start, end, path, is_key in builder.spans:
        if not is_key and path in _PRINTED_DATE:
            yield start, end, day


_LINE_END = lazy(r"[\r\n]")  # a CRLF file keeps its CR before the LF, after the comment


def _figures_pending(text: str, builder: Builder, year: int) -> Iterator[Edit]:
    """Each stale value (see :func:`_stale`) → ``【待更新】``, last year's text in a comment.

    Edited where the parser found each value, so flow mappings, quotes and the clerk's own
    comments survive; on a line that already has a comment, last year's text goes in front.
    """
    values = [
        (start, end, path)
        for start, end, path, is_key in builder.spans
        if not is_key and _stale(path) and builder.raw.get(path) is not None
    ]
    notes: dict[int, list[tuple[str, str]]] = {}  # line end → (name, last year's text)
    after: dict[int, int] = {}  # line end → where the line's last stale value ends
    for start, end, path in values:
        found = _LINE_END.search(text, end)
        line_end = found.start() if found else len(text)
        raw = " ".join(builder.raw[path].split())
        notes.setdefault(line_end, []).append((str(path[-1]), "未填写" if is_pending(raw) else raw))
        after[line_end] = max(after.get(line_end, end), end)
        yield start, end, PENDING
    for line_end, named in notes.items():
        note = f"{year}年：" + (
            named[0][1] if len(named) == 1 else "；".join(f"{n} {t}" for n, t in named)
        )
        # Only closing brackets, commas and a comment can follow the last value on its line.
        comment = re.search(r"\s#[ \t]*", text[after[line_end] : line_end])
        if comment is None:
            yield line_end, line_end, f"  # {note}"
        else:
            at = after[line_end] + comment.start()
            yield at, at + len(comment.group()), f"{comment.group()[:1]}# {note}；"


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
