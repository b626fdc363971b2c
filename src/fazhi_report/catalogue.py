"""The standard indicator vocabulary: loading ``indicators.json`` and matching a clerk's names to it.

The catalogue is data (``indicators.json`` beside this module): each indicator's standard name,
aliases, usual units, kind (数量/人数/比率/金额/是否), area (the 纲要's tasks and the township
areas), the whole it is a part of, whether it adds up across units, and for a rate the part and
whole it is computed from. It is read and checked once per process (:func:`load`): a broken
catalogue is a bug in the package, so it fails loudly with what is wrong, never half-loaded.

Names are matched in one place, :func:`match_names`, used both by ``validate`` (hints to the
clerk) and by ``summary`` (which column a figure goes in):

- a standard name is itself;
- an exact alias goes in the standard column — unless the same ``数据`` block also has the
  standard name or an earlier alias of it, in which case it stays its own column (two figures
  are never put in one cell);
- a near miss (one character away, or the same characters in another order) is only *suggested*:
  it stays its own column, because guessing a fact into another indicator's column would be
  worse than leaving it apart;
- anything else is a custom name, allowed as it is.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from msgspec import Struct

from .columns import plain_table
from .conventions import without_pufa_period
from .errors import UserError

DATA_FILE = Path(__file__).with_name("indicators.json")

Kind = Literal["count", "persons", "rate", "amount", "yesno"]
How = Literal["standard", "alias", "duplicate", "near", "custom"]

#: Names shorter than this are never taken for a near miss of another (too many false alarms).
NEAR_MIN_LENGTH = 4


class Indicator(Struct, frozen=True):
    """One standard indicator (the fields of ``indicators.json``)."""

    name: str
    aliases: tuple[str, ...]
    units: tuple[str, ...]
    kind: Kind
    area: str
    part_of: str | None
    additive: bool
    ratio: tuple[str, str] | None  # a rate's (part, whole)

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"


class Area(Struct, frozen=True):
    name: str
    task: str
    source: str  # 纲要一…九 or 乡镇


class Unit(Struct, frozen=True):
    """A unit of measure: units of one ``group`` count the same thing, ``factor`` apart."""

    name: str
    group: str
    factor: Decimal


# hashed by identity: one catalogue per process
class Catalogue(Struct, frozen=True, eq=False):
    indicators: dict[str, Indicator]  # in catalogue order
    areas: dict[str, Area]
    units: dict[str, Unit]
    kinds: dict[str, str]  # kind → its Chinese label
    aliases: dict[str, str]  # alias → standard name
    positions: dict[str, int]  # standard name → its place in the catalogue

    def get(self, name: str) -> Indicator | None:
        return self.indicators.get(name)

    def order(self, name: str) -> int:
        """Position of a standard name in the catalogue (custom names sort after all of them)."""
        return self.positions.get(name, len(self.indicators))


class CatalogueError(ValueError):
    """``indicators.json`` breaks one of its own rules (a packaging bug, not a user error)."""


@functools.cache
def load(path: Path = DATA_FILE) -> Catalogue:
    """The catalogue, read and checked once per process."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    return parse(raw)


def parse(raw: Any) -> Catalogue:
    """Build and check a catalogue from its JSON data; :class:`CatalogueError` says what is wrong."""
    if not isinstance(raw, dict):
        raise CatalogueError("the catalogue must be a JSON object")
    kinds = {str(k): str(v) for k, v in _get(raw, "kinds", dict).items()}
    areas = {a.name: a for a in (_area(item) for item in _get(raw, "areas", list))}
    units = {name: _unit(name, spec) for name, spec in _get(raw, "units", dict).items()}
    indicators: dict[str, Indicator] = {}
    for item in _get(raw, "indicators", list):
        indicator = _indicator(item)
        if indicator.name in indicators:
            raise CatalogueError(f"{indicator.name}: named twice")
        indicators[indicator.name] = indicator
    aliases = _check(indicators, areas, units, kinds)
    positions = {name: i for i, name in enumerate(indicators)}
    return Catalogue(indicators, areas, units, kinds, aliases, positions)


def _get(raw: Mapping[str, Any], key: str, kind: type) -> Any:
    value = raw.get(key)
    if not isinstance(value, kind):
        raise CatalogueError(f"“{key}” must be a JSON {kind.__name__}")
    return value


def _area(item: Any) -> Area:
    if not isinstance(item, dict) or not all(
        isinstance(item.get(k), str) for k in ("name", "task", "source")
    ):
        raise CatalogueError(f"area {item!r}: needs name, task and source")
    return Area(item["name"], item["task"], item["source"])


def _unit(name: str, spec: Any) -> Unit:
    try:
        return Unit(name, str(spec["group"]), Decimal(str(spec["factor"])))
    except (TypeError, KeyError, InvalidOperation) as exc:
        raise CatalogueError(f"unit {name}: needs a group and a decimal factor") from exc


_FIELDS = ("name", "aliases", "units", "kind", "area", "part_of", "additive", "ratio")


