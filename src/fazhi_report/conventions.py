"""The written conventions of a 公文 report, in one place: how its numbers, headings, dates and
parts look on the page.

The docx writer and the tree write them (:func:`heading_number`, :func:`date_text`); ``check``
(:mod:`fazhi_report.check.parts`) and ``import`` (:mod:`fazhi_report.importer.front`) recognise
them in any report with the same patterns, so what one writes the other two read.

The patterns are lenient on purpose: a heading written with the wrong mark (“1、”, “（一）、”) is
still a heading, for its font and its place in the outline; ``check``'s numbering rule reports
the mark (:data:`WRONG_NUMBERS`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from msgspec import Struct

from .patterns import lazy

# --- numerals and the 序次语 of the four heading levels ---------------------------------------------

CN_DIGITS = "零一二三四五六七八九"
_CN_NUM = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for section numbers up to 99)."""
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    head = "" if tens == 1 else CN_DIGITS[tens]
    return head + "十" + (CN_DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The 公文 序次语 for a heading: 一、 （一） 1. （1）."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


H1 = lazy(rf"^([{_CN_NUM}]{{1,3}})(?:、|[.．](?!\d))")
H2 = lazy(rf"^[（(]([{_CN_NUM}]{{1,3}})[）)]")
H3 = lazy(r"^(\d{1,2})(?:、|[.．](?!\d))")
H4 = lazy(r"^[（(](\d{1,2})[）)]")
#: Marks written wrong, and what the standard writes instead.
WRONG_NUMBERS = (
    (lazy(r"^\d{1,2}、"), "“1、”应写作“1.”"),
    (lazy(rf"^[（(][{_CN_NUM}]{{1,3}}[）)]、"), "“（一）”后不加顿号"),
    (lazy(r"^[（(]\d{1,2}[）)]、"), "“（1）”后不加顿号"),
    (lazy(rf"^[{_CN_NUM}]{{1,3}}[.．](?!\d)"), "“一.”应写作“一、”"),
)


def heading_level(text: str) -> int:
    """1–4 for text starting like a 一、/（一）/1./（1） heading, else 0."""
    for level, pattern in ((1, H1), (2, H2), (3, H3), (4, H4)):
        if pattern.match(text):
            return level
    return 0


def compact(text: str) -> str:
    """``text`` without white space (a title broken over lines, a date typed with spaces)."""
    return re.sub(r"\s+", "", text)


# --- dates ----------------------------------------------------------------------------------------


def date_text(day: dt.date) -> str:
    """GB/T 9704 成文日期: Arabic numerals, full year, never zero-padded: 2024年3月5日."""
    return f"{day.year}年{day.month}月{day.day}日"


#: A 成文日期 as reports write it (Arabic or Chinese numerals), on a line of its own.
ANY_DATE = lazy(
    r"^([0-9０-９〇○Ｏ零一二三四五六七八九]{4})年([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月"
    r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日$"
)

# --- the parts around the body --------------------------------------------------------------------

#: What ends a sentence (a heading, a 署名 or a 主送 line has none inside it).
SENTENCE_END = lazy(r"[。；！？!?;]")
#: An organisation's name, as a 署名 line or the issuer lines above a title end.
ISSUER = lazy(r"(委员会|人民政府|办事处|政府|党委|党工委|党组|委|局|办公室|办|中心|所)$")
#: “附件” alone (an attachment page's label, “附件2”), or “附件：名称” (the 附件说明).
ATTACHMENT_LABEL = lazy(r"^附件\s*(\d*)\s*(?:[：:]\s*(.*))?$")
#: The 附件说明's first line, and its numbered lines (“2. 名称”).
ATTACHMENT_NOTE = lazy(r"^附件\s*[：:]\s*(.*)$")
NOTE_ITEM = lazy(r"^\d{1,2}\s*[.．、]\s*(.+)$")
#: 版记: the 抄送 line and the 印发 line (“××办公室 2025年2月20日印发”).
CC = lazy(r"^抄\s*送\s*[：:]\s*(.*?)[。.]?$")
PRINTED = lazy(r"\d{1,2}\s*日\s*印\s*发$|印发$")
#: A 版记 line is short; a sentence in the body may end in 印发 too.
_END_MATTER_MAX = 40
#: A 发文字号 (“×政〔2024〕12号”), or a 文件编号 as a web page shows it, with whatever brackets,
#: “第” or zeros a clerk typed: 机关代字, the year in brackets, the sequence number, 号.
FILE_NUMBER = lazy(
    r"^(?P<code>[\u4e00-\u9fff]{1,12})\s*(?P<open>[〔［\[(（【{｛])\s*(?P<year>\d{2,4})\s*"
    r"(?P<close>[〕］\])）】}｝])\s*(?P<di>第?)\s*(?P<seq>\d{1,6})\s*号$"
)
#: The brackets GB/T 9704 puts the year in (7.2.4): 六角括号.
YEAR_BRACKETS = ("〔", "〕")
#: “签发人：王建国 李明” (7.2.5), alone or after the 发文字号 on one line.
SIGNERS = lazy(r"签\s*发\s*人\s*[：:]\s*(?P<names>.*)$")
_NAME_SEPARATORS = lazy(r"[\s\u3000、，,；;]+")
#: A 发文机关标志 line (7.2.3): a short name ending in “文件”, no sentence.
ISSUING_MARK = lazy(r"^[^，。；：,;:]{2,30}文件$")
ISSUING_MARK_SUFFIX = "文件"
#: The 印发 line of the 版记 (7.4.3): “青山镇党政办公室 2025年2月20日印发”.
PRINTED_LINE = lazy(
    r"^(?P<organ>.+?)\s*(?P<date>[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日)"
    r"\s*印\s*发$"
)
PRINTED_SUFFIX = "印发"
#: 附注: a line in parentheses under the 成文日期.
NOTE = lazy(r"^[（(](.+)[）)]$")
_ADDRESSEE_MAX = 60
_SIGNATURE_MAX = 30


def is_attachment_page_label(text: str) -> bool:
    """“附件” or “附件2” on a line of its own: an attachment page begins."""
    label = ATTACHMENT_LABEL.match(text)
    return bool(label and not label.group(2))


def is_end_matter(text: str) -> bool:
    """A 版记 line: 抄送, or a short line ending in 印发."""
    return bool(CC.match(text) or (PRINTED.search(text) and len(text) <= _END_MATTER_MAX))


def is_file_number(text: str) -> bool:
    return bool(FILE_NUMBER.match(compact(text)))


class FileNumber(Struct, frozen=True):
    """A 发文字号 read into its parts, as typed; :attr:`faults` says where it departs from
    GB/T 9704 7.2.4 and :attr:`standard` is how the standard writes it."""

    code: str
    brackets: str  # the opening and closing bracket typed
    year: str
    di: bool  # a “第” before the sequence number
    sequence: str

    @property
    def faults(self) -> tuple[str, ...]:
        """``brackets``, ``year`` (not in full), ``di``, ``zero`` (a leading zero): each fault."""
        found = []
        if self.brackets != "".join(YEAR_BRACKETS):
            found.append("brackets")
        if len(self.year) != 4:
            found.append("year")
        if self.di:
            found.append("di")
        if self.sequence.startswith("0"):
            found.append("zero")
        return tuple(found)

    @property
    def standard(self) -> str | None:
        """The number as GB/T 9704 writes it (None when the year is not written in full)."""
        if len(self.year) != 4 or not self.sequence.strip("0"):
            return None
        return f"{self.code}{YEAR_BRACKETS[0]}{self.year}{YEAR_BRACKETS[1]}{int(self.sequence)}号"


def read_file_number(text: str) -> FileNumber | None:
    """``text`` as a 发文字号 (see :data:`FILE_NUMBER`), or None when it is not one."""
    match = FILE_NUMBER.match(compact(text))
    if match is None:
        return None
    return FileNumber(
        match["code"],
        match["open"] + match["close"],
        match["year"],
        bool(match["di"]),
        match["seq"],
    )


def split_header_line(
    text: str, *, after_signers: bool = False
) -> tuple[str | None, list[str] | None]:
    """A line of the 版头 under the 发文机关标志: (its 发文字号, its 签发人 names), each None when
    the line does not hold it. “×政〔2025〕3号  签发人：王建国” holds both; with several signers
    the later lines hold names alone, and the last one the 发文字号 before them — a line of names
    alone counts only ``after_signers`` (under a “签发人：” line)."""
    text = text.strip()
    signed = SIGNERS.search(text)
    if signed is not None:
        before, names = text[: signed.start()], signer_names(signed["names"])
    else:
        later = _NUMBER_AND_NAMES.match(text)
        if later is not None and is_file_number(later["number"]):
            return compact(later["number"]), signer_names(later["names"])
        if after_signers and _NAMES.match(text):
            return None, signer_names(text)
        before, names = text, None
    number = compact(before) if before.strip() and is_file_number(before) else None
    if before.strip() and number is None:
        return None, None  # other words before 签发人, or no 版头 line at all
    return number, names


#: A later line of several 签发人: one or two names (two to five characters each).
_NAMES = lazy(r"^[\u4e00-\u9fff·]{2,5}(?:[\s\u3000]+[\u4e00-\u9fff·]{2,5})?$")
#: The last line of several 签发人: the 发文字号, white space, the names.
_NUMBER_AND_NAMES = lazy(
    r"^(?P<number>.+?号)[\s\u3000]+(?P<names>[\u4e00-\u9fff·]{2,5}(?:[\s\u3000]+[\u4e00-\u9fff·]{2,5})?)$"
)


def signer_names(text: str) -> list[str]:
    """The names after “签发人：”, however they are spaced."""
    return [name for name in _NAME_SEPARATORS.split(text.strip()) if name]


def is_issuing_mark(text: str) -> bool:
    """A 发文机关标志 line: “青山镇人民政府文件”."""
    return bool(ISSUING_MARK.match(compact(text)))


def printed_text(organ: str, day: dt.date) -> tuple[str, str]:
    """The 印发 line's two ends: the 印发机关, and “2025年2月20日印发”."""
    return organ, date_text(day) + PRINTED_SUFFIX


def read_printed(text: str) -> tuple[str, str] | None:
    """(印发机关, 印发日期 as written) of a 印发 line, or None."""
    match = PRINTED_LINE.match(text.strip())
    if match is None:
        return None
    return match["organ"].strip(), compact(match["date"])


def could_be_addressee(text: str) -> bool:
    """A 主送机关 line: short, ending in a colon, no sentence or heading (not “现报告如下：”)."""
    return (
        1 < len(text) <= _ADDRESSEE_MAX
        and text.endswith(("：", ":"))
        and not heading_level(text)
        and not re.search(r"[。，,；]|如下|报告|汇报", text)
    )


def could_be_signature(text: str) -> bool:
    """A 署名 line: short, no sentence, not a heading or the 附件说明."""
    return (
        len(text) <= _SIGNATURE_MAX
        and not SENTENCE_END.search(text)
        and not text.endswith(("，", ",", "：", ":", "."))
        and not heading_level(text)
        and not ATTACHMENT_NOTE.match(text)
    )


# --- the two editions of one report --------------------------------------------------------------

#: 报送版 is the 公文 sent upward (版头 with 签发人, 版记); 公开版 is what the website publishes
#: (no red header or 签发人, the 发文字号 under the title, the 政府信息公开 block).
Edition = Literal["submit", "publish"]
EDITIONS: dict[Edition, str] = {"submit": "报送版", "publish": "公开版"}


# --- years in the text, and the five-year periods --------------------------------------------------

#: A year as prose writes it: four digits before 年 (2024年, 2024年度), not inside a longer number.
YEAR = lazy(r"(?<![\d.．,/／-])((?:19|20)\d\d)(?=\s*年)")
#: Where a year names something fixed rather than the year written about: a title in 《》, a
#: quotation, a 文号's 〔2024〕, a range (2021—2025年, 2021年至2025年), a starting point (自2019年以来,
#: 2019年起) or a comparison (较2023年, 与2023年相比). Each span is left out of the year check.
_QUOTED = r"《[^《》]*》|“[^“”]*”|‘[^‘’]*’|「[^「」]*」|『[^『』]*』|\"[^\"\n]*\"|〔[^〔〕]*〕|［[^［］]*］"
_RANGE = r"(?:19|20)\d\d\s*年?\s*(?:[—–－~～至到-]+|—)\s*(?:19|20)\d\d\s*年"
_SINCE = r"(?:[自从]\s*)?(?:19|20)\d\d\s*年(?:度)?\s*(?:以来|至今|起|开始)"
_SINCE_FROM = r"[自从]\s*(?:19|20)\d\d\s*年"
_COMPARED = r"(?:较|比|(?<![参给])与|同|相比)\s*(?:19|20)\d\d\s*年(?:度)?"
FIXED_YEARS = lazy("|".join((_QUOTED, _RANGE, _SINCE, _SINCE_FROM, _COMPARED)))


def free_years(text: str) -> list[tuple[int, int]]:
    """(year, index) of each year in ``text`` said of the time written about: every year before
    年, except inside :data:`FIXED_YEARS`' spans."""
    fixed = [m.span() for m in FIXED_YEARS.finditer(text)]
    return [
        (int(m.group(1)), m.start())
        for m in YEAR.finditer(text)
        if not any(start <= m.start() < end for start, end in fixed)
    ]


#: A facts file named by its year: 2025.yaml, 2025年.yaml, 2025年度.yaml.
_YEAR_NAME = lazy(r"^((?:19|20)\d\d)(?:年度?)?$")


def year_of_name(stem: str) -> int | None:
    """The year a file's name (without extension) is, or None when it is not just a year."""
    match = _YEAR_NAME.match(stem.strip())
    return int(match.group(1)) if match else None


#: 普法 runs in five-year plans: the first (一五) from 1986, the eighth (八五) 2021—2025, the ninth
#: (九五) 2026—2030.
FIRST_PUFA_YEAR = 1986


def pufa_period(year: int) -> str:
    """The 普法 five-year plan in force in ``year``: 2025 → 八五, 2026 → 九五."""
    number = (year - FIRST_PUFA_YEAR) // 5 + 1
    return f"{chinese_number(number)}五"


#: A 普法 period named before a 数据 name: 八五普法宣传, “九五”普法宣传活动.
_PERIOD_PREFIX = lazy(r"^[“\"]?[一二三四五六七八九十]{1,2}五[”\"]?(?=普法)")


def without_pufa_period(name: str) -> str:
    """``name`` without the 普法 period it opens with: 八五普法宣传 and 九五普法宣传 are one
    indicator, whichever plan is in force."""
    return _PERIOD_PREFIX.sub("", name)


def pufa_years(year: int) -> tuple[int, int]:
    """The first and last year of the 普法 plan in force in ``year``: 2026 → (2026, 2030)."""
    first = FIRST_PUFA_YEAR + (year - FIRST_PUFA_YEAR) // 5 * 5
    return first, first + 4


#: What prose may write instead of a year that moves with 年度: ``{年度}年`` prints 2025年 in the
#: report for 2025, ``{下一年度}年`` 2026年, ``{普法规划}`` “八五”普法规划 (templates have the same
#: names). A 数据 item may not take one of these names.
YEAR_REFERENCES = ("年度", "下一年度", "普法规划")


def year_references(year: int) -> dict[str, str]:
    """What each of :data:`YEAR_REFERENCES` prints in the report on ``year``."""
    return {
        "年度": str(year),
        "下一年度": str(year + 1),
        "普法规划": f"“{pufa_period(year)}”普法规划",
    }
