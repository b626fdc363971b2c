"""The clerks' slips: how each is recognised, and the Chinese message and hint that name it.

Clerks type with Chinese input methods and paste from Word, so their typical slips are a
full-width ``：`` or space, a colon with no space after it, a tab, an invisible character. YAML
accepts most of them silently (``键：值`` is one string, not a key), so the builder reports them
as it goes; after a syntax error :func:`lint` lists the other lines' slips so all show at once,
and :func:`translate` and :func:`line_hint` put PyYAML's own message into Chinese with the slip
that most likely caused it. Validation uses :func:`value_slip` for a scalar the model refused.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ..chars import XML_INVALID_RANGES
from ..errors import Problem, visible
from ..patterns import lazy
from ..schema import all_keys
from .source import Lines, Path_, format_path

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


def snippet(text: str, size: int = 24) -> str:
    """``text`` as a message quotes it: one line's worth, invisible characters spelled out."""
    text = visible(text.strip())
    return text if len(text) <= size else text[:size] + "…"


# --- 键：值, 键:　值 and 键:值: a line YAML did not read as a key ------------------------------

#: A key, then a full-width colon, a half-width one followed by a full-width space, or a
#: half-width one followed by no space at all (not ``://``, ``:\`` or ``::``). See :func:`key_like`.
_KEY_LIKE = lazy(
    r"^[ \t\u3000\xa0]*(?:-[ \t]+)?([^\s:：#'\"\[\]{},，。；;、]{1,20})(：|:[\u3000\xa0]|:(?=[^\s/\\:]))"
)


def key_like(text: str) -> re.Match[str] | None:
    """``text`` (a line, or a scalar) starts like ``键：值``, ``键:　值`` or ``键:值``.

    Group 1 is the key, group 2 the colon with the full-width space after it, if any. A digit
    before a bare ``:`` is a time (``9:30``), not a key.
    """
    match = _KEY_LIKE.match(text)
    if match is None or (match.group(2) == ":" and match.group(1)[0].isdigit()):
        return None
    return match


def slip_hint(match: re.Match[str]) -> str:
    """The hint for a :func:`key_like` match; a missing space is shown on the clerk's own text."""
    colon = match.group(2)
    if colon == "：":
        return HINT_FULLWIDTH_COLON
    if colon != ":":
        return HINT_FULLWIDTH_SPACE
    key, value = match.group(1), match.string[match.end(2) :].splitlines()[0]
    return (
        f"冒号后须有一个半角空格，应写作“{snippet(f'{key}: {value}', 30)}”"
        f"（不是“{snippet(f'{key}:{value}', 30)}”）。"
    )


#: What went wrong at each colon :func:`key_like` finds: said of a quoted line, and of a value.
_FAULTS = {
    "：": ("中的冒号是全角的“：”", "这里的冒号是全角的"),
    ":": ("的冒号后没有空格", "这里的冒号后没有空格"),
}
_FULL_WIDTH_SPACE_FAULT = ("的冒号后是全角空格", "这里的冒号后是全角空格")


def _fault(match: re.Match[str]) -> tuple[str, str]:
    return _FAULTS.get(match.group(2), _FULL_WIDTH_SPACE_FAULT)


def colon_slip(line: str, match: re.Match[str]) -> tuple[str, str]:
    """Message and hint for a :func:`key_like` line."""
    return f"“{snippet(line)}”{_fault(match)[0]}，YAML 没有把它读成“键: 值”", slip_hint(match)


def value_slip(raw: str, *, mapping: bool) -> tuple[str, str] | None:
    """Why a scalar the model refused was not read as ``键: 值``, and the hint; None if it does
    not look like one. A bare ``键:值`` counts only where a mapping was expected (``mapping``):
    elsewhere it is ordinary text."""
    match = key_like(raw)
    if match is None or (match.group(2) == ":" and not mapping):
        return None
    return f"{_fault(match)[1]}，YAML 没有把它读成“键: 值”", slip_hint(match)


# --- invisible characters -------------------------------------------------------------------

