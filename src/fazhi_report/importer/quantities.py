"""Quantities in prose → ``数据`` entries referred to as ``{名称}``.

A quantity is a number with a unit and the qualifiers that change what it claims: ``2300余起``,
``98%以上``, ``20多次``, ``逾20万元``, ``2万余人次``, and 概数 in Chinese numerals (``两万余人次``,
``十余次``; GB/T 15835 writes approximate numbers so). Not quantities: years and dates
(``2023年``, ``12月4日``), ranges (``3-5次``), ordinals (``第3次``), special days (``“12·4”``),
anything inside a document title ``《…》``, and Chinese numerals without a magnitude or
qualifier (``三项制度``, ``四个意识`` are names, not counts). Its text is kept exactly as written.

A quantity is named from the words around it: the catalogue's standard name where one of its
names or aliases is in the clause before it (or, for 个/名/家…, the noun after it) and the unit
fits; otherwise the clause's own words, cleaned of dates and filler (全年, 累计, 各类, 了 …).
Names are unique; the same fact written twice with the same text is one entry referred to twice.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from msgspec import Struct, field, structs

from ..catalogue import Catalogue, Indicator, load, match_name
from ..patterns import lazy
from ..quantity import (
    APPROXIMATING,
    CN_FIRST,
    LEAD_WORDS,
    MAGNITUDE_PATTERN,
    QUALIFIERS_AFTER_NUMBER,
    QUALIFIERS_AFTER_UNIT,
    Quantity,
    QuantityError,
    parse_quantity,
)

_UNITS = sorted(
    (
        *("个百分点", "个工作日", "个月", "万人次", "人次", "户次", "件次", "场次", "家次"),
        *("课时", "学时", "平方米", "公里", "千米", "公斤", "万元", "亿元", "千元", "元", "万人"),
        *"个次件起份幅条名人宗场项户家所处台辆套本册张篇期批轮类支座栋间块卷部首天位例单封米亩吨",
        *("小时", "%", "％", "‰"),
    ),
    key=len,
    reverse=True,
)
_DIGITS = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
# Only the counting characters: 〇/零 never open a 概数 in prose (“一百零五” is written in digits).
_CN_NUMBER = rf"[{CN_FIRST}][{CN_FIRST}百千万亿]*"


def _any(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, words))


# The prefixes, magnitudes and qualifiers are quantity.py's, so prose and 数据 read them alike.
_QUANTITY = lazy(
    rf"(?P<prefix>{_any(APPROXIMATING)})?"
    rf"(?:(?P<digits>{_DIGITS})(?P<magnitude>{MAGNITUDE_PATTERN})?|(?P<chinese>{_CN_NUMBER}))"
    rf"(?P<q1>{_any(QUALIFIERS_AFTER_NUMBER)})?(?P<unit>{_any(tuple(_UNITS))})"
    rf"(?P<q2>{_any(QUALIFIERS_AFTER_UNIT)})?"
)
# Before a quantity: a digit or mark that makes it part of a date, decimal or ordinal; a range
# mark (“3-5次”, “3至5次”) only after a number (“达到99%”, “压缩至1个工作日” are quantities).
_BAD_BEFORE = set("0123456789０１２３４５６７８９.．·•:：/第") | set(CN_FIRST + "百千万亿")
_RANGE = set("-—–~～至到")
_CLASSIFIERS = set("个名位家所支座处项户台辆套本册张篇")
_DELIMITERS = lazy(r"[，。；：、,;:！？!?（）()\[\]【】]")
# After a quantity, brackets stay in the phrase: “24个村（居）法律顾问”.
_CLAUSE_END = lazy(r"[，。；：、,;:！？!?]")
_FILLER = lazy(
    r"^(?:\d{4}年度?|截至\S{0,8}?[，,]?|全年|年内|今年以来|今年|本年度|当年|全镇|全乡|全街道|"
    r"我镇|我乡|我街道|我们|其中|目前|已经|已|先后|共计|累计|合计|共|总计|通过|对|为)+"
)
_TAIL = lazy(rf"(?:分别为|分别|{_any(LEAD_WORDS + APPROXIMATING)}|为|计|总计)+$")
_DROP = lazy(r"了|各类|各种|各项|等|的|[“”‘’《》（）()\[\]【】]|\s")
MAX_NAME = 20
_RATE_ENDINGS = ("率", "比例", "占比")


class Spot(Struct, frozen=True):
    """Where a quantity stands in one text, and the words around it."""

    start: int
    end: int
    quantity: Quantity
    before: str  # the clause before it
    after: str  # the words after it, to the next mark


def find(text: str) -> list[Spot]:
    """The quantities in ``text``, left to right."""
    titles = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》", text)]
    spots: list[Spot] = []
    for match in _QUANTITY.finditer(text):
        start, end = match.span()
        if any(a <= start < b for a, b in titles) or not _stands_alone(text, match):
            continue
        quantity = _parsed(match.group(0))
        if (
            match["prefix"] in ("约", "近")
            and start
            and text[start - 1] in _NOT_PREFIX_AFTER[match["prefix"]]
        ):
            # 节约5万元, 最近3年: the 约/近 belongs to the word before, not to the number.
            start += len(match["prefix"])
            quantity = _parsed(text[start:end])
        if quantity is None:
            continue
        before = _DELIMITERS.split(text[:start])[-1]
        after = _CLAUSE_END.split(text[end:], maxsplit=1)[0]
        spots.append(Spot(start, end, quantity, before, after))
    return spots


def _stands_alone(text: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    if start and text[start - 1] in _BAD_BEFORE:
        return False
    if start > 1 and text[start - 1] in _RANGE and text[start - 2].isdigit():
        return False
    following = text[end : end + 1]
    if following and (following.isdigit() or following in "-—~～至到·.．"):
        return False  # “3-5次”, “12·4”
    digits = match["digits"]
    if digits and match["unit"] in ("年", "天") and len(digits) == 4:
        return False
    if match["chinese"] is not None:
        return bool(re.search("[百千万亿]", match["chinese"]) or match["q1"] or match["prefix"])
    return True


def _parsed(text: str) -> Quantity | None:
    try:
        return parse_quantity(text)
    except QuantityError:
        return None


#: Words that end in 约 or 近 without meaning “about” (节约, 最近): the number is not approximate.
_NOT_PREFIX_AFTER = {"约": set("节制契条公简预邀特签违履相婚"), "近": set("最附亲靠临邻贴就")}


class Namer(Struct, dict=True):  # __post_init__ keeps its indexes beside the fields
    """Gives each quantity its ``数据`` name, unique in the file; remembers what it named.

    Every look-up is by index (texts, aliases, the next free “（n）”), so naming grows with the
    number of quantities, not with its square."""

    catalogue: Catalogue = field(default_factory=load)
    #: name → quantity text, in the order the names were given (the ``数据`` block's order)
    data: dict[str, str] = field(default_factory=dict)
    #: names another source fixed (a 数据附表 in the original): their texts
    given: dict[str, str] = field(default_factory=dict)
    #: figures the facts file gets from elsewhere (a county's 汇总): referred to, never in 数据
    external: dict[str, str] = field(default_factory=dict)
    avoid: set[str] = field(default_factory=set)  # names that must not be used (failed checks)
    clauses: dict[str, str] = field(default_factory=dict)  # name → the words it was named from

    def __post_init__(self) -> None:
        self._given_by_text = _by_texts(self.given)
        self._external_by_text = _by_texts(self.external)
        self._aliases = _aliases(self.catalogue)
        self._standards: dict[tuple[str, ...], str | None] = {}
        self._next: dict[str, int] = {}  # base name → the next “（n）” to try

    def name(self, spot: Spot) -> str:
        text = spot.quantity.text
        summed = _by_text(self._external_by_text, spot)
        if summed is not None:
            return summed
        fixed = _by_text(self._given_by_text, spot)
        if fixed is not None:
            self.data.setdefault(fixed, text)
            return fixed
        own = clause_name(spot)
        candidates = self._candidates(spot, own)
        for candidate in candidates:
            if candidate in self.avoid:
                continue
            if self.data.get(candidate) == text and self.clauses.get(candidate) == own:
                return candidate  # the same fact in the same words, written again
            if candidate not in self.data and candidate not in self.given:
                return self._given(candidate, text, own)
        base = candidates[-1]
        n = self._next.get(base, 2)
        while f"{base}（{n}）" in self.data or f"{base}（{n}）" in self.given:
            n += 1
        self._next[base] = n + 1
        return self._given(f"{base}（{n}）", text, own)

    def _given(self, name: str, text: str, clause: str) -> str:
        self.data[name] = text
        self.clauses[name] = clause
        return name

    def _candidates(self, spot: Spot, own: str) -> list[str]:
        standard = self._standard(spot, own)
        names = [standard] if standard and standard not in self.external else []
        # A county's own figure never takes the name of one its units' sums give.
        if self.external and (
            own in self.external or match_name(own, self.catalogue).column in self.external
        ):
            own = "本级" + own
        return [*names, own]

    def _standard(self, spot: Spot, own: str) -> str | None:
        """The catalogue indicator whose name or alias the words hold and whose unit fits (the
        longest such alias; of equal ones, the first in the catalogue)."""
        quantity = spot.quantity
        words = tuple(w for w in (own, _clean(spot.before), _clean(spot.after)) if w)
        key = (*words, quantity.unit, "%" if quantity.is_percent else "")
        if key not in self._standards:
            found = [
                entry
                for entry in self._aliases.candidates(words)
                if _unit_fits(entry.indicator, quantity)
                and any(_holds(w, entry.alias) for w in words)
            ]
            best = min(found, key=lambda e: (-len(e.alias), e.order), default=None)
            self._standards[key] = None if best is None else best.indicator.name
        return self._standards[key]


class _Alias(Struct, frozen=True):
    alias: str
    indicator: Indicator
    order: int  # the catalogue's order: of two aliases as long, the first wins


class _AliasIndex:
    """The catalogue's names and aliases, found from a clause's words without trying them all: a
    short alias by the words' last characters (it must end them), a longer one by its rarest
    character (it must be in them)."""

    def __init__(self, entries: list[_Alias]) -> None:
        self.by_ending: dict[str, list[_Alias]] = {}
        self.by_char: dict[str, list[_Alias]] = {}
        frequency = Counter(ch for e in entries for ch in set(e.alias))
        for entry in entries:
            if len(entry.alias) <= _SHORT_ALIAS:
                self.by_ending.setdefault(entry.alias, []).append(entry)
            else:
                rarest = min(entry.alias, key=lambda ch: (frequency[ch], ch))
                self.by_char.setdefault(rarest, []).append(entry)

    def candidates(self, words: tuple[str, ...]) -> list[_Alias]:
        found: dict[int, _Alias] = {}
        for word in words:
            for size in range(1, _SHORT_ALIAS + 1):
                for entry in self.by_ending.get(word[-size:], ()) if len(word) >= size else ():
                    found[entry.order] = entry
            for ch in set(word):
                for entry in self.by_char.get(ch, ()):
                    found[entry.order] = entry
        return list(found.values())


def _aliases(catalogue: Catalogue) -> _AliasIndex:
    entries = [
        _Alias(alias, indicator, 0)
        for indicator in catalogue.indicators.values()
        for alias in (indicator.name, *indicator.aliases)
    ]
    return _AliasIndex([structs.replace(e, order=n) for n, e in enumerate(entries)])


def _by_texts(names: dict[str, str]) -> dict[str, list[str]]:
    """text → the names that have it, in their order."""
    out: dict[str, list[str]] = {}
    for name, text in names.items():
        out.setdefault(text, []).append(name)
    return out


def _by_text(index: dict[str, list[str]], spot: Spot) -> str | None:
    """The name whose text is the quantity's; of several, the one sharing most of its words."""
    rows = index.get(spot.quantity.text)
    if not rows:
        return None
    words = set(spot.before + spot.after)
    return max(rows, key=lambda name: (len(set(name) & words), -rows.index(name)))


