"""styles.xml and property resolution: run properties (fonts, size, spacing, bold), paragraph
properties (alignment, indents, line spacing, numbering, outline level), and the style sheet's
``basedOn`` chains with each type's default style."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from msgspec import Struct, field

from ..layout import TWIPS_PER_PT
from ..patterns import lazy
from .fonts import SLOTS, Font, Theme
from .values import CHAR_UNIT, half_points, integer, number, on, on_attr, twips, val, w

_THEME_ATTR = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme"}
# Toggle properties (ECMA-376 17.7.3): a style level that turns one on flips it; direct
# formatting sets it outright. w:vanish is hidden text (Word prints none of it).
TOGGLES = ("b", "i", "vanish")
# Twips of rounding noise a left indent may have and still count as none.
NOISE_TWIPS = 10


class RunProps(Struct):
    """A run's effective character formatting."""

    fonts: dict[str, Font] = field(default_factory=dict)
    hint: str | None = None
    half_points: float | None = None
    spacing: float | None = None  # character spacing, twips
    toggles: dict[str, bool] = field(default_factory=dict)  # "b", "i" → on
    color: str | None = None  # w:color: six hex digits (upper case) or "auto"

    def copy(self) -> RunProps:
        return RunProps(
            dict(self.fonts),
            self.hint,
            self.half_points,
            self.spacing,
            dict(self.toggles),
            self.color,
        )

    def merge(self, rpr: ET.Element | None, theme: Theme | None = None) -> None:
        """Apply docDefaults or direct formatting: every property it names is set outright."""
        self._merge_plain(rpr, theme)
        for name, value in _toggles(rpr).items():
            self.toggles[name] = value

    def merge_style(self, layers: Sequence[ET.Element | None], theme: Theme | None = None) -> None:
        """Apply one level of the style hierarchy: a style and its ancestors, root first."""
        named: dict[str, bool] = {}
        for layer in layers:
            self._merge_plain(layer, theme)
            named.update(_toggles(layer))
        for name, value in named.items():
            if value:
                self.toggles[name] = not self.toggles.get(name, False)

    def _merge_plain(self, rpr: ET.Element | None, theme: Theme | None) -> None:
        if rpr is None:
            return
        fonts = rpr.find(w("rFonts"))
        if fonts is not None:
            for slot in SLOTS:
                # Per slot, a theme attribute wins over the plain one at the same level; a later
                # level that names either replaces whatever the slot held before.
                reference, plain = fonts.get(w(_THEME_ATTR[slot])), fonts.get(w(slot))
                if reference:
                    typeface = theme.typeface(reference) if theme else None
                    self.fonts[slot] = Font(reference, theme=True, typeface=typeface)
                elif plain:
                    self.fonts[slot] = Font(plain)
            self.hint = fonts.get(w("hint"), self.hint)
        size = half_points(val(rpr, "sz"))
        if size is not None:
            self.half_points = size
        spacing = twips(val(rpr, "spacing"))
        if spacing is not None:
            self.spacing = spacing
        color = val(rpr, "color")
        if color:
            self.color = color.upper()

    @property
    def size_pt(self) -> float:
        # OOXML's default when no level sets w:sz is 10 pt.
        return (self.half_points if self.half_points is not None else 20.0) / 2

    @property
    def bold(self) -> bool:
        return self.toggles.get("b", False)

    @property
    def italic(self) -> bool:
        return self.toggles.get("i", False)

    @property
    def hidden(self) -> bool:
        return self.toggles.get("vanish", False)


def _toggles(rpr: ET.Element | None) -> dict[str, bool]:
    if rpr is None:
        return {}
    found = {name: on(rpr.find(w(name))) for name in TOGGLES}
    return {name: value for name, value in found.items() if value is not None}


class Border(Struct, frozen=True):
    """One paragraph rule (a child of ``w:pBdr``)."""

    style: str  # w:val: single, double … (“none”/“nil”: no line)
    eighths: float  # w:sz: width in eighths of a point
    color: str  # six hex digits (upper case) or “auto”
    space: float  # w:space: points between the rule and the text

    @classmethod
    def read(cls, line: ET.Element) -> Border:
        return cls(
            line.get(w("val"), "none"),
            number(line.get(w("sz"))) or 0.0,
            (line.get(w("color")) or "auto").upper(),
            number(line.get(w("space"))) or 0.0,
        )

    @property
    def drawn(self) -> bool:
        return self.style not in ("none", "nil") and self.eighths > 0


# w:ind attributes that replace each other: a level that sets one of a group sets the group.
_IND_GROUPS = (
    ("firstLine", "firstLineChars", "hanging", "hangingChars"),
    ("left", "leftChars", "start", "startChars"),
    ("right", "rightChars", "end", "endChars"),
)


