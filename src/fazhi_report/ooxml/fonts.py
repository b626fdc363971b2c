"""Fonts: which rFonts slot draws a character, theme font references resolved through the theme
part, and which Chinese typeface family (仿宋, 楷体, 黑体, 小标宋, 宋体) a font name belongs to."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from msgspec import Struct

from ..namespaces import A_NS

SLOTS = ("ascii", "hAnsi", "eastAsia")

_FAMILIES = (
    ("小标宋", ("小标宋", "xiaobiaosong", "fzxbs")),
    ("仿宋", ("仿宋", "fangsong")),
    ("楷体", ("楷体", "kaiti")),
    ("黑体", ("黑体", "simhei", "heiti")),
    ("宋体", ("宋体", "simsun", "songti", "stsong", "宋")),
)
_CJK_FONT_WORDS = (
    "yahei",
    "dengxian",
    "mincho",
    "gothic",
    "cjk",
    "han sans",
    "han serif",
    "pingfang",
)


class Font(Struct, frozen=True):
    """The font a script slot resolves to.

    ``theme`` means a theme reference such as ``minorEastAsia``: ``name`` is then the reference
    and ``typeface`` the font the document's theme names for it (None when the theme gives none).
    """

    name: str
    theme: bool = False
    typeface: str | None = None

    def describe(self) -> str:
        return f"主题字体 {self.name}" if self.theme else self.name

    @property
    def resolved(self) -> str | None:
        """The typeface Word draws with: the name itself, or what the theme names."""
        return self.typeface if self.theme else self.name


# w:themeFontLang's East Asian language → the script a:font entries are keyed by.
_SCRIPTS = {"zh-cn": "Hans", "zh-sg": "Hans", "zh-tw": "Hant", "zh-hk": "Hant", "ja-jp": "Jpan"}


class Theme:
    """The theme part's font scheme: ``minorEastAsia`` → the typeface for the document's language."""

    def __init__(self, root: ET.Element | None, east_asian_language: str | None) -> None:
        self.fonts: dict[str, str] = {}
        if root is None:
            return
        script = _SCRIPTS.get((east_asian_language or "zh-CN").lower(), "Hans")
        for major in ("major", "minor"):
            scheme = root.find(f".//{{{A_NS}}}{major}Font")
            if scheme is not None:
                self._read(scheme, major, script)

    def _read(self, scheme: ET.Element, major: str, script: str) -> None:
        by_script = {f.get("script"): f.get("typeface") for f in scheme.iter(f"{{{A_NS}}}font")}
        for tag, suffix in (("latin", "HAnsi"), ("ea", "EastAsia"), ("cs", "Bidi")):
            element = scheme.find(f"{{{A_NS}}}{tag}")
            typeface = element.get("typeface") if element is not None else None
            if tag == "ea" and not typeface:
                typeface = by_script.get(script)  # an empty a:ea defers to the language's entry
            if typeface:
                self.fonts[f"{major}{suffix}"] = typeface
        if f"{major}HAnsi" in self.fonts:
            self.fonts[f"{major}Ascii"] = self.fonts[f"{major}HAnsi"]

    def typeface(self, reference: str) -> str | None:
        return self.fonts.get(reference)


def family(name: str) -> str | None:
    """The Chinese typeface family a font name belongs to: 仿宋_GB2312 → 仿宋, SimHei → 黑体."""
    lower = name.lower()
    for found, words in _FAMILIES:
        if any(word in lower for word in words):
            return found
    return None


def is_cjk_font(name: str) -> bool:
    lower = name.lower()
    return (
        any(ord(c) >= 0x2E80 for c in name)
        or family(name) is not None
        or any(word in lower for word in _CJK_FONT_WORDS)
    )


def is_cjk_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x2FFF
        or 0x3000 <= code <= 0x303F
        or 0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
    )


def slot_of(ch: str, hint: str | None) -> str:
    """The rFonts slot Word draws ``ch`` with (w:hint decides the shared punctuation)."""
    if ord(ch) < 0x80:
        return "ascii"
    if is_cjk_char(ch):
        return "eastAsia"
    return "eastAsia" if hint == "eastAsia" else "hAnsi"