#: The bidirectional embeddings, overrides and isolates: U+202E turns the text after it around on
#: screen (a unit name, hence a file name and the website's list of reports, reads backwards).
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: What XML 1.0 (hence .docx) cannot hold, plus C1 controls, the Unicode line separators YAML
#: would take as line breaks and the bidi controls. These are replaced by U+FFFD before parsing
#: and reported by field. Written as the short list of bad ranges rather than the complement of
#: the good ones: the negated class spans all of Unicode and takes ~5 ms to compile at every
#: start, this one ~0.5 ms.
BAD_CHAR = lazy(f"[{XML_INVALID_RANGES}\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
_BIDI = lazy(f"[{BIDI_CONTROLS}]")
#: Characters no key may contain or start with: they make a key that looks right not match.
ODD_SPACE = "\u3000\xa0"
ZERO_WIDTH = lazy("[\u200b-\u200f\u2060\ufeff]")
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
CONTROL_HINT = "请删除该字符（它看不见，多见于从 Word 或网页粘贴的文字）；可在编辑器中定位到所示的行和列后删除。"

#: A scalar's text span in the cleaned text: start and end index, its path, and whether it is a key.
Span = tuple[int, int, Path_, bool]


def control_message(char: str) -> str:
    name = _CHAR_NAMES.get(char)
    named = f"（{name}）" if name else ""
    return f"含有不可见的控制字符 U+{ord(char):04X}{named}，报告文档无法容纳"


def bad_char_problems(
    bad: list[tuple[int, str]], spans: list[Span], lines: Lines, display: str, quiet: set[Path_]
) -> Iterator[Problem]:
    """One problem per field (or line, outside any field) holding characters YAML refused.

    Each field named is added to ``quiet``: its model errors would only repeat the problem.
    """
    spans = sorted(spans)
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
            quiet.add(path)
            where = format_path(path).replace("\ufffd", f"⟨U+{ord(char):04X}⟩") + (
                "（键）" if is_key else ""
            )
        count = seen[(path, None if path is not None else line)]
        if char in "\u2028\u2029":
            message = f"含有{_CHAR_NAMES[char]} U+{ord(char):04X}（多见于从 Word 或网页粘贴），YAML 会把它当作换行"
        elif _BIDI.match(char):
            message = f"含有改变文字方向的控制字符 U+{ord(char):04X}，会使其后的文字（以及文件名）倒序显示"
        else:
            message = control_message(char)
        if count > 1:
            message += f"（这里共有 {count} 个这样的字符）"
        yield Problem(display, line, col, where, message, CONTROL_HINT)


def _field_at(spans: list[Span], starts: list[int], index: int) -> tuple[Path_ | None, bool]:
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
        "expected '<document start>'",
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
        "indentation indicator in the range 1-9",
        "“|”或“>”后面的缩进数字不能为 0",
        "多行文字请写作“内容: |”。",
    ),
    ("expected ' ', but found", "标签后面缺少空格", "若这是正文，请给整个值加引号。"),
    *(
        (needle, "不支持的 YAML 标签（以 ! 开头）", "若这是正文，请给整个值加引号。")
        for needle in ("expected '!'", "expected '>'", "expected URI", "non-specific tag")
    ),
    (
        "expected a digit",
        "以“%”开头的行在 YAML 中有特殊含义",
        "若这是正文，请给整个值加引号；不是正文的请删除这一行。",
    ),
    ("found incompatible YAML document", "不支持的 YAML 版本声明", "请删除以 %YAML 开头的行。"),
    ("found duplicate", "YAML 声明重复", "请删除以 % 开头的行。"),
    (
        "expected a directive name",
        "以“%”开头的行在 YAML 中有特殊含义",
        "若这是正文，请给整个值加引号。",
    ),
)


def translate(problem: str) -> tuple[str, str | None]:
    """PyYAML's problem text → the Chinese message and its general hint."""
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


def line_hint(lines: Lines, line: int, problem: str) -> tuple[str, int] | None:
    """The specific slip (Tab, full-width colon or space, no space after a colon) on the error's
    line or just above it, with the line it is on."""
    if "\\t" in problem or "tab" in problem:
        return HINT_TAB, line
    for number in (line, line - 1, line - 2):
        text = lines.line(number)
        indent = text[: len(text) - len(text.lstrip(" \t\u3000\xa0"))]
        if "\t" in indent:
            return HINT_TAB, number
        if "\u3000" in indent or "\xa0" in indent:
            return HINT_FULLWIDTH_SPACE, number
        match = key_like(text)
        if match:
            return slip_hint(match), number
    for number in (line, line - 1):
        if "\u3000" in lines.line(number):
            return HINT_FULLWIDTH_SPACE, number
    return None


def lint(text: str, display: str, *, skip: set[int | None]) -> Iterator[Problem]:
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
            match = key_like(line)
            if match and (match.group(1) in all_keys() or re.match(r"\s*\d", line[match.end() :])):
                yield Problem(display, number, match.start(1) + 1, "", *colon_slip(line, match))
