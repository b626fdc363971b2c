"""Front and end matter → facts: 单位, 党委名称, 年度, 标题, 主送, 署名, 成文日期, 公开, 附件, 附注,
抄送; the web page's 政府信息公开 table read into 公开; what has no place kept as comments.

A title names the issuer and the year (“中共青山镇委员会 青山镇人民政府关于2024年度…的报告”).
Without one — a text copied from a website — the unit comes from the signature, the page's
metadata or the opening paragraph (“2023年，环渚街道……”), and the year from the opening or the
most frequent year in the text; the facts file says which were guessed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from typing import Any

from msgspec import Struct, field

from ..conventions import (
    compact,
    is_file_number,
    is_issuing_mark,
    read_file_number,
    read_printed,
    split_header_line,
)
from ..enrich import default_title, signature
from ..model import ReportFacts
from ..patterns import lazy
from ..quantity import chinese_value
from ..schema import publication_keys
from ..values import NO_ADDRESSEE
from .emit import Noted
from .front import AttachmentPage, Layout, Table, cc_names
from .sources import Para

_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
#: A year written in Chinese numerals, digit by digit: 二〇二四.
_YEAR_DIGITS = str.maketrans("〇○Ｏ零一二三四五六七八九", "0000123456789")
_DATE = lazy(r"^(\S{4})年(\S{1,3})月(\S{1,3})日$")
_ISO_DATE = lazy(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_TITLE = lazy(r"^(?P<issuer>.*?)关于(?P<year>\d{4})年")
_YEAR = lazy(r"(?<!\d)((?:19|20)\d{2})年")
_PLACE = lazy(r"([\u4e00-\u9fff]{2,5}?(?:街道|镇|乡))(?![\u4e00-\u9fff]{0,1}[长委])")
_PARTY = lazy(r"^(中共|中国共产党).+?(委员会|党委|党工委)")
#: A web page's 政府信息公开 labels → where the facts file keeps them: the model's own fields,
#: the portals' other names for them, and the dates.
_META_KEYS = {key: ("公开", key) for key in publication_keys()} | {
    "公开形式": ("公开", "公开方式"),
    "发文编号": ("公开", "文件编号"),
    "文号": ("公开", "文件编号"),
    "成文日期": ("", "成文日期"),
    "发文日期": ("", "成文日期"),
    "发布日期": ("", "发布日期"),
    "发布时间": ("", "发布日期"),
}
_META_LINE = lazy(rf"({'|'.join(_META_KEYS)})\s*[：:]\s*([^\s|]+)")
_DATA_TABLE_HEAD = lazy(r"^(\d{4})年$")


class Front(Struct):
    """The front and end matter as facts, and what the importer guessed or could not place."""

    facts: dict[str, Any] = field(default_factory=dict)
    guessed: list[str] = field(default_factory=list)  # 单位, 年度, 成文日期 …
    leading_comments: list[str] = field(default_factory=list)
    trailing_comments: list[str] = field(default_factory=list)
    #: a 数据附表 in the original: name → this year's text, and last year's column if any
    data_table: dict[str, str] = field(default_factory=dict)
    previous_table: dict[str, str] = field(default_factory=dict)
    previous_year: int | None = None
    #: a county's 汇总表 in the original: the units it lists, and the attachment as text (kept
    #: when the units' facts files are not found to link 汇总 to)
    rollup_units: list[str] = field(default_factory=list)
    rollup_page: Any = None


def read_front(layout: Layout, body_text: str, today: dt.date) -> Front:
    front = Front()
    header, preamble = _header(layout)
    meta = _metadata(preamble, front)
    title = layout.title_text
    unit, party = _issuer(title, layout, meta, body_text, front)
    year = _year(title, body_text, meta, layout, today, front)
    facts = front.facts
    facts["单位"] = unit
    if party:
        facts["党委名称"] = party
    facts["年度"] = str(year)
    if title:
        probe = ReportFacts.model_validate({**_minimal(unit, year), "党委名称": party})
        if compact(default_title(probe)) != compact(title):
            facts["标题"] = title
    if header:
        facts["版头"] = header
    if layout.addressee is not None:
        facts["主送"] = layout.addressee.text.rstrip("：:").strip()
    else:  # a report published on the website has none; say so rather than be warned about it
        facts["主送"] = Noted(
            NO_ADDRESSEE, "原文没有主送机关（网站公开的版本常不写）；报送上级时请写明"
        )
    if layout.cc is not None:
        facts["抄送"] = cc_names(layout.cc)
    facts["成文日期"] = _date(layout, meta, year, front)
    if layout.printed is not None:
        _printing(layout.printed, facts, front)
    lines = [p.text for p in layout.signature]
    probe = ReportFacts.model_validate({**_minimal(unit, year), "党委名称": party})
    if lines and [compact(x) for x in lines] != [compact(x) for x in signature(probe)]:
        facts["署名"] = lines
    publication = {k: v for (group, k), v in meta.items() if group == "公开"}
    if publication:
        facts["公开"] = publication
    _attachments(layout, front)
    if layout.note is not None:
        facts["附注"] = layout.note.text[1:-1].strip()
    _leftovers(layout, front)
    return front


def _header(layout: Layout) -> tuple[Any, list[Para]]:
    """The 版头 above the title — the 发文机关标志's lines, the 发文字号, the 签发人 — or the
    公开版's 发文字号 under it, as the 版头 facts; and the preamble without those lines.

    A 文号 alone at the top of a web page is no 版头: with neither a 发文机关标志 nor a 签发人
    it stays the page's 文件编号 (:func:`_metadata`)."""
    marks: list[str] = []
    signers: list[str] = []
    rest: list[Para] = []
    number: str | None = None
    for para in layout.preamble:
        found, names = split_header_line(para.text, after_signers=bool(signers))
        if is_issuing_mark(para.text) and number is None:
            marks.append(compact(para.text))
        elif (found or names) and (marks or names):
            number = number or found
            signers += names or []
        else:
            rest.append(para)
    if number is None and layout.file_number is not None:
        number = compact(layout.file_number.text)
    elif number is None or not (marks or signers):
        return None, layout.preamble
    written = read_file_number(number)
    if written is None or written.standard is None:
        return None, layout.preamble
    header: dict[str, Any] = {}
    if marks:
        header["发文机关标志"] = marks[0] if len(marks) == 1 else marks
    header["发文字号"] = (
        written.standard
        if not written.faults
        else Noted(written.standard, f"原文写作“{number}”，已按 GB/T 9704-2012 的写法改正，请核对")
    )
    if signers:
        header["签发人"] = signers[0] if len(signers) == 1 else signers
    if not marks and not signers:  # a 公开版: the 发文字号 under the title
        return Noted(header, "原文标题下的发文字号；报送上级时请补写签发人"), rest
    return header, rest


