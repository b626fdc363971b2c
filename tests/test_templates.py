"""Templates: found on a search path, sandboxed, and facts always printed as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi_report.build import prepare
from fazhi_report.errors import TemplateError
from fazhi_report.parse import parse_markdown
from fazhi_report.templating import find_template, md_escape, render
from fazhi_report.templating.rendering import join_points, sentence

from .support import write_facts

#: Facts for each section the official template prints only when the facts have it.
ALL_ITEMS = (
    "主要举措:\n  - 标题: 加强组织领导\n    内容: [成立领导小组。]\n"
    "第一责任人:\n  导语: [主要负责人履行第一责任人职责。]\n"
    "计划:\n  - 标题: 深化行政执法规范化建设\n"
)


def _template(folder: Path, body: str, meta: str = "") -> Path:
    folder.mkdir()
    (folder / "report.md.j2").write_text(body, encoding="utf-8")
    if meta:
        (folder / "template.yaml").write_text(meta, encoding="utf-8")
    return folder


def test_facts_are_data_never_templates_or_markdown(tmp_path: Path) -> None:
    extra = (
        "导语:\n"
        "  - '{{ 单位 }} 与 {% if x %} 原样印出'\n"
        "  - '# 不是标题 *不是强调* [不是链接](x) <b>不是HTML</b>'\n"
        "  - '1. 不是列表'\n"
    )
    text = str(prepare(write_facts(tmp_path, extra)).document)
    assert "[P] {{ 单位 }} 与 {% if x %} 原样印出" in text
    assert "[P] # 不是标题 *不是强调* [不是链接](x) <b>不是HTML</b>" in text
    assert "[P] 1. 不是列表" in text


def test_user_template_extends_builtin_and_overrides_one_block(tmp_path: Path) -> None:
    folder = _template(
        tmp_path / "tpl",
        '{% extends "builtin:official/report.md.j2" %}\n{% block other %}\n## 其他需要报告的情况\n\n本单位无。\n\n{% endblock %}\n',
    )
    text = str(prepare(write_facts(tmp_path, ALL_ITEMS), str(folder)).document)
    assert "[H1] 五、其他需要报告的情况\n[P] 本单位无。" in text
    assert "[H1] 一、2024年度推进法治政府建设的主要举措和成效" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("# 标题\n{{ 不存在 }}\n", "不存在的变量"),
        ("# 标题\n{% if %}\n", "模板语法错误"),
        ("# 标题\n{{ ''.__class__.__mro__ }}\n", "report.md.j2"),
    ],
)
def test_template_errors_name_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    folder = _template(tmp_path / "tpl", body)
    with pytest.raises(TemplateError) as caught:
        prepare(write_facts(tmp_path), str(folder))
    rendered = caught.value.render()
    assert message in rendered
    assert "report.md.j2:2" in rendered


def test_markdown_escape_round_trips_through_the_parser() -> None:
    text = r"a*b_c [d](e) #f 1. g \h `i` <j> |k| ~l~"
    parsed = parse_markdown(md_escape(text) + "\n")
    assert parsed.blocks[0].text == text  # type: ignore[union-attr]


def test_builtin_templates_are_found_by_name_and_official_is_the_default() -> None:
    assert find_template(None).name == "official"
    huanzhu = find_template("huanzhu")
    assert huanzhu.builtin and huanzhu.points_style == "第一"


def test_a_relative_template_folder_is_looked_for_in_each_base_in_turn(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    _template(second / "mine", "# 乙\n")
    found = find_template("mine", first, second)
    assert found.folder == second / "mine" and not found.builtin
    _template(first / "mine", "# 甲\n")
    assert find_template("mine", first, second).folder == first / "mine"


def test_unknown_templates_and_empty_folders_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="official、beishan、huanzhu、shezhu"):
        find_template("nope", tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(TemplateError, match=r"中没有 report\.md\.j2"):
        find_template("empty", tmp_path)


def test_points_are_joined_as_prose_in_either_style() -> None:
    assert join_points(["甲", "乙。"]) == "一是甲。二是乙。"
    assert join_points(["甲", "乙"], "第一") == "第一，甲。第二，乙。"
    assert sentence("落实责任") == sentence("落实责任。") == "落实责任。"


def test_the_template_yaml_sets_the_points_style(tmp_path: Path) -> None:
    folder = _template(tmp_path / "tpl", "# 标题\n\n{{ 点 | 要点 }}\n", meta="要点风格: 第一\n")
    info = find_template(str(folder))
    assert render(info, {"点": ["甲", "乙"]}) == "# 标题\n\n第一，甲。第二，乙。\n"


def test_section_titles_can_be_renamed_in_the_facts(tmp_path: Path) -> None:
    facts = write_facts(tmp_path, ALL_ITEMS + "章节标题:\n  计划: 2025年法治建设工作计划\n")
    headings = [h.text for h in prepare(facts).document.headings(1)]
    assert "2025年法治建设工作计划" in headings
    assert not any(h.endswith("年度推进法治政府建设的主要安排") for h in headings)
