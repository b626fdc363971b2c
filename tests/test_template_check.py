"""``fazhi-report templates check``: a changed template is tried on real facts before it is used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fazhi_report.commands.templates import check_template, default_facts
from fazhi_report.load import expand
from fazhi_report.scaffold import export_template
from fazhi_report.templating import find_template, list_builtin

from .conftest import EXAMPLES, Invoke, example_files

EXAMPLE = EXAMPLES / "official-2024.yaml"


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    """The official template exported, with ``old`` replaced by ``new`` once."""
    folder = export_template("official", tmp_path / "我的模板")
    entry = folder / "report.md.j2"
    text = entry.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    entry.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def _line_of(folder: Path, needle: str) -> int:
    lines = (folder / "report.md.j2").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize("template", [t.name for t in list_builtin()])
def test_every_builtin_template_passes_on_every_example(invoke: Invoke, template: str) -> None:
    ran = invoke("templates", "check", template)
    code, output = ran.exit_code, ran.output
    assert code == 0, output
    assert output.count("✓") == len(default_facts()), output


def test_the_examples_are_the_default_facts() -> None:
    """Every example, the county's units included."""
    assert set(example_files()) < set(default_facts())
    assert default_facts() == list(expand([EXAMPLES]).files)


def test_an_empty_heading_fails_naming_the_template_line(invoke: Invoke, tmp_path: Path) -> None:
    folder = _edited(tmp_path, "{% block closing %}\n", "{% block closing %}\n## 附记\n\n")
    ran = invoke("templates", "check", folder, EXAMPLE)
    code, output = ran.exit_code, ran.output
    assert code == 1, output
    line = _line_of(folder, "## 附记")
    assert f"{folder / 'report.md.j2'}:{line}  标题“六、附记”下面没有内容" in output
    # A build of it still works, and says so.
    result = invoke("build", str(EXAMPLE), "-t", str(folder), "-o", str(tmp_path))
    assert result.exit_code == 0 and "下面没有内容" in result.output, result.output


def test_an_unknown_variable_fails_naming_the_template_line(invoke: Invoke, tmp_path: Path) -> None:
    folder = _edited(tmp_path, "### {{ 节.标题 }}", "### {{ 节.题目 }}")
    ran = invoke("templates", "check", folder, EXAMPLE)
    code, output = ran.exit_code, ran.output
    assert code == 1, output
    line = _line_of(folder, "节.题目")
    assert re.search(rf"report\.md\.j2:{line}  模板使用了不存在的变量：.*题目", output), output


def test_facts_the_template_never_uses_are_noted_with_their_place(
    invoke: Invoke, tmp_path: Path
) -> None:
    folder = _edited(tmp_path, "{% for 段 in 结语 %}\n{{ 段 }}\n\n{% endfor %}\n", "")
    facts = EXAMPLES / "shezhu-2023.yaml"  # the example with a 结语
    ran = invoke("templates", "check", folder, facts)
    code, output = ran.exit_code, ran.output
    assert code == 0, output  # a note, not an error: a template may leave a fact out
    lines = facts.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("结语"))
    assert re.search(
        rf"· {re.escape(str(facts))}:{line + 1}:\d+  结语  模板没有使用这项事实", output
    )
    assert "1 处提示" in output


def test_a_mandated_item_the_facts_have_but_the_template_drops_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "无第一责任人"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        '{% extends "builtin:official/report.md.j2" %}\n{% block duties %}{% endblock %}\n',
        encoding="utf-8",
    )
    report = check_template(find_template(str(folder)), [EXAMPLE])
    texts = [f.text for f in report.files[0].findings if f.error]
    assert texts == ["法定内容“第一责任人职责”没有印出（事实文件写了“第一责任人”）"]
    assert any("第一责任人  模板没有使用这项事实" in f.text for f in report.files[0].findings)


def test_a_heading_renamed_in_the_facts_that_the_template_lacks_is_noted(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    text = (EXAMPLES / "official-2023.yaml").read_text(encoding="utf-8")
    facts.write_text(text + "章节标题:\n  总结: 工作总结\n", encoding="utf-8")
    report = check_template(find_template("official"), [facts])
    notes = [f.text for f in report.files[0].findings]
    assert any("章节标题.总结  模板没有使用这项事实" in n for n in notes), notes


def test_bad_facts_and_slow_templates_are_errors_of_their_own_file(
    invoke: Invoke, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("单位: 青山镇人民政府\n年度: 二〇二四\n", encoding="utf-8")
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "report.md.j2").write_text(
        "{% for i in range(60000) %}{% set x = i * i %}{% endfor %}", encoding="utf-8"
    )
    ran = invoke("templates", "check", slow, bad, EXAMPLE, "--time-limit", "0.001")
    code, output = ran.exit_code, ran.output
    assert code == 1
    assert "事实文件有误，无法检查" in output
    assert "模板渲染超过时限（0.001 秒）" in output
    assert "共 2 处错误" in output
