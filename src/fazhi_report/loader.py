"""Stage 1, load: bytes on disk → plain data (dicts, lists, strings) with the position of every node.

Every scalar comes back as the exact text the clerk typed (a ``str``): YAML 1.1's implicit typing
(``012`` → 10, ``5.20`` → 5.2, ``on`` → True) never gets a chance to change a fact. The facts
model parses numbers, dates and quantities from that text itself.

The clerks who write these files use Chinese input methods, Windows editors and Word, so this
stage expects their typical slips and names each one: GBK files (read, with a warning), full-width
``：`` and spaces, tabs, duplicated keys in a copied file, invisible characters pasted from Word.
It never constructs Python objects from tags (``!!python/object`` is an error, never run), never
expands aliases, and bounds size, nesting and node count so a hostile file fails in well under a
second. Data is built straight from the parser's event stream (no recursion anywhere).

Problems that do not stop parsing (a duplicated key, a tag, a stray control character) are kept
in :attr:`Source.problems` and reported together with the model's problems by
:func:`fazhi_report.validate.validate_source`; only a YAML syntax error, an unreadable file or a
file that is not a mapping at all stop here.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from .chars import XML_INVALID, XML_INVALID_RANGES
from .errors import FactsError, InputFileError, Problem, visible

Path_ = tuple[str | int, ...]

#: Real facts files are 5–50 KB (a long 附件 adds perhaps 100 KB). The pure-Python YAML parser
#: needs about 1 s for 512 KB of its slowest input (blank lines), so this keeps any file ~1 s.
MAX_BYTES = 512 * 1024
#: The model nests at most ~8 levels (主要举措 → 条目 → 子项 → …).
MAX_DEPTH = 64
#: The examples have ~300 values; this bounds the work a file can ask for (~0.5 s at worst).
MAX_NODES = 20_000

FACTS_SHAPE_HINT = (
    "事实文件应是“键: 值”形式的 YAML 映射（冒号为半角，冒号后有一个空格），例如：\n"
    "      单位: 青山镇人民政府\n      年度: 2024\n      成文日期: 2025-02-20\n"
    "    可运行 `fazhi-report init 年度.yaml` 生成一份带注释的样例。"
)
HINT_FULLWIDTH_COLON = (
    "检测到全角冒号“：”（中文输入法下输入）；YAML 的键后须用半角冒号加空格，例如“单位: 青山镇”。"
)
HINT_FULLWIDTH_SPACE = "检测到全角空格（中文输入法下输入）；YAML 的缩进和冒号后只能用半角空格，请切换到半角后重新输入。"
HINT_TAB = "检测到制表符（Tab）；YAML 的缩进只能用空格，请把 Tab 换成空格（同一层级的键要左对齐）。"
HINT_DUPLICATE = (
    "同一层级的键只能出现一次（常见于复制上一年度文件后又粘贴了一段）；请合并两处内容或删除其一。"
)
HINT_ENCODING = "请在编辑器中用“另存为”，编码选择 UTF-8 后保存。"

_STANDARD_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STANDARD_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_STANDARD_TAG}seq", f"{_STANDARD_TAG}map"}
_NULLS = ("", "~", "null", "Null", "NULL")

#: What XML 1.0 (hence .docx) cannot hold, plus C1 controls and the Unicode line separators YAML
#: would take as line breaks. These are replaced by U+FFFD before parsing and reported by field.
#: Written as the short list of bad ranges rather than the complement of the good ones: the negated
#: class spans all of Unicode and takes ~5 ms to compile at every start, this one ~0.5 ms.
_BAD_CHAR = re.compile(f"[{XML_INVALID_RANGES}\x7f-\x9f\u2028\u2029]")
#: Characters no key may contain or start with: they make a key that looks right not match.
_ODD_SPACE = "\u3000\xa0"
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060\ufeff]")
_CHAR_NAMES = {
    "\x07": "Word 表格的单元格结束符",
    "\x0b": "Word 中的手动换行符",
    "\x0c": "分页符",
    "\x1e": "Word 中的不间断连字符",
    "\x1f": "Word 中的可选连字符",
    "\x85": "下一行符 NEL",
    "\u2028": "行分隔符",
    "\u2029": "段落分隔符",
    "\ufffe": "非字符",
    "\uffff": "非字符",
}

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: ``键：值`` (full-width colon, or a half-width one followed by a full-width space).
_KEY_LIKE = re.compile(
    r"^[ \t\u3000\xa0]*(?:-[ \t]+)?([^\s:：#'\"\[\]{},，。；;、]{1,20})(：|:[\u3000\xa0])"
)


@dataclass
class Source:
    """A loaded facts file: its data, where each part came from, and any warnings.

    ``problems`` are the loader's own findings that did not stop parsing; ``quiet`` are paths
    whose model errors would only repeat one of them (a value under a rejected tag, say).
    """

    path: Path
    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    quiet: set[Path_] = field(default_factory=set)
    #: keys a full-width slip hid, per mapping path: their "缺少必填项" errors would mislead.
    hidden_keys: dict[Path_, set[str]] = field(default_factory=dict)
    #: the raw text of each plain/quoted scalar value, for hints (e.g. it contains a “：”).
    raw: dict[Path_, str] = field(default_factory=dict)

    @property
    def display(self) -> str:
        return str(self.path)

    def locate(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column (1-based) of ``path``, or of its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        probe = tuple(path)
        while True:
            if probe in table:
                return table[probe]
            if key and probe in self.positions:
                return self.positions[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def problem(
        self, path: Path_, message: str, hint: str | None = None, *, key: bool = False
    ) -> Problem:
        line, col = self.locate(path, key=key)
        return Problem(self.display, line, col, format_path(path), message, hint)

    def is_quiet(self, path: Path_) -> bool:
        """True if a loader problem already covers ``path`` (or an ancestor of it)."""
        return any(path[:n] in self.quiet for n in range(len(path) + 1))

    def check(self) -> None:
        """Raise the loader's problems (for callers that do not validate afterwards)."""
        if self.problems:
            raise FactsError(self.problems, self.warnings)