def _indicator(item: Any) -> Indicator:
    if not isinstance(item, dict) or set(item) != set(_FIELDS):
        raise CatalogueError(f"indicator {item!r}: needs exactly the fields {', '.join(_FIELDS)}")
    name, aliases, units = item["name"], item["aliases"], item["units"]
    ratio, part_of = item["ratio"], item["part_of"]
    strings_ok = (
        isinstance(name, str)
        and name.strip() == name != ""
        and all(
            isinstance(x, list) and all(isinstance(s, str) and s for s in x)
            for x in (aliases, units)
        )
        and (part_of is None or isinstance(part_of, str))
        and (ratio is None or (isinstance(ratio, list) and len(ratio) == 2))
        and isinstance(item["additive"], bool)
    )
    if not strings_ok:
        raise CatalogueError(f"indicator {name!r}: a field has the wrong type")
    return Indicator(
        name=name,
        aliases=tuple(aliases),
        units=tuple(units),
        kind=item["kind"],
        area=item["area"],
        part_of=part_of,
        additive=item["additive"],
        ratio=(str(ratio[0]), str(ratio[1])) if ratio else None,
    )


def _check(
    indicators: Mapping[str, Indicator],
    areas: Mapping[str, Area],
    units: Mapping[str, Unit],
    kinds: Mapping[str, str],
) -> dict[str, str]:
    """Every cross-reference resolves; returns the alias → standard name map."""
    aliases: dict[str, str] = {}
    for ind in indicators.values():
        where = f"indicator {ind.name}"
        if ind.kind not in kinds:
            raise CatalogueError(f"{where}: unknown kind {ind.kind!r}")
        if ind.area not in areas:
            raise CatalogueError(f"{where}: unknown area {ind.area!r}")
        if not ind.units or any(u not in units for u in ind.units):
            raise CatalogueError(f"{where}: unknown or no units {ind.units}")
        if ind.is_rate and (ind.additive or any(units[u].group != "%" for u in ind.units)):
            raise CatalogueError(f"{where}: a rate is a percentage and never adds up")
        if ind.part_of is not None:
            _check_part(ind, ind.part_of, indicators, units)
        if ind.ratio is not None:
            if not ind.is_rate:
                raise CatalogueError(f"{where}: only a rate has a ratio")
            part, whole = ind.ratio
            if part not in indicators or indicators[part].part_of != whole:
                raise CatalogueError(f"{where}: ratio {ind.ratio} must be a part and its whole")
        for alias in ind.aliases:
            if alias in indicators or alias in aliases:
                raise CatalogueError(f"{where}: alias {alias!r} is already a name or an alias")
            aliases[alias] = ind.name
    _check_no_cycles(indicators)
    return aliases


def _check_part(
    ind: Indicator, whole: str, indicators: Mapping[str, Indicator], units: Mapping[str, Unit]
) -> None:
    if whole not in indicators:
        raise CatalogueError(f"indicator {ind.name}: part_of names no indicator ({whole!r})")
    groups = {units[u].group for u in indicators[whole].units}
    if ind.is_rate or not {units[u].group for u in ind.units} & groups:
        raise CatalogueError(f"indicator {ind.name}: a part must be counted like its whole")


def _check_no_cycles(indicators: Mapping[str, Indicator]) -> None:
    for ind in indicators.values():
        seen = {ind.name}
        whole = ind.part_of
        while whole is not None:
            if whole in seen:
                raise CatalogueError(f"indicator {ind.name}: part_of goes round in a circle")
            seen.add(whole)
            whole = indicators[whole].part_of


# --- names ---------------------------------------------------------------------------------------


class Match(Struct, frozen=True):
    """How one ``数据`` name relates to the catalogue.

    ``column`` is where its figure goes in a summary: the standard name for a standard name or a
    mapped alias, the name itself otherwise. ``standard`` is the indicator meant or suggested.
    """

    name: str
    how: How
    standard: str | None = None

    @property
    def column(self) -> str:
        return self.standard if self.how in ("standard", "alias") and self.standard else self.name

    @property
    def indicator(self) -> Indicator | None:
        """The catalogue indicator whose rules apply to this figure (None unless mapped)."""
        return load().get(self.column) if self.how in ("standard", "alias") else None


def match_name(name: str, catalogue: Catalogue | None = None) -> Match:
    """One name on its own: standard, alias, near miss (with the suggestion) or custom."""
    cat = catalogue or load()
    if name in cat.indicators:
        return Match(name, "standard", name)
    if name in cat.aliases:
        return Match(name, "alias", cat.aliases[name])
    general = without_pufa_period(name)  # 八五普法宣传 is 普法宣传 in any plan's years
    if general != name and (general in cat.indicators or general in cat.aliases):
        return Match(name, "alias", cat.aliases.get(general, general))
    near = near_miss(name, cat)
    return Match(name, "near", near) if near else Match(name, "custom")


