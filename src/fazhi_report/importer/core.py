"""One report in, one facts file's text out: the stages of ``import`` put together.

read (sources) → parts around the body (front) → the body's outline (outline) → front and end
matter as facts (frontfacts) → the body as facts through each template, the closest one chosen
(structure, choose) → quantities into 数据 (quantities) → the commented YAML (emit), re-read with
the project's own loader and validated like any facts file. A check the importer's own naming
failed (a part named larger than its whole) renames that quantity and tries again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from ..errors import FactsError, Problem, UserError
from ..load import parse_text
from ..mandate import ITEMS
from ..punct import fix_punctuation
from ..quantity import parse_quantity
from ..rollup import roll_up
from ..schema import keys_in
from ..templating import TemplateInfo, find_template, list_builtin
from ..tree import Table
from ..validate import PLACEHOLDERS, REFERENCE, validate_source
from .choose import choose, heading_defaults, normalise, render_tree, shapes
from .emit import Noted, emit, ordered, written
from .figures import TAKEN, FigureTable, carry_pictures, take_tables, with_table_note
from .front import Layout, lay_out
from .frontfacts import Front, read_front
from .guesses import marked, unit_from_margins
from .header import footer_lines, header_lines, missing_items
from .limits import refuse_oversized, refuse_written
from .links import find_previous, find_rollup
from .notes import place_notes
from .numbers import numbering
from .outline import Heading, Node, build
from .quantities import Namer, replace_all
from .sanitise import sanitised
from .sources import Input, Para, read_input
from .structure import OPENING, UNPLACED, Body, Mapper

#: Facts keys whose text is not the body's prose: numbers in them stay as they are written.
_NOT_PROSE = keys_in("公文要素", "设置", "数据") - {"附件"} | {"章节标题", "名称"}
#: The facts keys each 章节标题 key's part is written in (北山's one part holds two items).
_PART_KEYS = {item.section: item.keys for item in ITEMS} | {
    "问题和计划": (*ITEMS[1].keys, *ITEMS[3].keys)
}
#: Keys whose values are never printed as prose (dates, settings, the 数据 themselves).
_VERBATIM = keys_in("设置", "数据") | {"年度", "成文日期"}
_RENAME_ROUNDS = 5
NO_STRUCTURE = (
    "原文中没有找到可识别的标题（“一、”“（一）”等编号、标题样式或加粗的标题），"
    "正文已按原顺序写入“导语”；请按五项法定内容分段整理"
)


class Imported(Struct):
    """A facts file made from one report: its text, its data, and what to tell the clerk."""

    source: Path
    text: str
    data: dict[str, Any]
    template: str
    warnings: list[Problem] = field(default_factory=list)
    quantities: int = 0


def import_report(
    path: Path,
    *,
    template: str | None = None,
    target: Path | None = None,
    today: dt.date | None = None,
) -> Imported:
    """Import the report at ``path``; ``target`` is where the facts file will be written (its
    folder resolves relative paths when the result is validated)."""
    today = today or dt.date.today()
    found = read_input(path)
    paragraphs, warnings = sanitised(found.paragraphs)
    layout = lay_out(paragraphs)
    refuse_oversized(path, paragraphs, layout)
    warnings += place_notes(layout, paragraphs)
    nodes = build(layout.body)
    tables = take_tables(nodes)
    warnings += _drawn_warnings(nodes, layout, paragraphs)
    front = read_front(layout, "\n".join(p.text for p in layout.body), today)
    from_margins = unit_from_margins(front, found.margins)
    year = int(front.facts["年度"])
    infos = _candidates(template, path)

    def make(info: TemplateInfo, tree: list[Node]) -> tuple[Body, dict[str, Any]]:
        body = Mapper(info.points_style, shapes(info)).run(tree)
        return body, _assemble(front, body, info, year)

    chosen = choose(infos, nodes, make)
    warnings += chosen.body.warnings
    if front.leading_comments:
        warnings.append(
            Problem.about(
                "",
                f"原文开头的 {len(front.leading_comments)} 段不是报告正文（网页栏目、公开信息表等），"
                "已作为注释保留在事实文件开头，请核对",
            )
        )
    target = target or path.with_suffix(".yaml")
    facts, totals = _linked(chosen.facts, front, target)
    facts = with_table_note(marked(facts, front, from_margins=from_margins), tables)
    text, data, count, placeholders = _with_quantities(facts, front, found, totals, target, tables)
    warnings += placeholders
    warnings += [Problem.about("", f"{t.describe()}{TAKEN}") for t in tables]
    body = [p for p in layout.body if not any(t.holds(p) for t in tables)]
    warnings += _differences(body, data, chosen.info, totals)
    return Imported(path, text, data, chosen.info.name, warnings, count)


def _drawn_warnings(nodes: list[Node], layout: Layout, paragraphs: list[Para]) -> list[Problem]:
    """A body without any heading the importer knows; pictures (each noted where it stood in
    the body, or named here when it was around the body: a seal, a logo)."""
    out = []
    if layout.body and not any(isinstance(n, Heading) for n in nodes):
        out.append(Problem.about("", NO_STRUCTURE))
    stray = carry_pictures(nodes)
    body = {p.number for p in layout.body}
    for para in paragraphs:
        if para.images and (para.number not in body or stray):
            out.append(Problem.about("", f"{para.describe()}处有 {para.images} 张图片，未导入"))
    return out


def _linked(
    facts: dict[str, Any], front: Front, target: Path
) -> tuple[dict[str, Any], dict[str, str]]:
    """``上年度`` and ``汇总`` where the files they name are found (see :mod:`.links`), and the
    roll-up's figures; without them, the 汇总表 stays an attachment, as text."""
    facts = dict(facts)
    if front.previous_year is not None:
        previous = find_previous(target, facts["单位"], front.previous_year, front.previous_table)
        if previous is not None:
            facts["上年度"] = previous
            front.previous_table = {}
    if not front.rollup_units:
        return facts, {}
    link = find_rollup(target, front.rollup_units)
    if link is None:
        facts["附件"] = [*facts.get("附件", []), front.rollup_page]
        return ordered(facts), {}
    facts["汇总"] = link.entry
    return ordered(facts), link.figures


