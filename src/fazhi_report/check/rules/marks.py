"""The 公文's marks around the report: the 版头 above the title (GB/T 9704 7.2) and the 版记
below the body (7.4), each judged only where the document has one."""

from __future__ import annotations

import itertools

from ... import layout
from ...conventions import (
    CC,
    date_text,
    read_file_number,
    read_printed,
    split_header_line,
)
from ...ooxml import Paragraph, family
from ...ooxml.styles import Border
from ...ooxml.values import CHAR_UNIT
from ...values import parse_date
from ..parts import is_red
from .base import Audit, Verdict, count, mm, rule, section_of, snippet
from .footer import page_number_in

# Tolerances: a length ±1 mm (the page's), an indent ±0.1 character.
_MM = layout.PAGE.tolerance_mm
_CHARS = 10  # hundredths of a character
_HALF_LINE = 0.5


@rule("header", "版头")
def header(audit: Audit) -> Verdict:
    expected = (
        f"发文机关标志红色、小标宋、居中，上边缘距版心上边缘 {layout.MARK_TOP_MM:g} mm；"
        f"发文字号在其下空{layout.FILE_NUMBER_GAP_LINES}行，上行文居左空一字，与签发人同一行"
        "（“签发人：”仿宋、姓名楷体）；发文字号年份用六角括号〔〕、不加“第”、不编虚位；"
        f"发文字号之下 {layout.HEADER_RULE_GAP_MM:g} mm 处有与版心等宽的红色分隔线"
    )
    marks = audit.parts.having("mark")
    lines = audit.parts.having("header")
    if not marks and not lines:
        return True, "没有版头（不适用）", expected
    problems: list[str] = []
    if marks:
        problems += _mark_problems(audit, marks)
    else:
        problems.append("没有发文机关标志")
    numbered = [p for p in lines if split_header_line(p.full_text)[0]]
    if not numbered:
        elsewhere = audit.parts.having("file_number")
        problems.append(
            f"发文字号{snippet(elsewhere[0].full_text)}在标题之下，不在版头中"
            if elsewhere
            else "版头中没有发文字号"
        )
        return False, count(problems), expected
    number_line = numbered[-1]
    problems += _number_problems(audit, number_line, marks)
    problems += _signer_problems(audit, lines, number_line)
    problems += _rule_problems(audit, number_line)
    if problems:
        return False, count(problems), expected
    number, _ = split_header_line(number_line.full_text)
    names = [name for line in lines for name in _names(line, lines)]
    top = _mark_top(audit, marks[0])
    return (
        True,
        f"发文机关标志{snippet(marks[0].full_text)}红色居中、距版心上边缘 {top:.1f} mm；"
        f"发文字号“{number}”与签发人同一行（签发人：{'、'.join(names)}）；红色分隔线",
        expected,
    )


def _names(line: Paragraph, lines: list[Paragraph]) -> list[str]:
    """The 签发人 a 版头 line names (a later line of names follows the “签发人：” line)."""
    return split_header_line(line.full_text, after_signers=line is not lines[0])[1] or []


def _mark_problems(audit: Audit, marks: list[Paragraph]) -> list[str]:
    problems = []
    face = family(audit.style.text_style("title").east_asia)
    for para in marks:
        shown = snippet(para.full_text)
        if para.alignment != "center":
            problems.append(f"发文机关标志{shown}未居中")
        for run in (r for r in para.runs if r.text.strip()):
            if not is_red(run.props.color):
                problems.append(f"发文机关标志{shown}不是红色（{run.props.color or '未设置颜色'}）")
                break
            font = run.props.fonts.get("eastAsia")
            if font is None or family(font.resolved or font.name) != face:
                problems.append(f"发文机关标志{shown}字体 {font.name if font else '未设置'}")
                break
    top = _mark_top(audit, marks[0])
    if abs(top - layout.MARK_TOP_MM) > _MM:
        problems.append(f"发文机关标志上边缘距版心上边缘 {top:.1f} mm")
    return problems


def _mark_top(audit: Audit, mark: Paragraph) -> float:
    """How far below the 版心's upper edge the mark's characters begin, in mm: the empty lines
    above it, its space before, and the half of its exact line that is not the characters'."""
    paragraphs = audit.doc.paragraphs
    above = 0.0
    for para in paragraphs[: paragraphs.index(mark)]:
        above += para.props.before + _line_height(audit, para)
    props = mark.props
    size = max((run.props.size_pt for run in mark.runs if run.text.strip()), default=0.0)
    leading = 0.0
    if props.line_rule == "exact" and props.line is not None:
        leading = (props.line - size * layout.TWIPS_PER_PT) / 2
    return mm(above + props.before + leading)


def _line_height(audit: Audit, para: Paragraph) -> float:
    """An empty paragraph's height in twips: its exact line, else the grid's pitch."""
    props = para.props
    if props.line_rule in ("exact", "atLeast") and props.line is not None:
        return props.line
    sect = section_of(audit, para)
    pitch = sect.line_pitch if sect is not None else None
    return pitch or para.base.size_pt * layout.TWIPS_PER_PT


