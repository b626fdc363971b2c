"""Page rules: paper size, margins, 22 lines a page and 28 characters a line."""

from __future__ import annotations

from ... import layout
from ...ooxml import Paragraph, RunProps, Section
from ...ooxml.document import WORD_DEFAULT_MARGINS, WORD_DEFAULT_PAGE
from ...ooxml.fonts import is_cjk_char
from ...ooxml.styles import StyleSheet
from ...ooxml.values import CHAR_SPACE_UNIT, SINGLE_LINE
from .base import Audit, Verdict, body_paragraphs, main_sections, mm, pt, rule, section_of, snippet

_NO_SECTION = "没有页面设置（缺少 w:sectPr）"


def _where(index: int, count: int) -> str:
    return f"第{index + 1}节" if count > 1 else ""


@rule("page_size", "纸张大小")
def page_size(audit: Audit) -> Verdict:
    page = layout.PAGE
    expected = f"A4（{page.width_mm:g}×{page.height_mm:g} mm）"
    sections = audit.doc.sections
    if not sections:
        return False, _NO_SECTION, expected
    tolerance = layout.mm(page.tolerance_mm)
    found = ""
    for index, sect in enumerate(sections):
        if not sect.page_size_set:
            letter = "×".join(f"{mm(v):.1f}" for v in WORD_DEFAULT_PAGE)
            where = _where(index, len(sections))
            return False, f"{where}未设置纸张大小（Word 将按 Letter {letter} mm 排版）", expected
        short, long_ = sorted(sect.page_size)
        found = "×".join(f"{mm(v):.1f}" for v in sect.page_size) + " mm"
        ok = (
            abs(short - layout.mm(page.width_mm)) <= tolerance
            and abs(long_ - layout.mm(page.height_mm)) <= tolerance
        )
        if not ok:
            return False, f"{_where(index, len(sections)) or '纸张'} {found}", expected
    return True, f"A4 {found}", expected


_MARGIN_NAMES = {"上": "top", "下": "bottom", "左": "left", "右": "right"}


@rule("margins", "页边距")
def margins(audit: Audit) -> Verdict:
    page = layout.PAGE
    want = {"上": page.top_mm, "下": page.bottom_mm, "左": page.left_mm, "右": page.right_mm}
    expected = " ".join(f"{k}{v:g}" for k, v in want.items()) + f" mm（±{page.tolerance_mm:g} mm）"
    sections = main_sections(audit)
    if not sections:
        return False, _NO_SECTION, expected
    found = ""
    for index, sect in sections:
        where = f"第{index + 1}节 " if len(sections) > 1 else ""
        unset = [k for k, name in _MARGIN_NAMES.items() if sect.margins[name] is None]
        got = _section_margins(sect)
        found = " ".join(f"{k}{'未设置' if k in unset else f'{v:.1f}'}" for k, v in got.items())
        if unset:
            return False, f"{where}{_unset_margins(found, len(unset) == len(want))}", expected
        found += " mm"
        bad = [k for k in want if abs(got[k] - want[k]) > page.tolerance_mm + 1e-6]
        if bad:
            return False, f"{where}{found}", expected
    return True, found, expected


def _unset_margins(found: str, none_set: bool) -> str:
    top, left = (f"{mm(WORD_DEFAULT_MARGINS[k]):g}" for k in ("top", "left"))
    defaults = f"Word 将按上下 {top} mm、左右 {left} mm 排版"
    if none_set:
        return f"未设置页边距（{defaults}）"
    return f"{found} mm（未设置的边距{defaults}）"


def _section_margins(sect: Section) -> dict[str, float]:
    return {
        "上": mm(sect.margin("top")),
        "下": mm(sect.margin("bottom")),
        "左": mm(sect.margin("left") + sect.margin("gutter")),
        "右": mm(sect.margin("right")),
    }


@rule("line_grid", "每页行数")
def line_grid(audit: Audit) -> Verdict:
    pitch = layout.PAGE.line_pitch_twips
    lines = layout.PAGE.lines_per_page
    expected = (
        f"每页{lines}行：文档网格行距 {pt(pitch):.2f} 磅（linePitch={pitch}）"
        f"或正文固定行距约 {pt(pitch):.2f} 磅"
    )
    body = body_paragraphs(audit)
    if not body:
        return False, "没有正文段落", expected
    ways: set[str] = set()
    for para in body:
        ok, how = _line_pitch(audit, para)
        if not ok:
            return False, f"正文{snippet(para.full_text)}{how}", expected
        ways.add(how)
    return True, "、".join(sorted(ways)), expected


