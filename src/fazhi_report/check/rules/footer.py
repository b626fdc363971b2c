"""The page-number rule: a PAGE field in the footers, “— N —”, 宋体 四号, odd right, even left."""

from __future__ import annotations

import re

from msgspec import Struct

from ... import layout
from ...ooxml import Paragraph, Run, family
from ...patterns import lazy
from .base import ALIGN_NAMES, Audit, Verdict, rule

_PAGE_FIELD = lazy(r"^\s*PAGE\b", re.IGNORECASE)


class PageNumber(Struct):
    """A footer paragraph holding a PAGE field: its visible form and the runs that draw it."""

    para: Paragraph
    form: str  # the paragraph text with the field's result replaced by "N"
    digits: list[Run]  # the runs whose formatting the number takes
    around: list[Run]  # the visible text around it (the dashes)


def _page_number(paras: list[Paragraph]) -> PageNumber | None:
    for para in paras:
        number = _page_field(para)
        if number is not None:
            return number
    return None


def page_number_in(paras: list[Paragraph]) -> bool:
    """Whether these (a footer's) paragraphs show a page number."""
    return _page_number(paras) is not None


def _page_field(para: Paragraph) -> PageNumber | None:
    """Read ``para`` as Word shows it, a PAGE field's result standing as "N"."""
    pieces: list[str] = []
    digits: list[Run] = []
    around: list[Run] = []
    found = False
    fields: list[list[str]] = []  # open fields, innermost last: [state, field code]
    for run in para.runs:
        for kind, value in run.atoms:
            if kind == "fld" and value == "begin":
                fields.append(["code", ""])
            elif kind == "instr" and fields:
                fields[-1][1] += value
            elif kind == "fld" and value in ("separate", "end") and fields:
                state, code = fields[-1]
                is_page = bool(_PAGE_FIELD.match(code))
                # The number shows at "separate", or at "end" for a field without a result.
                if is_page and (value == "separate" or state == "code"):
                    pieces.append("N")
                    digits.append(run)
                    found = True
                if value == "separate":
                    fields[-1][0] = "page" if is_page else "result"
                else:
                    fields.pop()
            elif kind == "t" and fields and fields[-1][0] == "page":
                digits.append(run)  # the cached number: its formatting is the number's
            elif kind == "t" and (not fields or fields[-1][0] == "result"):
                pieces.append(value)
                if value.strip():
                    around.append(run)
    return PageNumber(para, "".join(pieces).strip(), digits, around) if found else None


def _footer_paras(audit: Audit, kind: str) -> list[Paragraph] | None:
    """The footer of ``kind`` (default = odd pages, even) the first section uses."""
    sections = audit.doc.sections
    return audit.doc.footer(sections[0], kind) if sections else None


@rule("page_numbers", "页码")
def page_numbers(audit: Audit) -> Verdict:
    style = audit.style.text_style("page_number")
    font = audit.font_label("page_number")
    form = _form(audit)
    expected = (
        f"页脚有 PAGE 域，形如“{form}”，{font} {style.size_pt:g} 磅；"
        "设置奇偶页不同，奇数页居右、偶数页居左"
    )
    problems: list[str] = []
    if audit.doc.even_and_odd_headers:
        for kind, label, align in (("default", "奇数页", "right"), ("even", "偶数页", "left")):
            paras = _footer_paras(audit, kind)
            problems.append(_footer_problem(audit, paras, label, align) or "")
    else:
        footer = _footer_paras(audit, "default")
        problems.append(_footer_problem(audit, footer, "", None) or "")
        # One footer serves both parities only as a frame aligned "outside" (WPS does this).
        number = _page_number(footer or [])
        if number is None or number.para.alignment != "outside":
            problems.append("未设置奇偶页不同")
    problems = [p for p in problems if p]
    fmt = audit.doc.sections[0].page_number_format if audit.doc.sections else None
    if fmt not in (None, "decimal"):
        problems.append(f"页码数字格式为 {fmt}")
    if problems:
        return False, "；".join(problems), expected
    return (
        True,
        f"“{form.replace('1', 'N')}”，奇数页居右、偶数页居左，{font} {style.size_pt:g} 磅",
        expected,
    )


def _form(audit: Audit) -> str:
    """The page number's form: the one the document's style declares, else the usual one."""
    dash = layout.PAGE_NUMBER_DASH
    return audit.style.page_number_form if audit.style.get("页码格式") else f"{dash} 1 {dash}"


def _footer_problem(
    audit: Audit, paras: list[Paragraph] | None, label: str, align: str | None
) -> str | None:
    if paras is None:
        return f"{label}没有页脚"
    number = _page_number(paras)
    if number is None:
        return f"{label}页脚没有页码（PAGE 域）"
    dash = layout.PAGE_NUMBER_DASH
    declared = audit.style.get("页码格式")
    form = re.escape(declared.replace("1", "N")) if declared else rf"{dash}\s?N\s?{dash}"
    if not re.fullmatch(form, number.form):
        return f"{label}页码形如“{number.form.replace('N', '1')}”"
    style = audit.style.text_style("page_number")
    named = audit.style.declared_font("page_number")
    for run in number.digits + number.around:
        if abs(run.props.size_pt - style.size_pt) > 0.01:
            return f"{label}页码字号 {run.props.size_pt:g} 磅"
    for run in number.digits:
        # Arabic digits are drawn with the ASCII slot: that is the font that must be 宋体.
        font = run.props.fonts.get("ascii")
        if font is None or font.theme:
            return f"{label}页码字体 {font.describe() if font else '未设置'}"
        if font.name != named if named else family(font.name) != family(style.east_asia):
            return f"{label}页码字体 {font.describe()}"
    # WPS places page numbers with a frame aligned "outside": right on odd, left on even pages.
    if align is not None and number.para.alignment not in (align, "outside"):
        where = ALIGN_NAMES.get(number.para.alignment, number.para.alignment)
        return f"{label}页码{where}"
    return None