def _number_problems(audit: Audit, line: Paragraph, marks: list[Paragraph]) -> list[str]:
    number, _ = split_header_line(line.full_text)
    problems = []
    found = read_file_number(number or "")
    if found is not None and found.faults:
        problems.append(f"发文字号“{number}”应写作“{found.standard or '〔年份〕序号号'}”")
    if line.alignment not in ("left", "both"):
        problems.append(f"发文字号{snippet(line.full_text)}未居左（上行文）")
    else:
        twips, chars = line.props.first_line(line.base.size_pt)
        indent = chars if chars is not None else twips / (line.base.size_pt * 20) * CHAR_UNIT
        want = layout.FILE_NUMBER_INDENT_CHARS * CHAR_UNIT
        if abs(indent - want) > _CHARS:
            problems.append(f"发文字号左空 {indent / CHAR_UNIT:g} 字")
    if marks:
        gap = _lines_between(audit, marks[-1], line)
        if abs(gap - layout.FILE_NUMBER_GAP_LINES) > _HALF_LINE:
            problems.append(f"发文字号与发文机关标志之间空 {gap:g} 行")
    return problems


def _lines_between(audit: Audit, upper: Paragraph, lower: Paragraph) -> float:
    """Grid lines between two paragraphs: the empty ones between, and the lower one's space before."""
    paragraphs = audit.doc.paragraphs
    between = paragraphs[paragraphs.index(upper) + 1 : paragraphs.index(lower)]
    pitch = layout.PAGE.line_pitch_twips
    twips = sum(p.props.before + _line_height(audit, p) for p in between if not p.full_text)
    return round((twips + lower.props.before) / pitch * 2) / 2


def _signer_problems(audit: Audit, lines: list[Paragraph], number_line: Paragraph) -> list[str]:
    _, names = split_header_line(number_line.full_text)
    if not names:
        return [
            "发文字号与签发人不在同一行（报告是上行文，应标注签发人，最后一个签发人与发文字号同一行）"
        ]
    problems = []
    body = family(audit.style.text_style("body").east_asia)
    kai = family(audit.style.text_style("heading2").east_asia)
    for para in lines:
        number, _ = split_header_line(para.full_text)
        label = para.text.find("签发人")
        # The names follow the label; a later line of names has neither label nor number.
        names_from = label + 3 if label >= 0 else (len(para.text) if number else 0)
        offset = 0
        for run in para.runs:
            start, offset = offset, offset + len(run.text)
            text = run.text.strip().strip("：:")
            if not text:
                continue
            font = run.props.fonts.get("eastAsia")
            name = family(font.resolved or font.name) if font else None
            shown = font.name if font else "未设置"
            if label >= 0 and start <= label < offset and name != body:
                problems.append(f"“签发人”字体 {shown}")
            elif start >= names_from and name != kai:
                problems.append(f"签发人姓名{snippet(run.text)}字体 {shown}")
    return problems


def _rule_problems(audit: Audit, number_line: Paragraph) -> list[str]:
    """The red rule: the 发文字号 line's bottom border (or the next paragraph's top one), as
    wide as the 版心, 4 mm below the characters."""
    paragraphs = audit.doc.paragraphs
    at = paragraphs.index(number_line)
    below = paragraphs[at + 1] if at + 1 < len(paragraphs) else None
    line = number_line.props.borders.get("bottom")
    holder = number_line
    if (line is None or not line.drawn) and below is not None:
        line, holder = below.props.borders.get("top"), below
    if line is None or not line.drawn:
        return ["发文字号之下没有红色分隔线"]
    problems = []
    if not is_red(line.color):
        problems.append(f"发文字号之下的分隔线不是红色（{line.color}）")
    if holder.props.has_left_indent() or _right_indent(holder):
        problems.append("红色分隔线比版心窄（所在段落有左右缩进）")
    gap = _rule_gap(number_line, line) if holder is number_line else None
    if gap is not None and abs(gap - layout.HEADER_RULE_GAP_MM) > _MM:
        problems.append(f"红色分隔线在发文字号之下 {gap:.1f} mm")
    return problems


def _right_indent(para: Paragraph) -> bool:
    values = (para.props.ind.get(k, 0.0) for k in ("right", "end", "rightChars", "endChars"))
    return any(abs(v) > 10 for v in values)


def _rule_gap(line: Paragraph, rule_line: Border) -> float | None:
    """mm from the characters' lower edge to a bottom rule: its space, and the half of an exact
    line below the characters."""
    props = line.props
    size = line.base.size_pt
    if props.line is None or props.line_rule not in ("exact", "atLeast"):
        return None
    leading = (props.line - size * layout.TWIPS_PER_PT) / 2
    return mm(leading + rule_line.space * layout.TWIPS_PER_PT)


# ---------------------------------------------------------------------------------------------


