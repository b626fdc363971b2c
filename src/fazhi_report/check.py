"""``fazhi-report check``: audit any .docx against GB/T 9704-2012 and the report's mandated items.

The file is read as raw XML (zipfile + ElementTree) rather than through python-docx, because a
report typed by hand in Word or WPS keeps its formatting anywhere in the style chain: direct run
properties, character style, paragraph style and its ``basedOn`` ancestors, table style,
numbering, document defaults. Every rule looks at the *effective* value after resolving that chain.

Every number (page, grid, fonts, sizes) comes from :mod:`fazhi_report.layout`, the one module the
.docx writer reads too; this module only knows how to measure.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import typer

from . import layout
from .errors import CheckFailed, InputFileError
from .punct import fix_punctuation
from .style import DEFAULT as DEFAULT_STYLE
from .style import Style, describe, from_properties
from .tree import chinese_number

# --------------------------------------------------------------------------------------------
# Result type and rule table
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One rule's verdict: ``found`` says what the document has, ``expected`` what it should."""

    id: str
    name: str
    ok: bool
    found: str
    expected: str

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.name}：发现{self.found}"
        return f"✗ {self.name}：发现{self.found}，应为{self.expected}"


# --------------------------------------------------------------------------------------------
# Reading the package
# --------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Word's "Strict Open XML" files use other namespace names for the same vocabulary.
_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": R_NS.encode(),
}
# A zip bomb must not exhaust memory: no real report part comes near this.
MAX_PART_BYTES = 64 * 1024 * 1024


def w(tag: str) -> str:
    """``w:tag`` in ElementTree's ``{namespace}tag`` spelling."""
    return f"{{{W_NS}}}{tag}"


@dataclass
class Package:
    document: ET.Element
    styles: ET.Element | None
    settings: ET.Element | None
    numbering: ET.Element | None
    footers: dict[str, ET.Element]  # relationship id → footer part
    #: Custom document properties (docProps/custom.xml): name → text; where a template's 样式 is.
    properties: dict[str, str] = field(default_factory=dict)


def _read_package(path: Path) -> Package:
    if not path.exists():
        raise InputFileError(path, "文件不存在")
    if path.is_dir():
        raise InputFileError(path, "是文件夹，不是 .docx 文件")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputFileError(
            path,
            "不是有效的 .docx 文件（无法按 Word 文档打开）",
            hint="请用 Word 或 WPS 将文件另存为 .docx 格式后再检查。",
        ) from None
    except OSError as exc:
        raise InputFileError(path, f"无法读取：{exc.strerror or exc}") from None
    with archive:
        return _parts(archive, path)


def _parts(archive: zipfile.ZipFile, path: Path) -> Package:
    names = set(archive.namelist())
    main = _main_part(archive, names, path)
    rels = _relationships(archive, names, main, path)
    package_rels = _relationships(archive, names, "", path) if "_rels/.rels" in names else {}
    custom = [
        t for rtype, t in package_rels.values() if rtype == "custom-properties" and t in names
    ]

    def optional(kind: str) -> ET.Element | None:
        targets = [target for _, (rtype, target) in rels.items() if rtype == kind]
        return _xml(archive, targets[0], path) if targets and targets[0] in names else None

    footers = {
        rid: _xml(archive, target, path)
        for rid, (rtype, target) in rels.items()
        if rtype == "footer" and target in names
    }
    return Package(
        document=_xml(archive, main, path),
        styles=optional("styles"),
        settings=optional("settings"),
        numbering=optional("numbering"),
        footers=footers,
        properties=_properties(_xml(archive, custom[0], path)) if custom else {},
    )


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def _properties(root: ET.Element) -> dict[str, str]:
    """Text-valued custom document properties by name."""
    return {
        prop.get("name", ""): "".join(prop.itertext()).strip()
        for prop in root.iter(f"{{{_CUSTOM_NS}}}property")
    }


def _main_part(archive: zipfile.ZipFile, names: set[str], path: Path) -> str:
    """The main document part named by the package relationships (not always word/document.xml)."""
    if "_rels/.rels" in names:
        for rtype, target in _relationships(archive, names, "", path).values():
            if rtype == "officeDocument" and target in names:
                return target
    if "word/document.xml" in names:
        return "word/document.xml"
    raise InputFileError(path, "不是 Word 文档（压缩包中没有正文部分 word/document.xml）")


