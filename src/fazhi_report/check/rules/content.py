"""Content rules: the 成文日期, punctuation, heading numbers, and the five mandated items."""

from __future__ import annotations

import datetime as dt
import re

from ...conventions import H1, H2, WRONG_NUMBERS, chinese_number, compact
from ...mandate import ITEMS, KIND_ITEMS, classify
from ...patterns import LazyPattern, lazy
from ...punct import fix_punctuation
from ...quantity import chinese_value
from .base import Audit, Verdict, count, rule, snippet

_GOOD_DATE = lazy(r"^([0-9]{4})年([1-9][0-9]?)月([1-9][0-9]?)日$")


@rule("date", "成文日期")
def date(audit: Audit) -> Verdict:
    expected = "阿拉伯数字、年份写全、月日不编虚位，如“2024年3月5日”"
    para = audit.parts.date
    if para is None:
        return False, "没有单独成行的成文日期（“××××年×月×日”）", expected
    text = compact(para.text)
    match = _GOOD_DATE.match(text)
    if match is None:
        if re.search(r"[〇○Ｏ零一二三四五六七八九十]", text):
            return False, f"“{text}”使用了汉字数字", expected
        if re.search(r"[０-９]", text):
            return False, f"“{text}”使用了全角数字", expected
        return False, f"“{text}”月或日前补了 0", expected
    try:
        dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return False, f"“{text}”不是有效日期", expected
    return True, f"“{text}”", expected


@rule("punctuation", "标点符号")
def punctuation(audit: Audit) -> Verdict:
    expected = "中文前后使用全角标点（，；：？！（））"
    problems = []
    for para in audit.doc.paragraphs:
        fixed = fix_punctuation(para.text)
        if fixed != para.text:
            problems.append(_difference(para.text, fixed))
    if problems:
        return False, count(problems), expected
    return True, "中文前后均为全角标点", expected


def _difference(text: str, fixed: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b), 0)
    start = max(0, at - 8)
    return f"“{text[start : at + 8]}”中的“{text[at]}”"


@rule("numbering", "标题序号")
def numbering(audit: Audit) -> Verdict:
    expected = "一级标题“一、二、三……”连续，二级标题“（一）（二）……”在每个一级标题下从（一）起连续；不用“1、”“（一）、”"
    problems: list[str] = []
    h1 = h2 = 0  # how many 一级 headings so far, and 二级 headings under the current one
    for para, role in audit.parts.items:
        if role == "title":
            continue
        text = para.full_text
        for pattern, message in WRONG_NUMBERS:
            if pattern.match(text):
                problems.append(f"{snippet(text)}：{message}")
        if role == "h1":
            h1, h2 = h1 + 1, 0
            _expect(H1, text, h1, problems)
        elif role == "h2":
            h2 += 1
            _expect(H2, text, h2, problems)
    if problems:
        return False, count(problems), expected
    return True, f"一级标题 {h1} 个，序号连续、写法正确", expected


def _expect(pattern: LazyPattern[str], text: str, position: int, problems: list[str]) -> None:
    """A heading's number must be its position: blaming the count so far instead of the last
    number seen keeps one wrong heading from making the correct one after it look wrong."""
    match = pattern.match(text)
    if ((chinese_value(match.group(1)) or 0) if match else 0) != position:
        problems.append(f"{snippet(text)}：序号应为“{chinese_number(position)}”")


@rule("mandated", "法定内容")
def mandated(audit: Audit) -> Verdict:
    expected = "一级标题依次涵盖五项法定内容：" + "、".join(item.name for item in ITEMS)
    matches, themed = mandated_matches([p.full_text for p in audit.parts.having("h1")])
    missing = [ITEMS[i].name for i, found in enumerate(matches) if not found]
    if missing:
        return False, "缺少" + "、".join(f"“{name}”" for name in missing), expected
    # The mandated order; real reports sometimes put the 第一责任人 item first, which is accepted.
    orders = (tuple(range(len(ITEMS))), (2, 0, 1, 3, 4))
    if not any(_in_order(matches, order) for order in orders):
        return False, "五项内容齐全但顺序不符", expected
    if themed:
        return (
            True,
            f"五项法定内容齐全、顺序正确（主要举措和成效分为 {len(themed)} 个专题一级标题）",
            expected,
        )
    return True, "五项法定内容齐全、顺序正确", expected


def mandated_matches(headings: list[str]) -> tuple[list[list[int]], list[int]]:
    """For each mandated item, the 一级标题 (indices into ``headings``) that carry it; and the
    themed headings that stand for the measures item when no heading names it. ``templates
    check`` asks the same of a rendered report's headings."""
    kinds = [KIND_ITEMS[classify(_unnumbered(h))] for h in headings]
    matches = [[i for i, named in enumerate(kinds) if item in named] for item in range(len(ITEMS))]
    themed = _themed_measures(matches) if not matches[0] else []
    if themed:
        matches[0] = themed[:1]
    return matches, themed


def _unnumbered(heading: str) -> str:
    """A 一级标题's words without its number (“一、”), as :func:`classify` reads them."""
    return H1.sub("", heading, count=1).strip()


def _themed_measures(matches: list[list[int]]) -> list[int]:
    """The 一级标题 that name no mandated item and come before the 不足, 安排 and 其他 items.

    Many reports (社渚's among them) give each area of work its own 一级标题, such as
    “一、以齐抓共建为重点，法治建设工作机制渐趋完善”, instead of one “主要举措和成效” heading;
    a reviewer reads those sections as the first item. Only headings before the later items count
    (the 第一责任人 item may come first), so a report that opens with its 不足 still fails.
    """
    named = {i for found in matches[1:] for i in found}
    later = [i for item in (1, 3, 4) for i in matches[item]]
    return [i for i in range(min(later, default=0)) if i not in named]


def _in_order(matches: list[list[int]], order: tuple[int, ...]) -> bool:
    position = 0
    for item in order:
        later = [i for i in matches[item] if i >= position]
        if not later:
            return False
        position = later[0]
    return True