def match_names(names: Iterable[str], catalogue: Catalogue | None = None) -> dict[str, Match]:
    """Names of one ``数据`` block: as :func:`match_name`, but an alias whose standard column is
    already taken in this block (by the standard name, or by an earlier alias) is a
    ``duplicate``: it keeps its own column."""
    cat = catalogue or load()
    names = list(names)
    matches = {name: match_name(name, cat) for name in names}
    taken = {m.standard for m in matches.values() if m.how == "standard"}
    for name in names:
        match = matches[name]
        if match.how == "alias":
            if match.standard in taken:
                matches[name] = Match(name, "duplicate", match.standard)
            taken.add(match.standard)
    return matches


def near_miss(name: str, catalogue: Catalogue | None = None) -> str | None:
    """The standard name ``name`` is probably a slip for: one character away from a name or an
    alias (neither containing the other), or the same characters in another order."""
    cat = catalogue or load()
    if name in cat.indicators or name in cat.aliases or len(name) < NEAR_MIN_LENGTH:
        return None
    return _near_index(cat).find(name)


class _NearIndex:
    """The catalogue's names and aliases indexed by what one edit or a reordering leaves of them,
    so a name is matched with a few dictionary look-ups: a ``数据`` block of hundreds of custom
    names would otherwise compare each of them with every name and alias of the catalogue.

    Candidates are numbered in catalogue order (names, then aliases) and the first that fits
    wins, as a scan of the catalogue in that order would find it.
    """

    def __init__(self, cat: Catalogue) -> None:
        pairs = [(n, n) for n in cat.indicators] + list(cat.aliases.items())
        self.candidates = [(c, s) for c, s in pairs if len(c) >= NEAR_MIN_LENGTH]
        self.exact: dict[str, list[int]] = {}  # the candidate itself
        self.deleted: dict[str, list[int]] = {}  # the candidate less one character
        self.replaced: dict[tuple[int, str], list[int]] = {}  # ... at that position
        self.anagrams: dict[str, list[int]] = {}  # its characters, sorted
        for number, (candidate, _) in enumerate(self.candidates):
            self.exact.setdefault(candidate, []).append(number)
            self.anagrams.setdefault("".join(sorted(candidate)), []).append(number)
            for i in range(len(candidate)):
                rest = candidate[:i] + candidate[i + 1 :]
                self.deleted.setdefault(rest, []).append(number)
                self.replaced.setdefault((i, rest), []).append(number)

    def find(self, name: str) -> str | None:
        found: set[int] = set(self.deleted.get(name, ()))  # one character inserted in name
        found.update(self.anagrams.get("".join(sorted(name)), ()))
        for i in range(len(name)):
            rest = name[:i] + name[i + 1 :]
            found.update(self.exact.get(rest, ()))  # one character deleted from name
            found.update(self.replaced.get((i, rest), ()))  # one character replaced
        for number in sorted(found):
            candidate, standard = self.candidates[number]
            if candidate not in name and name not in candidate:
                return standard
        return None


@functools.lru_cache(maxsize=4)
def _near_index(cat: Catalogue) -> _NearIndex:
    return _NearIndex(cat)


# --- listing (``fazhi-report indicators``) -------------------------------------------------------

LIST_HEADER = ("名称", "领域", "类型", "单位", "所属总数", "各单位相加", "比率构成", "别名")


def select(area: str | None = None, catalogue: Catalogue | None = None) -> list[Indicator]:
    """The indicators of one area (all of them without ``area``), in catalogue order."""
    cat = catalogue or load()
    if area is not None and area not in cat.areas:
        raise UserError(f"没有“{area}”这个领域", hint="可用的领域：" + "、".join(cat.areas))
    return [i for i in cat.indicators.values() if area is None or i.area == area]


def as_rows(indicators: Iterable[Indicator], catalogue: Catalogue | None = None) -> list[list[str]]:
    """A table of ``indicators`` for people: the header row, then one row each."""
    cat = catalogue or load()
    rows = [list(LIST_HEADER)]
    for ind in indicators:
        rows.append(
            [
                ind.name,
                ind.area,
                cat.kinds[ind.kind],
                "、".join(ind.units),
                ind.part_of or "",
                "是" if ind.additive else "否",
                f"{ind.ratio[0]}÷{ind.ratio[1]}" if ind.ratio else "",
                "、".join(ind.aliases),
            ]
        )
    return rows


def as_json(indicators: Iterable[Indicator]) -> str:
    """``indicators`` as a JSON list, with the fields of ``indicators.json``."""
    items = [
        {
            "name": i.name,
            "aliases": list(i.aliases),
            "units": list(i.units),
            "kind": i.kind,
            "area": i.area,
            "part_of": i.part_of,
            "additive": i.additive,
            "ratio": list(i.ratio) if i.ratio else None,
        }
        for i in indicators
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def listing(area: str | None = None, *, as_json_text: bool = False) -> str:
    """What ``fazhi-report indicators`` prints: an aligned table, or JSON."""
    chosen = select(area)
    if as_json_text:
        return as_json(chosen)
    return "\n".join(plain_table(as_rows(chosen))) + "\n"