def _relationships(
    archive: zipfile.ZipFile, names: set[str], part: str, path: Path
) -> dict[str, tuple[str, str]]:
    """``part``'s relationships: id → (type's last segment, target part name)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if rels_name not in names:
        return {}
    out: dict[str, tuple[str, str]] = {}
    for rel in _xml(archive, rels_name, path).iter(f"{{{REL_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        resolved = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        rtype = rel.get("Type", "").rsplit("/", 1)[-1]
        out[rel.get("Id", "")] = (rtype, posixpath.normpath(resolved))
    return out


def _xml(archive: zipfile.ZipFile, name: str, path: Path) -> ET.Element:
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise InputFileError(path, f"文档部分 {name} 过大，无法检查")
        data = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise InputFileError(path, f"文档已损坏，无法读取 {name}（{exc}）") from None
    # A .docx never needs a DTD; refusing one rules out entity-expansion attacks.
    if b"<!DOCTYPE" in data[:2048].upper():
        raise InputFileError(path, f"文档部分 {name} 含有不允许的 DTD 声明")
    for strict, transitional in _STRICT.items():
        data = data.replace(strict, transitional)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputFileError(path, f"文档已损坏，{name} 不是有效的 XML（{exc}）") from None


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------

_UNITS = {
    "mm": layout.TWIPS_PER_MM,
    "cm": layout.TWIPS_PER_MM * 10,
    "in": 1440.0,
    "pt": float(layout.TWIPS_PER_PT),
    "pc": 12.0 * layout.TWIPS_PER_PT,
    "pi": 12.0 * layout.TWIPS_PER_PT,
}
CHAR_UNIT = 100  # w:firstLineChars and friends are hundredths of a character
SINGLE_LINE = 240  # w:spacing w:line with lineRule="auto" is in 240ths of a line
CHAR_SPACE_UNIT = 4096  # w:docGrid w:charSpace is in 4096ths of a point
# Tolerances: a few twips of rounding noise; ±0.1 character; ±2 pt (1/8 character) of indent.
NOISE_TWIPS = 10
CHAR_UNITS_TOLERANCE = 10
INDENT_TOLERANCE_TWIPS = 40


def _twips(value: str | None) -> float | None:
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


def _number(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def _half_points(value: str | None) -> float | None:
    """``w:sz`` is in half-points, or a universal measure such as ``16pt``."""
    twips = _twips(value)
    if twips is None or value is None:
        return None
    return twips / 10 if value.strip()[-2:].lower() in _UNITS else twips


def _on(element: ET.Element | None) -> bool | None:
    """An OOXML on/off property: absent → None, present without ``w:val`` → True."""
    if element is None:
        return None
    return element.get(w("val"), "true").lower() not in ("0", "false", "off")


def _val(parent: ET.Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(w(tag))
    return None if child is None else child.get(w("val"))


# --------------------------------------------------------------------------------------------
# Style resolution
# --------------------------------------------------------------------------------------------

SLOTS = ("ascii", "hAnsi", "eastAsia")
_THEME_ATTR = {"ascii": "asciiTheme", "hAnsi": "hAnsiTheme", "eastAsia": "eastAsiaTheme"}


@dataclass(frozen=True)
class Font:
    """The font a script slot resolves to; ``theme`` means a theme reference such as minorEastAsia."""

    name: str
    theme: bool = False

    def describe(self) -> str:
        return f"主题字体 {self.name}" if self.theme else self.name


@dataclass
class RunProps:
    fonts: dict[str, Font] = field(default_factory=dict)
    hint: str | None = None
    half_points: float | None = None
    spacing: float | None = None  # character spacing, twips

    def copy(self) -> RunProps:
        return RunProps(dict(self.fonts), self.hint, self.half_points, self.spacing)

    def merge(self, rpr: ET.Element | None) -> None:
        if rpr is None:
            return
        fonts = rpr.find(w("rFonts"))
        if fonts is not None:
            for slot in SLOTS:
                # Per slot, a theme attribute wins over the plain one at the same level; a later
                # level that names either replaces whatever the slot held before.
                theme, plain = fonts.get(w(_THEME_ATTR[slot])), fonts.get(w(slot))
                if theme:
                    self.fonts[slot] = Font(theme, theme=True)
                elif plain:
                    self.fonts[slot] = Font(plain)
            self.hint = fonts.get(w("hint"), self.hint)
        size = _half_points(_val(rpr, "sz"))
        if size is not None:
            self.half_points = size
        spacing = _twips(_val(rpr, "spacing"))
        if spacing is not None:
            self.spacing = spacing

    @property
    def size_pt(self) -> float:
        # OOXML's default when no level sets w:sz is 10 pt.
        return (self.half_points if self.half_points is not None else 20.0) / 2


# w:ind attributes that replace each other: a level that sets one of a group sets the group.
_IND_GROUPS = (
    ("firstLine", "firstLineChars", "hanging", "hangingChars"),
    ("left", "leftChars", "start", "startChars"),
    ("right", "rightChars", "end", "endChars"),
)


@dataclass
class ParaProps:
    jc: str | None = None
    ind: dict[str, float] = field(default_factory=dict)
    line: float | None = None
    line_rule: str | None = None
    snap: bool = True
    num_id: str | None = None
    ilvl: int | None = None
    frame_x: str | None = None

    def merge(self, ppr: ET.Element | None) -> None:
        if ppr is None:
            return
        self.jc = _val(ppr, "jc") or self.jc
        self._merge_ind(ppr.find(w("ind")))
        spacing = ppr.find(w("spacing"))
        if spacing is not None and spacing.get(w("line")) is not None:
            self.line = _twips(spacing.get(w("line")))
            self.line_rule = spacing.get(w("lineRule"), "auto")
        snap = _on(ppr.find(w("snapToGrid")))
        if snap is not None:
            self.snap = snap
        num = ppr.find(w("numPr"))
        if num is not None:
            self.num_id = _val(num, "numId") or self.num_id
            level = _val(num, "ilvl")
            self.ilvl = int(level) if level and level.isdigit() else self.ilvl
        frame = ppr.find(w("framePr"))
        if frame is not None:
            self.frame_x = frame.get(w("xAlign"), self.frame_x)

    def _merge_ind(self, ind: ET.Element | None) -> None:
        if ind is None:
            return
        given = {key.split("}")[-1]: _twips(value) for key, value in ind.attrib.items()}
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
            return chars / CHAR_UNIT * size_pt * layout.TWIPS_PER_PT, chars
        return self.ind.get("firstLine", 0.0) - self.ind.get("hanging", 0.0), None

    def has_left_indent(self) -> bool:
        """Whether wrapped lines start away from the margin (a few twips of noise aside)."""
        values = (self.ind.get(k, 0.0) for k in ("left", "start", "leftChars", "startChars"))
        return any(abs(v) > NOISE_TWIPS for v in values)


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
            if _on_attr(style.get(w("default"))):
                self.defaults.setdefault(style.get(w("type"), "paragraph"), sid)

    def chain(self, style_id: str | None, kind: str) -> list[ET.Element]:
        """The style and its ``basedOn`` ancestors, root first.

        An unknown or missing paragraph/table style falls back to that type's default, as Word
        does; character styles have no such fallback.
        """
        if (style_id is None or style_id not in self.styles) and kind != "character":
            style_id = self.defaults.get(kind)
        out: list[ET.Element] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            out.append(style)
            style_id = _val(style, "basedOn")
        return out[::-1]

    def ppr_layers(self, style_id: str | None, kind: str) -> list[ET.Element | None]:
        return [s.find(w("pPr")) for s in self.chain(style_id, kind)]

    def rpr_layers(self, style_id: str | None, kind: str) -> list[ET.Element | None]:
        return [s.find(w("rPr")) for s in self.chain(style_id, kind)]


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


@dataclass(frozen=True)
class Level:
    fmt: str
    text: str
    start: int
    ppr: ET.Element | None


class Numbering:
    """numbering.xml, enough to spell out the label Word draws before an auto-numbered paragraph."""

    def __init__(self, root: ET.Element | None) -> None:
        self.levels: dict[str, dict[int, Level]] = {}  # numId → ilvl → level
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        abstract = {a.get(w("abstractNumId"), ""): _levels(a) for a in root.iter(w("abstractNum"))}
        for num in root.iter(w("num")):
            levels = dict(abstract.get(_val(num, "abstractNumId") or "", {}))
            for override in num.iter(w("lvlOverride")):
                ilvl = int(override.get(w("ilvl"), "0"))
                start = _val(override, "startOverride")
                if ilvl in levels and start and start.isdigit():
                    old = levels[ilvl]
                    levels[ilvl] = Level(old.fmt, old.text, int(start), old.ppr)
            self.levels[num.get(w("numId"), "")] = levels

    def level(self, num_id: str | None, ilvl: int | None) -> Level | None:
        return self.levels.get(num_id or "", {}).get(ilvl or 0)

    def next_label(self, num_id: str, ilvl: int) -> str:
        levels = self.levels.get(num_id, {})
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1 if ilvl in levels else 0) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k)
            value = counters.get(k, lvl.start if lvl else 1)
            return _format_number(value, lvl.fmt if lvl else "decimal")

        return re.sub(r"%([1-9])", number, level.text)


def _levels(abstract: ET.Element) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in abstract.iter(w("lvl")):
        start = _val(lvl, "start") or "1"
        out[int(lvl.get(w("ilvl"), "0"))] = Level(
            fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") or "",
            start=int(start) if start.isdigit() else 1,
            ppr=lvl.find(w("pPr")),
        )
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
        return chinese_number(n)
    if fmt.startswith("decimalFullWidth"):
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


# --------------------------------------------------------------------------------------------
# The document as paragraphs of resolved runs
# --------------------------------------------------------------------------------------------

Atom = tuple[str, str]  # ("t", text) | ("fld", begin/separate/end) | ("instr", field code)


@dataclass
class Run:
    props: RunProps
    atoms: list[Atom]

    @property
    def text(self) -> str:
        return "".join(value for kind, value in self.atoms if kind == "t")


@dataclass
class Para:
    text: str
    label: str  # what automatic numbering draws before the text ("一、"), else ""
    runs: list[Run]
    props: ParaProps
    base: RunProps  # the paragraph's run properties before any run's own formatting
    in_table: bool = False
    section: int = 0

    @property
    def full(self) -> str:
        return (self.label + self.text).strip()


@dataclass
class Doc:
    paras: list[Para]  # body paragraphs in reading order, table cells included
    sections: list[ET.Element]  # w:sectPr in order; paragraph.section indexes this
    footers: dict[str, list[Para]]
    settings: ET.Element | None
    styles: StyleSheet


class _Reader:
    """Turns XML paragraphs into :class:`Para` records with every property resolved."""

    def __init__(self, package: Package) -> None:
        self.styles = StyleSheet(package.styles)
        self.numbering = Numbering(package.numbering)

    def paragraph(self, p: ET.Element, table_style: str | None) -> Para:
        direct = p.find(w("pPr"))
        style_id = _val(direct, "pStyle")
        props, label = self._para_props(direct, style_id, table_style)
        base = RunProps()
        for layer in [self.styles.doc_rpr, *self._table_rpr(table_style)]:
            base.merge(layer)
        for layer in self.styles.rpr_layers(style_id, "paragraph"):
            base.merge(layer)
        runs = [self._run(r, atoms, base) for r, atoms in _runs(p)]
        text = "".join(run.text for run in runs)
        return Para(text, label, runs, props, base, in_table=table_style is not None)

    def _table_rpr(self, table_style: str | None) -> list[ET.Element | None]:
        return [] if table_style is None else self.styles.rpr_layers(table_style, "table")

    def _para_props(
        self, direct: ET.Element | None, style_id: str | None, table_style: str | None
    ) -> tuple[ParaProps, str]:
        table = [] if table_style is None else self.styles.ppr_layers(table_style, "table")
        style = self.styles.ppr_layers(style_id, "paragraph")
        layers = [self.styles.doc_ppr, *table, *style, direct]
        props = _merged(layers)
        if not props.num_id or props.num_id == "0":
            return props, ""
        ilvl = props.ilvl or 0
        level = self.numbering.level(props.num_id, ilvl)
        if level is not None:
            # Word puts a list level's indents under the paragraph style's when the style carries
            # the numbering, but over it when the paragraph itself does.
            from_style = direct is None or direct.find(w("numPr")) is None
            at = 1 + len(table) if from_style else len(layers) - 1
            props = _merged([*layers[:at], level.ppr, *layers[at:]])
        return props, self.numbering.next_label(props.num_id or "", ilvl)

    def _run(self, r: ET.Element | None, atoms: list[Atom], base: RunProps) -> Run:
        props = base.copy()
        direct = None if r is None else r.find(w("rPr"))
        for layer in self.styles.rpr_layers(_val(direct, "rStyle"), "character"):
            props.merge(layer)
        props.merge(direct)
        return Run(props, atoms)


def _merged(layers: list[ET.Element | None]) -> ParaProps:
    props = ParaProps()
    for layer in layers:
        props.merge(layer)
    return props


# Containers whose content is not part of the reading flow: deleted text, the fallback copy of
# alternate content, property blocks.
_SKIP = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("sectPr"), w("tblPr"), w("tblGrid")}


def _blocks(
    element: ET.Element, table_style: str | None
) -> Iterator[tuple[ET.Element, str | None]]:
    """Paragraphs in reading order with the style of the table they sit in ("" = unstyled table)."""
    for child in element:
        if child.tag == w("p"):
            yield child, table_style
        elif child.tag == w("tbl"):
            yield from _blocks(child, _val(child.find(w("tblPr")), "tblStyle") or "")
        elif child.tag not in _SKIP and not child.tag.startswith(f"{{{MC_NS}}}"):
            yield from _blocks(child, table_style)


def _runs(element: ET.Element) -> Iterator[tuple[ET.Element | None, list[Atom]]]:
    """A paragraph's runs in order; a ``w:fldSimple`` becomes begin/instr/separate … end markers."""
    for child in element:
        if child.tag == w("r"):
            yield child, _atoms(child)
        elif child.tag == w("fldSimple"):
            code = child.get(w("instr"), "")
            yield None, [("fld", "begin"), ("instr", code), ("fld", "separate")]
            yield from _runs(child)
            yield None, [("fld", "end")]
        elif child.tag not in _SKIP and not child.tag.startswith(f"{{{MC_NS}}}"):
            yield from _runs(child)  # hyperlink, ins, smartTag, sdt, customXml …


