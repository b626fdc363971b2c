"""Stage 6, write: the document tree → files (.docx, .html, .md, and .pdf through LibreOffice).

This package's own module holds what every build shares before any writer runs: the one list of
formats and its parser, and the one rule for where reports go. It is light on purpose: the batch
imports it to name formats and outputs without importing any writer.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from ..conventions import EDITIONS, Edition
from ..errors import UserError
from ..patterns import lazy

FORMATS = ("docx", "html", "md", "pdf")
#: Each format's edition when ``--edition`` does not say: the .docx and .pdf are sent upward (and
#: the .md reviews what is sent), the web page is what the website publishes.
DEFAULT_EDITIONS: dict[str, Edition] = {
    "docx": "submit",
    "pdf": "submit",
    "md": "submit",
    "html": "publish",
}
#: ``--edition`` accepts the English names and the Chinese ones (报送版 / 报送, 公开版 / 公开).
_EDITION_NAMES: dict[str, Edition] = {
    **{edition: edition for edition in EDITIONS},
    **{name: edition for edition, name in EDITIONS.items()},
    **{name.removesuffix("版"): edition for edition, name in EDITIONS.items()},
}
#: One output: a format in an edition.
Output = tuple[str, Edition]


def format_of(path: Path) -> str:
    """``报告.DOCX`` → ``docx``."""
    return path.suffix.lower().lstrip(".")


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx, HTML,.md"`` → ``("docx", "html", "md")``; an unknown or empty list is refused."""
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise unsupported_format(",".join(bad) or text)
    return tuple(dict.fromkeys(formats))


def parse_editions(text: str | None) -> tuple[Edition, ...]:
    """``"submit,publish"`` (or 报送版,公开版) → the editions asked for; ``None`` or empty: each
    format's own (:data:`DEFAULT_EDITIONS`), which is ``()``."""
    if text is None or not text.strip():
        return ()
    names = [name.strip().lower() for name in re.split(r"[,，、]", text) if name.strip()]
    bad = [name for name in names if name not in _EDITION_NAMES]
    if bad or not names:
        raise UserError(
            f"不支持的版本“{'，'.join(bad) or text}”",
            hint="可用版本：报送版（submit）、公开版（publish）。报送版有版头、签发人和版记；"
            "公开版没有红头和签发人，标题下印发文字号；两个都要时写“报送版,公开版”。",
        )
    return tuple(dict.fromkeys(_EDITION_NAMES[name] for name in names))


def outputs(formats: Sequence[str], editions: Sequence[Edition] = ()) -> list[Output]:
    """Each file a build writes: every format in every edition asked for, or in its own."""
    return [(fmt, e) for fmt in formats for e in (editions or (DEFAULT_EDITIONS[fmt],))]


def edition_suffix(edition: Edition) -> str:
    """What a file name gets when one format is built in both editions: “（报送版）”."""
    return f"（{EDITIONS[edition]}）"


def unsupported_format(name: str) -> UserError:
    """The one message for a format we cannot write, listing those we can."""
    return UserError(f"不支持的格式“{name}”", hint="可用格式：" + "、".join(FORMATS))


def names_a_file(output: Path) -> bool:
    """Whether ``-o`` names one output file (``r.docx``) rather than a folder (``dist/``)."""
    return format_of(output) in FORMATS and not output.is_dir()


def output_folder(facts: Path, output: Path | None) -> Path:
    """Where a report goes, and so where it is staged: ``-o`` a folder, the folder of ``-o`` a
    file, or (no ``-o``) next to the facts file."""
    if output is None:
        return facts.parent
    if names_a_file(output):
        return output.parent
    return output


def output_paths(
    facts: Path, title: str, output: Path | None, formats: Sequence[str | Output]
) -> list[Path]:
    """Each output's file (:func:`output_names` without its notes)."""
    return output_names(facts, title, output, formats)[0]


def output_names(
    facts: Path, title: str, output: Path | None, formats: Sequence[str | Output]
) -> tuple[list[Path], list[str]]:
    """Each output's file: ``-o r.docx`` as given (``r.html`` beside it for other formats),
    otherwise the report's title as the name (:func:`file_stem`, cut to fit), in
    :func:`output_folder`; and what the clerk is told when the name differs from the title.

    ``formats`` are formats (each in its own edition) or (format, edition) pairs; a format built
    in both editions gets the edition in its names: ``标题（报送版）.docx``, ``标题（公开版）.docx``.
    """
    wanted = [(f, DEFAULT_EDITIONS[f]) if isinstance(f, str) else f for f in formats]
    both = {fmt for fmt, _ in wanted if sum(f == fmt for f, _ in wanted) > 1}
    tails = [(edition_suffix(e) if fmt in both else "") + f".{fmt}" for fmt, e in wanted]
    if output is not None and names_a_file(output):
        given_name(output)
        if len(wanted) == 1:
            return [output], []
        return [output.with_name(output.stem + tail) for tail in tails], []
    folder = output_folder(facts, output)
    stem = file_stem(title)
    longest = max(tails, key=lambda s: len(s.encode("utf-8")))
    fitted = fit(stem, longest, folder)
    return [folder / f"{fitted}{tail}" for tail in tails], _name_notes(title, stem, fitted)


