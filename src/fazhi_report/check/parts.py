"""Recognising a report's parts from its paragraphs: 标题, 主送机关, the 一、（一）1.（1） headings,
正文, 附件说明, 署名, 成文日期, and what follows the date (attachment pages, 版记).

Recognition works on what a reader sees (automatic numbering labels included), so a report typed
by hand in Word or WPS is read the same as one this tool generated. The patterns are the report's
conventions (:mod:`fazhi_report.conventions`), which ``import`` reads reports with too; this module
adds what only a .docx shows (alignment, indents).
"""

from __future__ import annotations

from msgspec import Struct, field

from ..conventions import (
    ANY_DATE,
    ATTACHMENT_NOTE,
    H3,
    compact,
    could_be_addressee,
    could_be_signature,
    heading_level,
    is_attachment_page_label,
    is_end_matter,
    is_file_number,
    is_issuing_mark,
    split_header_line,
)
from ..ooxml import Document, Paragraph

# The roles a paragraph of the 正文 region can have.
ROLE_NAMES = {
    "mark": "发文机关标志",
    "header": "发文字号和签发人",
    "file_number": "发文字号",
    "title": "标题",
    "addressee": "主送机关",
    "h1": "一级标题",
    "h2": "二级标题",
    "h3": "三级标题",
    "h4": "四级标题",
    "signature": "署名",
    "date": "成文日期",
    "attachment_note": "附件说明",
    "body": "正文",
}
#: The 版头's roles: judged by the 版头 rule, not by the body's fonts.
HEADER_ROLES = ("mark", "header")


class Parts(Struct):
    """A report read into its parts.

    ``items`` are the non-empty paragraphs from the title to the 成文日期, each with its role (a
    key of :data:`ROLE_NAMES`); ``attachments`` the paragraphs of the attachment pages after it
    (table cells left out) and ``end_matter`` the 版记 lines (抄送, 印发).
    """

    items: list[tuple[Paragraph, str]]
    date: Paragraph | None
    attachments: list[Paragraph] = field(default_factory=list)
    end_matter: list[Paragraph] = field(default_factory=list)

    def having(self, *roles: str) -> list[Paragraph]:
        return [p for p, role in self.items if role in roles]


def read_parts(doc: Document) -> Parts:
    """Recognise the parts of ``doc``."""
    main, rest = _split_main(doc)
    date_at = max((i for i, p in enumerate(main) if ANY_DATE.match(compact(p.text))), default=-1)
    if date_at >= 0:
        main = main[: date_at + 1]
    roles = ["body"] * len(main)
    if date_at >= 0:
        roles[date_at] = "date"
    _mark_front(main, roles, _mark_header(main, roles))
    _mark_attachment_note(main, roles)
    _mark_signature(main, roles, date_at if date_at >= 0 else len(main))
    _mark_numbers(main, roles)
    return Parts(
        items=list(zip(main, roles, strict=True)),
        date=main[date_at] if date_at >= 0 else None,
        attachments=[p for p in rest if not is_end_matter(p.full_text)],
        end_matter=[p for p in rest if is_end_matter(p.full_text)],
    )


def _split_main(doc: Document) -> tuple[list[Paragraph], list[Paragraph]]:
    """Non-empty paragraphs outside tables: up to the first attachment page or 版记 line, and
    from there on."""
    seen = [p for p in doc.paragraphs if not p.in_table and p.full_text]
    for i, para in enumerate(seen):
        if i and (is_attachment_page_label(para.full_text) or is_end_matter(para.full_text)):
            return seen[:i], seen[i:]
    return seen, []


def _mark_header(main: list[Paragraph], roles: list[str]) -> int:
    """The 版头 above the title: the 发文机关标志's lines (red, or a short centred line ending in
    “文件”), then the lines holding the 发文字号 and the 签发人. Returns where the title starts."""
    i = 0
    while i < len(main) - 1 and is_mark(main[i]):
        roles[i] = "mark"
        i += 1
    signed = False
    while i < len(main) - 1:
        number, names = split_header_line(main[i].full_text, after_signers=signed)
        if number is None and names is None:
            break
        roles[i] = "header"
        signed = signed or names is not None
        i += 1
    return i


def is_mark(para: Paragraph) -> bool:
    """A line of the 发文机关标志: all its text red, or “……文件” centred."""
    runs = [run for run in para.runs if run.text.strip()]
    if runs and all(is_red(run.props.color) for run in runs):
        return True
    return para.alignment == "center" and is_issuing_mark(para.full_text)


def is_red(color: str | None) -> bool:
    """A clearly red colour (GB/T 9704 says only “红色”): much red, little green and blue."""
    if not color or len(color) != 6:
        return False
    try:
        red, green, blue = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return red >= _RED_MIN and green <= _OTHER_MAX and blue <= _OTHER_MAX


_RED_MIN, _OTHER_MAX = 0xC0, 0x60


def _mark_front(main: list[Paragraph], roles: list[str], start: int) -> None:
    """Title: the first paragraph (after any 版头) plus following centred lines, the 公开版's
    发文字号 centred under it; then an optional 主送 line."""
    if start >= len(main):
        return
    roles[start] = "title"
    i = start + 1
    while i < len(main) and main[i].alignment == "center" and not heading_level(main[i].full_text):
        if is_file_number(main[i].full_text):
            roles[i] = "file_number"
            i += 1
            break
        roles[i] = "title"
        i += 1
    if i < len(main) and _is_addressee(main[i]):
        roles[i] = "addressee"


def _is_addressee(para: Paragraph) -> bool:
    indent, _ = para.props.first_line(para.base.size_pt)
    return could_be_addressee(para.full_text) and indent <= 0


def _mark_signature(main: list[Paragraph], roles: list[str], end: int) -> None:
    """The 署名 lines right above the date: short, unpunctuated, not numbered."""
    i = end - 1
    while i > 0 and end - i <= 4 and roles[i] == "body":
        if not could_be_signature(main[i].full_text):
            break
        if end == len(main) and main[i].alignment not in ("right", "center"):
            break  # without a date to anchor it, only a right-aligned line is a signature
        roles[i] = "signature"
        i -= 1


def _mark_attachment_note(main: list[Paragraph], roles: list[str]) -> None:
    """附件说明 “附件：1. 名称” and its “2. 名称” lines: hanging-indented so the names align."""
    inside = False
    for i, para in enumerate(main):
        if roles[i] != "body":
            inside = False
        elif ATTACHMENT_NOTE.match(para.full_text) or (inside and H3.match(para.full_text)):
            roles[i] = "attachment_note"
            inside = True
        else:
            inside = False


def _mark_numbers(main: list[Paragraph], roles: list[str]) -> None:
    for i, para in enumerate(main):
        level = heading_level(para.full_text)
        if roles[i] == "body" and level:
            roles[i] = f"h{level}"