def _atoms(run: ET.Element) -> list[Atom]:
    atoms: list[Atom] = []
    for child in run:
        tag = child.tag
        if tag == w("t"):
            atoms.append(("t", child.text or ""))
        elif tag == w("tab"):
            atoms.append(("t", "\t"))
        elif tag in (w("br"), w("cr")):
            atoms.append(("t", "\n"))
        elif tag == w("noBreakHyphen"):
            atoms.append(("t", "-"))
        elif tag == w("fldChar"):
            atoms.append(("fld", child.get(w("fldCharType"), "")))
        elif tag == w("instrText"):
            atoms.append(("instr", child.text or ""))
    return atoms


def _read_doc(package: Package) -> Doc:
    reader = _Reader(package)
    body = package.document.find(w("body"))
    if body is None:
        return Doc([], [], {}, package.settings, reader.styles)
    paras: list[Para] = []
    sections: list[ET.Element] = []
    for p, table_style in _blocks(body, None):
        para = reader.paragraph(p, table_style)
        para.section = len(sections)
        paras.append(para)
        sect = p.find(f"{w('pPr')}/{w('sectPr')}")
        if sect is not None:
            sections.append(sect)
    final = body.find(w("sectPr"))
    if final is not None:
        sections.append(final)
    # Every footer paragraph, text boxes included: some templates put the page number in one.
    footers = {
        rid: [reader.paragraph(p, None) for p in root.iter(w("p"))]
        for rid, root in package.footers.items()
    }
    return Doc(paras, sections, footers, package.settings, reader.styles)


