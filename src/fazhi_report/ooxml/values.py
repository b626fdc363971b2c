"""OOXML vocabulary shared by every part reader: namespaces, tag spelling, and attribute values
(lengths in twips, font sizes in half-points, on/off switches)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..layout import TWIPS_PER_MM, TWIPS_PER_PT
from ..namespaces import A_NS, R_NS, W_NS

# Word's "Strict Open XML" files use other namespace names for the same vocabulary.
STRICT_NAMESPACES = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R_NS.encode(),
    b"http://purl.oclc.org/ooxml/drawingml/main": A_NS.encode(),
}

#: Pictures: DrawingML's and VML's (the VML one also in an embedded object's preview).
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
V_NS = "urn:schemas-microsoft-com:vml"

TWIPS_PER_INCH = 1440.0
_UNITS = {
    "mm": TWIPS_PER_MM,
    "cm": TWIPS_PER_MM * 10,
    "in": TWIPS_PER_INCH,
    "pt": float(TWIPS_PER_PT),
    "pc": 12.0 * TWIPS_PER_PT,
    "pi": 12.0 * TWIPS_PER_PT,
}
CHAR_UNIT = 100  # w:firstLineChars and friends are hundredths of a character
SINGLE_LINE = 240  # w:spacing w:line with lineRule="auto" is in 240ths of a line
CHAR_SPACE_UNIT = 4096  # w:docGrid w:charSpace is in 4096ths of a point


def w(tag: str) -> str:
    """``w:tag`` in ElementTree's ``{namespace}tag`` spelling."""
    return f"{{{W_NS}}}{tag}"


def val(parent: ET.Element | None, tag: str) -> str | None:
    """The ``w:val`` of ``parent``'s child ``w:tag``, or None."""
    if parent is None:
        return None
    child = parent.find(w(tag))
    return None if child is None else child.get(w("val"))


def attr(element: ET.Element | None, name: str) -> str | None:
    """``element``'s ``w:name`` attribute, or None (also when there is no element)."""
    return None if element is None else element.get(w(name))


def on(element: ET.Element | None) -> bool | None:
    """An OOXML on/off property: absent → None, present without ``w:val`` → True."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off")


def on_attr(value: str | None) -> bool:
    """An on/off attribute such as ``w:default="1"``; absent is off."""
    return value is not None and value.lower() in ("1", "true", "on")


def twips(value: str | None) -> float | None:
    """A length attribute in twips; ISO 29500 also allows ``12.5mm``-style universal measures."""
    if value is None:
        return None
    text = value.strip()
    unit = text[-2:].lower()
    try:
        if unit in _UNITS:
            return float(text[:-2]) * _UNITS[unit]
        return float(text)
    except ValueError:
        return None


def number(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def integer(value: str | None) -> int | None:
    """A decimal attribute such as ``w:ilvl``; anything else (``"x"``, ``"1.5"``) is None."""
    text = (value or "").strip()
    return int(text) if text.lstrip("-").isdigit() else None


def half_points(value: str | None) -> float | None:
    """``w:sz`` is in half-points, or a universal measure such as ``16pt``."""
    length = twips(value)
    if length is None or value is None:
        return None
    return length / 10 if value.strip()[-2:].lower() in _UNITS else length