def format_path(path: Path_) -> str:
    """``('主要举措', 0, '标题')`` → ``主要举措[1].标题`` (1-based, as a clerk counts)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


# --- bytes → text -------------------------------------------------------------------------------

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


def decode(raw: bytes, display: str) -> tuple[str, list[str]]:
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
            warning = (
                f"{display}：文件编码为 {name}（不是 UTF-8），已按 {name} 读取；"
                "建议在编辑器中“另存为”UTF-8 编码，以免在其他电脑上出现乱码。"
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
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
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


def read_source(path: Path) -> Source:
    """Read and parse a facts file; raise :class:`InputFileError` or :class:`FactsError`.

    Problems that do not stop parsing come back in ``Source.problems`` (see the module doc).
    """
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
        kept = raw[:MAX_BYTES]
        line = kept.count(b"\n") + 1
        column = len(kept[kept.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise InputFileError(
            display,
            f"文件过大（{max(size, len(raw)):,} 字节，上限 {MAX_BYTES:,} 字节），从第 {line} 行起超出上限",
            "事实文件通常只有几十 KB；请确认选择的是 .yaml 事实文件，或把过长的附件正文删减后再试。",
            line=line,
            column=column,
        )
    text, warnings = decode(raw, display)
    source = parse_text(text, path, warnings=warnings)
    return source


# --- text → data --------------------------------------------------------------------------------


def parse_text(text: str, path: Path, *, warnings: list[str] | None = None) -> Source:
    """Parse YAML text into a :class:`Source` (positions recorded, every scalar a string).

    Raises :class:`FactsError` when the text cannot be read as a mapping at all (syntax error,
    too deep, empty, a list); other problems are returned in ``Source.problems``.
    """
    warnings = list(warnings or [])
    display = str(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _Lines(text)
    bad = [(m.start(), m.group()) for m in _BAD_CHAR.finditer(text)]
    if bad:
        text = _BAD_CHAR.sub("\ufffd", text)
    builder = _Builder(display, lines)
    fast = FAST_LOADER is not yaml.SafeLoader and fast_loader_fits(text)
    try:
        try:
            root = builder.run(text, FAST_LOADER if fast else yaml.SafeLoader)
        except _Fatal as fatal:
            if not (fast and fatal.syntax):
                raise
            builder = _Builder(display, lines)
            root = builder.run(text)
    except _Fatal as fatal:
        problems = [fatal.problem, *builder.problems, *_bad_char_problems(bad, builder, lines)]
        if fatal.syntax:
            problems += _lint(text, lines, display, skip={fatal.problem.line})
        raise FactsError(problems, warnings) from None
    source = Source(path, {}, builder.positions, builder.key_positions, warnings)
    source.problems = [*builder.problems, *_bad_char_problems(bad, builder, lines)]
    source.quiet = builder.quiet
    source.hidden_keys = builder.hidden
    source.raw = builder.raw
    if root is None or root == "":
        raise FactsError(
            [
                Problem(
                    display, 1, 1, "", "文件是空的（或只有注释），没有任何事实", FACTS_SHAPE_HINT
                )
            ],
            warnings,
        )
    if not isinstance(root, dict):
        raise FactsError(_shape_problems(root, builder, text, display), warnings)
    source.data = root
    return source


def _shape_problems(root: Any, builder: _Builder, text: str, display: str) -> list[Problem]:
    line, col = builder.positions.get((), (1, 1))

    def shape(message: str) -> Problem:
        return Problem(display, line, col, "", message, FACTS_SHAPE_HINT)

    if isinstance(root, list):
        return [shape("文件顶层是列表（以“- ”开头），不是“键: 值”映射")]
    problems = [
        Problem(display, n, m.start(1) + 1, "", *_fullwidth_slip(t, m))
        for n, t in enumerate(text.splitlines(), 1)
        if (m := _KEY_LIKE.match(t))
    ]
    if problems:
        return [*problems, shape("因此整个文件被读成了一段文字，而不是“键: 值”映射")]
    return [shape(f"文件顶层是一段文字（“{_snippet(str(root))}”），不是“键: 值”映射")]


def _fullwidth_slip(line: str, match: re.Match[str]) -> tuple[str, str]:
    """Message and hint for a ``键：值`` line (full-width colon, or a full-width space after ``:``)."""
    if match.group(2) == "：":
        return (
            f"“{_snippet(line)}”中的冒号是全角的“：”，YAML 没有把它读成“键: 值”",
            HINT_FULLWIDTH_COLON,
        )
    return f"“{_snippet(line)}”的冒号后是全角空格，YAML 没有把它读成“键: 值”", HINT_FULLWIDTH_SPACE


def _snippet(text: str, size: int = 24) -> str:
    text = visible(text.strip())
    return text if len(text) <= size else text[:size] + "…"


class _Lines:
    """Index ↔ (line, column) with YAML's notion of a line break (after U+2028 etc. are gone)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def at(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1

    def line(self, number: int) -> str:
        """The text of 1-based line ``number`` without its line break."""
        if not 1 <= number <= len(self.starts):
            return ""
        start = self.starts[number - 1]
        end = self.starts[number] if number < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


