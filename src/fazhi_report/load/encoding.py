"""Bytes on disk → text: reading a facts file within its size limit, and decoding it.

Clerks' files are UTF-8 or GBK; anything else (an Office document renamed to .yaml, a PDF, Big5
or Latin-1 text) is named as what it seems to be, so the message says which file was picked.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import InputFileError, Problem
from .source import byte_position

#: Real facts files are 5–50 KB (a long 附件 adds perhaps 100 KB). The pure-Python YAML parser
#: needs about 1 s for 512 KB of its slowest input (blank lines), so this keeps any file ~1 s.
MAX_BYTES = 512 * 1024

HINT_ENCODING = "请在编辑器中用“另存为”，编码选择 UTF-8 后保存。"


def read_bytes(path: Path) -> bytes:
    """The bytes of the facts file at ``path``; an :class:`InputFileError` if there is none
    to read or it is over :data:`MAX_BYTES`."""
    display = str(path)
    try:
        if not path.exists():
            raise InputFileError(display, "文件不存在", "请检查文件名和路径是否正确。")
        if path.is_dir():
            raise InputFileError(display, "这是一个文件夹，不是事实文件")
        if not path.is_file():
            raise InputFileError(display, "这不是普通文件（可能是设备或管道）", _NOT_TEXT_HINT)
        size = path.stat().st_size
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise InputFileError(
            display, "没有读取该文件的权限", "请检查文件权限，或把文件复制到自己的文件夹后再试。"
        ) from None
    except OSError as exc:
        raise InputFileError(display, f"无法读取（{exc.strerror or exc}）") from None
    if len(raw) > MAX_BYTES:
        line, column = byte_position(raw, MAX_BYTES)
        raise InputFileError(
            display,
            f"文件过大（{max(size, len(raw)):,} 字节，上限 {MAX_BYTES:,} 字节），从第 {line} 行起超出上限",
            "事实文件通常只有几十 KB；请确认选择的是 .yaml 事实文件，或把过长的附件正文删减后再试。",
            line=line,
            column=column,
        )
    return raw


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (
        b"PK\x03\x04",
        "这是一个压缩包（很可能是 Word .docx 或 Excel .xlsx 文件，只是扩展名被改成了 .yaml）",
    ),
    (b"\xd0\xcf\x11\xe0", "这是一个旧版 Office 文档（.doc/.xls/.wps），不是文本文件"),
    (b"%PDF", "这是一个 PDF 文件，不是 YAML 事实文件"),
    (b"\x89PNG", "这是一个 PNG 图片，不是 YAML 事实文件"),
    (b"\xff\xd8\xff", "这是一个 JPEG 图片，不是 YAML 事实文件"),
    (b"GIF8", "这是一个 GIF 图片，不是 YAML 事实文件"),
    (b"Rar!", "这是一个 RAR 压缩包，不是 YAML 事实文件"),
    (b"7z\xbc\xaf", "这是一个 7z 压缩包，不是 YAML 事实文件"),
    (b"\x1f\x8b", "这是一个 gzip 压缩文件，不是 YAML 事实文件"),
)
_NOT_TEXT_HINT = (
    "事实文件是用文本编辑器编写的纯文本（UTF-8 编码，扩展名 .yaml）；"
    "请确认选择了正确的文件，生成的报告（.docx）本身不能作为输入。"
)


def decode(raw: bytes, display: str) -> tuple[str, list[Problem]]:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030 with a warning.

    Anything else (binary files, Office documents, Latin-1 or Big5 text, UTF-8 with a few broken
    bytes) is an :class:`InputFileError` that says what the file seems to be.
    """
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise InputFileError(display, "文件编码为 UTF-32，本工具不支持该编码", HINT_ENCODING)
    if raw.startswith(codecs.BOM_UTF8):
        body = raw[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), []
        except UnicodeDecodeError as exc:
            raise _broken_utf8(body, exc, display) from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), []
        except UnicodeDecodeError:
            raise InputFileError(
                display, "文件标明是 UTF-16 编码，但内容已损坏（编码错误）", HINT_ENCODING
            ) from None
    if _is_text(raw):
        return raw.decode("utf-8"), []
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InputFileError(display, what, _NOT_TEXT_HINT)
    if raw.startswith(b"{\\rtf"):
        raise InputFileError(
            display,
            "这是一个 RTF 文档（Word“另存为 RTF”），不是纯文本的 YAML 文件",
            "请用记事本等文本编辑器编写事实文件，保存为 .yaml（UTF-8 编码）。",
        )
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise InputFileError(
                display,
                "文件似乎是没有 BOM 标记的 UTF-16 编码，无法可靠读取",
                HINT_ENCODING,
            )
        raise InputFileError(
            display, "文件含有二进制内容，不是文本文件（无法识别编码）", _NOT_TEXT_HINT
        )
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(raw):
            raise _broken_utf8(raw, exc, display) from None
    for codec, name in (("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible_chinese(text):
            warning = Problem.about(
                display,
                f"文件编码为 {name}（不是 UTF-8），已按 {name} 读取；"
                "建议在编辑器中“另存为”UTF-8 编码，以免在其他电脑上出现乱码。",
            )
            return text, [warning]
        break
    guess = _guess_encoding(raw)
    seems = f"（看起来像 {guess} 编码）" if guess else ""
    raise InputFileError(
        display,
        f"无法识别文件编码{seems}：既不是 UTF-8，也不是 GBK/GB18030",
        HINT_ENCODING + "如果文件本来就不是文字（如图片、Office 文档），请选择正确的 .yaml 文件。",
    )


def _is_text(raw: bytes) -> bool:
    """UTF-8 text, perhaps with a few NUL characters (reported by line like other controls)."""
    if b"\x00" in raw and (raw.count(0) * 20 > len(raw) or _looks_utf16(raw)):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _looks_utf16(raw: bytes) -> bool:
    sample = raw[:4096]
    even, odd = sample[0::2], sample[1::2]
    return (
        max(even.count(0), odd.count(0)) > len(sample) // 4
        and min(even.count(0), odd.count(0)) < len(sample) // 40 + 1
    )


def _mostly_utf8(raw: bytes) -> bool:
    """Valid UTF-8 apart from a few bytes (a Latin-1 character pasted in, a truncated file)."""
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) >= 0x800 and ch != "\ufffd")
    return wide >= 4 and broken * 10 <= wide