# --------------------------------------------------------------------------------------------
# Reading the report's structure from the text
# --------------------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
# Lenient on purpose: a heading written with the wrong mark (“1、”, “（一）、”) is still a heading
# for its font; the numbering rule reports the mark.
H1 = re.compile(rf"^([{_CN_NUM}]{{1,3}})(?:、|[.．](?!\d))")
H2 = re.compile(rf"^[（(]([{_CN_NUM}]{{1,3}})[）)]")
H3 = re.compile(r"^(\d{1,2})(?:、|[.．](?!\d))")
H4 = re.compile(r"^[（(](\d{1,2})[）)]")
WRONG_NUMBERS = (
    (re.compile(r"^\d{1,2}、"), "“1、”应写作“1.”"),
    (re.compile(rf"^[（(][{_CN_NUM}]{{1,3}}[）)]、"), "“（一）”后不加顿号"),
    (re.compile(r"^[（(]\d{1,2}[）)]、"), "“（1）”后不加顿号"),
    (re.compile(rf"^[{_CN_NUM}]{{1,3}}[.．](?!\d)"), "“一.”应写作“一、”"),
)
_ANY_DATE = re.compile(
    r"^([0-9０-９〇○Ｏ零一二三四五六七八九]{4})年([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})月"
    r"([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})日$"
)
_GOOD_DATE = re.compile(r"^([0-9]{4})年([1-9][0-9]?)月([1-9][0-9]?)日$")
_ATTACHMENT_LABEL = re.compile(r"^附件\s*\d*$")
_END_MATTER = re.compile(r"^抄送[：:]|\d日印发$")  # 版记: the 抄送 line, the 印发 line
_SENTENCE_END = tuple("。；：！？，.;:!?,")


def _heading_level(text: str) -> int:
    for level, pattern in ((1, H1), (2, H2), (3, H3), (4, H4)):
        if pattern.match(text):
            return level
    return 0


@dataclass
class Region:
    """The 正文 from title to 成文日期, each non-empty paragraph with its role."""

    items: list[tuple[Para, str]]
    date: Para | None

    def having(self, *roles: str) -> list[Para]:
        return [p for p, role in self.items if role in roles]


def _region(doc: Doc) -> Region:
    main = _main_paragraphs(doc)
    date_at = max((i for i, p in enumerate(main) if _ANY_DATE.match(_compact(p.text))), default=-1)
    if date_at >= 0:
        main = main[: date_at + 1]
    roles = ["body"] * len(main)
    if date_at >= 0:
        roles[date_at] = "date"
    _mark_front(main, roles)
    _mark_attachment_note(main, roles)
    _mark_signature(main, roles, date_at if date_at >= 0 else len(main))
    _mark_numbers(main, roles)
    return Region(list(zip(main, roles, strict=True)), main[date_at] if date_at >= 0 else None)


def _main_paragraphs(doc: Doc) -> list[Para]:
    """Non-empty paragraphs outside tables, up to the first attachment page or 版记 line."""
    out: list[Para] = []
    for para in doc.paras:
        if para.in_table or not para.full:
            continue
        if out and (_ATTACHMENT_LABEL.match(para.full) or _END_MATTER.search(para.full)):
            break
        out.append(para)
    return out


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _mark_front(main: list[Para], roles: list[str]) -> None:
    """Title: the first paragraph plus following centred lines; then an optional 主送 line."""
    if not main:
        return
    roles[0] = "title"
    i = 1
    while (
        i < len(main) and main[i].props.alignment == "center" and not _heading_level(main[i].full)
    ):
        roles[i] = "title"
        i += 1
    if i < len(main) and _is_addressee(main[i]):
        roles[i] = "addressee"


def _is_addressee(para: Para) -> bool:
    text = para.full
    indent, _ = para.props.first_line(para.base.size_pt)
    return (
        text.endswith(("：", ":")) and len(text) <= 60 and indent <= 0 and not _heading_level(text)
    )


def _mark_signature(main: list[Para], roles: list[str], end: int) -> None:
    """The 署名 lines right above the date: short, unpunctuated, not numbered."""
    i = end - 1
    while i > 0 and end - i <= 4 and roles[i] == "body":
        text = main[i].full
        if len(text) > 30 or text.endswith(_SENTENCE_END) or _heading_level(text):
            break
        if end == len(main) and main[i].props.alignment not in ("right", "center"):
            break  # without a date to anchor it, only a right-aligned line is a signature
        roles[i] = "signature"
        i -= 1


def _mark_attachment_note(main: list[Para], roles: list[str]) -> None:
    """附件说明 “附件：1. 名称” and its “2. 名称” lines: hanging-indented so the names align."""
    inside = False
    for i, para in enumerate(main):
        if roles[i] != "body":
            inside = False
        elif re.match(r"^附件[：:]", para.full) or (inside and H3.match(para.full)):
            roles[i] = "attachment_note"
            inside = True
        else:
            inside = False


def _mark_numbers(main: list[Para], roles: list[str]) -> None:
    for i, para in enumerate(main):
        level = _heading_level(para.full)
        if roles[i] == "body" and level:
            roles[i] = f"h{level}"


# --------------------------------------------------------------------------------------------
# Fonts: which slot a character is drawn with, and what family a font name belongs to
# --------------------------------------------------------------------------------------------

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
_QUOTES = "“”‘’"


def _family(name: str) -> str | None:
    lower = name.lower()
    for family, words in _FAMILIES:
        if any(word in lower for word in words):
            return family
    return None


def _is_cjk_font(name: str) -> bool:
    lower = name.lower()
    return (
        any(ord(c) >= 0x2E80 for c in name)
        or _family(name) is not None
        or any(word in lower for word in _CJK_FONT_WORDS)
    )


def _is_cjk_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x2FFF
        or 0x3000 <= code <= 0x303F
        or 0x3400 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
    )


def _slot(ch: str, hint: str | None) -> str:
    """The rFonts slot Word draws ``ch`` with (w:hint decides the shared punctuation)."""
    if ord(ch) < 0x80:
        return "ascii"
    if _is_cjk_char(ch):
        return "eastAsia"
    return "eastAsia" if hint == "eastAsia" else "hAnsi"


def _slots_used(run: Run) -> set[str]:
    return {_slot(ch, run.props.hint) for ch in run.text if not ch.isspace()}


def _snippet(text: str, width: int = 16) -> str:
    text = text.strip().replace("\n", " ")
    return f"“{text[:width]}{'…' if len(text) > width else ''}”"