@rule("end_matter", "版记")
def end_matter(audit: Audit) -> Verdict:
    expected = (
        "版记（抄送、印发）四号仿宋，左右各空一字；首末分隔线粗、中间细；"
        "印发日期如“2025年2月20日印发”；有印发机关和日期的版记在最后一页，且为偶数页，"
        "版记页不编页码（GB/T 9704-2012 7.4、7.5）"
    )
    paras = audit.parts.end_matter
    if not paras:
        return True, "没有版记（不适用）", expected
    problems = _end_font_problems(audit, paras) + _end_rule_problems(paras)
    printed = [p for p in paras if read_printed(p.full_text)]
    for para in paras:
        if CC.match(para.full_text) and not para.full_text.endswith("。"):
            problems.append(f"抄送{snippet(para.full_text)}末尾没有句号")
    where = ""
    if printed:
        problems += _printed_problems(printed[-1])
        where, page_problem = _even_last_page(audit, paras)
        problems += page_problem
    if problems:
        return False, count(problems), expected
    return True, f"{len(paras)} 行版记，分隔线齐全{where}", expected


def _end_font_problems(audit: Audit, paras: list[Paragraph]) -> list[str]:
    style = audit.style.text_style("copy_note")
    face = family(style.east_asia)
    for para in paras:
        for run in (r for r in para.runs if r.text.strip()):
            if abs(run.props.size_pt - style.size_pt) > 0.01:
                return [f"版记{snippet(para.full_text)}字号 {run.props.size_pt:g} 磅"]
            font = run.props.fonts.get("eastAsia")
            if font is None or family(font.resolved or font.name) != face:
                return [f"版记{snippet(para.full_text)}字体 {font.name if font else '未设置'}"]
    return []


def _end_rule_problems(paras: list[Paragraph]) -> list[str]:
    """A thick rule above the first line and below the last, a thinner one between lines."""
    first = paras[0].props.borders.get("top")
    last = paras[-1].props.borders.get("bottom")
    problems = []
    if first is None or not first.drawn:
        problems.append("版记第一个要素之上没有分隔线")
    if last is None or not last.drawn:
        problems.append("版记最后一个要素之下没有分隔线")
    if problems:
        return problems
    assert first is not None and last is not None
    outer = min(first.eighths, last.eighths)
    for upper, lower in itertools.pairwise(paras):
        between = [
            b
            for b in (
                upper.props.borders.get("bottom"),
                lower.props.borders.get("top"),
                upper.props.borders.get("between"),
            )
            if b is not None and b.drawn
        ]
        if not between:
            problems.append(f"版记{snippet(upper.full_text)}与下一行之间没有分隔线")
        elif min(b.eighths for b in between) >= outer:
            problems.append("版记中间的分隔线不比首末分隔线细")
    return problems


def _printed_problems(para: Paragraph) -> list[str]:
    found = read_printed(para.full_text)
    assert found is not None
    _, written = found
    problems = []
    try:
        day = parse_date(written)
    except ValueError:
        return [f"印发日期“{written}”不是有效日期"]
    if written != date_text(day):
        problems.append(f"印发日期“{written}”应写作“{date_text(day)}”")
    char = layout.char_twips(1, para.base.size_pt)
    for side in ("left", "right"):
        chars = para.props.ind.get(f"{side}Chars")
        indent = chars / CHAR_UNIT if chars is not None else para.props.ind.get(side, 0.0) / char
        if abs(indent - layout.PRINTED_INDENT_CHARS) > _CHARS / CHAR_UNIT:
            where = "左" if side == "left" else "右"
            problems.append(f"印发行{where}空 {indent:g} 字")
    return problems


def _even_last_page(audit: Audit, paras: list[Paragraph]) -> tuple[str, list[str]]:
    """Where the 版记 is: in a last section that starts on an even page and shows no page
    number, or on the last page of a document whose recorded page count is even."""
    sections = audit.doc.sections
    sect = section_of(audit, paras[0])
    own = (
        sect is not None
        and paras[0].section == len(sections) - 1
        and paras[0].section > max((p.section for p, _ in audit.parts.items), default=0)
    )
    if sect is not None and own:
        problems = []
        if sect.start == "oddPage":
            problems.append("版记所在节从奇数页开始")
        elif sect.start != "evenPage" and not _even_pages(audit):
            return "", [f"版记另起一节（{sect.start}），无法确定在偶数页：应从偶数页开始"]
        for kind in ("default", "even"):
            if page_number_in(audit.doc.footer(sect, kind) or []):
                problems.append("版记页有页码")
                break
        return "，另起一节从偶数页开始、不编页码", problems
    pages = audit.doc.pages
    if pages is None:
        return "", ["无法确定版记所在页的奇偶（文档属性中没有页数）：应放在偶数页"]
    if pages % 2:
        return "", [f"版记在第 {pages} 页（奇数页）"]
    return f"，在第 {pages} 页（偶数页）", []


def _even_pages(audit: Audit) -> bool:
    return audit.doc.pages is not None and audit.doc.pages % 2 == 0