def _printing(para: Para, facts: dict[str, Any], front: Front) -> None:
    """The 版记's 印发 line → 印发 (机关, 日期); a line that does not read as one stays a comment."""
    found = read_printed(para.text)
    day = _parse_date(found[1]) if found else None
    if found is None or day is None:
        front.trailing_comments.append(f"（版记中的印发行，无法读出印发机关和日期）{para.text}")
        return
    issued = dt.date.fromisoformat(facts["成文日期"])
    if day < issued:
        front.trailing_comments.append(
            f"（版记中的印发行：印发日期早于成文日期，未写入“印发”，请核对）{para.text}"
        )
        return
    facts["印发"] = {"机关": found[0], "日期": day.isoformat()}


def _minimal(unit: str, year: int) -> dict[str, Any]:
    return {"单位": unit, "年度": str(year), "成文日期": f"{year + 1}-01-01"}


def _metadata(preamble: list[Para], front: Front) -> dict[tuple[str, str], str]:
    """The 政府信息公开 table a web page puts above the report (“索 引 号: | … | 成文日期: | …”,
    or “发布时间：2024-01-15  来源：…” on one line), and a 文号."""
    meta: dict[tuple[str, str], str] = {}
    for para in preamble:
        found = _table_pairs(para.text) if "|" in para.text else _line_pairs(para.text)
        if not found and is_file_number(para.text):
            found = [(("公开", "文件编号"), compact(para.text))]
        for key, value in found:
            meta.setdefault(key, value)
        front.leading_comments.append(("（已读入“公开”）" if found else "") + para.text)
    return meta


