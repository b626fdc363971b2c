"""What the importer inferred or made up, marked where it stands in the facts file.

A 单位, 年度 or 成文日期 the original does not state carries a comment on the line above it:
``# 推断：……`` where it was read from somewhere else (a place name in the text, the page header,
the years the text names), ``# 暂填，请改：……`` where nothing said it. The page headers and footers
are read too: a unit named there fills 单位 when the title and 署名 do not name one.
"""

from __future__ import annotations

from typing import Any

from ..conventions import compact
from ..patterns import lazy
from .emit import Noted
from .frontfacts import Front

#: A unit as a page header names it: “青山镇人民政府”, “环渚街道办事处” (a title's issuer too).
_UNIT = lazy(r"([\u4e00-\u9fff]{2,20}?(?:人民政府|街道办事处|办事处))")
_PARTY = lazy(r"^(?:中共|中国共产党)[\u4e00-\u9fff]{1,20}?(?:委员会|党委|党工委)")
_MADE_UP_UNIT = "本单位"


def unit_from_margins(front: Front, margins: tuple[str, ...]) -> bool:
    """Fill a guessed 单位 from the page headers/footers when one of them names a unit."""
    if "单位" not in front.guessed:
        return False
    for line in margins:
        text = _PARTY.sub("", compact(line).split("关于", 1)[0])
        found = _UNIT.search(text)
        if found:
            front.facts["单位"] = found.group(1)
            return True
    return False


def marked(facts: dict[str, Any], front: Front, *, from_margins: bool) -> dict[str, Any]:
    """``facts`` with each guessed value carrying its comment (see the module)."""
    out = dict(facts)
    for key in front.guessed:
        if key in out:
            out[key] = Noted(out[key], _comment(key, out[key], from_margins))
    return out


def _comment(key: str, value: Any, from_margins: bool) -> str:
    if key == "单位" and from_margins:
        return "推断：原文的标题和署名没有写明单位，这里取自页眉或页脚，请核对"
    if key == "单位":
        if value == _MADE_UP_UNIT:
            return "暂填，请改：原文没有写明单位"
        return "推断：原文的标题和署名没有写明单位，这里按文中的地名推断，请核对"
    if key == "年度":
        return "推断：原文标题没有写明年度，这里取自文中的年份，请核对"
    return "暂填，请改：原文没有写明成文日期"
