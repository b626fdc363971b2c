"""Everything the command line says about itself is Chinese: every ``--help`` page, the help it
shows when a command is missing, and the usage errors a clerk's typing can cause."""

from __future__ import annotations

import re
import shlex
import sys

import pytest
import typer
from typer.main import get_command

from fazhi_report.cli import app
from fazhi_report.cli.helptext import wrap
from fazhi_report.cli.program import main
from fazhi_report.columns import display_width

from .conftest import EXAMPLES, ROOT
from .support import parse_cli

#: What may stay Latin on a page: option names, file names and extensions, the program's and the
#: commands' names, the built-in templates' names, and names of formats and standards that have
#: no Chinese (GB/T, YAML, JSON Schema, CI, CPU, PDF/A).
ALLOWED = re.compile(
    r"--?[a-z][a-z-]*"
    r"|fazhi-report"
    r"|\S*\.(?:yaml|yml|docx|doc|wps|html|md|pdf|xlsx|csv|json)\b"
    r"|\b(?:docx|html|md|pdf)\b"
    r"|\b(?:official|huanzhu|beishan|shezhu)\b"
    r"|GB/T|\bYAML\b|\bJSON Schema\b|\bJSON\b|\bCI\b|\bCPU\b|\bPDF(?:/A-2b)?(?![\w/])"
)


def _command_paths() -> list[list[str]]:
    """[] and every command and subcommand, as the words that call it."""
    paths: list[list[str]] = []
    todo: list[tuple[list[str], typer.core.TyperGroup | typer.core.TyperCommand]] = [
        ([], get_command(app))
    ]
    while todo:
        path, command = todo.pop()
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items(), reverse=True):
            todo.append(([*path, name], sub))
    return paths


COMMANDS = _command_paths()
NAMES = {word for path in COMMANDS for word in path}


def _english(text: str) -> list[str]:
    """The Latin words of ``text`` a clerk would have to read."""
    left = ALLOWED.sub(" ", text)
    return [w for w in re.findall(r"[A-Za-z]{2,}", left) if w not in NAMES]


