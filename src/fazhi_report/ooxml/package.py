"""Reading a .docx package safely: the zip, its relationships, and each XML part a reader needs.

Hardened for files from anywhere: a part's declared size is checked before it is inflated, a DTD
is refused (no entity expansion), Strict Open XML namespaces are mapped to the transitional ones,
and every failure is an :class:`InputFileError` in Chinese rather than a traceback.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from msgspec import Struct, field

from ..errors import InputFileError
from ..namespaces import CUSTOM_NS, EXTENDED_NS, REL_NS
from .values import STRICT_NAMESPACES

# A zip bomb must not exhaust memory: no real report part comes near this.
MAX_PART_BYTES = 64 * 1024 * 1024


class Package(Struct):
    """The XML parts of a WordprocessingML package that the reader uses."""

    document: ET.Element
    styles: ET.Element | None = None
    settings: ET.Element | None = None
    numbering: ET.Element | None = None
    theme: ET.Element | None = None
    footers: dict[str, ET.Element] = field(default_factory=dict)  # relationship id → part
    headers: dict[str, ET.Element] = field(default_factory=dict)  # relationship id → part
    footnotes: ET.Element | None = None
    endnotes: ET.Element | None = None
    #: Custom document properties (docProps/custom.xml), name → text: where fazhi-report records
    #: the template's 样式 a report was built with.
    properties: dict[str, str] = field(default_factory=dict)
    #: docProps/app.xml's page count (Word and WPS write it on every save), if any.
    pages: int | None = None


def require_file(path: Path) -> None:
    """InputFileError unless ``path`` is an existing file."""
    if not path.exists():
        raise InputFileError(path, "文件不存在")
    if path.is_dir():
        raise InputFileError(path, "是文件夹，不是 .docx 文件")


def read_package(path: Path) -> Package:
    """The parts of the .docx at ``path``; InputFileError if it is missing, not a zip or broken."""
    require_file(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise InputFileError(
            path,
            "不是有效的 .docx 文件（无法按 Word 文档打开）",
            hint="请用 Word 或 WPS 将文件另存为 .docx 格式。",
        ) from None
    except OSError as exc:
        raise InputFileError(path, f"无法读取：{exc.strerror or exc}") from None
    with archive:
        return _parts(archive, path)


def _parts(archive: zipfile.ZipFile, path: Path) -> Package:
    names = set(archive.namelist())
    main = main_part(archive, path)
    rels = _relationships(archive, names, main, path)
    package_rels = _relationships(archive, names, "", path)
    custom = [t for kind, t in package_rels.values() if kind == "custom-properties" and t in names]
    extended = [t for kind, t in package_rels.values() if kind == "extended-properties"]

    def optional(kind: str) -> ET.Element | None:
        targets = [target for rtype, target in rels.values() if rtype == kind]
        return _xml(archive, targets[0], path) if targets and targets[0] in names else None

    return Package(
        document=_xml(archive, main, path),
        styles=optional("styles"),
        settings=optional("settings"),
        numbering=optional("numbering"),
        theme=optional("theme"),
        footers=_all(archive, rels, names, "footer", path),
        headers=_all(archive, rels, names, "header", path),
        footnotes=optional("footnotes"),
        endnotes=optional("endnotes"),
        properties=_properties(_xml(archive, custom[0], path)) if custom else {},
        pages=_pages(_xml(archive, extended[0], path))
        if extended and extended[0] in names
        else None,
    )


def _all(
    archive: zipfile.ZipFile,
    rels: dict[str, tuple[str, str]],
    names: set[str],
    kind: str,
    path: Path,
) -> dict[str, ET.Element]:
    """Every part of ``kind`` (footer, header) the main part relates to, by relationship id."""
    return {
        rid: _xml(archive, target, path)
        for rid, (rtype, target) in rels.items()
        if rtype == kind and target in names
    }


def _pages(root: ET.Element) -> int | None:
    """The ``Pages`` count of docProps/app.xml."""
    found = root.find(f"{{{EXTENDED_NS}}}Pages")
    text = (found.text or "").strip() if found is not None else ""
    return int(text) if text.isdigit() else None


def _properties(root: ET.Element) -> dict[str, str]:
    """Custom document properties by name, each as its text."""
    return {
        prop.get("name", ""): "".join(prop.itertext()).strip()
        for prop in root.iter(f"{{{CUSTOM_NS}}}property")
    }


def main_part(archive: zipfile.ZipFile, path: Path) -> str:
    """The main document part named by the package relationships (not always word/document.xml)."""
    names = set(archive.namelist())
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
            raise InputFileError(path, f"文档部分 {name} 过大，无法读取")
        data = archive.read(info)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise InputFileError(path, f"文档已损坏，无法读取 {name}（{exc}）") from None
    # A .docx never needs a DTD; refusing one rules out entity-expansion attacks.
    if b"<!DOCTYPE" in data[:2048].upper():
        raise InputFileError(path, f"文档部分 {name} 含有不允许的 DTD 声明")
    for strict, transitional in STRICT_NAMESPACES.items():
        data = data.replace(strict, transitional)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputFileError(path, f"文档已损坏，{name} 不是有效的 XML（{exc}）") from None