def _candidates(template: str | None, path: Path) -> list[TemplateInfo]:
    if template and template != "auto":
        return [find_template(template, Path.cwd(), path.parent)]
    return list_builtin()


def _assemble(front: Front, body: Body, info: TemplateInfo, year: int) -> dict[str, Any]:
    facts: dict[str, Any] = {**front.facts, **body.facts, "模板": info.name}
    defaults = heading_defaults(info, year)
    headings: dict[str, Any] = {}
    for key, text in body.headings.items():
        if key not in defaults:
            # The template prints no heading here: the original's is printed where it stood.
            line = body.lines.get(key, text)
            note = f"原文的标题“{line}”，模板“{info.name}”没有这一标题；{UNPLACED}"
            _print_where_it_stood(facts, key, Noted(line, note), body.places.get(key, 0))
        elif not any(body.facts.get(k) for k in _PART_KEYS.get(key, ())):
            # A template may leave out the heading of an empty part: kept here, said so.
            headings[key] = Noted(text, "原文这一部分只有标题、没有内容，请补写")
        elif fix_punctuation(text) != defaults[key]:
            headings[key] = text
    if headings:
        facts["章节标题"] = Noted(headings, "原文标题的写法与模板默认的不同，照原文保留")
    return ordered(facts)


def _print_where_it_stood(facts: dict[str, Any], key: str, text: Noted, at: int) -> None:
    """A part's heading the template does not print, as a paragraph of the part's opening, at
    the place it stood (``at``: how many of those paragraphs came before it)."""
    opening = OPENING.get(key)
    if opening is None:  # 第一责任人
        duties = facts.get(key) or {}
        facts[key] = {**duties, "导语": [text, *duties.get("导语", [])]}
        return
    paragraphs = list(facts.get(opening, []))
    facts[opening] = [*paragraphs[:at], text, *paragraphs[at:]]


def _with_quantities(
    facts: dict[str, Any],
    front: Front,
    found: Input,
    totals: dict[str, str],
    target: Path,
    tables: list[FigureTable],
) -> tuple[str, dict[str, Any], int, list[Problem]]:
    """Quantities into 数据 (renaming any whose name fails a check), the text, and the data."""
    avoid: set[str] = set()
    for _ in range(_RENAME_ROUNDS):
        namer = Namer(given=dict(front.data_table), external=totals, avoid=set(avoid))
        with_data = _referenced(facts, namer, tables)
        header = header_lines(found, with_data, front, len(namer.data), missing_items(with_data))
        text = emit(header, with_data, footer_lines(front))
        refuse_written(found.path, text, written(with_data))
        try:
            data, placeholders = _verified(text, with_data, target, bool(totals))
        except FactsError as exc:
            failed = _data_problems(exc, namer)
            if not failed or failed <= avoid:
                raise _internal(found.path, exc) from None
            avoid |= failed
            continue
        return text, data, len(namer.data), placeholders
    raise UserError(f"{found.path}：导入时无法为数据取得能通过校验的名称")