# --------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------


@dataclass
class Audit:
    doc: Doc
    region: Region
    #: The style the document is judged by: declared in its properties, given as a template,
    #: or the defaults. A font the style names is matched by name, a default one by family.
    style: Style = DEFAULT_STYLE
    #: What is wrong with the style the document declares (it is then judged by the defaults).
    style_problems: list[str] = field(default_factory=list)


Rule = Callable[[Audit], tuple[bool, str, str]]
_RULES: list[tuple[str, str, Rule]] = []


def rule(rule_id: str, name: str) -> Callable[[Rule], Rule]:
    """Register a rule; rules run and print in the order they are defined."""

    def register(func: Rule) -> Rule:
        _RULES.append((rule_id, name, func))
        return func

    return register


def _pt(twips: float) -> float:
    return twips / layout.TWIPS_PER_PT


def _mm(twips: float) -> float:
    return twips / layout.TWIPS_PER_MM


def _main_sections(audit: Audit) -> list[tuple[int, ET.Element]]:
    """The sections the 正文 runs through (attachment sections may be landscape tables)."""
    last = max((p.section for p, _ in audit.region.items), default=0)
    return list(enumerate(audit.doc.sections))[: last + 1]


@rule("page_size", "纸张大小")
def _page_size(audit: Audit) -> tuple[bool, str, str]:
    page = layout.PAGE
    expected = f"A4（{page.width_mm:g}×{page.height_mm:g} mm）"
    if not audit.doc.sections:
        return False, "没有页面设置（缺少 w:sectPr）", expected
    tolerance = layout.mm(page.tolerance_mm)
    for index, sect in enumerate(audit.doc.sections):
        size = sect.find(w("pgSz"))
        width, height = _twips(_attr(size, "w")) or 0.0, _twips(_attr(size, "h")) or 0.0
        short, long_ = sorted((width, height))
        found = f"{_mm(width):.1f}×{_mm(height):.1f} mm"
        ok = (
            abs(short - layout.mm(page.width_mm)) <= tolerance
            and abs(long_ - layout.mm(page.height_mm)) <= tolerance
        )
        if not ok:
            where = f"第{index + 1}节" if len(audit.doc.sections) > 1 else "纸张"
            return False, f"{where} {found}", expected
    return True, f"A4 {found}", expected


def _attr(element: ET.Element | None, name: str) -> str | None:
    return None if element is None else element.get(w(name))


@rule("margins", "页边距")
def _margins(audit: Audit) -> tuple[bool, str, str]:
    page = layout.PAGE
    want = {"上": page.top_mm, "下": page.bottom_mm, "左": page.left_mm, "右": page.right_mm}
    expected = " ".join(f"{k}{v:g}" for k, v in want.items()) + f" mm（±{page.tolerance_mm:g} mm）"
    sections = _main_sections(audit)
    if not sections:
        return False, "没有页面设置（缺少 w:sectPr）", expected
    found = ""
    for index, sect in sections:
        got = _section_margins(sect)
        found = " ".join(f"{k}{v:.1f}" for k, v in got.items()) + " mm"
        bad = [k for k in want if abs(got[k] - want[k]) > page.tolerance_mm + 1e-6]
        if bad:
            where = f"第{index + 1}节 " if len(sections) > 1 else ""
            return False, f"{where}{found}", expected
    return True, found, expected


def _section_margins(sect: ET.Element) -> dict[str, float]:
    margin = sect.find(w("pgMar"))

    def get(name: str) -> float:
        # A negative top/bottom margin only forbids the header from pushing text down.
        return abs(_twips(_attr(margin, name)) or 0.0)

    return {
        "上": _mm(get("top")),
        "下": _mm(get("bottom")),
        "左": _mm(get("left") + get("gutter")),
        "右": _mm(get("right")),
    }


def _body_paragraphs(audit: Audit) -> list[Para]:
    """The running text: ordinary paragraphs and 1./（1） items (not titles, headings, 署名, date)."""
    return audit.region.having("body", "h3", "h4")


def _grid(audit: Audit, para: Para) -> ET.Element | None:
    sections = audit.doc.sections
    if not sections:
        return None
    return sections[min(para.section, len(sections) - 1)].find(w("docGrid"))


@rule("line_grid", "每页行数")
def _line_grid(audit: Audit) -> tuple[bool, str, str]:
    pitch = layout.PAGE.line_pitch_twips
    lines = layout.PAGE.lines_per_page
    expected = (
        f"每页{lines}行：文档网格行距 {_pt(pitch):.2f} 磅（linePitch={pitch}）"
        f"或正文固定行距约 {_pt(pitch):.2f} 磅"
    )
    body = _body_paragraphs(audit)
    if not body:
        return False, "没有正文段落", expected
    ways: set[str] = set()
    for para in body:
        ok, how = _line_pitch(audit, para)
        if not ok:
            return False, f"正文{_snippet(para.full)}{how}", expected
        ways.add(how)
    return True, "、".join(sorted(ways)), expected


_PITCH_TOLERANCE = 6  # twips: ±0.3 pt still gives 22 lines in a 225 mm 版心


def _line_pitch(audit: Audit, para: Para) -> tuple[bool, str]:
    """Whether ``para``'s lines sit 28.95 pt apart, and how (for the report)."""
    want = layout.PAGE.line_pitch_twips
    props = para.props
    if props.line_rule in ("exact", "atLeast") and props.line is not None:
        ok = abs(props.line - want) <= _PITCH_TOLERANCE
        kind = "固定" if props.line_rule == "exact" else "最小"
        return ok, f"{kind}行距 {_pt(props.line):.2f} 磅"
    grid = _grid(audit, para)
    grid_type = _attr(grid, "type")
    grid_pitch = _twips(_attr(grid, "linePitch"))
    if grid_type not in ("lines", "linesAndChars", "snapToChars") or grid_pitch is None:
        return False, "行距未固定，且未设置文档网格"
    if abs(grid_pitch - want) > _PITCH_TOLERANCE:
        return False, f"文档网格行距 {_pt(grid_pitch):.2f} 磅"
    if not props.snap:
        return False, "未对齐文档网格（snapToGrid 关闭）"
    if props.line is not None and props.line > SINGLE_LINE:
        return False, f"行距为 {props.line / SINGLE_LINE:.2f} 倍（跨越多个网格行）"
    return True, f"文档网格行距 {_pt(grid_pitch):.2f} 磅"