_NOWHERE = yaml.Mark("", 0, 0, 0, "", 0)


class _Mark(Protocol):
    """A position in the text: PyYAML's ``yaml.Mark`` or libyaml's own class with these fields."""

    index: int
    line: int
    column: int


def _start(event: yaml.Event) -> _Mark:
    mark = event.start_mark
    return mark if mark is not None else _NOWHERE


def _end(event: yaml.Event) -> _Mark:
    mark = event.end_mark
    return mark if mark is not None else _NOWHERE


#: libyaml (PyYAML's C parser) reads a facts file about ten times faster than the pure-Python one
#: and reports the same events and positions (a property test compares them), but words its syntax
#: errors differently: a file it refuses is read again by the pure-Python parser, whose messages
#: are the ones translated and pinned in the tests.
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Where the two parsers part ways, found by fuzzing them against each other: libyaml accepts a tab
#: after “:” and a comment straight after a block-scalar header (“|#”, “>-#”) where PyYAML reports
#: them (and the loader explains), it marks tags differently, it counts a U+FEFF inside the text as
#: no column, and without a final newline it puts end positions on a line further.
_FAST_LOADER_DIFFERS = re.compile(r"[\t!\ufeff]|[|>][-+0-9]*#")


def fast_loader_fits(text: str) -> bool:
    """True when libyaml is known to read ``text`` exactly as the pure-Python parser does."""
    return text.endswith("\n") and not _FAST_LOADER_DIFFERS.search(text)


class _Fatal(Exception):
    def __init__(self, problem: Problem, *, syntax: bool = False) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.syntax = syntax


@dataclass
class _Frame:
    kind: str  # "map", "seq" or "skip" (a discarded subtree: consumed, not kept)
    path: Path_
    value: Any = None
    expect_key: bool = True
    key: str | None = None  # the pending key; None with expect_key False: discard the value
    seen: dict[str, int] = field(default_factory=dict)
    index: int = 0


