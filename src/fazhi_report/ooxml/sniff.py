"""What kind of file the user gave: a .docx, or something else that needs saying so.

Clerks hand in old Word/WPS files (.doc, .wps, often renamed .docx), PDFs, scans, spreadsheets
and half-downloaded files. :func:`sniff` recognises them from their content (never the name), so
``check`` and ``import`` can say what the file is and how to get a .docx from it, and know when
LibreOffice can convert it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from ..errors import InputFileError
from .package import main_part, require_file

SAVE_AS = "请用 Word 或 WPS 打开它，点“文件→另存为”，保存类型选“Word 文档（*.docx）”，然后使用另存的 .docx 文件。"
ORIGINAL = "请找到生成它的 Word 或 WPS 原文件（.docx）；没有原文件时，可在 Word/WPS 中重新排版后另存为 .docx。"


class InputKind(Struct, frozen=True):
    """A kind of input file: ``description`` names it in Chinese for messages."""

    id: str
    description: str
    hint: str = SAVE_AS
    convertible: bool = False  # LibreOffice can turn it into a .docx

    @property
    def is_docx(self) -> bool:
        return self.id == "docx"

    def error(self, path: Path, *, soffice_missing: bool = False) -> InputFileError:
        """The Chinese error for giving this file where a .docx is needed."""
        hint = self.hint
        if self.convertible and soffice_missing:
            hint += "（装有 LibreOffice 时，本工具会自动把它转换为 .docx。）"
        if self.id == "zip":
            return InputFileError(path, f"不是 Word 文档（{self.description}）", hint=hint)
        return InputFileError(path, f"不是有效的 .docx 文件（{self.description}）", hint=hint)


DOCX = InputKind("docx", "Word 文档（.docx）")
WORD_BINARY = InputKind(
    "doc", "是 Word 97–2003 或 WPS 格式的文件（.doc/.wps），不是 .docx", convertible=True
)
ENCRYPTED = InputKind(
    "encrypted",
    "文件设有打开密码，无法读取",
    hint="请在 Word 或 WPS 中打开它，取消打开密码（Word：“文件→信息→保护文档→用密码进行加密”，"
    "清空密码），再另存为 .docx。",
)
RTF = InputKind("rtf", "是 RTF 格式的文件", convertible=True)
WORD_XML = InputKind("wordxml", "是 Word 2003 XML 格式的文件", convertible=True)
ODT = InputKind("odt", "是 OpenDocument 文本（.odt）", convertible=True)
PDF = InputKind("pdf", "是 PDF 文件", hint=ORIGINAL)
OFD = InputKind("ofd", "是 OFD 版式文件", hint=ORIGINAL)
IMAGE = InputKind("image", "是图片", hint="扫描件或截图无法读取文字和版式；" + ORIGINAL)
SPREADSHEET = InputKind(
    "spreadsheet", "是电子表格（Excel/WPS 表格）", hint="请选择报告的 Word 文档（.docx）。"
)
PRESENTATION = InputKind(
    "presentation", "是演示文稿（PowerPoint/WPS 演示）", hint="请选择报告的 Word 文档（.docx）。"
)
ZIP = InputKind(
    "zip",
    "是压缩包，其中没有正文部分 word/document.xml",
    hint="如果是打包下载的文件，请先解压，再选择其中的 .docx 文件。",
)
DAMAGED = InputKind(
    "damaged",
    "压缩结构已损坏，可能没有下载或复制完整",
    hint="请重新下载或复制该文件，或在 Word/WPS 中重新另存为 .docx。",
)
HTML = InputKind("html", "是网页文件（可能是 Word “另存为网页”的结果）")
OLE_OTHER = InputKind("ole", "是 Office 97–2003 格式的其他文件，不是 Word 文档")
TEXT = InputKind(
    "text", "是纯文本文件", hint="请把文字粘贴到 Word 或 WPS 中排版，另存为 .docx 后再使用。"
)
EMPTY = InputKind(
    "empty",
    "文件是空的，0 字节",
    hint="文件可能没有保存或下载完整；请重新从 Word/WPS 另存为 .docx。",
)
UNKNOWN = InputKind(
    "unknown", "无法按 Word 文档打开", hint="请用 Word 或 WPS 将文件另存为 .docx 格式。"
)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)
_HEAD_BYTES = 8192


def sniff(path: Path) -> InputKind:
    """The kind of file at ``path``, from its content; InputFileError if it cannot be read."""
    require_file(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD_BYTES)
    except OSError as exc:
        raise InputFileError(path, f"无法读取：{exc.strerror or exc}") from None
    if not head:
        return EMPTY
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(path)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(path)
    return _binary_kind(head) or _text_kind(head)


def _binary_kind(head: bytes) -> InputKind | None:
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"{\\rtf"):
        return RTF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return replace(IMAGE, description="是图片（WEBP）")
    for magic, name in _IMAGES:
        if head.startswith(magic):
            return replace(IMAGE, description=f"是图片（{name}）")
    return None


def _zip_kind(path: Path) -> InputKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            if "xl/workbook.xml" in names or b"spreadsheet" in mimetype:
                return SPREADSHEET
            if "ppt/presentation.xml" in names or b"presentation" in mimetype:
                return PRESENTATION
            if b"opendocument.text" in mimetype:
                return ODT
            if "OFD.xml" in names:
                return OFD
            if "word/document.xml" not in names:
                main_part(archive, path)  # the main part may have another name
            return DOCX
    except InputFileError:
        return ZIP
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, RuntimeError):
        return DAMAGED


# OLE compound files name their streams in UTF-16LE directory entries.
_STREAMS = (
    ("EncryptedPackage", ENCRYPTED),
    ("WordDocument", WORD_BINARY),
    ("Workbook", SPREADSHEET),
    ("Book", SPREADSHEET),
    ("PowerPoint Document", PRESENTATION),
)
_SCAN_LIMIT = 256 * 1024 * 1024


def _ole_kind(path: Path) -> InputKind:
    found = _utf16_names(path, [name for name, _ in _STREAMS])
    for name, kind in _STREAMS:
        if name in found:
            return kind
    # A Word-like name with no stream we know (some WPS versions): let LibreOffice try.
    if path.suffix.lower() in (".doc", ".dot", ".wps", ".wpt", ".docx"):
        return WORD_BINARY
    return OLE_OTHER


def _utf16_names(path: Path, names: list[str]) -> set[str]:
    """Which of ``names`` occur UTF-16LE-encoded in the file (read in chunks, bounded)."""
    needles = {name: name.encode("utf-16-le") for name in names}
    overlap = max(len(n) for n in needles.values())
    found: set[str] = set()
    tail = b""
    read = 0
    with path.open("rb") as stream:
        while read < _SCAN_LIMIT and len(found) < len(needles):
            chunk = stream.read(1024 * 1024)
            if not chunk:
                break
            read += len(chunk)
            window = tail + chunk
            found.update(name for name, needle in needles.items() if needle in window)
            tail = window[-overlap:]
    return found


def _text_kind(head: bytes) -> InputKind:
    text = _decoded(head)
    if text is None:
        return UNKNOWN
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith("<?xml") and ("wordDocument" in text or "<pkg:package" in text):
        return WORD_XML
    if start.startswith(("<!doctype html", "<html", "mime-version:")) or "<html" in start[:512]:
        return HTML
    printable = sum(ch.isprintable() or ch in "\t\r\n\f" for ch in text)
    return TEXT if printable >= 0.95 * len(text) else UNKNOWN


def _decoded(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head:
        return None
    for encoding in ("utf-8", "gb18030"):
        # The head may end inside a multi-byte character.
        for cut in range(4):
            try:
                return head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
    return None