def _table_pairs(text: str) -> list[tuple[tuple[str, str], str]]:
    cells = [c.strip() for c in re.split(r"\s*\|\s*", text)]
    pairs = []
    for key, value in itertools.pairwise(cells):
        key = re.sub(r"\s+", "", key).rstrip("：:")
        if key in _META_KEYS and value and value.rstrip("：:") not in _META_KEYS:
            pairs.append((_META_KEYS[key], value))
    return pairs


def _line_pairs(text: str) -> list[tuple[tuple[str, str], str]]:
    return [(_META_KEYS[m.group(1)], m.group(2)) for m in _META_LINE.finditer(text)]


def _issuer(
    title: str,
    layout: Layout,
    meta: dict[tuple[str, str], str],
    body_text: str,
    front: Front,
) -> tuple[str, str | None]:
    """(单位, 党委名称) from the title, else the signature, the page, the opening paragraph."""
    match = _TITLE.match(compact(title)) if title else None
    issuer = match.group("issuer") if match else ""
    if not issuer and layout.signature:
        issuer = "".join(p.text for p in layout.signature)
    party_match = _PARTY.match(issuer)
    party = party_match.group(0) if party_match else None
    unit = issuer[len(party) :] if party else issuer
    if unit:
        return unit, party
    front.guessed.append("单位")
    for source in (meta.get(("公开", "发布机构"), ""), " ".join(front.leading_comments), body_text):
        place = _PLACE.search(source)
        if place:
            return _full_name(place.group(1)), party
    return "本单位", party


def _full_name(place: str) -> str:
    if place.endswith("街道"):
        return place + "办事处"
    return place + "人民政府"


def _year(
    title: str,
    body_text: str,
    meta: dict[tuple[str, str], str],
    layout: Layout,
    today: dt.date,
    front: Front,
) -> int:
    match = _TITLE.match(compact(title)) if title else None
    if match:
        return int(match.group("year"))
    in_title = _YEAR.search(title)
    if in_title:
        return int(in_title.group(1))
    front.guessed.append("年度")
    opening = _YEAR.match(body_text)
    if opening:
        return int(opening.group(1))
    years = Counter(
        int(y) for y in _YEAR.findall(re.sub(r"《[^》]*》", "", body_text)) if int(y) <= today.year
    )
    if years:
        return years.most_common(1)[0][0]
    issued = _parse_date(layout.date.text) if layout.date else None
    return (issued.year - 1) if issued else today.year - 1


def _date(layout: Layout, meta: dict[tuple[str, str], str], year: int, front: Front) -> str:
    candidates = [layout.date.text] if layout.date else []
    # A web page's 发布日期 is when it went online: close to the 成文日期, but only a fallback.
    candidates += [meta.get(("", "成文日期"), ""), meta.get(("", "发布日期"), "")]
    for text in candidates:
        found = _parse_date(text) if text else None
        if found is not None and found.year >= year:
            return found.isoformat()
    front.guessed.append("成文日期")
    return f"{year + 1}-02-28"