class ParaProps(Struct):
    """A paragraph's effective paragraph formatting."""

    jc: str | None = None
    ind: dict[str, float] = field(default_factory=dict)
    line: float | None = None
    line_rule: str | None = None
    before: float = 0.0  # space before, twips
    snap: bool = True
    num_id: str | None = None
    ilvl: int | None = None
    frame_x: str | None = None
    frame_y: str | None = None  # a frame's w:yAlign (“bottom”: pressed to the 版心's foot)
    outline: int | None = None  # w:outlineLvl: 0 = top level, 9 = body text
    #: Paragraph rules: side (top, bottom, between …) → the line, None where a level removed it.
    borders: dict[str, Border] = field(default_factory=dict)

    def merge(self, ppr: ET.Element | None) -> None:
        if ppr is None:
            return
        self.jc = val(ppr, "jc") or self.jc
        self._merge_ind(ppr.find(w("ind")))
        spacing = ppr.find(w("spacing"))
        if spacing is not None and spacing.get(w("line")) is not None:
            self.line = twips(spacing.get(w("line")))
            self.line_rule = spacing.get(w("lineRule"), "auto")
        before = twips(None if spacing is None else spacing.get(w("before")))
        if before is not None:
            self.before = before
        snap = on(ppr.find(w("snapToGrid")))
        if snap is not None:
            self.snap = snap
        num = ppr.find(w("numPr"))
        if num is not None:
            self.num_id = val(num, "numId") or self.num_id
            level = integer(val(num, "ilvl"))
            self.ilvl = level if level is not None and level >= 0 else self.ilvl
        frame = ppr.find(w("framePr"))
        if frame is not None:
            self.frame_x = frame.get(w("xAlign"), self.frame_x)
            self.frame_y = frame.get(w("yAlign"), self.frame_y)
        rules = ppr.find(w("pBdr"))
        if rules is not None:
            for line in rules:
                self.borders[line.tag.split("}")[-1]] = Border.read(line)
        outline = integer(val(ppr, "outlineLvl"))
        if outline is not None:
            self.outline = outline

    def _merge_ind(self, ind: ET.Element | None) -> None:
        if ind is None:
            return
        given = {key.split("}")[-1]: twips(value) for key, value in ind.attrib.items()}
        for group in _IND_GROUPS:
            if any(name in given for name in group):
                for name in group:
                    self.ind.pop(name, None)
        self.ind.update({k: v for k, v in given.items() if v is not None})

    @property
    def alignment(self) -> str:
        """Horizontal placement; a frame's xAlign (WPS page numbers) overrides the paragraph's."""
        value = self.frame_x or self.jc or "left"
        return {"start": "left", "end": "right", "justify": "both"}.get(value, value)

    def first_line(self, size_pt: float) -> tuple[float, float | None]:
        """(first-line indent in twips, in hundredths of a character if given that way)."""
        chars = self.ind.get("firstLineChars") or -self.ind.get("hangingChars", 0.0)
        if chars:
            return chars / CHAR_UNIT * size_pt * TWIPS_PER_PT, chars
        return self.ind.get("firstLine", 0.0) - self.ind.get("hanging", 0.0), None

    def has_left_indent(self) -> bool:
        """Whether wrapped lines start away from the margin (a few twips of noise aside)."""
        values = (self.ind.get(k, 0.0) for k in ("left", "start", "leftChars", "startChars"))
        return any(abs(v) > NOISE_TWIPS for v in values)


_HEADING_NAME = lazy(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


class StyleSheet:
    """styles.xml: docDefaults, styles by id, each style's ``basedOn`` chain."""

    def __init__(self, root: ET.Element | None) -> None:
        self.styles: dict[str, ET.Element] = {}
        self.defaults: dict[str, str] = {}  # style type → id of its default style
        self.doc_rpr: ET.Element | None = None
        self.doc_ppr: ET.Element | None = None
        if root is None:
            return
        self.doc_rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.doc_ppr = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"))
            if sid is None:
                continue
            self.styles.setdefault(sid, style)
            if on_attr(style.get(w("default"))):
                self.defaults.setdefault(style.get(w("type"), "paragraph"), sid)

    def resolved_id(self, style_id: str | None, kind: str) -> str | None:
        """The style Word applies: an unknown or missing paragraph/table style is that type's
        default; character styles have no such fallback."""
        if (style_id is None or style_id not in self.styles) and kind != "character":
            return self.defaults.get(kind)
        return style_id if style_id in self.styles else None

    def chain(self, style_id: str | None, kind: str) -> list[ET.Element]:
        """The style Word applies (see :meth:`resolved_id`) and its ``basedOn`` ancestors, root
        first."""
        current = self.resolved_id(style_id, kind)
        out: list[ET.Element] = []
        seen: set[str] = set()
        while current and current in self.styles and current not in seen:
            seen.add(current)
            style = self.styles[current]
            out.append(style)
            current = val(style, "basedOn")
        return out[::-1]

    def ppr_layers(self, style_id: str | None, kind: str) -> list[ET.Element | None]:
        return [s.find(w("pPr")) for s in self.chain(style_id, kind)]

    def rpr_layers(self, style_id: str | None, kind: str) -> list[ET.Element | None]:
        return [s.find(w("rPr")) for s in self.chain(style_id, kind)]

    def name(self, style_id: str | None) -> str | None:
        """The style's ``w:name`` as stored: built-in styles keep English names (“heading 1”,
        shown as “标题 1” in Chinese Word); WPS may store the Chinese name."""
        style = self.styles.get(style_id or "")
        return None if style is None else val(style, "name")

    def heading_level(self, style_id: str | None) -> int | None:
        """1–9 for a style named “heading N”/“标题 N”: Word gives its built-in heading styles
        their outline level even when styles.xml omits w:outlineLvl."""
        match = _HEADING_NAME.match((self.name(style_id) or "").strip())
        return int(match.group(1)) if match else None
