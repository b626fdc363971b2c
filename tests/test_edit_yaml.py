"""The editor writes the form's values back into the facts file's own text: only the edited lines
change, comments and order stay, and every value reads back through the project's loader exactly
as the clerk typed it."""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi_report.edit.yamldoc import YamlDoc, merge
from fazhi_report.load import parse_text

from .conftest import EXAMPLES, example_files

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "fazhi_report" / "sample.yaml"


def _changes(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) of a line diff."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [d[1:] for d in diff if d.startswith("-") and not d.startswith("---")]
    added = [d[1:] for d in diff if d.startswith("+") and not d.startswith("+++")]
    return removed, added


def _edited(path: Path, edit: Any) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    doc = YamlDoc(text, path)
    data = copy.deepcopy(doc.data())
    edit(data)
    return text, doc.render(data)


@pytest.mark.parametrize("path", [*example_files(), SAMPLE], ids=lambda p: p.name)
def test_every_example_reads_as_the_loader_reads_it_and_comes_back_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = YamlDoc(text, path)
    assert doc.data() == parse_text(text, path).data
    assert doc.render(doc.data()) == text


def test_a_changed_value_changes_its_line_only() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["主要举措"][1]["条目"][0]["标题"] = "严格落实合法性审查"

    before, after = _edited(EXAMPLES / "official-2024.yaml", edit)
    assert _changes(before, after) == (
        ["      - 标题: 严格合法性审查"],
        ["      - 标题: 严格落实合法性审查"],
    )


def test_a_value_with_a_comment_keeps_the_comment() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["单位"] = "白沙镇人民政府"

    before, after = _edited(SAMPLE, edit)
    assert _changes(before, after) == (
        ["单位: 青山镇人民政府            # 单位全称"],
        ["单位: 白沙镇人民政府            # 单位全称"],
    )


def test_a_new_figure_goes_under_the_last_one_above_the_blank_line() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["数据"]["新建调解室"] = "3个"

    before, after = _edited(EXAMPLES / "official-2024.yaml", edit)
    assert _changes(before, after) == ([], ["  新建调解室: 3个"])
    lines = after.splitlines()
    at = lines.index("  新建调解室: 3个")
    assert lines[at - 1] == "  负责人出庭应诉: 1次" and lines[at + 1] == ""


def test_a_new_key_goes_where_the_model_puts_it() -> None:
    def edit(data: dict[str, Any]) -> None:
        items = list(data.items())
        items.insert(1, ("简称", "青山镇"))
        data.clear()
        data.update(items)

    before, after = _edited(EXAMPLES / "official-2024.yaml", edit)
    assert _changes(before, after) == ([], ["简称: 青山镇"])
    assert after.splitlines()[3] == "简称: 青山镇"  # after the comments and 单位


def test_moving_a_section_moves_its_lines_and_nothing_else() -> None:
    def edit(data: dict[str, Any]) -> None:
        sections = data["主要举措"]
        sections[0], sections[1] = sections[1], sections[0]

    before, after = _edited(EXAMPLES / "official-2024.yaml", edit)
    assert sorted(before.splitlines()) == sorted(after.splitlines())
    removed, added = _changes(before, after)
    assert sorted(removed) == sorted(added) and len(removed) == 6


def test_removing_a_list_item_removes_its_lines() -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["计划"][1]["举措"][0]

    before, after = _edited(EXAMPLES / "official-2024.yaml", edit)
    assert _changes(before, after) == (["      - 开展执法人员全员轮训，提升综合执法能力"], [])


def test_text_the_loader_would_read_otherwise_is_quoted() -> None:
    """The loader reads plain ``null`` as nothing and ``a: b`` as a mapping: such text is quoted."""

    def edit(data: dict[str, Any]) -> None:
        data["单位"] = "null"
        data["主送"] = "县委: 县政府"
        data["年度"] = "2025"

    before, after = _edited(EXAMPLES / "official-2024.yaml", edit)
    _removed, added = _changes(before, after)
    assert added == ["单位: 'null'", "年度: 2025", "主送: '县委: 县政府'"]
    data = parse_text(after, Path("x.yaml")).data
    assert (data["单位"], data["主送"], data["年度"]) == ("null", "县委: 县政府", "2025")


#: A clerk's odd spacing that ruamel would re-space: it stays wherever the clerk did not edit.
ODD = """---
# 手工编写
单位:    青山镇人民政府
年度: 2024
成文日期: "2025-02-20"
抄送: [甲,  乙]
数据: {调解矛盾纠纷: 12起,调解成功: 10起}
主要举措:
- 标题: 一
  条目:
  - 标题: x
问题:
    -   标题: 四空格
        表现: 'y'
"""