def _unit_fits(indicator: Indicator, quantity: Quantity) -> bool:
    if indicator.is_rate or quantity.is_percent:
        return indicator.is_rate and quantity.is_percent
    return quantity.unit in indicator.units


_SHORT_ALIAS = 3


def _holds(words: str, alias: str) -> bool:
    """``alias`` is in ``words``: as it stands, or with at most two characters between its own
    (“考试成绩合格率” holds “考试合格率”); a short alias (积案, 村社区) only at the end."""
    if len(alias) <= _SHORT_ALIAS:
        return words.endswith(alias)
    if alias in words:
        return True
    if len(alias) < 4:
        return False
    at, span_start = 0, -1
    for ch in alias:
        at = words.find(ch, at)
        if at < 0:
            return False
        span_start = at if span_start < 0 else span_start
        at += 1
    return at - span_start <= len(alias) + 2


def _clean(words: str) -> str:
    words = _DROP.sub("", words)
    words = _FILLER.sub("", words)
    return _TAIL.sub("", words)


def clause_name(spot: Spot) -> str:
    """The clause's own words for a quantity: what it counts, without dates and filler."""
    before, after = _clean(spot.before), _clean(spot.after)
    counted_after = spot.quantity.unit[:1] in _CLASSIFIERS and after and spot.after[:1] != "的"
    name = after if counted_after and (len(after) >= 2 or not before) else before
    name = name or after or "数据"
    name = re.sub(r"[^\w%]", "", name) or "数据"
    if len(name) > MAX_NAME:
        name = name[-MAX_NAME:] if name is before else name[:MAX_NAME]
    if name.endswith(_RATE_ENDINGS) and not spot.quantity.is_percent:
        name += "数"
    return name


def replace_all(text: str, name_of: Callable[[Spot], str]) -> str:
    """``text`` with every quantity replaced by ``{名称}``."""
    out: list[str] = []
    last = 0
    for spot in find(text):
        out.append(text[last : spot.start])
        out.append("{" + name_of(spot) + "}")
        last = spot.end
    out.append(text[last:])
    return "".join(out)