class _Builder:
    """Build plain data from the YAML event stream, recording positions and problems.

    Events rather than ``yaml.compose``: no recursion (the composer recurses once per level),
    aliases are seen as aliases (never expanded), and depth/size limits apply as parsing goes.
    """

    def __init__(self, display: str, lines: _Lines) -> None:
        self.display = display
        self.lines = lines
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.quiet: set[Path_] = set()
        self.hidden: dict[Path_, set[str]] = {}
        self.raw: dict[Path_, str] = {}
        self.spans: list[tuple[int, int, Path_, bool]] = []
        self.nodes = 0
        self.stack: list[_Frame] = []

    # -- the loop --

    def run(self, text: str, loader: type[yaml.SafeLoader] = yaml.SafeLoader) -> Any:
        root: Any = None
        documents = 0
        events = yaml.parse(text, Loader=loader)
        try:
            for event in events:
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise _Fatal(
                            self._at(
                                _start(event),
                                "",
                                "文件中有多个 YAML 文档：从这一行起是另一个文档",
                                "事实文件只能有一个文档；请删除分隔用的“---”或“...”行（分隔内容请用 # 注释行）。",
                            )
                        )
                elif isinstance(event, yaml.NodeEvent):
                    value = self._node(event)
                    if not self.stack and isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                        root = value
                    elif len(self.stack) == 1 and isinstance(event, yaml.CollectionStartEvent):
                        root = self.stack[0].value
                elif isinstance(event, yaml.CollectionEndEvent):
                    self.stack.pop()
        except yaml.MarkedYAMLError as exc:
            raise _Fatal(self._syntax_problem(exc), syntax=True) from None
        except yaml.YAMLError as exc:  # pragma: no cover - ReaderError cannot happen after cleaning
            raise _Fatal(
                Problem(self.display, 1, 1, "", f"YAML 格式错误（{exc}）", HINT_ENCODING)
            ) from None
        except RecursionError:  # pragma: no cover - nothing here recurses; belt and braces
            raise _Fatal(Problem(self.display, 1, 1, "", f"嵌套层数超过 {MAX_DEPTH} 层")) from None
        finally:
            events.close()  # type: ignore[attr-defined]
        return root

    def _node(self, event: yaml.NodeEvent) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Fatal(
                self._at(
                    _start(event),
                    "",
                    f"文件内容过多（超过 {MAX_NODES:,} 个值）",
                    "事实文件通常只有几百个值；请检查是否误选了其他文件。",
                )
            )
        if isinstance(event, yaml.CollectionStartEvent) and len(self.stack) >= MAX_DEPTH:
            raise _Fatal(
                self._at(
                    _start(event),
                    "",
                    f"嵌套层数超过 {MAX_DEPTH} 层",
                    "事实文件不需要这么深的层级；请检查缩进和方括号是否成对。",
                )
            )
        top = self.stack[-1] if self.stack else None
        if top is not None and top.kind == "map" and top.expect_key:
            self._key(top, event)
            return None
        path = self._place(top)
        if event.anchor is not None and not isinstance(event, yaml.AliasEvent):
            self._anchor_problem(event, path)
        if isinstance(event, yaml.AliasEvent):
            if path is not None:
                self.problems.append(
                    self._at(
                        _start(event),
                        format_path(path),
                        f"不支持 YAML 别名“*{event.anchor}”",
                        "请把内容直接写出来；若这是正文，请给整个值加引号（* 在 YAML 中有特殊含义）。",
                    )
                )
                self.quiet.add(path)
                self.positions[path] = self._mark(_start(event))
                self._attach(top, path, None)  # never expanded: a hole that keeps the indices
            return None
        if path is None:  # inside a discarded subtree
            if isinstance(event, yaml.CollectionStartEvent):
                self.stack.append(_Frame("skip", ()))
            return None
        self.positions[path] = self._mark(_start(event))
        self._check_tag(event, path)
        value: Any
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event, path)
        else:
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
            self.stack.append(_Frame("map" if isinstance(value, dict) else "seq", path, value))
        self._attach(top, path, value)
        return value

    @staticmethod
    def _attach(top: _Frame | None, path: Path_, value: Any) -> None:
        if top is None:
            return
        if isinstance(top.value, dict):
            top.value[path[-1]] = value
        else:
            top.value.append(value)

    def _place(self, top: _Frame | None) -> Path_ | None:
        """Where the next value goes, or None to discard it."""
        if top is None:
            return ()
        if top.kind == "skip":
            return None
        if top.kind == "seq":
            top.index += 1
            return (*top.path, top.index - 1)
        top.expect_key = True
        key, top.key = top.key, None
        return None if key is None else (*top.path, key)

    # -- keys --

    def _key(self, top: _Frame, event: yaml.NodeEvent) -> None:
        top.expect_key = False
        top.key = None
        mark = self._mark(_start(event))
        where = format_path(top.path)
        if isinstance(event, yaml.CollectionStartEvent):
            self.problems.append(
                self._at(
                    _start(event),
                    where,
                    "键必须是文字，不能是列表或映射",
                    "请检查这一行的“?”、方括号或花括号。",
                )
            )
            self.stack.append(_Frame("skip", ()))
            return
        if not isinstance(event, yaml.ScalarEvent):
            self.problems.append(
                self._at(_start(event), where, "键不能是 YAML 别名（*名称）", "请直接写出键名。")
            )
            return
        raw = event.value
        key = raw.strip()
        self.spans.append((_start(event).index, _end(event).index, (*top.path, key), True))
        if event.tag is not None and event.tag not in _SCALAR_TAGS and event.tag != "!":
            self.problems.append(self._tag_problem(event, (*top.path, key)))
            return
        problem = self._key_problem(raw, key, event, top)
        if problem is not None:
            self.problems.append(problem)
            return
        if key in top.seen:
            self.problems.append(
                Problem(
                    self.display,
                    *mark,
                    format_path((*top.path, key)),
                    f"键“{key}”重复：第 {top.seen[key]} 行已有“{key}”，这里（第 {mark[0]} 行）又写了一次",
                    HINT_DUPLICATE + f"程序不会用第 {mark[0]} 行的内容覆盖第 {top.seen[key]} 行。",
                )
            )
            return
        top.seen[key] = mark[0]
        top.key = key
        self.key_positions[(*top.path, key)] = mark

    def _key_problem(
        self, raw: str, key: str, event: yaml.ScalarEvent, top: _Frame
    ) -> Problem | None:
        where = format_path(top.path)
        if not key:
            return self._at(
                _start(event),
                where,
                "键是空的（冒号前没有文字）",
                "每一行应写作“键: 值”，例如“单位: 青山镇人民政府”。",
            )
        if key.startswith("<<") and not event.style:  # plain: None from PyYAML, "" from libyaml
            return self._at(
                _start(event), where, "不支持 YAML 合并键“<<”", "请把要合并的内容直接写出来。"
            )
        if "：" in key or re.search(":[\u3000\xa0]", key):
            names = {part for part in re.split(r"[\s：:\u3000]+", key) if part}
            self.hidden.setdefault(top.path, set()).update(names)
            spans = _end(event).line > _start(event).line
            lines = f"第 {_start(event).line + 1}–{_end(event).line + 1} 行" if spans else "这一行"
            hint = HINT_FULLWIDTH_SPACE if "：" not in key else HINT_FULLWIDTH_COLON
            return self._at(
                _start(event),
                where,
                f"{lines}的“{_snippet(key, 30)}”被 YAML 整个读成了一个键：其中的冒号是全角的“：”或后面跟了全角空格",
                hint,
            )
        if raw[:1] in _ODD_SPACE:
            self.hidden.setdefault(top.path, set()).add(key)
            return self._at(
                _start(event),
                where,
                f"键“{_snippet(key)}”前面有全角空格或不间断空格，缩进无效",
                HINT_FULLWIDTH_SPACE,
            )
        odd = _ZERO_WIDTH.search(raw)
        if odd:
            clean = _ZERO_WIDTH.sub("", key)
            self.hidden.setdefault(top.path, set()).add(clean)
            return self._at(
                _start(event),
                where,
                f"键“{clean}”中含有看不见的字符 U+{ord(odd.group()):04X}（零宽字符，多见于从网页或 Word 复制），键因此无法识别",
                "请删除这个键后重新输入键名。",
            )
        return None

    # -- scalars and tags --

    def _scalar(self, event: yaml.ScalarEvent, path: Path_) -> str | None:
        self.spans.append((_start(event).index, _end(event).index, path, False))
        plain = not event.style  # None from PyYAML, "" from libyaml
        if event.tag == f"{_STANDARD_TAG}null" or (
            plain and event.tag is None and event.value in _NULLS
        ):
            return None
        value = str(event.value)
        self.raw[path] = value
        bad = XML_INVALID.search(value)
        if bad:  # only a double-quoted escape (``"\x0b"``) gets one past the text cleaning
            self.problems.append(
                self._at(
                    _start(event),
                    format_path(path),
                    _control_message(bad.group()),
                    _CONTROL_HINT,
                )
            )
            self.quiet.add(path)
        if plain and _end(event).line > _start(event).line:
            self._swallowed_lines(event, path)
        return value

    def _swallowed_lines(self, event: yaml.ScalarEvent, path: Path_) -> None:
        """A ``键：值`` line folded into the plain scalar above it (it was indented deeper)."""
        parent = path[:-1] if path and isinstance(path[-1], str) else None
        allowed = set(allowed_keys(parent)) if parent is not None else set()
        for number in range(_start(event).line + 2, _end(event).line + 2):
            text = self.lines.line(number)
            match = _KEY_LIKE.match(text)
            if match and match.group(1) in allowed:
                hint = HINT_FULLWIDTH_COLON if match.group(2) == "：" else HINT_FULLWIDTH_SPACE
                self.problems.append(
                    Problem(
                        self.display,
                        number,
                        match.start(1) + 1,
                        format_path(path),
                        f"第 {number} 行的“{_snippet(text)}”没有被读成键“{match.group(1)}”，而是接在了上一行的内容后面",
                        hint,
                    )
                )
                self.hidden.setdefault(parent or (), set()).add(match.group(1))
                self.quiet.add(path)

    def _check_tag(self, event: yaml.NodeEvent, path: Path_) -> None:
        tag = getattr(event, "tag", None)
        if tag is None or tag == "!":
            return
        allowed = _SCALAR_TAGS if isinstance(event, yaml.ScalarEvent) else _COLLECTION_TAGS
        if tag not in allowed:
            self.problems.append(self._tag_problem(event, path))
            self.quiet.add(path)

    def _tag_problem(self, event: yaml.NodeEvent, path: Path_) -> Problem:
        tag = str(getattr(event, "tag", ""))
        short = "!!" + tag.removeprefix(_STANDARD_TAG) if tag.startswith(_STANDARD_TAG) else tag
        danger = "python" in tag.lower()
        message = f"不支持 YAML 标签“{short}”" + (
            "（可执行代码的标签，已拒绝，不会执行）" if danger else ""
        )
        return self._at(
            _start(event),
            format_path(path),
            message,
            "事实文件只能写普通文字；请删除以 ! 开头的标签，若是正文请给整个值加引号。",
        )

    def _anchor_problem(self, event: yaml.NodeEvent, path: Path_ | None) -> None:
        self.problems.append(
            self._at(
                _start(event),
                format_path(path or ()),
                f"不支持 YAML 锚点“&{event.anchor}”",
                "请把内容直接写出来，每个值只写一次；若这是正文，请给整个值加引号（& 在 YAML 中有特殊含义）。",
            )
        )

    # -- errors --

    def _mark(self, mark: _Mark) -> tuple[int, int]:
        return mark.line + 1, mark.column + 1

    def _at(self, mark: _Mark, path: str, message: str, hint: str | None = None) -> Problem:
        return Problem(self.display, mark.line + 1, mark.column + 1, path, message, hint)

    def _syntax_problem(self, exc: yaml.MarkedYAMLError) -> Problem:
        problem = str(exc.problem or exc.context or "")
        context = str(exc.context or "")
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and ("simple key" in context or "quoted scalar" in context):
            # The line that should have been ``键: 值``, or where the quote opened: not where the
            # scanner gave up (often the next line, or the end of the file).
            mark = exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        message, hint = _translate(problem)
        specific = None if "quoted scalar" in context else _line_hint(self.lines, line, problem)
        if specific is not None and specific[1] != line:
            message += f"（很可能是第 {specific[1]} 行引起的）"
        path = (
            format_path(self.stack[-1].path) if self.stack and self.stack[-1].kind != "skip" else ""
        )
        return Problem(
            self.display,
            line,
            col,
            path,
            f"YAML 格式错误：{message}",
            specific[0] if specific else hint,
        )


