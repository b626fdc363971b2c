"""Text rules: fonts and sizes by role, theme fonts, the font of Chinese quotes, indents."""

from __future__ import annotations

from collections.abc import Iterator

from ... import layout
from ...ooxml import Paragraph, Run, family
from ...ooxml.fonts import is_cjk_font, slot_of
from ...ooxml.values import CHAR_UNIT
from ...style import describe
from ..parts import HEADER_ROLES, ROLE_NAMES
from .base import ALIGN_NAMES, Audit, Verdict, body_paragraphs, count, pt, rule, slots_used, snippet

# Tolerances: ±0.1 character; ±2 pt (1/8 character) of indent.
CHAR_UNITS_TOLERANCE = 10
INDENT_TOLERANCE_TWIPS = 40
_QUOTES = "“”‘’"

#: The layout text style each role's text must have (anything else: the body's).
_STYLES = {
    "title": "title",
    "addressee": "addressee",
    "h1": "heading1",
    "h2": "heading2",
    "h3": "heading3",
    "h4": "heading4",
    "signature": "signature",
}


def _styled_runs(para: Paragraph, role: str) -> Iterator[tuple[Run, str]]:
    """Each run with the role whose style it must have: a 一、/（一） heading that runs on into a
    sentence after its first 。 is only a heading up to that 。 (GB/T 9704 7.3.3)."""
    cut = len(para.text)
    if role in ("h1", "h2"):
        stop = para.text.find("。")
        if 0 <= stop < len(para.text.rstrip()) - 1:
            cut = stop + 1
    offset = 0
    for run in para.runs:
        yield run, role if offset < cut else "body"
        offset += len(run.text)


@rule("fonts", "字体字号")
def fonts(audit: Audit) -> Verdict:
    style = audit.style
    expected = "；".join(
        f"{name}{audit.font_label(key)} {style.text_style(key).size_pt:g} 磅"
        for name, key in (
            ("标题", "title"),
            ("一级标题", "heading1"),
            ("二级标题", "heading2"),
            ("三四级标题和正文", "body"),
        )
    )
    if audit.style_problems:
        return False, "文档声明的样式不符合 GB/T 9704：" + "；".join(audit.style_problems), expected
    problems: list[str] = []
    for para, role in audit.parts.items:
        if role in HEADER_ROLES:
            continue  # the 版头's own faces are the 版头 rule's
        for run, run_role in _styled_runs(para, role):
            key = _STYLES.get(run_role, "body")
            problem = _font_problem(run, style.text_style(key), style.declared_font(key))
            if problem:
                problems.append(f"{ROLE_NAMES[run_role]}{snippet(run.text)}{problem}")
    if not audit.parts.items:
        return False, "文档没有文字", expected
    if problems:
        return False, count(problems), expected
    declared = f"（按文档声明的样式：{describe(style)}）" if style.declared else ""
    return True, f"{len(audit.parts.items)} 段的字体字号均符合{declared}", expected


def _font_problem(run: Run, style: layout.TextStyle, named: str | None) -> str | None:
    """What is wrong with ``run`` for ``style``; a font the document's style ``named`` must be
    that very font, a default one only of its family (仿宋_GB2312, 仿宋 and 方正仿宋_GBK alike)."""
    if not run.text.strip():
        return None
    if abs(run.props.size_pt - style.size_pt) > 0.01:
        return f"字号 {run.props.size_pt:g} 磅"
    if "eastAsia" not in slots_used(run):
        return None
    font = run.props.fonts.get("eastAsia")
    if font is not None and font.theme:
        return None  # reported once, by the theme-font rule
    if font is None:
        return "未设置中文字体"
    if named is not None:
        return None if font.name == named else f"字体 {font.name}"
    if family(font.name) != family(style.east_asia):
        return f"字体 {font.name}"
    return None


@rule("theme_fonts", "主题字体")
def theme_fonts(audit: Audit) -> Verdict:
    expected = "直接指定字体名称（如 w:eastAsia=“仿宋_GB2312”），不引用主题字体"
    problems = []
    for para in audit.doc.paragraphs:
        for run in para.runs:
            for slot in sorted(slots_used(run)):
                font = run.props.fonts.get(slot)
                if font is not None and font.theme:
                    kind = "中文" if slot == "eastAsia" else "西文"
                    problems.append(f"{snippet(run.text)}的{kind}字体为主题字体 {font.name}")
    if problems:
        return False, count(problems), expected
    return True, "文字均直接指定字体，未引用主题字体", expected


@rule("quote_fonts", "引号字体")
def quote_fonts(audit: Audit) -> Verdict:
    expected = "中文引号用中文字体显示（w:hint=“eastAsia”或西文字体为中文字体）"
    problems: list[str] = []
    checked = themed = 0
    for para in audit.doc.paragraphs:
        for run in (r for r in para.runs if any(ch in _QUOTES for ch in r.text)):
            font = run.props.fonts.get(slot_of("“", run.props.hint))
            if font is not None and font.theme:
                themed += 1  # reported by the theme-font rule
                continue
            checked += 1
            if font is None or not is_cjk_font(font.name):
                name = font.name if font else "未设置"
                problems.append(f"{snippet(para.text)}中的引号将以西文字体 {name} 显示")
    if problems:
        return False, count(problems), expected
    found = f"{checked} 处中文引号均用中文字体" if checked else "没有需检查的中文引号"
    if themed:
        found += f"（另有 {themed} 处取决于主题字体，见“主题字体”）"
    return True, found, expected


@rule("indent", "段落缩进与对齐")
def indent(audit: Audit) -> Verdict:
    chars = layout.BODY.first_line_chars / CHAR_UNIT
    expected = f"标题居中；正文首行缩进 {chars:g} 字、两端对齐、回行顶格"
    problems = [
        f"标题{snippet(p.full_text)}{ALIGN_NAMES.get(p.alignment, p.alignment)}"
        for p in audit.parts.having("title")
        if p.alignment != layout.TITLE.align
    ]
    body = body_paragraphs(audit)
    for para in body:
        problem = _indent_problem(para)
        if problem:
            problems.append(f"正文{snippet(para.full_text)}{problem}")
    if problems:
        return False, count(problems), expected
    if not body:
        return False, "没有正文段落", expected
    return True, f"{len(body)} 段正文首行缩进 {chars:g} 字、两端对齐", expected


def _indent_problem(para: Paragraph) -> str | None:
    want_chars = layout.BODY.first_line_chars
    size = layout.BODY.size_pt
    twips, chars = para.props.first_line(size)
    if chars is not None:
        if abs(chars - want_chars) > CHAR_UNITS_TOLERANCE:
            return f"首行缩进 {chars / CHAR_UNIT:g} 字"
    elif abs(twips - want_chars / CHAR_UNIT * size * layout.TWIPS_PER_PT) > INDENT_TOLERANCE_TWIPS:
        return f"首行缩进 {pt(twips):g} 磅"
    if para.props.has_left_indent():
        return "有左缩进（回行未顶格）"
    if para.alignment != layout.BODY.align:
        return ALIGN_NAMES.get(para.alignment, para.alignment)
    return None