_PITCH_TOLERANCE = 6  # twips: ±0.3 pt still gives 22 lines in a 225 mm 版心


def _line_pitch(audit: Audit, para: Paragraph) -> tuple[bool, str]:
    """Whether ``para``'s lines sit 28.95 pt apart, and how (for the report)."""
    want = layout.PAGE.line_pitch_twips
    props = para.props
    if props.line_rule in ("exact", "atLeast") and props.line is not None:
        ok = abs(props.line - want) <= _PITCH_TOLERANCE
        kind = "固定" if props.line_rule == "exact" else "最小"
        return ok, f"{kind}行距 {pt(props.line):.2f} 磅"
    sect = section_of(audit, para)
    grid_pitch = None if sect is None else sect.line_pitch
    if sect is None or sect.grid_type not in _LINE_GRIDS or grid_pitch is None:
        return False, "行距未固定，且未设置文档网格"
    if abs(grid_pitch - want) > _PITCH_TOLERANCE:
        return False, f"文档网格行距 {pt(grid_pitch):.2f} 磅"
    if not props.snap:
        return False, "未对齐文档网格（snapToGrid 关闭）"
    if props.line is not None and props.line > SINGLE_LINE:
        return False, f"行距为 {props.line / SINGLE_LINE:.2f} 倍（跨越多个网格行）"
    return True, f"文档网格行距 {pt(grid_pitch):.2f} 磅"


_LINE_GRIDS = ("lines", "linesAndChars", "snapToChars")
_CHAR_GRIDS = ("linesAndChars", "snapToChars")


@rule("char_grid", "每行字数")
def char_grid(audit: Audit) -> Verdict:
    chars = layout.PAGE.chars_per_line
    spacing = layout.BODY_CHAR_SPACING_TWIPS
    expected = (
        f"每行{chars}字：文档网格“指定行和字符网格”每行{chars}字，"
        f"或正文字符间距紧缩 {pt(abs(spacing)):g} 磅（w:spacing {spacing}±1）"
    )
    body = body_paragraphs(audit)
    if not body:
        return False, "没有正文段落", expected
    per_line = _grid_chars(audit, body[0])
    if per_line is not None and abs(per_line - chars) < 0.1:
        return True, f"文档网格每行 {per_line:.1f} 字", expected
    off = _spacing_violation(body)
    if off is None:
        return True, f"正文字符间距 {pt(spacing):g} 磅", expected
    grid = f"文档网格每行 {per_line:.1f} 字" if per_line is not None else "未设置字符网格"
    return False, f"{grid}，正文{off}", expected


def _grid_chars(audit: Audit, para: Paragraph) -> float | None:
    """Characters per line the document grid gives, or None without a character grid.

    Word's pitch is the default font size plus ``charSpace``/4096 pt; which default (docDefaults
    or the Normal style) differs between Word and LibreOffice, so either is accepted.
    """
    sect = section_of(audit, para)
    if sect is None or sect.grid_type not in _CHAR_GRIDS:
        return None
    width = pt(sect.text_width)
    want = layout.PAGE.chars_per_line
    counts = [
        width / pitch
        for base in _default_sizes(audit.doc.styles)
        if (pitch := base + sect.char_space / CHAR_SPACE_UNIT) > 0
    ]
    return min(counts, key=lambda count: abs(count - want), default=None)


def _default_sizes(styles: StyleSheet) -> list[float]:
    doc = RunProps()
    doc.merge(styles.doc_rpr)
    normal = doc.copy()
    normal.merge_style(styles.rpr_layers(None, "paragraph"))
    return [doc.size_pt, normal.size_pt]


def _spacing_violation(body: list[Paragraph]) -> str | None:
    """The first body run with Chinese text whose character spacing is not the condensed one."""
    want = layout.BODY_CHAR_SPACING_TWIPS
    for para in body:
        for run in para.runs:
            if not any(is_cjk_char(ch) for ch in run.text):
                continue
            got = run.props.spacing or 0.0
            if abs(got - want) > 1:
                return f"{snippet(run.text)}字符间距 {pt(got):g} 磅"
    return None
