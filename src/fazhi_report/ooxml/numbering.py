"""numbering.xml: the labels Word's automatic numbering draws (一、 （一） 1. （1） 甲、 ①).

Word keeps one set of counters per *abstract* numbering definition, so several ``w:num``
instances of one abstractNum continue each other's count; an instance with a ``startOverride``
restarts the shared counter at that level the first time it is used (ECMA-376 17.9, and what Word
and LibreOffice do). A level restarts when a higher level is used, unless its ``lvlRestart`` says
otherwise. ``numStyleLink`` definitions borrow the levels of the numbering style they name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from msgspec import Struct
from msgspec.structs import replace

from .values import integer, on, val, w

LEVELS = 9


class Level(Struct, frozen=True):
    """One level of a list definition (``w:lvl``)."""

    fmt: str  # w:numFmt: decimal, chineseCounting, ideographTraditional, bullet, none …
    text: str  # w:lvlText, e.g. "%1、" or "（%2）"
    start: int
    ppr: ET.Element | None  # the level's indents, applied under the paragraph's own
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False  # w:isLgl: every %n of this level's text in decimal


class ListLabel(Struct, frozen=True):
    """What Word draws before an auto-numbered paragraph, and where it comes from."""

    text: str  # "一、", "（1）", "•" ("" for numFmt none with an empty lvlText)
    num_id: str
    level: int  # w:ilvl, 0 = first level
    fmt: str
    value: int  # this level's counter (1 for the first item unless the list starts elsewhere)

    @property
    def is_bullet(self) -> bool:
        return self.fmt == "bullet"


class _Instance(Struct):
    abstract: str
    levels: dict[int, Level]
    starts: dict[int, int]  # levels whose start this w:num overrides


class Numbering:
    """The numbering part, with counters that advance as paragraphs are labelled in order."""

    def __init__(
        self, root: ET.Element | None, style_num_ids: dict[str, str] | None = None
    ) -> None:
        self.instances: dict[str, _Instance] = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId → ilvl → current value
        self.used: set[tuple[str, int]] = set()  # (numId, ilvl) already labelled once
        if root is None:
            return
        abstracts = {a.get(w("abstractNumId"), ""): a for a in root.iter(w("abstractNum"))}
        nums = {n.get(w("numId"), ""): n for n in root.iter(w("num"))}
        for num_id, num in nums.items():
            abstract_id = _linked(val(num, "abstractNumId") or "", abstracts, nums, style_num_ids)
            levels = _levels(abstracts.get(abstract_id))
            starts: dict[int, int] = {}
            for override in num.iter(w("lvlOverride")):
                ilvl = integer(override.get(w("ilvl")))
                if ilvl is None or not 0 <= ilvl < LEVELS:
                    continue
                whole = override.find(w("lvl"))
                if whole is not None:
                    levels[ilvl] = _level(whole)
                start = integer(val(override, "startOverride"))
                if start is not None and ilvl in levels:
                    levels[ilvl] = replace(levels[ilvl], start=start)
                    starts[ilvl] = start
            self.instances[num_id] = _Instance(abstract_id, levels, starts)

    def level(self, num_id: str | None, ilvl: int | None) -> Level | None:
        instance = self.instances.get(num_id or "")
        return None if instance is None else instance.levels.get(ilvl or 0)

    def next_label(self, num_id: str, ilvl: int) -> ListLabel | None:
        """The label of the next paragraph numbered ``num_id``/``ilvl``; advances the counters."""
        instance = self.instances.get(num_id)
        level = None if instance is None else instance.levels.get(ilvl)
        if instance is None or level is None:
            return None
        counters = self.counters.setdefault(instance.abstract, {})
        if (num_id, ilvl) not in self.used and ilvl in instance.starts:
            counters.pop(ilvl, None)  # a restarted list: this level begins again at its start
        self.used.add((num_id, ilvl))
        value = counters[ilvl] + 1 if ilvl in counters else level.start
        counters[ilvl] = value
        for deeper in [k for k in counters if k > ilvl]:
            if _restarts(instance.levels.get(deeper), ilvl):
                del counters[deeper]
        text = _label_text(level, instance.levels, counters)
        return ListLabel(text, num_id, ilvl, level.fmt, value)


def _restarts(level: Level | None, used: int) -> bool:
    """Whether a deeper level starts again after a paragraph at level ``used``."""
    if level is None or level.restart is None:
        return True
    # lvlRestart is one-based: n means "after any use of levels 1…n"; 0 means never.
    return level.restart != 0 and used < level.restart


def _label_text(level: Level, levels: dict[int, Level], counters: dict[int, int]) -> str:
    if level.fmt == "bullet":
        return level.text

    def number(match: re.Match[str]) -> str:
        k = int(match.group(1)) - 1
        other = levels.get(k)
        value = counters.get(k, other.start if other else 1)
        fmt = "decimal" if level.legal or other is None else other.fmt
        return format_number(value, fmt)

    return re.sub(r"%([1-9])", number, level.text)


def _linked(
    abstract_id: str,
    abstracts: dict[str, ET.Element],
    nums: dict[str, ET.Element],
    style_num_ids: dict[str, str] | None,
) -> str:
    """Follow ``w:numStyleLink`` (a list that borrows a numbering style's definition)."""
    seen: set[str] = set()
    while abstract_id in abstracts and abstract_id not in seen:
        seen.add(abstract_id)
        link = val(abstracts[abstract_id], "numStyleLink")
        num_id = (style_num_ids or {}).get(link or "")
        target = nums.get(num_id or "")
        if target is None:
            break
        abstract_id = val(target, "abstractNumId") or abstract_id
    return abstract_id


def _levels(abstract: ET.Element | None) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in [] if abstract is None else abstract.findall(w("lvl")):
        ilvl = integer(lvl.get(w("ilvl"))) or 0
        if 0 <= ilvl < LEVELS:
            out[ilvl] = _level(lvl)
    return out


def _level(lvl: ET.Element) -> Level:
    start = integer(val(lvl, "start"))
    text = lvl.find(w("lvlText"))
    return Level(
        fmt=val(lvl, "numFmt") or "decimal",
        text="" if text is None else text.get(w("val"), ""),
        start=start if start is not None and start >= 0 else 1,
        ppr=lvl.find(w("pPr")),
        restart=integer(val(lvl, "lvlRestart")),
        legal=bool(on(lvl.find(w("isLgl")))),
    )


# --------------------------------------------------------------------------------------------
# Number formats (w:numFmt): the spellings Word uses for the formats Chinese documents meet
# --------------------------------------------------------------------------------------------

_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIAN_GAN = "甲乙丙丁戊己庚辛壬癸"
_DI_ZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①…⑳
_PAREN = "".join(chr(c) for c in range(0x2474, 0x2488))  # ⑴…⒇
_FULLSTOP = "".join(chr(c) for c in range(0x2488, 0x249C))  # ⒈…⒛
_IDEOGRAPH_CIRCLED = "".join(chr(c) for c in range(0x3280, 0x328A))  # ㊀…㊉


def _counting(n: int, digits: str = _DIGITS[1:], ten: str = "十", lead_one: bool = False) -> str:
    """1–99 the way one counts: 十, 十一, 二十一 (lead_one: 壹拾, 壹拾壹)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 or (tens == 1 and not lead_one) else digits[tens - 1]
    tail = digits[ones - 1] if ones else ""
    return f"{head}{ten if tens else ''}{tail}"


def _thousands(n: int, digits: str, units: str) -> str:
    """1–9999 with 百/千 and 零 where a place is skipped: 一百零五, 一千零二十."""
    parts: list[str] = []
    zero = False
    for place in (3, 2, 1, 0):
        digit = n // 10**place % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        unit = units[place - 1] if place else ""
        parts.append(("" if place == 1 and digit == 1 and not parts else digits[digit]) + unit)
    return "".join(parts)


def _table(table: str) -> Callable[[int], str]:
    # Like LibreOffice, a number past the table's end is written in digits.
    return lambda n: table[n - 1] if 1 <= n <= len(table) else str(n)


def _chinese_counting(n: int) -> str:
    # Word switches to digit-by-digit spelling (一〇〇) from 100 on.
    if 1 <= n <= 99:
        return _counting(n)
    return "".join(_DIGITS[int(d)] for d in str(n))


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, n = divmod(n, value)
        out += letters * count
    return out


def _letter(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalHalfWidth": str,
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "chineseCounting": _chinese_counting,
    "japaneseCounting": _chinese_counting,
    "taiwaneseCounting": _chinese_counting,
    "chineseCountingThousand": lambda n: (
        _thousands(n, _DIGITS, "十百千") if 0 < n < 10000 else str(n)
    ),
    "taiwaneseCountingThousand": lambda n: (
        _thousands(n, _DIGITS, "十百千") if 0 < n < 10000 else str(n)
    ),
    "chineseLegalSimplified": lambda n: (
        _counting(n, _LEGAL_DIGITS[1:], "拾", True) if 0 < n < 100 else str(n)
    ),
    "ideographLegalTraditional": lambda n: (
        _counting(n, "壹貳參肆伍陸柒捌玖", "拾", True) if 0 < n < 100 else str(n)
    ),
    "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": _table(_TIAN_GAN),
    "ideographZodiac": _table(_DI_ZHI),
    "decimalEnclosedCircle": _table(_CIRCLED),
    "decimalEnclosedCircleChinese": _table(_CIRCLED),
    "decimalEnclosedParen": _table(_PAREN),
    "decimalEnclosedFullstop": _table(_FULLSTOP),
    "ideographEnclosedCircle": _table(_IDEOGRAPH_CIRCLED),
    "none": lambda n: "",
}


def format_number(n: int, fmt: str) -> str:
    """``n`` spelled in the numFmt ``fmt``; formats this reader does not know fall back to digits."""
    return _FORMATS.get(fmt, str)(n)
