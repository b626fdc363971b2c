"""The loader on its own: encodings, text kept as typed, positions, limits."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
import yaml

from fazhi_report.errors import FactsError, InputFileError
from fazhi_report.load import MAX_BYTES, MAX_DEPTH, decode, parse_text, read_source
from fazhi_report.load.slips import key_like
from fazhi_report.load.source import Lines, byte_position
from fazhi_report.validate import load_facts, validate_source

HEAD = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"


def _file(tmp_path: Path, data: str | bytes, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(HEAD.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + HEAD.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + HEAD.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + HEAD.encode("utf-16-be"), id="utf-16-be-bom"),
    ],
)
def test_unicode_encodings_read_without_warning(raw: bytes) -> None:
    text, warnings = decode(raw, "f.yaml")
    assert text == HEAD and warnings == []


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_gbk_is_read_with_a_warning(codec: str) -> None:
    raw = (HEAD + "导语: 坚持依法行政，推进法治政府建设\n").encode(codec)
    text, warnings = decode(raw, "f.yaml")
    assert "坚持依法行政" in text
    assert len(warnings) == 1 and "GBK" in warnings[0].message and "UTF-8" in warnings[0].message


def test_gb18030_only_characters_name_gb18030() -> None:
    raw = (HEAD + "导语: 坚持依法行政，推进法治政府建设𠀀\n").encode("gb18030")
    _, warnings = decode(raw, "f.yaml")
    assert "GB18030" in warnings[0].message


def test_gbk_warning_reaches_source_warnings(tmp_path: Path) -> None:
    facts, source = load_facts(_file(tmp_path, (HEAD + "导语: 依法行政\n").encode("gbk")))
    assert facts.intro == ["依法行政"]
    assert any("GBK" in w.render() for w in source.warnings)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"PK\x03\x04" + bytes(30), "压缩包"),
        (b"\xd0\xcf\x11\xe0" + bytes(30), "Office"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (bytes(range(256)), "二进制"),
        ("caf\xe9 r\xe9sum\xe9: na\xefve\n".encode("latin-1"), "编码"),
        (codecs.BOM_UTF32_BE + "a: b\n".encode("utf-32-be"), "UTF-32"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "UTF-16"),
    ],
)
def test_unreadable_bytes_are_a_clear_error(raw: bytes, words: str) -> None:
    with pytest.raises(InputFileError) as info:
        decode(raw, "f.yaml")
    assert words in info.value.render()


def test_missing_file_folder_and_size(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="不存在"):
        read_source(tmp_path / "nope.yaml")
    with pytest.raises(InputFileError, match="文件夹"):
        read_source(tmp_path)
    big = _file(tmp_path, HEAD + "导语: " + "x" * 600_000 + "\n")
    with pytest.raises(InputFileError, match="过大"):
        read_source(big)


# --- text kept as typed -----------------------------------------------------------------------


def test_yaml_1_1_implicit_typing_never_changes_a_value(tmp_path: Path) -> None:
    source = read_source(
        _file(
            tmp_path,
            "a: 012\nb: 5.20\nc: on\nd: 2024-02-30\ne: 1_000\nf: 0x1F\ng: 1e3\nh: .inf\ni: yes\n"
            "j: 12:30:00\nk: '~'\nl: ~\nm:\nn: null\no: !!str 007\n",
        )
    )
    assert source.data == {
        "a": "012",
        "b": "5.20",
        "c": "on",
        "d": "2024-02-30",
        "e": "1_000",
        "f": "0x1F",
        "g": "1e3",
        "h": ".inf",
        "i": "yes",
        "j": "12:30:00",
        "k": "~",
        "l": None,
        "m": None,
        "n": None,
        "o": "007",
    }


def test_quantities_keep_the_clerks_text(tmp_path: Path) -> None:
    facts, _ = load_facts(_file(tmp_path, HEAD + "数据:\n  比例: 5.20%\n  人数: 1,000人\n"))
    assert facts.data["比例"].text == "5.20%" and str(facts.data["人数"]) == "1,000人"


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    source = read_source(
        _file(tmp_path, HEAD + "主要举措:\n  - 标题: 加强领导\n    条目:\n      - 内容: x\n")
    )
    assert source.locate(("年度",)) == (2, 5)
    assert source.locate(("主要举措", 0, "标题")) == (5, 9)
    assert source.locate(("主要举措", 0, "标题"), key=True) == (5, 5)
    assert source.locate(("主要举措", 0, "条目", 0, "内容")) == (7, 13)
    # a path that does not exist is located at its nearest ancestor
    assert source.locate(("主要举措", 0, "要点")) == (5, 5)


def test_windows_line_endings_keep_line_numbers(tmp_path: Path) -> None:
    source = read_source(_file(tmp_path, HEAD.replace("\n", "\r\n") + "简称: 青山镇\r\n"))
    assert source.locate(("简称",)) == (4, 5)


def test_loader_problems_come_back_in_the_source(tmp_path: Path) -> None:
    source = read_source(_file(tmp_path, HEAD + "单位: 重复\n"))
    assert source.data["单位"] == "青山镇人民政府"
    assert [p.line for p in source.problems] == [4]
    # validation reports them with the model's (here: none)
    with pytest.raises(FactsError) as info:
        validate_source(source)
    assert info.value.problems == source.problems


def test_byte_position_counts_characters_on_the_line() -> None:
    raw = "单位: 青山镇\n导语: 依法".encode() + b"\xff" + "行政".encode()
    assert byte_position(raw, 0) == (1, 1)
    assert byte_position(raw, raw.index(b"\xff")) == (2, 7)  # 导语: 依法 is six characters
    assert byte_position(raw, len(raw)) == (2, 10)  # the bad byte counts as one


def test_an_undecodable_byte_and_an_oversized_file_are_located_alike(tmp_path: Path) -> None:
    """Both locate a byte offset with the one helper: line, and column in characters."""
    with pytest.raises(InputFileError) as broken:
        decode((HEAD + f"导语: {'依法行政' * 3}\n简称: 青山").encode() + b"\xff\n", "f.yaml")
    assert (broken.value.line, broken.value.column) == (5, 7)
    prefix = HEAD + "导语: "
    with pytest.raises(InputFileError) as big:
        read_source(_file(tmp_path, prefix + "x" * 600_000 + "\n"))
    assert big.value.line == 4
    assert big.value.column == MAX_BYTES - len(prefix.encode()) + len("导语: ") + 1


def test_lines_break_where_yaml_does() -> None:
    lines = Lines("a: 1\r\nb: 2\rc: 3\nd: 4")
    assert [lines.line(n) for n in range(0, 6)] == ["", "a: 1", "b: 2", "c: 3", "d: 4", ""]
    assert lines.at(0) == (1, 1) and lines.at(6) == (2, 1) and lines.at(13) == (3, 3)


@pytest.mark.parametrize(
    ("text", "key", "colon"),
    [
        ("单位：青山镇", "单位", "："),
        ("  - 标题:\u3000加强领导", "标题", ":\u3000"),
        ("  - 标题:加强领导", "标题", ":"),
        ("单位: 青山镇", None, None),
        ("9:30", None, None),
        ("网址:http://www.example.gov.cn", "网址", ":"),
        ("http://www.example.gov.cn", None, None),
        ("上年度:D:\\2023.yaml", "上年度", ":"),
        ("路径 D:\\2023.yaml", None, None),
    ],
)
def test_key_like_finds_the_three_colon_slips(
    text: str, key: str | None, colon: str | None
) -> None:
    match = key_like(text)
    found = (match.group(1), match.group(2)) if match else (None, None)
    assert found == (key, colon)


# --- hostile files ------------------------------------------------------------------------------


def test_yaml_parse_itself_does_not_recurse_or_hang_on_20000_levels() -> None:
    """Measured: the event parser is iterative; only the composer recurses, and we never use it."""
    text = "[" * 20_000 + "]" * 20_000
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                break
    assert depth == MAX_DEPTH + 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: " + "[" * 20_000 + "]" * 20_000, id="flow"),
        pytest.param("a: " + "{a: " * 20_000 + "}" * 20_000, id="flow-mapping"),
        pytest.param("- " * 20_000 + "x", id="block-sequence"),
        pytest.param("".join(" " * i + "a:\n" for i in range(300)), id="block-mapping"),
    ],
)
def test_deep_nesting_fails(text: str) -> None:
    """How fast: benchmarks/run.py (a time limit here would fail on a busy machine)."""
    with pytest.raises(FactsError) as info:
        parse_text(text, Path("deep.yaml"))
    assert "嵌套层数超过" in info.value.render()


def test_billion_laughs_is_refused_without_expanding() -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    source = parse_text("\n".join(lines) + "\n", Path("lol.yaml"))
    assert any("别名" in p.message for p in source.problems)
    assert source.data["i"] == [None] * 9  # aliases are never expanded


def test_python_tags_are_never_constructed() -> None:
    source = parse_text("a: !!python/object/apply:os.system [echo hi]\n", Path("t.yaml"))
    assert source.data["a"] == ["echo hi"]
    assert any("标签" in p.message for p in source.problems)


@pytest.mark.parametrize(
    "text",
    [
        "导语:\n  - {年度}年，青山镇扎实推进依法行政。\n",
        "导语: {年度}年，青山镇扎实推进依法行政。\n",
        "章节标题:\n  计划: {下一年度}年法治建设工作计划  # 随年度变化\n",
        "其他:\n  - {普法规划}\n",
    ],
)
def test_a_value_opening_with_a_reference_is_text_not_a_flow_mapping(text: str) -> None:
    """``- {年度}年，…`` is what a clerk means, though YAML would start a mapping at the brace
    (and fail on the rest, far from the brace): it reads as the text typed, at its place."""
    source = parse_text("单位: 青山镇人民政府\n" + text, Path("f.yaml"))
    assert source.problems == []
    (path, value), *_ = [(p, v) for p, v in source.raw.items() if p[0] != "单位"]
    assert value.startswith("{") and "\ue000" not in value
    line = 1 + next(n for n, t in enumerate(text.splitlines(), 1) if "{" in t)
    assert source.positions[path] == (line, text.splitlines()[line - 2].index("{") + 1)


def test_a_flow_mapping_stays_a_mapping() -> None:
    source = parse_text(
        "单位: 青山镇人民政府\n数据: {调解: 3起, 咨询: 5人次}\n其他: {}\n", Path("f.yaml")
    )
    assert source.data["数据"] == {"调解": "3起", "咨询": "5人次"} and source.data["其他"] == {}