def _parse_date(text: str) -> dt.date | None:
    text = compact(text)
    iso = _ISO_DATE.fullmatch(text.translate(_WIDE_DIGITS))
    parts: tuple[int, int, int] | None = None
    if iso:
        parts = (int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    else:
        match = _DATE.match(text)
        if match:
            year = match.group(1).translate(_WIDE_DIGITS).translate(_YEAR_DIGITS)
            month, day = _cn_int(match.group(2)), _cn_int(match.group(3))
            if year.isdigit() and month and day:
                parts = (int(year), month, day)
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def _cn_int(text: str) -> int | None:
    """1–31 written in digits or as 一、十、十五、二十一、三十一."""
    text = text.translate(_WIDE_DIGITS)
    if text.isdigit():
        return int(text)
    return chinese_value(text)


def _attachments(layout: Layout, front: Front) -> None:
    """The attachment pages, named as their pages name them (the 附件说明 where a page has no
    name of its own; where the two differ, the 附件说明's wording is kept in a comment)."""
    pages = list(layout.attachments)
    listed = layout.note_names()
    out: list[Any] = []
    for i, page in enumerate(pages):
        noted = listed[i] if i < len(listed) else None
        name = page.name or noted or f"附件{i + 1}"
        if _is_data_table(page, front):
            front.facts["数据附表"] = "是"
            continue
        units = _rollup_units(page)
        if units:
            front.rollup_units = units
            front.rollup_page = Noted(
                {"名称": name, "内容": _page_text(page)},
                "原文的各单位汇总表：没有找到各单位的事实文件，已按行写成段落；"
                "把各单位的事实文件放在本文件旁的文件夹中重新导入，可写成“汇总”，请核对",
            )
            continue
        entry = {k: v for k, v in {"名称": name, "内容": _page_text(page)}.items() if v}
        notes = []
        if noted and compact(noted) != compact(name):
            notes.append(f"原文附件说明中写作“{noted}”")
        if any(isinstance(item, Table) for item in page.content):
            notes.append("原文附件中的表格已按行写成段落（单元格之间空一格），请核对")
        out.append(Noted(entry, "\n".join(notes)) if notes else entry)
    out += [{"名称": name} for name in listed[len(pages) :]]
    if out:
        front.facts["附件"] = out


def _page_text(page: AttachmentPage) -> list[str]:
    text: list[str] = []
    for item in page.content:
        if isinstance(item, Table):
            text += ["　".join(c for c in row if c) for row in item.rows if any(row)]
        else:
            text.append(item.text)
    return text


def _is_data_table(page: AttachmentPage, front: Front) -> bool:
    """The 数据附表 ``build`` makes: “指标 | 2024年 [| 2023年 | 同比]”, one row per 数据 entry."""
    tables = [c for c in page.content if isinstance(c, Table)]
    if len(tables) != 1 or len(page.content) != 1 or not tables[0].rows:
        return False
    head, *rows = tables[0].rows
    if len(head) not in (2, 4) or head[0] != "指标" or not _DATA_TABLE_HEAD.match(head[1]):
        return False
    if len(head) == 4 and (not _DATA_TABLE_HEAD.match(head[2]) or head[3] != "同比"):
        return False
    if not rows or any(len(row) != len(head) for row in rows):
        return False
    front.data_table = {row[0]: row[1] for row in rows}
    if len(head) == 4:
        front.previous_year = int(head[2][:4])
        front.previous_table = {row[0]: row[2] for row in rows if row[2] != "—"}
    return True


def _rollup_units(page: AttachmentPage) -> list[str]:
    """The units a county's 汇总表 lists (tables headed “单位”, ending in a “合计” row)."""
    units: list[str] = []
    for table in (c for c in page.content if isinstance(c, Table)):
        if len(table.rows) < 3 or table.rows[0][:1] != ["单位"] or table.rows[-1][:1] != ["合计"]:
            continue
        units += [row[0] for row in table.rows[1:-1] if row and row[0] not in units]
    return units


def _leftovers(layout: Layout, front: Front) -> None:
    """What follows the date and is none of the known parts: kept as comments, where it stood."""
    for para in layout.trailing:
        front.trailing_comments.append(para.text)
