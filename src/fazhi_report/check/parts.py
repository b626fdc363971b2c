"""Recognising a report's parts from its paragraphs: 标题, 主送机关, the 一、（一）1.（1） headings,
正文, 附件说明, 署名, 成文日期, and what follows the date (attachment pages, 版记).

Recognition works on what a reader sees (automatic numbering labels included), so a report typed
by hand in Word or WPS is read the same as one this tool generated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ooxml import Document, Paragraph

_CN_NUM = "一二三四五六七八九十"
# Lenient on purpose: a heading written with the wrong mark (“1、”, “（一）、”) is still a heading
# for its font; the numbering rule reports the mark.
H1 = re.compile(rf"^([{_CN_NUM}]{{1,3}})(?:、|[.．](?!\d))")
H2 = re.compile(rf"^[（(]([{_CN_NUM}]{{1,3}})[）)]")
H3 = re.compile(r"^(\d{1,2})(?:、|[.．](?!\d))")
H4 = re.compile(r"^[（(](\d{1,2})[）)]")
WRONG_NUMBERS = (
    (re.compile(r"^\d{1,2}、"), "“1、”应写作“1.”"),
    (re.compile(rf"^[（(][{_CN_NUM}]{{1,3}}[）)]、"), "“（一）”后不加顿号"),
    (re.compile(r"^[（(]\d{1,2}[）)]、"), "“（1）”后不加顿号"),
    (re.compile(rf"^[{_CN_NUM}]{{1,3}}[.．](?!\d)"), "“一.”应写作“一、”"),
)
ANY_DATE = re.compile(
    r"^([0-9０-９〇○Ｏ零一二三四五六七八九]{4})年([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月"
    r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日$"
)
_ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*$")
_END_MATTER = re.compile(r"^抄送[：:]|\d日印发$")  # 版记: the 抄送 line, the 印发 line
_SENTENCE_END = tuple("。；：！？，.;:!?,")

# The roles a paragraph of the 正文 region can have.
ROLE_NAMES = {
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


def heading_level(text: str) -> int:
    """1–4 for text starting like a 一、/（一）/1./（1） heading, else 0."""
    for level, pattern in ((1, H1), (2, H2), (3, H3), (4, H4)):
        if pattern.match(text):
            return level
    return 0


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Parts:
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
    _mark_front(main, roles)
    _mark_attachment_note(main, roles)
    _mark_signature(main, roles, date_at if date_at >= 0 else len(main))
    _mark_numbers(main, roles)
    return Parts(
        items=list(zip(main, roles, strict=True)),
        date=main[date_at] if date_at >= 0 else None,
        attachments=[p for p in rest if not _END_MATTER.search(p.full_text)],
        end_matter=[p for p in rest if _END_MATTER.search(p.full_text)],
    )


def _split_main(doc: Document) -> tuple[list[Paragraph], list[Paragraph]]:
    """Non-empty paragraphs outside tables: up to the first attachment page or 版记 line, and
    from there on."""
    seen = [p for p in doc.paragraphs if not p.in_table and p.full_text]
    for i, para in enumerate(seen):
        if i and (_ATTACHMENT_LABEL.match(para.full_text) or _END_MATTER.search(para.full_text)):
            return seen[:i], seen[i:]
    return seen, []


def _mark_front(main: list[Paragraph], roles: list[str]) -> None:
    """Title: the first paragraph plus following centred lines; then an optional 主送 line."""
    if not main:
        return
    roles[0] = "title"
    i = 1
    while i < len(main) and main[i].alignment == "center" and not heading_level(main[i].full_text):
        roles[i] = "title"
        i += 1
    if i < len(main) and _is_addressee(main[i]):
        roles[i] = "addressee"


def _is_addressee(para: Paragraph) -> bool:
    text = para.full_text
    indent, _ = para.props.first_line(para.base.size_pt)
    return (
        text.endswith(("：", ":")) and len(text) <= 60 and indent <= 0 and not heading_level(text)
    )


def _mark_signature(main: list[Paragraph], roles: list[str], end: int) -> None:
    """The 署名 lines right above the date: short, unpunctuated, not numbered."""
    i = end - 1
    while i > 0 and end - i <= 4 and roles[i] == "body":
        text = main[i].full_text
        if len(text) > 30 or text.endswith(_SENTENCE_END) or heading_level(text):
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
        elif re.match(r"^附件[：:]", para.full_text) or (inside and H3.match(para.full_text)):
            roles[i] = "attachment_note"
            inside = True
        else:
            inside = False


def _mark_numbers(main: list[Paragraph], roles: list[str]) -> None:
    for i, para in enumerate(main):
        level = heading_level(para.full_text)
        if roles[i] == "body" and level:
            roles[i] = f"h{level}"
