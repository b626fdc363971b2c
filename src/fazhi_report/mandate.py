"""The five items every annual report must cover (厅字〔2019〕28号; see the reference), in one place:
their short names, the mandate's own words, the facts keys each is written under, how to write a
missing one, and how a report's 一级标题 is recognised as one of them.

The gates (:mod:`.gates`) warn about a missing item, ``check`` (:mod:`.check.rules.content`) finds
the items among a .docx's headings, ``templates check`` asks which items a template prints, the
county summary lists which items each unit wrote, and ``import`` (:mod:`.importer.structure`)
sorts an original report's parts into them — all by these tables, so they never disagree.
"""

from __future__ import annotations

from msgspec import Struct

from .patterns import lazy


class Item(Struct, frozen=True):
    """One mandated item: ``name`` as ``check`` reports it, ``words`` as the mandate says it, the
    facts ``keys`` that say it (the first is where it is written), how to write it, and the
    ``section`` key templates print its heading under (``章节标题: {计划: …}``)."""

    name: str
    words: str
    keys: tuple[str, ...]
    hint: str
    section: str


#: The five items, in the mandate's order. ``导语`` and ``结语`` open and close the whole report,
#: so they make no item present.
ITEMS: tuple[Item, ...] = (
    Item(
        "主要举措和成效",
        "上一年度推进法治政府建设的主要举措和成效",
        ("主要举措", "活动"),
        "请在“主要举措”下分小节写明本年度的主要举措和成效。",
        "举措",
    ),
    Item(
        "不足和原因",
        "上一年度推进法治政府建设存在的不足和原因",
        ("问题", "问题导语"),
        "请在“问题”下逐条写明存在的不足，每条写标题、表现和原因。",
        "问题",
    ),
    Item(
        "第一责任人职责",
        "上一年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        ("第一责任人",),
        "请在“第一责任人”下写明党政主要负责人履行推进法治建设第一责任人职责的情况，可分导语和要点。",
        "第一责任人",
    ),
    Item(
        "下一年度安排",
        "下一年度推进法治政府建设的主要安排",
        ("计划", "计划导语"),
        "请在“计划”下逐条写明下一年度的主要安排。",
        "计划",
    ),
    Item(
        "其他需要报告的情况",
        "其他需要报告的情况",
        ("其他",),
        "请在“其他”下写明；没有其他情况时写“无其他需要报告的情况。”",
        "其他",
    ),
)
#: Every facts key a mandated item is written under (a template's 必填 need not repeat them).
ITEM_FACTS_KEYS = frozenset(key for item in ITEMS for key in item.keys)


# --- headings --------------------------------------------------------------------------------------
# Real reports name their parts in many ways: 下一步工作打算, 2025年工作思路, 存在的困难和问题,
# 薄弱环节, 主要工作情况, 党政主要负责人履行推进法治建设第一责任人职责情况 … A heading that names no
# item is a themed section (社渚's “以X为Y，Z”), which readers take as part of the first item.

_PLANS = lazy(
    r"下一(?:年|步|阶段)|下步|明年|来年|今后|(?:计划|安排|打算|思路|展望|努力方向|工作重点)$"
    r"|\d{4}年.*(?:计划|安排|打算|思路|重点)"
)
_ISSUES = lazy(
    r"存在(?:的)?(?:主要|突出)?(?:问题|不足|困难|短板)|不足|短板|薄弱环节|差距"
    r"|^(?:主要|突出)?(?:问题|困难)|(?:问题|困难)(?:和|及|与|、)(?:不足|原因|困难|问题|建议)"
)
_DUTIES = lazy(r"第一责任人|主要负责人|履行.{0,12}职责|述法")
_OTHER = lazy(r"^其他|其他需要报告")
_MEASURES = lazy(
    r"举措|成效|做法|措施|工作(?:开展)?情况|主要工作|成绩|成就|落实|进展|亮点|完成情况|回顾|总结"
)

#: What each kind of heading :func:`classify` names covers, as indices into :data:`ITEMS`.
KIND_ITEMS: dict[str, tuple[int, ...]] = {
    "measures": (0,),
    "issues": (1,),
    "duties": (2,),
    "plans": (3,),
    "other": (4,),
    "issues_plans": (1, 3),  # 北山's “存在问题及下一步工作计划”
    "themed": (),
}


def classify(title: str) -> str:
    """The kind of part a 一级标题 (its text, without its number) opens: one of :data:`KIND_ITEMS`."""
    if _DUTIES.search(title):
        return "duties"
    if _OTHER.search(title):
        return "other"
    if title.startswith("以"):
        return "themed"  # “以X为Y，Z” names a theme, whatever Z says
    issues, plans = bool(_ISSUES.search(title)), bool(_PLANS.search(title))
    if issues and plans:
        return "issues_plans"
    if plans:
        return "plans"
    if issues:
        return "issues"
    if _MEASURES.search(title):
        return "measures"
    return "themed"