# --- file names a Windows PC can hold (the county copies the output folder to one) ------------

_UNSAFE = lazy(r'[\\/:*?"<>|\x00-\x1f\x7f]')
#: Unicode categories that do not belong in a file name: controls, format characters (the bidi
#: overrides that turn a name around on screen, zero-width ones), line and paragraph separators,
#: lone surrogates.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
#: Device names Windows reserves, whatever the extension (``NUL.txt`` is NUL too).
RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)
#: A file name's limit on every common file system (NTFS counts UTF-16 units, ext4 bytes; 255
#: UTF-8 bytes is within both).
MAX_NAME_BYTES = 255
#: A whole path's limit on Windows outside long-path mode (MAX_PATH 260, less the final NUL).
MAX_WINDOWS_PATH = 259
#: Whether the whole path's limit applies: on Windows, where the folder's full path is known.
WINDOWS_PATHS = os.name == "nt"
#: A cut name keeps at least this many characters of the title.
MIN_STEM = 8


def file_stem(title: str) -> str:
    """The report's title as a file name Windows accepts: characters no name may hold replaced
    by ``_`` (also invisible and direction-changing ones), no leading or trailing dot or space,
    no reserved device name (``CON`` → ``CON_``). Not yet cut to length (:func:`fit`)."""
    return _unreserved(_plain(title))


def _plain(title: str) -> str:
    text = _UNSAFE.sub("_", title)
    text = "".join("_" if unicodedata.category(c) in _INVISIBLE else c for c in text)
    return text.strip(" .") or "report"


def _unreserved(stem: str) -> str:
    if not reserved(stem):
        return stem
    head, dot, rest = stem.partition(".")
    return f"{head.rstrip(' ')}_{dot}{rest}"


def reserved(name: str) -> bool:
    """Whether a file name is a Windows device name (``CON``, ``nul.txt``, ``COM1.docx``)."""
    return name.partition(".")[0].rstrip(" ").upper() in RESERVED


def fit(stem: str, tail: str, folder: Path) -> str:
    """``stem`` cut (whole characters, no trailing dot or space) so that ``stem + tail`` fits in
    :data:`MAX_NAME_BYTES` and, on Windows, ``folder/stem+tail`` in :data:`MAX_WINDOWS_PATH`."""
    room = MAX_NAME_BYTES - len(tail.encode("utf-8"))
    # Cut the bytes, then drop a character the cut split in two.
    cut = stem.encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore")
    if WINDOWS_PATHS:
        spare = MAX_WINDOWS_PATH - len(str(folder.absolute() / tail))  # folder, separator, tail
        cut = cut[: max(MIN_STEM, spare)]
    return cut.rstrip(" .") or stem[:MIN_STEM]


def _name_notes(title: str, stem: str, fitted: str) -> list[str]:
    notes = []
    if reserved(_plain(title)):
        notes.append(f"注意：报告标题“{title}”是 Windows 保留的设备名，文件名改为“{fitted}”")
    if any(unicodedata.category(c) in _INVISIBLE for c in title):
        notes.append("注意：报告标题中有不可见或改变文字方向的控制字符，文件名中以“_”代替")
    if fitted != stem:
        limits = f"文件名不超过 {MAX_NAME_BYTES} 字节" + (
            "，全路径不超过 260 个字符" if WINDOWS_PATHS else ""
        )
        notes.append(
            f"注意：报告标题过长（{len(title.encode('utf-8', 'surrogatepass'))} 字节），"
            f"文件名截短为标题的前 {len(fitted)} 个字（{limits}）"
        )
    return notes


def given_name(path: Path) -> None:
    """A file name the user gave (``-o``) that a Windows PC could not hold is refused."""
    if reserved(path.name):
        raise UserError(
            f"文件名 {path.name} 是 Windows 保留的设备名，Windows 电脑上无法保存或打开",
            hint="请换一个文件名（如在前面加上单位名称）。",
        )
    if WINDOWS_PATHS and len(str(path.absolute())) > MAX_WINDOWS_PATH:
        raise UserError(
            f"路径太长（{len(str(path.absolute()))} 个字符，Windows 上限 260）：{path.absolute()}",
            hint="请用 -o 写到路径短一些的文件夹，或换一个短一些的文件名。",
        )
    if len(path.name.encode("utf-8")) > MAX_NAME_BYTES:
        raise UserError(
            f"文件名太长（{len(path.name.encode('utf-8'))} 字节，上限 {MAX_NAME_BYTES}）：{path.name}",
            hint="请换一个短一些的文件名。",
        )