_CONTROL_HINT = "请删除该字符（它看不见，多见于从 Word 或网页粘贴的文字）；可在编辑器中定位到所示的行和列后删除。"


def _control_message(char: str) -> str:
    name = _CHAR_NAMES.get(char)
    named = f"（{name}）" if name else ""
    return f"含有不可见的控制字符 U+{ord(char):04X}{named}，报告文档无法容纳"


def _bad_char_problems(
    bad: list[tuple[int, str]], builder: _Builder, lines: _Lines
) -> Iterator[Problem]:
    """One problem per field (or line, outside any field) holding characters YAML refused."""
    spans = sorted(builder.spans)
    starts = [span[0] for span in spans]
    seen: dict[tuple[Path_ | None, int | None], int] = {}
    found: list[tuple[int, str, Path_ | None, bool]] = []
    for index, char in bad:
        path, is_key = _field_at(spans, starts, index)
        group = (path, None if path is not None else lines.at(index)[0])
        if group in seen:
            seen[group] += 1
            continue
        seen[group] = 1
        found.append((index, char, path, is_key))
    for index, char, path, is_key in found:
        line, col = lines.at(index)
        where = ""
        if path is not None:
            builder.quiet.add(path)
            where = format_path(path).replace("\ufffd", f"⟨U+{ord(char):04X}⟩") + (
                "（键）" if is_key else ""
            )
        count = seen[(path, None if path is not None else line)]
        if char in "\u2028\u2029":
            message = f"含有{_CHAR_NAMES[char]} U+{ord(char):04X}（多见于从 Word 或网页粘贴），YAML 会把它当作换行"
        else:
            message = _control_message(char)
        if count > 1:
            message += f"（这里共有 {count} 个这样的字符）"
        yield Problem(builder.display, line, col, where, message, _CONTROL_HINT)