def test_a_file_ruamel_would_respace_keeps_its_spacing_outside_the_edit(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(ODD, encoding="utf-8")

    def edit(data: dict[str, Any]) -> None:
        data["年度"] = "2025"
        data["抄送"][1] = "丙"

    before, after = _edited(path, edit)
    assert _changes(before, after) == (
        ["年度: 2024", "抄送: [甲,  乙]"],
        ["年度: 2025", "抄送: [甲, 丙]"],
    )


def test_an_edit_inside_a_reindented_block_rewrites_that_block_only(tmp_path: Path) -> None:
    """Four-space lists are re-indented by ruamel; an edit inside one takes the block as ruamel
    writes it (mixing the two indentations would change the facts), the rest stays as typed."""
    path = tmp_path / "odd.yaml"
    path.write_text(ODD, encoding="utf-8")

    def edit(data: dict[str, Any]) -> None:
        data["问题"][0]["表现"] = "z"

    before, after = _edited(path, edit)
    assert _changes(before, after) == (
        ["    -   标题: 四空格", "        表现: 'y'"],
        ["- 标题: 四空格", "  表现: 'z'"],  # the file's first list sets the indentation
    )
    assert parse_text(after, path).data["问题"] == [{"标题": "四空格", "表现": "z"}]


def test_merge_takes_the_edit_where_ruamel_and_the_clerk_agree() -> None:
    assert merge("a\n", "a\n", "b\n") == "b\n"
    assert merge("x:  1\ny: 2\n", "x: 1\ny: 2\n", "x: 1\ny: 3\n") == "x:  1\ny: 3\n"


#: Text a clerk may type into a field: any printable characters, YAML's indicators included.
TYPED = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn"), blacklist_characters="\ufeff"
    ),
    min_size=1,
    max_size=40,
)


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(unit=TYPED, name=TYPED.map(str.strip).filter(bool), value=TYPED, paragraph=TYPED)
def test_whatever_is_typed_reads_back_exactly(
    unit: str, name: str, value: str, paragraph: str
) -> None:
    """Values read back exactly; what the loader refuses (a name with a full-width colon in it, a
    bidi control anywhere) it refuses with its own message at that field, as validate would refuse
    the file, and nothing else in the file changes."""
    path = EXAMPLES / "official-2024.yaml"
    doc = YamlDoc(path.read_text(encoding="utf-8"), path)
    data = copy.deepcopy(doc.data())
    data["单位"] = unit
    data["数据"][name] = value
    data["主要举措"][0]["条目"][0]["内容"] = paragraph
    source = parse_text(doc.render(data), path)
    got, said = copy.deepcopy(source.data), [p.path for p in source.problems]

    def refused(where: str) -> bool:
        return any(p == where or p.startswith((f"{where}.", f"{where}[")) for p in said)

    if name not in got["数据"]:
        assert refused("数据"), "a 数据 name was lost without a message"
        del data["数据"][name]
        respelled = set(got["数据"]) - set(data["数据"])
        assert len(respelled) <= 1, respelled  # the refused name itself, if kept at all
        for key in respelled:
            del got["数据"][key]
    elif got["数据"][name] != value:
        assert refused(f"数据.{name}"), "a 数据 value read back differently without a message"
        got["数据"][name] = value
    if got["单位"] != unit:
        assert refused("单位"), "单位 read back differently without a message"
        got["单位"] = unit
    item = got["主要举措"][0]["条目"][0]
    if item["内容"] != paragraph:
        assert refused("主要举措[1].条目[1].内容"), "内容 read back differently without a message"
        item["内容"] = paragraph
    assert got == data


def test_a_name_the_loader_refuses_gets_its_message() -> None:
    path = EXAMPLES / "official-2024.yaml"
    doc = YamlDoc(path.read_text(encoding="utf-8"), path)
    data = copy.deepcopy(doc.data())
    data["数据"]["调解：纠纷"] = "3起"
    source = parse_text(doc.render(data), path)
    assert [p.message for p in source.problems] == [
        "这一行的“调解：纠纷”被 YAML 整个读成了一个键：其中的冒号是全角的“：”或后面跟了全角空格"
    ]


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("unit", "白沙\u202e镇"),
        ("value", "12\u202e次"),
        ("paragraph", "文字\u2066方向"),
        ("name", "调解\u202e"),
    ],
)
def test_a_bidi_control_typed_anywhere_is_refused_at_its_field(field: str, typed: str) -> None:
    """A bidi control is refused wherever it is typed (it turns the text around on screen and in
    file names): the property above must hold for it, not only for the name it was written for."""
    given = {"unit": "白沙镇", "name": "调解案件", "value": "12次", "paragraph": "正文。"}
    test_whatever_is_typed_reads_back_exactly.hypothesis.inner_test(**{**given, field: typed})  # type: ignore[attr-defined]