def _referenced(facts: dict[str, Any], namer: Namer, tables: list[FigureTable]) -> dict[str, Any]:
    """``facts`` with every quantity in prose replaced by a reference, and 数据 filled in (the
    tables of figures' too); a brace pair the original has (“{甲}”) escaped wherever a reference
    could stand."""
    prose = {
        k: v if k in _VERBATIM else _refer(v, None if k in _NOT_PROSE else namer)
        for k, v in facts.items()
    }
    for table in tables:
        for spot in table.figures:
            namer.name(spot)
    data = dict(namer.given)
    data.update(namer.data)
    if data:
        prose["数据"] = data
    return ordered(prose)


def _refer(value: Any, namer: Namer | None) -> Any:
    if isinstance(value, Noted):
        return Noted(_refer(value.value, namer), value.comment)
    if isinstance(value, dict):
        return {k: _refer(v, None if k in _NOT_PROSE else namer) for k, v in value.items()}
    if isinstance(value, list):
        return [_refer(v, namer) for v in value]
    if isinstance(value, str):
        escaped = REFERENCE.sub(lambda m: "\\" + m.group(0), value)
        return escaped if namer is None else replace_all(escaped, namer.name)
    return value


def _verified(
    text: str, facts: dict[str, Any], target: Path, rolled_up: bool = False
) -> tuple[dict[str, Any], list[Problem]]:
    """Re-read the emitted text as a facts file: it must give exactly ``facts`` and validate.

    What the original itself says is kept even where validation objects — placeholders (某某,
    XX), a year not yet over — and reported as warnings: the clerk fixes the facts, not the
    import. Any other problem is the importer's own (renaming a quantity may cure it)."""
    source = parse_text(text, target)
    if source.data != written(facts):
        raise UserError(f"{target}：导入结果重新读取后与预期不一致（程序错误）")
    try:
        model = validate_source(source)
        if rolled_up:
            roll_up(model, source, draft=True)  # the county's own names, against the sums
    except FactsError as exc:
        own = [p for p in exc.problems if not _from_the_original(p)]
        if own:
            raise FactsError(own) from None
        return source.data, [
            Problem.about("", f"原文中的问题，照原文保留：{p.path}  {p.message}")
            for p in exc.problems
        ]
    return source.data, []


def _from_the_original(problem: Problem) -> bool:
    return problem.path == "年度" or PLACEHOLDERS.search(problem.message) is not None


def _data_problems(exc: FactsError, namer: Namer) -> set[str]:
    """The 数据 names an error is about (the importer chose them, so it can choose again)."""
    names = set(namer.data)
    return {name for p in exc.problems for name in names if p.path == f"数据.{name}"}


def _internal(path: Path, exc: FactsError) -> UserError:
    return UserError(
        f"{path}：导入结果没有通过校验（程序的问题）：\n{exc.render()}",
        hint="请把原文件发给维护人员；也可加 --template official 重试。",
    )


def _differences(
    body: list[Para], data: dict[str, Any], info: TemplateInfo, totals: dict[str, str]
) -> list[Problem]:
    """Body paragraphs whose words the built report does not have, named one by one.

    Most paragraphs are one block of the built report, found by a set look-up; the others are
    searched for from where the last one was found (the report keeps the original's order), and
    only failing that in the whole text, so a long report costs a pass, not a pass per paragraph."""
    figures = {name: parse_quantity(text) for name, text in totals.items()}
    document = render_tree(data, info, figures)
    blocks = [normalise(b.text) for b in document.body if not isinstance(b, Table)]
    whole, built = set(blocks), "".join(blocks)
    out = []
    at = 0
    for para in body:
        numbered = numbering(para.text)
        words = normalise(numbered[1] if numbered else para.text)
        if not words or words in whole:
            continue
        found = built.find(words, at)
        if found < 0:
            found = built.find(words)
        if found < 0:
            out.append(Problem.about("", f"{para.describe()}在生成的报告中与原文不一致，请核对"))
        else:
            at = found
    return out