@rule("char_grid", "每行字数")
def _char_grid(audit: Audit) -> tuple[bool, str, str]:
    chars = layout.PAGE.chars_per_line
    spacing = layout.BODY_CHAR_SPACING_TWIPS
    expected = (
        f"每行{chars}字：文档网格“指定行和字符网格”每行{chars}字，"
        f"或正文字符间距紧缩 {_pt(abs(spacing)):g} 磅（w:spacing {spacing}±1）"
    )
    body = _body_paragraphs(audit)
    if not body:
        return False, "没有正文段落", expected
    per_line = _grid_chars(audit, body[0])
    if per_line is not None and abs(per_line - chars) < 0.1:
        return True, f"文档网格每行 {per_line:.1f} 字", expected
    off = _spacing_violation(body)
    if off is None:
        return True, f"正文字符间距 {_pt(spacing):g} 磅", expected
    grid = f"文档网格每行 {per_line:.1f} 字" if per_line is not None else "未设置字符网格"
    return False, f"{grid}，正文{off}", expected


def _grid_chars(audit: Audit, para: Para) -> float | None:
    """Characters per line the document grid gives, or None without a character grid.

    Word's pitch is the default font size plus ``charSpace``/4096 pt; which default (docDefaults
    or the Normal style) differs between Word and LibreOffice, so either is accepted.
    """
    grid = _grid(audit, para)
    if _attr(grid, "type") not in ("linesAndChars", "snapToChars"):
        return None
    char_space = _number(_attr(grid, "charSpace")) or 0.0
    sect = audit.doc.sections[min(para.section, len(audit.doc.sections) - 1)]
    width = _pt(_text_width(sect))
    best: float | None = None
    for base in _default_sizes(audit.doc.styles):
        pitch = base + char_space / CHAR_SPACE_UNIT
        if pitch <= 0:
            continue
        count = width / pitch
        if best is None or abs(count - layout.PAGE.chars_per_line) < abs(
            best - layout.PAGE.chars_per_line
        ):
            best = count
    return best


def _default_sizes(styles: StyleSheet) -> list[float]:
    doc = RunProps()
    doc.merge(styles.doc_rpr)
    normal = doc.copy()
    for layer in styles.rpr_layers(None, "paragraph"):
        normal.merge(layer)
    return [doc.size_pt, normal.size_pt]


def _text_width(sect: ET.Element) -> float:
    size, margin = sect.find(w("pgSz")), sect.find(w("pgMar"))
    width = _twips(_attr(size, "w")) or 0.0
    sides = [_twips(_attr(margin, k)) or 0.0 for k in ("left", "right", "gutter")]
    return width - sum(sides)


def _spacing_violation(body: list[Para]) -> str | None:
    """The first body run with Chinese text whose character spacing is not the condensed one."""
    want = layout.BODY_CHAR_SPACING_TWIPS
    for para in body:
        for run in para.runs:
            if not any(_is_cjk_char(ch) for ch in run.text):
                continue
            got = run.props.spacing or 0.0
            if abs(got - want) > 1:
                return f"{_snippet(run.text)}字符间距 {_pt(got):g} 磅"
    return None


_ROLE_STYLES = {
    "title": "title",
    "addressee": "addressee",
    "h1": "heading1",
    "h2": "heading2",
    "h3": "heading3",
    "h4": "heading4",
    "signature": "signature",
}


def _font_label(audit: Audit, key: str) -> str:
    """“仿宋” (any font of the family), or the very font the document's style names."""
    declared = audit.style.declared_font(key)
    return declared or _family(audit.style.text_style(key).east_asia) or ""


_ROLE_NAMES = {
    "title": "标题",
    "addressee": "主送机关",
    "h1": "一级标题",
    "h2": "二级标题",
    "h3": "三级标题",
    "h4": "四级标题",
    "signature": "署名",
    "date": "成文日期",
    "attachment_note": "附件说明",
    "body": "正文",
}


def _styled_runs(para: Para, role: str) -> Iterator[tuple[Run, str]]:
    """Each run with the role whose style it must have: a 一、/（一） heading that runs on into a
    sentence after its first 。 is only a heading up to that 。 (GB/T 9704 7.3.3)."""
    cut = len(para.text)
    if role in ("h1", "h2"):
        stop = para.text.find("。")
        if 0 <= stop < len(para.text.rstrip()) - 1:
            cut = stop + 1
    offset = 0
    for run in para.runs:
        yield run, role if offset < cut else "body"
        offset += len(run.text)


@rule("fonts", "字体字号")
def _fonts(audit: Audit) -> tuple[bool, str, str]:
    expected = "；".join(
        f"{name}{_font_label(audit, key)} {audit.style.text_style(key).size_pt:g} 磅"
        for name, key in (
            ("标题", "title"),
            ("一级标题", "heading1"),
            ("二级标题", "heading2"),
            ("三四级标题和正文", "body"),
        )
    )
    if audit.style_problems:
        return False, "文档声明的样式不符合 GB/T 9704：" + "；".join(audit.style_problems), expected
    problems: list[str] = []
    for para, role in audit.region.items:
        for run, run_role in _styled_runs(para, role):
            key = _ROLE_STYLES.get(run_role, "body")
            problem = _font_problem(
                run, audit.style.text_style(key), audit.style.declared_font(key)
            )
            if problem:
                problems.append(f"{_ROLE_NAMES[run_role]}{_snippet(run.text)}{problem}")
    if not audit.region.items:
        return False, "文档没有文字", expected
    if problems:
        return False, _count(problems), expected
    declared = f"（按文档声明的样式：{describe(audit.style)}）" if audit.style.declared else ""
    return True, f"{len(audit.region.items)} 段的字体字号均符合{declared}", expected


def _font_problem(run: Run, style: layout.TextStyle, declared: str | None) -> str | None:
    if not run.text.strip():
        return None
    if abs(run.props.size_pt - style.size_pt) > 0.01:
        return f"字号 {run.props.size_pt:g} 磅"
    if "eastAsia" not in _slots_used(run):
        return None
    font = run.props.fonts.get("eastAsia")
    if font is not None and font.theme:
        return None  # reported once, by the theme-font rule
    if font is None:
        return "未设置中文字体"
    if declared is not None:
        return None if font.name == declared else f"字体 {font.name}"
    if _family(font.name) != _family(style.east_asia):
        return f"字体 {font.name}"
    return None


def _count(problems: list[str]) -> str:
    more = f"等 {len(problems)} 处" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


@rule("theme_fonts", "主题字体")
def _theme_fonts(audit: Audit) -> tuple[bool, str, str]:
    expected = "直接指定字体名称（如 w:eastAsia=“仿宋_GB2312”），不引用主题字体"
    problems = []
    for para in audit.doc.paras:
        for run in para.runs:
            for slot in sorted(_slots_used(run)):
                font = run.props.fonts.get(slot)
                if font is not None and font.theme:
                    kind = "中文" if slot == "eastAsia" else "西文"
                    problems.append(f"{_snippet(run.text)}的{kind}字体为主题字体 {font.name}")
    if problems:
        return False, _count(problems), expected
    return True, "文字均直接指定字体，未引用主题字体", expected