def _broken_utf8(raw: bytes, exc: UnicodeDecodeError, display: str) -> InputFileError:
    line, column = byte_position(raw, exc.start)
    bad = raw[exc.start : exc.start + 4].hex(" ").upper()
    return InputFileError(
        display,
        f"第 {line} 行有不是 UTF-8 的字节（{bad}）：文件其余部分是 UTF-8，这里可能混入了其他编码的文字或文件被截断",
        "请在编辑器中找到这一处，删除后重新输入这几个字，再以 UTF-8 编码保存。",
        line=line,
        column=column,
    )


def _plausible_chinese(text: str) -> bool:
    """GBK/GB18030 decode almost any bytes; real Chinese text uses mostly GB2312 characters."""
    others = [ch for ch in text if ord(ch) >= 0x80]
    if not others:
        return True
    common = 0
    for ch in others:
        if "\ue000" <= ch <= "\uf8ff":
            return False  # private use: bytes that are not text in any Chinese encoding
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        common += 1
    return common >= 0.9 * len(others)


def _guess_encoding(raw: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(raw[:65536]).best()
    except Exception:  # the guess only decorates the message; never let it fail the message
        return None
    if best is None or best.encoding in ("utf_8", "gbk", "gb18030", "gb2312", "ascii"):
        return None
    return {
        "big5": "Big5（繁体中文）",
        "cp1252": "Windows-1252（西文）",
        "latin_1": "Latin-1（西文）",
    }.get(best.encoding, best.encoding)
