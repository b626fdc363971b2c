"""The command line, through typer's test runner (the invoke fixture): exit codes, Chinese messages, files written."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import docx
import pytest
import typer

from fazhi_report.build import prepare
from fazhi_report.enrich import MANDATED_ITEMS

from .conftest import EXAMPLES, Invoke, example_files


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_validate_accepts_every_example(invoke: Invoke, example: Path) -> None:
    code, out, err = invoke("validate", example)
    assert code == 0, err
    assert "✓" in out


def test_build_writes_report_named_by_title_next_to_facts(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "2024.yaml"
    shutil.copy(EXAMPLES / "official-2024.yaml", facts)
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path / "official-2023.yaml")
    code, out, err = invoke("build", facts)
    assert code == 0, err
    expected = tmp_path / "中共青山镇委员会 青山镇人民政府关于2024年度法治政府建设情况的报告.docx"
    assert expected.is_file(), out
    opened = docx.Document(str(expected))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "调解各类矛盾纠纷2300余起" in text


def test_build_from_another_working_directory(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "out" / "r.docx"
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, _, err = invoke("build", EXAMPLES / "official-2024.yaml", "-o", out)
    finally:
        os.chdir(cwd)
    assert code == 0, err
    assert out.is_file()


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_every_built_example_opens_with_python_docx(
    invoke: Invoke, example: Path, tmp_path: Path
) -> None:
    out = tmp_path / f"{example.stem}.docx"
    code, _, err = invoke("build", example, "-o", out)
    assert code == 0, err
    opened = docx.Document(str(out))
    texts = [p.text for p in opened.paragraphs if p.text.strip()]
    document = prepare(example).document
    header = document.red_header
    above = [*header.mark, header.number] if header else []  # the 版头 comes first
    assert [t for t in texts[: len(above)] if not any(a in t for a in above)] == []
    assert texts[len(above)].replace("\n", "") == document.title.replace("\n", "")
    assert document.date_text in texts


def test_official_top_headings_are_the_five_mandated_items() -> None:
    document = prepare(EXAMPLES / "official-2024.yaml").document
    tops = [h.text for h in document.headings(1)]
    assert len(tops) == 5
    keys = [
        "主要举措和成效",
        "存在的不足和原因",
        "第一责任人职责",
        "主要安排",
        "其他需要报告的情况",
    ]
    for heading, key, mandated in zip(tops, keys, MANDATED_ITEMS, strict=True):
        assert key in heading and key in mandated
    assert [h.number for h in document.headings(1)] == ["一、", "二、", "三、", "四、", "五、"]


def test_invalid_facts_exit_1_with_location_and_field(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-30\n主要举措:\n  - 题目: 错键\n",
        encoding="utf-8",
    )
    code, _, err = invoke("validate", bad)
    assert code == 1
    assert f"{bad}:3:7  成文日期  “2025-02-30”不是有效日期" in err
    assert f"{bad}:5:5  主要举措[1].题目  未知的键“题目”" in err
    assert "缺少必填项" in err  # 标题 is required too: every problem is listed at once


def test_build_bad_facts_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("单位: 青山镇人民政府\n年度: 二〇二四\n", encoding="utf-8")
    code, _, err = invoke("build", bad)
    assert code == 1
    assert "年度" in err and "四位年份" in err
    assert list(tmp_path.iterdir()) == [bad]


def test_init_output_validates_and_builds(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "2024.yaml"
    code, _out, _ = invoke("init", facts)
    assert code == 0 and facts.is_file()
    assert facts.read_text(encoding="utf-8").startswith("#")
    assert invoke("validate", facts).exit_code == 0
    code, _, err = invoke("build", facts, "-o", tmp_path / "r.docx")
    assert code == 0, err
    # init never overwrites silently
    code, _, err = invoke("init", facts)
    assert code == 1 and "已存在" in err


def test_init_from_last_year_moves_the_year_on(invoke: Invoke, tmp_path: Path) -> None:
    last = tmp_path / "2024.yaml"
    shutil.copy(EXAMPLES / "official-2024.yaml", last)
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path / "official-2023.yaml")
    new = tmp_path / "2025.yaml"
    code, _, err = invoke("init", new, "--from", last)
    assert code == 0, err
    text = new.read_text(encoding="utf-8")
    assert (
        "\n年度: 2025\n" in text
        and "\n成文日期: 2026-02-20\n" in text
        and "\n上年度: 2024.yaml\n" in text
    )


def test_templates_list_shows_four_with_descriptions(invoke: Invoke) -> None:
    code, out, _ = invoke("templates", "list")
    assert code == 0
    lines = [line for line in out.splitlines() if line.strip()]
    names = [line.split()[0] for line in lines]
    assert names[0] == "official"
    assert set(names) == {"official", "huanzhu", "beishan", "shezhu"}
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)


def test_templates_export_then_build_with_it(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "我的模板"
    assert invoke("templates", "export", "official", folder).exit_code == 0
    entry = folder / "report.md.j2"
    entry.write_text(
        entry.read_text(encoding="utf-8").replace("无其他需要报告的情况。", "本年度无其他事项。"),
        encoding="utf-8",
    )
    facts = tmp_path / "f.yaml"
    text = (EXAMPLES / "official-2024.yaml").read_text(encoding="utf-8")
    facts.write_text(
        text.replace("上年度: official-2023.yaml\n", "").split("\n其他:")[0] + "\n",
        encoding="utf-8",
    )
    document = prepare(facts, str(folder)).document
    assert "[P] 本年度无其他事项。" in str(document)


def test_schema_is_json_with_chinese_keys(invoke: Invoke) -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    schema = json.loads(out)
    assert {"单位", "年度", "成文日期", "数据", "主要举措"} <= set(schema["properties"])
    assert set(schema["required"]) == {"单位", "年度", "成文日期"}
    # Editors show these on hover: every object and every field is explained in Chinese.
    objects = [schema, *schema["$defs"].values()]
    assert all(re.search("[\u4e00-\u9fff]", o["description"]) for o in objects)
    fields = [f for o in objects for f in o["properties"].values()]
    assert all(re.search("[\u4e00-\u9fff]", f.get("description", "")) for f in fields)


def test_usage_errors_exit_2(invoke: Invoke) -> None:
    result = invoke("build")
    assert result.exit_code == 2
    result = invoke("frobnicate")
    assert result.exit_code == 2


def test_unknown_template_is_a_clear_error(invoke: Invoke, tmp_path: Path) -> None:
    code, _, err = invoke(
        "build", EXAMPLES / "official-2024.yaml", "-t", "nosuch", "-o", tmp_path / "x.docx"
    )
    assert code == 1
    assert "找不到模板“nosuch”" in err and "official" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build"], "错误：缺少参数 文件或文件夹"),
        (["frobnicate"], "错误：没有“frobnicate”这个命令"),
        (["build", "x.yaml", "--bogus"], "错误：没有 --bogus 这个选项"),
        (["build", "x.yaml", "--jobs", "0"], "的值无效：应不小于 1"),
    ],
)
def test_usage_errors_reach_the_user_in_chinese_with_exit_2(argv: list[str], message: str) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "fazhi_report", *argv], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert message in result.stderr and "--help` 查看用法" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_version_works_without_a_command() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "fazhi_report", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("fazhi-report ")


def test_empty_mandated_sections_are_warned_about_not_invented(
    invoke: Invoke, tmp_path: Path
) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n", encoding="utf-8")
    code, _, err = invoke("build", facts, "-o", tmp_path / "r.docx")
    assert code == 0
    keys = [line.split("  ")[:2] for line in err.splitlines()]  # texts: tests/test_gates.py
    assert keys == [
        [f"警告：{facts}:1:1", key]
        for key in ("主要举措", "问题", "第一责任人", "计划", "其他", "主送")
    ]
    code, _, err = invoke("build", EXAMPLES / "official-2024.yaml", "-o", tmp_path / "s.docx")
    assert code == 0 and "警告" not in err


def test_template_folders_resolve_where_a_user_expects(invoke: Invoke, tmp_path: Path) -> None:
    """--template is relative to the working folder (or the facts file's); 模板: to the facts file."""
    work, reports = tmp_path / "work", tmp_path / "reports"
    work.mkdir()
    reports.mkdir()
    assert invoke("templates", "export", "official", work / "我的模板").exit_code == 0
    assert invoke("templates", "export", "beishan", reports / "镇模板").exit_code == 0
    facts = reports / "2024.yaml"
    facts.write_text(
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n模板: 镇模板\n", encoding="utf-8"
    )
    cwd = os.getcwd()
    os.chdir(work)
    try:
        assert prepare(facts, "我的模板").template.folder == work / "我的模板"
        assert prepare(facts).template.folder == reports / "镇模板"
        code, _, err = invoke("build", facts, "-t", "我的模板", "-o", tmp_path / "r.docx")
    finally:
        os.chdir(cwd)
    assert code == 0, err


@pytest.mark.parametrize("encoding", ["gbk", "ascii"])
def test_a_narrow_console_encoding_never_ends_in_a_traceback(encoding: str) -> None:
    import subprocess
    import sys

    for argv, code in ((["validate", str(EXAMPLES / "official-2024.yaml")], 0), (["build"], 2)):
        result = subprocess.run(
            [sys.executable, "-m", "fazhi_report", *argv],
            capture_output=True,
            timeout=60,
            env={**os.environ, "PYTHONIOENCODING": encoding},
        )
        assert result.returncode == code
        assert b"Traceback" not in result.stdout + result.stderr


def test_a_run_builds_only_its_own_command() -> None:
    """typer prepares every registered command's options before it runs one: the app a run
    builds holds the command named, and the whole app stands in for anything else."""
    from fazhi_report.cli import app
    from fazhi_report.cli.program import for_command

    lean = for_command(["--debug", "build", "a.yaml", "-o", "out"])
    assert [c.name or c.callback.__name__ for c in lean.registered_commands] == ["build"]
    assert lean.registered_groups == [] and lean.registered_callback is app.registered_callback
    assert [g.name for g in for_command(["templates", "list"]).registered_groups] == ["templates"]
    assert for_command(["import", "x.docx"]).registered_commands[0].name == "import"
    from typer.main import get_command

    def page(of: typer.Typer) -> str:
        command = get_command(of)
        return command.get_help(command.make_context("fazhi-report", [], resilient_parsing=True))

    listing = for_command(["--help"])  # every command by name and help, none of their options
    assert page(listing) == page(app)
    assert [c.callback.__name__ for c in listing.registered_commands] == ["_listed_only"] * len(
        app.registered_commands
    )
    assert [g.name for g in listing.registered_groups] == ["templates"]