def _field_at(
    spans: list[tuple[int, int, Path_, bool]], starts: list[int], index: int
) -> tuple[Path_ | None, bool]:
    """The innermost scalar (key or value) whose text holds ``index``; scalars never overlap."""
    at = bisect.bisect_right(starts, index) - 1
    if at >= 0 and spans[at][0] <= index < spans[at][1]:
        return spans[at][2], spans[at][3]
    return None, False


# --- syntax errors: Chinese messages and the specific hint --------------------------------------

_TRANSLATIONS: tuple[tuple[str, str, str | None], ...] = (
    ("found character '\\t' that cannot start any token", "这里有制表符（Tab）", HINT_TAB),
    ("found a tab character", "这里有制表符（Tab）", HINT_TAB),
    (
        "cannot start any token",
        "这个字符不能出现在值的开头（它在 YAML 中有特殊含义）",
        '若这是正文，请给整个值加上引号，例如 内容: "@某某"。',
    ),
    (
        "could not find expected ':'",
        "这一行缺少“: ”（半角冒号加空格），不是“键: 值”",
        "每一行应写作“键: 值”；若这是上一行内容的延续，请把它接到上一行或缩进对齐。",
    ),
    (
        "mapping values are not allowed here",
        "这里不能出现“: ”",
        "值中含有“: ”时请给整个值加引号；也可能是上一行缺少冒号，或缩进不对。",
    ),
    (
        "expected <block end>",
        "缩进不一致，或这一行不是“键: 值”",
        "同一层级的键要左对齐（用空格，不用 Tab）；每行写作“键: 值”。",
    ),
    ("expected <block mapping end>", "缩进不一致", "同一层级的键要左对齐（用空格，不用 Tab）。"),
    (
        "expected <document start>",
        "文件开头之后出现了多余的内容",
        "请检查这一行的缩进，或是否多了“---”“...”。",
    ),
    (
        "found unexpected end of stream",
        "引号没有成对：到文件末尾还没有找到收尾的引号",
        "请检查这一处引号是否成对，值中的引号请用中文引号“”。",
    ),
    (
        "found unexpected document separator",
        "引号没有成对：到“---”还没有找到收尾的引号",
        "请检查引号是否成对。",
    ),
    (
        "found unknown escape character",
        "双引号中的反斜杠“\\”后面跟了无效字符",
        "双引号内要写反斜杠请写成“\\\\”，或改用单引号；文件路径可改用“/”。",
    ),
    (
        "expected escape sequence",
        "双引号中的转义写法无效",
        "双引号内要写反斜杠请写成“\\\\”，或改用单引号。",
    ),
    (
        "expected ',' or ']'",
        "方括号“[ ]”没有成对，或其中缺少逗号",
        "以“[”开头的值会被当作列表；若这是正文，请给整个值加引号。",
    ),
    (
        "expected ',' or '}'",
        "花括号“{ }”没有成对，或其中缺少逗号",
        "以“{”开头的值会被当作映射；若这是正文，请给整个值加引号。",
    ),
    ("found unexpected ':'", "方括号或花括号内出现了“:”", "若这是正文，请给整个值加引号。"),
    (
        "expected alphabetic or numeric character",
        "“&”或“*”后面应是名称",
        "“&”“*”在 YAML 中有特殊含义；若这是正文，请给整个值加引号。",
    ),
    (
        "did not find expected",
        "缩进不对，或缺少“- ”或“: ”",
        "同一层级的内容要左对齐；列表项以“- ”开头。",
    ),
    ("expected the node content", "这里缺少值", "请检查这一行的逗号、括号和冒号。"),
    (
        "found undefined tag handle",
        "不支持的 YAML 标签（以 ! 开头）",
        "若这是正文，请给整个值加引号。",
    ),
    (
        "expected a comment or a line break",
        "这里的“|”“>”或“---”后面不能再写内容",
        "请把内容写到下一行并缩进。",
    ),
    (
        "expected chomping or indentation indicators",
        "“|”或“>”后面的写法无效",
        "多行文字请写作“内容: |”，内容另起一行并缩进。",
    ),
    (
        "found an indentation indicator equal to 0",
        "“|”或“>”后面的缩进数字不能为 0",
        "多行文字请写作“内容: |”。",
    ),
    ("expected ' ', but found", "标签后面缺少空格", "若这是正文，请给整个值加引号。"),
    ("found incompatible YAML document", "不支持的 YAML 版本声明", "请删除以 %YAML 开头的行。"),
    ("found duplicate", "YAML 声明重复", "请删除以 % 开头的行。"),
    (
        "expected a directive name",
        "以“%”开头的行在 YAML 中有特殊含义",
        "若这是正文，请给整个值加引号。",
    ),
)