def _run(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """The installed entry point, in this process: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "argv", ["fazhi-report", *argv])
    monkeypatch.setenv("COLUMNS", "80")
    with pytest.raises(SystemExit) as exited:
        main()
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_every_command_is_reached() -> None:
    assert len(COMMANDS) >= 13  # the app, 8 commands, templates and its 4 subcommands
    assert ["templates", "check"] in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "fazhi-report")
def test_every_help_page_is_chinese(
    path: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = _run([*path, "--help"], capsys, monkeypatch)
    assert code == 0, err
    assert out.startswith(f"用法：fazhi-report {' '.join(path)}".rstrip()), out
    assert not _english(out), (_english(out), out)
    # Typer's own words, each of which a page used to show in English.
    for english in ("Usage", "Options", "Arguments", "Commands", "Show this message", "default:"):
        assert english not in out
    assert "显示本帮助并退出。" in out


@pytest.mark.parametrize("argv", [[], ["templates"]], ids=["fazhi-report", "templates"])
def test_help_shown_for_a_missing_command_is_chinese(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _run(argv, capsys, monkeypatch)
    assert code == 0
    assert out.startswith("用法：") and "命令：" in out
    assert not _english(out), out


def test_typer_s_notes_are_translated(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, build, _ = _run(["build", "--help"], capsys, monkeypatch)
    assert "用法：fazhi-report build [选项] {文件或文件夹}..." in build
    assert "［默认：docx］" in build and "［不小于 1］" in build and "［必填］" in build
    assert "-j, --jobs <整数>" in build and "-o, --output <路径>" in build
    _, check, _ = _run(["templates", "check", "--help"], capsys, monkeypatch)
    assert "［不小于 0.001］" in check


def test_help_columns_line_up_by_display_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chinese takes two columns: every help text of a list starts in the same column, and no
    line is wider than the page or starts with a closing mark."""
    _, out, _ = _run(["build", "--help"], capsys, monkeypatch)
    options = [
        line for line in out[out.index("选项：") : out.index("例：")].splitlines()[1:] if line
    ]
    starts = set()
    for line in options:
        assert display_width(line) <= 80, line
        assert line.strip()[:1] not in "，。、；：？！）］”", line
        row = re.match(r"^(  \S.*?) {2,}(?=\S)", line)  # an option and the start of its help
        if row is not None:
            starts.add(display_width(row.group()))
    assert len(starts) == 1, (starts, out)


def test_wrap_keeps_closing_marks_and_notes_with_their_text() -> None:
    lines = wrap("汇总各单位的事实文件：每个单位一行、每项数据一列，最后一行为合计。", 20)
    assert all(display_width(line) <= 20 for line in lines)
    assert not any(line[:1] in "，。、；：" for line in lines), lines
    assert "".join(lines) == "汇总各单位的事实文件：每个单位一行、每项数据一列，最后一行为合计。"
    assert wrap("输出格式。  ［默认：docx］", 12)[-1] == "［默认：docx］"


USAGE_ERRORS = [
    (["build"], "缺少参数 文件或文件夹"),
    (["frobnicate"], "没有“frobnicate”这个命令"),
    (["buld"], "没有“buld”这个命令；您是否想写 build？"),
    (["templates", "lst"], "没有“lst”这个命令；您是否想写 list？"),
    (["build", "x.yaml", "--bogus"], "没有 --bogus 这个选项"),
    (["build", "x.yaml", "--chek"], "没有 --chek 这个选项；您是否想写 --check"),
    (["build", "x.yaml", "--jobs", "0"], "参数 -j/--jobs 的值无效：应不小于 1"),
    (["build", "x.yaml", "--jobs", "abc"], "参数 -j/--jobs 的值无效：应为整数"),
    (["build", "x.yaml", "--jobs"], "选项 --jobs 后面需要一个值"),
    (["build", "x.yaml", "--draft=1"], "选项 --draft 后面不能带值"),
    (["init", "a.yaml", "b.yaml"], "多余的参数：b.yaml"),
    (["summary", "x.yaml"], "缺少选项 -o/--output"),
    (["templates", "show"], "缺少参数 模板"),
    (["templates", "export", "official"], "缺少参数 文件夹"),
    (
        ["templates", "check", "official", "--time-limit", "x"],
        "参数 --time-limit 的值无效：应为数字",
    ),
    (["templates", "check", "official", "--time-limit", "0"], "的值无效：应不小于 0.001"),
    (["check"], "缺少参数 报告"),
]


@pytest.mark.parametrize(
    ("argv", "message"), USAGE_ERRORS, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_usage_errors_are_chinese(
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(EXAMPLES)
    code, _, err = _run(argv, capsys, monkeypatch)
    assert code == 2
    assert err.startswith("错误：") and message in err, err
    typed = {w for arg in argv for w in re.findall(r"[A-Za-z]+", arg)}  # echoed back, as typed
    assert not [w for w in _english(err) if w not in typed], err


def test_the_installed_typer_is_one_the_pin_allows() -> None:
    """pyproject pins the typer versions whose help pages these tests put into Chinese (older
    ones write ``PATH``/``INTEGER RANGE``, found by the tests above on typer 0.26–0.28)."""
    import tomllib
    from importlib.metadata import version

    from packaging.requirements import Requirement

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [Requirement(r) for r in pyproject["project"]["dependencies"]]
    typer_pin = next(r for r in pins if r.name == "typer")
    assert str(typer_pin.specifier) == "<0.30,>=0.29"
    assert typer_pin.specifier.contains(version("typer"))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "fazhi-report")
def test_every_help_page_ends_with_examples_that_fit_80_columns(
    path: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One or two examples end each page, each on a line of its own (a command wrapped inside a
    file name breaks when copied), each a command the CLI accepts; no line is over 80 columns."""
    code, out, _ = _run([*path, "--help"], capsys, monkeypatch)
    assert code == 0
    lines = out.rstrip("\n").splitlines()
    assert [line for line in lines if display_width(line) > 80] == []
    examples = [line.strip() for line in lines[lines.index("例：") + 1 :]]
    assert 1 <= len(examples) <= 2, out
    for example in examples:
        assert example.startswith(" ".join(["fazhi-report", *path])), example
        if path:  # the top page's examples are those of init and build
            parse_cli(shlex.split(example)[1:])


@pytest.mark.parametrize("path", [p for p in COMMANDS if len(p) < 2], ids=lambda p: " ".join(p))
def test_the_list_of_commands_says_each_whole(
    path: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command's line in the list is its help's first paragraph, never cut off (“import...”)."""
    if not path or path == ["templates"]:
        _, out, _ = _run([*path, "--help"], capsys, monkeypatch)
        listed = out[out.index("命令：") : out.index("例：")]
        assert "..." not in listed and "…" not in listed, listed
        assert "把已有的报告（.docx、.doc、.wps 或文字稿）导入为事实文件。" in out or path


def test_init_names_its_file_by_the_year() -> None:
    command = get_command(app).commands["init"]  # type: ignore[attr-defined]
    assert command.params[0].default is None  # not facts.yaml: 年度.yaml, see test_scaffold
