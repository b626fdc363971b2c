"""Stage 1, load: bytes on disk → plain data (dicts, lists, strings) with the position of every node.

Every scalar comes back as the exact text the clerk typed (a ``str``): YAML 1.1's implicit typing
(``012`` → 10, ``5.20`` → 5.2, ``on`` → True) never gets a chance to change a fact. The facts
model parses numbers, dates and quantities from that text itself.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import FactsError, InputFileError, Problem

Path_ = tuple[str | int, ...]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

FACTS_SHAPE_HINT = (
    "事实文件应是“键: 值”形式的 YAML 映射，例如：\n      单位: 青山镇人民政府\n      年度: 2024\n"
    "    可运行 `fazhi-report init 年度.yaml` 生成一份带注释的样例。"
)


@dataclass
class Source:
    """A loaded facts file: its data, where each part came from, and any warnings."""

    path: Path
    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

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
                return (None, None)
            probe = probe[:-1]

    def problem(self, path: Path_, message: str, hint: str | None = None, *, key: bool = False) -> Problem:
        line, col = self.locate(path, key=key)
        return Problem(self.display, line, col, format_path(path), message, hint)


def format_path(path: Path_) -> str:
    """``('主要举措', 0, '标题')`` → ``主要举措[1].标题`` (1-based, as a clerk counts)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out


def decode(raw: bytes, display: str) -> tuple[str, list[str]]:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030 with a warning."""
    warnings: list[str] = []
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), warnings
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), warnings
        except UnicodeDecodeError as exc:
            raise InputFileError(display, "UTF-16 编码损坏，无法读取") from exc
    if raw.startswith(b"PK\x03\x04"):
        raise InputFileError(
            display,
            "这是一个压缩包（可能是 .docx 文档），不是 YAML 事实文件",
            "请用文本编辑器打开 .yaml 文件；报告本身不能作为输入。",
        )
    if b"\x00" in raw:
        raise InputFileError(display, "文件含有二进制内容，不是文本文件", "请确认选择的是 .yaml 事实文件。")
    try:
        return raw.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            display,
            "无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）",
            "请在编辑器中用“另存为 → UTF-8”保存该文件。",
        ) from exc
    warnings.append(f"{display}：文件编码为 GBK/GB18030，已按该编码读取；建议另存为 UTF-8。")
    return text, warnings


def read_source(path: Path) -> Source:
    """Read and parse a facts file; raise :class:`InputFileError` or :class:`FactsError`."""
    display = str(path)
    if not path.exists():
        raise InputFileError(display, "文件不存在", "请检查文件名和路径是否正确。")
    if path.is_dir():
        raise InputFileError(display, "这是一个文件夹，不是事实文件")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputFileError(
                display, f"文件过大（{size} 字节，上限 {MAX_BYTES} 字节）", "事实文件通常只有几十 KB。"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(display, f"无法读取：{exc.strerror or exc}") from exc
    text, warnings = decode(raw, display)
    source = parse_text(text, path)
    source.warnings[:0] = warnings
    return source


def parse_text(text: str, path: Path) -> Source:
    """Parse YAML text into a :class:`Source` (positions recorded, every scalar a string)."""
    display = str(path)
    _check_structure(text, display)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise FactsError([_yaml_problem(display, exc, text)]) from exc
    except yaml.YAMLError as exc:
        raise FactsError([Problem(display, None, None, "", f"YAML 语法错误：{exc}")]) from exc
    if node is None:
        raise FactsError([Problem(display, 1, 1, "", "文件是空的（或只有注释）", FACTS_SHAPE_HINT)])
    if not isinstance(node, yaml.MappingNode):
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        kind = "列表" if isinstance(node, yaml.SequenceNode) else "单个值"
        raise FactsError([Problem(display, line, col, "", f"文件顶层是{kind}，不是“键: 值”映射", FACTS_SHAPE_HINT)])
    builder = _Builder(display)
    data = builder.build(node, ())
    if builder.problems:
        raise FactsError(builder.problems)
    assert isinstance(data, dict)
    return Source(path, data, builder.positions, builder.key_positions)


def _check_structure(text: str, display: str) -> None:
    """Bound nesting depth and alias use before composing, so hostile files fail fast."""
    depth = 0
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise FactsError(
                        [Problem(display, mark.line + 1, mark.column + 1, "", f"嵌套层数超过 {MAX_DEPTH} 层", "事实文件不需要这么深的层级，请检查缩进。")]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                mark = event.start_mark
                raise FactsError(
                    [Problem(display, mark.line + 1, mark.column + 1, "", "不支持 YAML 别名（*引用）", "请把内容直接写出来，事实文件中每个值只写一次。")]
                )
            elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                mark = event.start_mark
                raise FactsError(
                    [Problem(display, mark.line + 1, mark.column + 1, "", "不支持 YAML 锚点（&名称）", "请把内容直接写出来，事实文件中每个值只写一次。")]
                )
    except yaml.MarkedYAMLError as exc:
        raise FactsError([_yaml_problem(display, exc, text)]) from exc
    except yaml.YAMLError as exc:
        raise FactsError([Problem(display, None, None, "", f"YAML 语法错误：{exc}")]) from exc


def _yaml_problem(display: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    message = f"YAML 语法错误：{exc.problem or exc.context or ''}".rstrip("：")
    return Problem(display, line, col, "", message, _yaml_hint(text, line))


def _yaml_hint(text: str, line: int | None) -> str:
    lines = text.splitlines()
    nearby = lines[max(0, (line or 1) - 2) : (line or 1)] if lines else []
    joined = "\n".join(nearby)
    if "\t" in joined:
        return "检测到制表符（Tab）；YAML 缩进只能用空格。"
    if "：" in joined:
        return "检测到全角冒号“：”，YAML 的键后需用半角冒号加空格（例如“单位: 青山镇”）。"
    if "\u3000" in joined:
        return "检测到全角空格；YAML 缩进和冒号后只能用半角空格。"
    return "请检查这一行及上一行的缩进、冒号和引号是否成对。"


class _Builder:
    """Turn a composed YAML node into plain data, recording positions and duplicate keys."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.count = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise FactsError([Problem(self.display, None, None, "", f"文件内容过多（超过 {MAX_NODES} 个值）")])
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> str | None:
        if node.tag.startswith("tag:yaml.org,2002:") or node.tag == "!":
            if node.style is None and node.value in ("", "~", "null", "Null", "NULL"):
                return None
            return str(node.value)
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.problems.append(
            Problem(self.display, line, col, format_path(path), f"不支持 YAML 标签 {node.tag}", "事实文件只能写普通文字，请删除以 ! 开头的标签。")
        )
        return str(node.value)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            kline, kcol = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.display, kline, kcol, format_path(path), "键必须是文字", None))
                continue
            key = str(key_node.value).strip()
            if key.startswith("<<"):
                self.problems.append(Problem(self.display, kline, kcol, format_path(path), "不支持 YAML 合并键 <<"))
                continue
            child = (*path, key)
            if key in seen:
                self.problems.append(
                    Problem(
                        self.display,
                        kline,
                        kcol,
                        format_path(child),
                        f"键“{key}”重复（第 {seen[key]} 行已有）",
                        "同一层级的键只能出现一次；请合并两处内容或删除其一（重复的键不会被静默覆盖）。",
                    )
                )
                continue
            seen[key] = kline
            self.key_positions[child] = (kline, kcol)
            out[key] = self.build(value_node, child)
        return out