def _translate(problem: str) -> tuple[str, str | None]:
    odd = re.match(r"found character '(.+?)' that cannot start any token", problem)
    if odd and odd.group(1) != "\\t":
        return (
            f"“{odd.group(1)}”不能出现在值的开头（它在 YAML 中有特殊含义）",
            f'若这是正文，请给整个值加上引号，例如 内容: "{odd.group(1)}…"。',
        )
    for needle, message, hint in _TRANSLATIONS:
        if needle in problem:
            return message, hint
    return f"无法解析（{problem}）", "请检查这一行及上一行的缩进、冒号和引号是否成对。"


def _line_hint(lines: _Lines, line: int, problem: str) -> tuple[str, int] | None:
    """The specific slip (Tab, full-width colon or space) on the error's line or just above it,
    with the line it is on."""
    if "\\t" in problem or "tab" in problem:
        return HINT_TAB, line
    for number in (line, line - 1, line - 2):
        text = lines.line(number)
        indent = text[: len(text) - len(text.lstrip(" \t\u3000\xa0"))]
        if "\t" in indent:
            return HINT_TAB, number
        if "\u3000" in indent or "\xa0" in indent:
            return HINT_FULLWIDTH_SPACE, number
        match = _KEY_LIKE.match(text)
        if match:
            return (
                HINT_FULLWIDTH_COLON if match.group(2) == "：" else HINT_FULLWIDTH_SPACE
            ), number
    for number in (line, line - 1):
        text = lines.line(number)
        if re.match(r"^\s*(?:-\s+)?[^\s:'\"#]+:[^\s/:]", text):
            return "冒号后须有一个半角空格，例如“单位: 青山镇”（不是“单位:青山镇”）。", number
        if "\u3000" in text:
            return HINT_FULLWIDTH_SPACE, number
    return None