@rule("quote_fonts", "引号字体")
def _quote_fonts(audit: Audit) -> tuple[bool, str, str]:
    expected = "中文引号用中文字体显示（w:hint=“eastAsia”或西文字体为中文字体）"
    problems: list[str] = []
    checked = themed = 0
    for para in audit.doc.paras:
        for run in (r for r in para.runs if any(ch in _QUOTES for ch in r.text)):
            font = run.props.fonts.get(_slot("“", run.props.hint))
            if font is not None and font.theme:
                themed += 1  # reported by the theme-font rule
                continue
            checked += 1
            if font is None or not _is_cjk_font(font.name):
                name = font.name if font else "未设置"
                problems.append(f"{_snippet(para.text)}中的引号将以西文字体 {name} 显示")
    if problems:
        return False, _count(problems), expected
    found = f"{checked} 处中文引号均用中文字体" if checked else "没有需检查的中文引号"
    if themed:
        found += f"（另有 {themed} 处取决于主题字体，见“主题字体”）"
    return True, found, expected


@rule("indent", "段落缩进与对齐")
def _indent(audit: Audit) -> tuple[bool, str, str]:
    chars = layout.BODY.first_line_chars / CHAR_UNIT
    expected = f"标题居中；正文首行缩进 {chars:g} 字、两端对齐、回行顶格"
    problems = [
        f"标题{_snippet(p.full)}{_ALIGN_NAMES.get(p.props.alignment, p.props.alignment)}"
        for p in audit.region.having("title")
        if p.props.alignment != layout.TITLE.align
    ]
    body = _body_paragraphs(audit)
    for para in body:
        problem = _indent_problem(para)
        if problem:
            problems.append(f"正文{_snippet(para.full)}{problem}")
    if problems:
        return False, _count(problems), expected
    if not body:
        return False, "没有正文段落", expected
    return True, f"{len(body)} 段正文首行缩进 {chars:g} 字、两端对齐", expected


_ALIGN_NAMES = {
    "left": "左对齐",
    "right": "右对齐",
    "center": "居中",
    "both": "两端对齐",
    "distribute": "分散对齐",
    "inside": "靠内侧",
    "outside": "靠外侧",
}


def _indent_problem(para: Para) -> str | None:
    want_chars = layout.BODY.first_line_chars
    size = layout.BODY.size_pt
    twips, chars = para.props.first_line(size)
    if chars is not None:
        if abs(chars - want_chars) > CHAR_UNITS_TOLERANCE:
            return f"首行缩进 {chars / CHAR_UNIT:g} 字"
    elif abs(twips - want_chars / CHAR_UNIT * size * layout.TWIPS_PER_PT) > INDENT_TOLERANCE_TWIPS:
        return f"首行缩进 {_pt(twips):g} 磅"
    if para.props.has_left_indent():
        return "有左缩进（回行未顶格）"
    if para.props.alignment != layout.BODY.align:
        return _ALIGN_NAMES.get(para.props.alignment, para.props.alignment)
    return None


# ---- page numbers -----------------------------------------------------------------------------

_PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.IGNORECASE)


@dataclass
class PageNumber:
    """A footer paragraph holding a PAGE field: its visible form and the runs that draw it."""

    para: Para
    form: str  # the paragraph text with the field's result replaced by "N"
    digits: list[Run]  # the runs whose formatting the number takes
    around: list[Run]  # the visible text around it (the dashes)


def _page_number(paras: list[Para]) -> PageNumber | None:
    for para in paras:
        number = _page_field(para)
        if number is not None:
            return number
    return None


def _page_field(para: Para) -> PageNumber | None:
    """Read ``para`` as Word shows it, a PAGE field's result standing as "N"."""
    pieces: list[str] = []
    digits: list[Run] = []
    around: list[Run] = []
    found = False
    fields: list[list[str]] = []  # open fields, innermost last: [state, field code]
    for run in para.runs:
        for kind, value in run.atoms:
            if kind == "fld" and value == "begin":
                fields.append(["code", ""])
            elif kind == "instr" and fields:
                fields[-1][1] += value
            elif kind == "fld" and value in ("separate", "end") and fields:
                state, code = fields[-1]
                is_page = bool(_PAGE_FIELD.match(code))
                # The number shows at "separate", or at "end" for a field without a result.
                if is_page and (value == "separate" or state == "code"):
                    pieces.append("N")
                    digits.append(run)
                    found = True
                if value == "separate":
                    fields[-1][0] = "page" if is_page else "result"
                else:
                    fields.pop()
            elif kind == "t" and fields and fields[-1][0] == "page":
                digits.append(run)  # the cached number: its formatting is the number's
            elif kind == "t" and (not fields or fields[-1][0] == "result"):
                pieces.append(value)
                if value.strip():
                    around.append(run)
    return PageNumber(para, "".join(pieces).strip(), digits, around) if found else None


def _footer_paras(audit: Audit, kind: str) -> list[Para] | None:
    """The footer of ``kind`` (default = odd pages, even) the first section uses."""
    if not audit.doc.sections:
        return None
    for ref in audit.doc.sections[0].iter(w("footerReference")):
        if ref.get(w("type"), "default") == kind:
            return audit.doc.footers.get(ref.get(f"{{{R_NS}}}id", ""))
    return None


@rule("page_numbers", "页码")
def _page_numbers(audit: Audit) -> tuple[bool, str, str]:
    dash = layout.PAGE_NUMBER_DASH
    style = audit.style.text_style("page_number")
    font = _font_label(audit, "page_number")
    form = audit.style.page_number_form if audit.style.get("页码格式") else f"{dash} 1 {dash}"
    expected = (
        f"页脚有 PAGE 域，形如“{form}”，{font} {style.size_pt:g} 磅；"
        "设置奇偶页不同，奇数页居右、偶数页居左"
    )
    problems: list[str] = []
    settings = audit.doc.settings
    even_odd = _on(None if settings is None else settings.find(w("evenAndOddHeaders")))
    if even_odd:
        for kind, label, align in (("default", "奇数页", "right"), ("even", "偶数页", "left")):
            problems.append(_footer_problem(audit, _footer_paras(audit, kind), label, align) or "")
    else:
        footer = _footer_paras(audit, "default")
        problems.append(_footer_problem(audit, footer, "", None) or "")
        # One footer serves both parities only as a frame aligned "outside" (WPS does this).
        number = _page_number(footer or [])
        if number is None or number.para.props.alignment != "outside":
            problems.append("未设置奇偶页不同")
    problems = [p for p in problems if p]
    number_type = audit.doc.sections[0].find(w("pgNumType")) if audit.doc.sections else None
    fmt = _attr(number_type, "fmt")
    if fmt not in (None, "decimal"):
        problems.append(f"页码数字格式为 {fmt}")
    if problems:
        return False, "；".join(problems), expected
    return (
        True,
        f"“{form.replace('1', 'N')}”，奇数页居右、偶数页居左，{font} {style.size_pt:g} 磅",
        expected,
    )


