"""The README stays true: its facts example validates, its error example is what the tool prints."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from pathlib import Path

import pytest

from fazhi_report import validate

from .conftest import ROOT, Invoke

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)


def _blocks(kind: str) -> list[str]:
    return [body for lang, body in BLOCK.findall(README) if lang == kind]


def _validate(invoke: Invoke, tmp_path: Path, text: str) -> tuple[int, str]:
    (tmp_path / "2024.yaml").write_text(text, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = invoke("validate", "2024.yaml")
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stderr


def test_the_facts_example_validates(invoke: Invoke, tmp_path: Path) -> None:
    example = _blocks("yaml")[0]
    assert example.startswith("单位: 青山镇人民政府")
    code, err = _validate(invoke, tmp_path, example)
    assert code == 0, err


def test_the_error_example_is_what_the_tool_prints(invoke: Invoke, tmp_path: Path) -> None:
    facts = next(block for block in _blocks("yaml") if "条木" in block)  # the section 出错时
    expected = _blocks("text")[0]
    code, err = _validate(invoke, tmp_path, facts)
    assert code == 1
    assert err == expected


def test_the_warning_example_is_what_the_tool_prints(invoke: Invoke, tmp_path: Path) -> None:
    """The facts example leaves out two mandated items: it validates, with those warnings."""
    code, err = _validate(invoke, tmp_path, _blocks("yaml")[0])
    assert code == 0
    assert err == _blocks("text")[1]


@pytest.mark.parametrize("day", [dt.date(2026, 1, 15), dt.date(2026, 6, 30), dt.date(2026, 12, 6)])
def test_the_first_commands_make_the_report_they_name_on_any_day(
    day: dt.date, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    """The standalone section's ``init 2025.yaml`` … ``build 2025.yaml``: 2025's report, whatever
    the date (init once wrote the year its clock proposed)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(validate, "clock", lambda: day)
    (commands,) = _blocks("bat")
    for line in commands.splitlines():
        code, _, err = invoke(*shlex.split(line)[1:])
        assert code == 0, (line, err)
    built = [p.name for p in tmp_path.glob("*.docx")]
    assert built == ["青山镇人民政府关于2025年度法治政府建设情况的报告.docx"]