def _lint(text: str, lines: _Lines, display: str, *, skip: set[int | None]) -> Iterator[Problem]:
    """After a syntax error (parsing stopped), the other lines' clear slips, so all show at once."""
    for number, line in enumerate(text.splitlines(), 1):
        if number in skip or line.lstrip().startswith("#"):
            continue
        indent = line[: len(line) - len(line.lstrip(" \t\u3000\xa0"))]
        if "\t" in indent:
            yield Problem(
                display, number, indent.index("\t") + 1, "", "缩进中有制表符（Tab）", HINT_TAB
            )
        elif "\u3000" in indent or "\xa0" in indent:
            yield Problem(display, number, 1, "", "缩进中有全角空格", HINT_FULLWIDTH_SPACE)
        else:
            match = _KEY_LIKE.match(line)
            if match and (match.group(1) in all_keys() or re.match(r"\s*\d", line[match.end() :])):
                yield Problem(
                    display, number, match.start(1) + 1, "", *_fullwidth_slip(line, match)
                )


# --- what keys the model allows where -----------------------------------------------------------


def model_at(parent: Path_) -> Any:
    """The facts model of the mapping at ``parent`` (keys Chinese or English), or None for a
    free-form mapping (数据, 章节标题) or a path the model does not have."""
    from .model import ReportFacts

    model: Any = ReportFacts
    for part in parent:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        found = next((f for n, f in model.model_fields.items() if part in (f.alias, n)), None)
        if found is None:
            return None
        model = inner_model(found.annotation)
    return model


def allowed_keys(parent: Path_) -> list[str]:
    """Chinese keys the facts model allows in the mapping at ``parent`` ([] for free-form ones)."""
    model = model_at(parent)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def inner_model(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if getattr(annotation, "__origin__", None) is dict:
        return None  # 数据, 章节标题: free keys
    for arg in getattr(annotation, "__args__", ()):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


@functools.cache
def all_keys() -> frozenset[str]:
    from pydantic import BaseModel

    from .model import ReportFacts

    keys: set[str] = set()
    todo: list[type[BaseModel]] = [ReportFacts]
    done: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in done:
            continue
        done.add(model)
        for name, info in model.model_fields.items():
            keys.add(info.alias or name)
            inner = inner_model(info.annotation)
            if inner is not None:
                todo.append(inner)
    return frozenset(keys)