def _footer_problem(
    audit: Audit, paras: list[Para] | None, label: str, align: str | None
) -> str | None:
    if paras is None:
        return f"{label}没有页脚"
    number = _page_number(paras)
    if number is None:
        return f"{label}页脚没有页码（PAGE 域）"
    dash = layout.PAGE_NUMBER_DASH
    declared = audit.style.get("页码格式")
    form = re.escape(declared.replace("1", "N")) if declared else rf"{dash}\s?N\s?{dash}"
    if not re.fullmatch(form, number.form):
        return f"{label}页码形如“{number.form.replace('N', '1')}”"
    style = audit.style.text_style("page_number")
    declared_font = audit.style.declared_font("page_number")
    for run in number.digits + number.around:
        if abs(run.props.size_pt - style.size_pt) > 0.01:
            return f"{label}页码字号 {run.props.size_pt:g} 磅"
    for run in number.digits:
        # Arabic digits are drawn with the ASCII slot: that is the font that must be 宋体.
        font = run.props.fonts.get("ascii")
        if font is None or font.theme:
            return f"{label}页码字体 {font.describe() if font else '未设置'}"
        if (
            font.name != declared_font
            if declared_font
            else _family(font.name) != _family(style.east_asia)
        ):
            return f"{label}页码字体 {font.describe()}"
    # WPS places page numbers with a frame aligned "outside": right on odd, left on even pages.
    if align is not None and number.para.props.alignment not in (align, "outside"):
        where = _ALIGN_NAMES.get(number.para.props.alignment, number.para.props.alignment)
        return f"{label}页码{where}"
    return None


@rule("date", "成文日期")
def _date(audit: Audit) -> tuple[bool, str, str]:
    expected = "阿拉伯数字、年份写全、月日不编虚位，如“2024年3月5日”"
    para = audit.region.date
    if para is None:
        return False, "没有单独成行的成文日期（“××××年×月×日”）", expected
    text = _compact(para.text)
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
def _punctuation(audit: Audit) -> tuple[bool, str, str]:
    expected = "中文前后使用全角标点（，；：？！（））"
    problems = []
    for para in audit.doc.paras:
        fixed = fix_punctuation(para.text)
        if fixed != para.text:
            problems.append(_difference(para.text, fixed))
    if problems:
        return False, _count(problems), expected
    return True, "中文前后均为全角标点", expected


def _difference(text: str, fixed: str) -> str:
    at = next((i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b), 0)
    start = max(0, at - 8)
    return f"“{text[start : at + 8]}”中的“{text[at]}”"


@rule("numbering", "标题序号")
def _numbering(audit: Audit) -> tuple[bool, str, str]:
    expected = "一级标题“一、二、三……”连续，二级标题“（一）（二）……”在每个一级标题下从（一）起连续；不用“1、”“（一）、”"
    problems: list[str] = []
    h1 = h2 = 0
    for para, role in audit.region.items:
        if role == "title":
            continue
        text = para.full
        for pattern, message in WRONG_NUMBERS:
            if pattern.match(text):
                problems.append(f"{_snippet(text)}：{message}")
        if role == "h1":
            h1, h2 = _expect_next(H1, text, h1, problems), 0
        elif role == "h2":
            h2 = _expect_next(H2, text, h2, problems)
    if problems:
        return False, _count(problems), expected
    return True, f"一级标题 {h1} 个，序号连续、写法正确", expected


def _expect_next(pattern: re.Pattern[str], text: str, previous: int, problems: list[str]) -> int:
    match = pattern.match(text)
    number = _chinese_value(match.group(1)) if match else 0
    if number != previous + 1:
        problems.append(f"{_snippet(text)}：序号应为“{chinese_number(previous + 1)}”")
    return number


def _chinese_value(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21."""
    digits = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
    if "十" not in text:
        return digits.get(text, 0)
    tens, _, ones = text.partition("十")
    return digits.get(tens, 1) * 10 + digits.get(ones, 0)


@rule("mandated", "法定内容")
def _mandated(audit: Audit) -> tuple[bool, str, str]:
    items = layout.MANDATED_KEYWORDS
    expected = "一级标题依次涵盖五项法定内容：" + "、".join(name for name, _ in items)
    matches, themed = mandated_matches([p.full for p in audit.region.having("h1")])
    missing = [items[i][0] for i, found in enumerate(matches) if not found]
    if missing:
        return False, "缺少" + "、".join(f"“{name}”" for name in missing), expected
    # The mandated order; real reports sometimes put the 第一责任人 item first, which is accepted.
    orders = (tuple(range(len(items))), (2, 0, 1, 3, 4))
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
    themed headings that stand for the measures item when no heading names it."""
    matches = [
        [i for i, h in enumerate(headings) if any(k in h for k in words)]
        for _, words in layout.MANDATED_KEYWORDS
    ]
    themed = _themed_measures(matches) if not matches[0] else []
    if themed:
        matches[0] = themed[:1]
    return matches, themed


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


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def audit(path: Path | str, style: Style | None = None) -> list[RuleResult]:
    """Every rule's verdict on the .docx at ``path`` (raises InputFileError if unreadable).

    Fonts and the page-number form are judged by ``style`` when given (``check --template``),
    else by the style the document declares in its properties (a report built with a
    template's 样式), else by the defaults.
    """
    path = Path(path)
    package = _read_package(path)
    doc = _read_doc(package)
    problems: list[str] = []
    if style is None:
        style, problems = from_properties(package.properties)
    context = Audit(doc, _region(doc), style, problems)
    results = []
    for rule_id, name, func in _RULES:
        ok, found, expected = func(context)
        results.append(RuleResult(rule_id, name, ok, found, expected))
    return results


def run_check(path: Path, *, as_json: bool = False, template: str | None = None) -> None:
    """Print the audit of ``path``; raise CheckFailed naming the failed rules if any failed.
    ``template``: judge fonts by that template's 样式 instead of what the file declares."""
    style = None
    if template is not None:
        from .templates import find_template

        style = find_template(template, Path.cwd()).style
    results = audit(path, style)
    failed = [r.id for r in results if not r.ok]
    if as_json:
        report = {"file": str(path), "ok": not failed, "rules": [asdict(r) for r in results]}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"检查 {path}：")
        for result in results:
            typer.echo(result.line())
        if not failed:
            typer.echo(f"全部 {len(results)} 项检查通过。")
    if failed:
        raise CheckFailed(failed)
