"""Paths in facts files and templates stay in their folder tree (issue 21).

``上年度``, ``汇总`` and ``模板`` lead only inside the facts file's folder (or ``--root``), and a
template's files only inside the template's folder, after every ``..`` and symbolic link is
resolved. A refused path is named; not a byte of the file it leads to reaches the terminal, the
summary or a report. ``汇总`` refuses a disk's root and a home folder without walking them, and a
file that vanishes while a folder is walked is a warning.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from fazhi_report import rollup
from fazhi_report.load import discover, expand

from .conftest import Invoke
from .support import MINIMAL, write_facts

#: What the files outside hold; it must never be seen.
SECRET = "SECRET-7f3a9c"
#: A file outside the facts' folder that reads like a facts file with problems, so that reading it
#: would quote it (未知的键 “…”).
SECRET_FACTS = f"单位: 青山镇人民政府\n年度: 2023\n成文日期: 2024-02-20\n{SECRET}: {SECRET}\n"
REFUSED = "在允许读取的文件夹"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the clerk's, holding files they must not reach."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.yaml").write_text(SECRET_FACTS, encoding="utf-8")
    (folder / "passwd").write_text(f"root:x:0:0:{SECRET}:/root:/bin/sh\n", encoding="utf-8")
    return folder


@pytest.fixture
def clerk(tmp_path: Path) -> Path:
    folder = tmp_path / "clerk"
    folder.mkdir()
    return folder


def _nothing_leaks(*texts: str, folder: Path | None = None) -> None:
    assert not [t for t in texts if SECRET in t]
    if folder is not None:
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert SECRET.encode() not in path.read_bytes(), path


# --- 上年度 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "previous",
    ["../outside/secret.yaml", "../outside/passwd", "ABSOLUTE", "link.yaml"],
    ids=["traversal", "traversal to a non-YAML file", "absolute", "symlink"],
)
@pytest.mark.parametrize("command", ["validate", "build"])
def test_previous_outside_is_refused_unread(
    invoke: Invoke, clerk: Path, outside: Path, previous: str, command: str
) -> None:
    (clerk / "link.yaml").symlink_to(outside / "secret.yaml")
    written = str(outside / "secret.yaml") if previous == "ABSOLUTE" else previous
    facts = write_facts(clerk, f"上年度: {written}\n")
    code, out, err = invoke(command, facts)
    assert code == 1
    assert f"f.yaml:4:6  上年度  “{written}”{REFUSED} {clerk.resolve()} 之外" in err
    assert (
        "提示：事实文件中写的路径只能指向该文件所在的文件夹（或命令行 --root 指定的文件夹）之内"
        in err
    )
    _nothing_leaks(out, err, folder=clerk)


def test_a_previous_file_that_is_not_a_facts_file_is_not_read(invoke: Invoke, clerk: Path) -> None:
    (clerk / "notes.yaml").write_text(f"password: {SECRET}\n", encoding="utf-8")
    code, out, err = invoke("validate", write_facts(clerk, "上年度: notes.yaml\n"))
    assert code == 1
    assert "上年度“notes.yaml”不是事实文件（开头写有“单位”“年度”的 .yaml 文件），不予读取" in err
    _nothing_leaks(out, err)


def test_a_draft_does_not_quote_last_year_from_outside(
    invoke: Invoke, clerk: Path, outside: Path
) -> None:
    """``【待更新】`` quotes last year's value at the same place: never from outside the root."""
    (outside / "secret.yaml").write_text(
        f"单位: 青山镇人民政府\n年度: 2023\n成文日期: 2024-02-20\n数据:\n  调解矛盾纠纷: {SECRET}\n",
        encoding="utf-8",
    )
    facts = write_facts(
        clerk, "上年度: ../outside/secret.yaml\n数据:\n  调解矛盾纠纷: 【待更新】\n"
    )
    code, out, err = invoke("validate", facts)
    assert code == 1 and REFUSED in err
    _nothing_leaks(out, err)


def test_the_summary_names_the_refused_file_and_quotes_nothing(
    invoke: Invoke, clerk: Path, outside: Path, tmp_path: Path
) -> None:
    write_facts(clerk, "上年度: ../outside/secret.yaml\n")
    for fmt in ("xlsx", "csv", "html"):
        code, out, err = invoke("summary", clerk, "-o", tmp_path / f"汇总.{fmt}")
        assert code == 1 and REFUSED in err
        _nothing_leaks(out, err)
        assert SECRET.encode() not in (tmp_path / f"汇总.{fmt}").read_bytes()


def test_root_widens_where_previous_may_lead(invoke: Invoke, tmp_path: Path) -> None:
    for year in ("2023", "2024"):
        (tmp_path / year).mkdir()
    (tmp_path / "2023" / "a.yaml").write_text(
        "单位: 青山镇人民政府\n年度: 2023\n成文日期: 2024-02-20\n", encoding="utf-8"
    )
    facts = write_facts(tmp_path / "2024", "上年度: ../2023/a.yaml\n")
    code, _, err = invoke("validate", facts)
    assert code == 1 and REFUSED in err
    code, _, err = invoke("validate", facts, "--root", tmp_path)
    assert code == 0, err
    code, _, err = invoke("validate", facts, "--root", tmp_path / "nowhere")
    assert code == 1 and f"--root 指定的 {tmp_path / 'nowhere'} 不是文件夹" in err


# --- 汇总 ------------------------------------------------------------------------------------------

UNIT = "单位: 甲镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n数据:\n  调解矛盾纠纷: 12起\n"


def _county(folder: Path, entry: str) -> Path:
    path = folder / "county.yaml"
    path.write_text(
        f"单位: 临川县人民政府\n年度: 2024\n成文日期: 2025-02-27\n汇总: {entry}\n"
        "主要举措:\n  - 标题: 调解\n    内容: 共调解{调解矛盾纠纷}。\n",
        encoding="utf-8",
    )
    return path


def _units(folder: Path, count: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"u{i}.yaml").write_text(UNIT.replace("甲镇", f"甲{i}镇"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("entry", ["../outside/", "units-link/", "units/"])
def test_rollup_outside_is_refused_unread(
    invoke: Invoke, clerk: Path, outside: Path, entry: str
) -> None:
    (outside / "unit.yaml").write_text(UNIT.replace("甲镇", SECRET), encoding="utf-8")
    (clerk / "units-link").symlink_to(outside, target_is_directory=True)
    _units(clerk / "units")
    (clerk / "units" / "linked.yaml").symlink_to(outside / "unit.yaml")  # one unit leads out
    code, out, err = invoke("build", _county(clerk, entry), "-o", clerk / "out.docx")
    assert code == 1
    assert "汇总" in err and REFUSED in err
    assert "linked.yaml" in err if entry == "units/" else f"“{entry}”{REFUSED}" in err
    assert not (clerk / "out.docx").exists()
    _nothing_leaks(out, err, folder=clerk)


def test_rollup_of_a_disk_root_is_refused_without_a_walk(invoke: Invoke, clerk: Path) -> None:
    start = time.perf_counter()
    code, _, err = invoke("validate", _county(clerk, "/"))
    assert code == 1 and f"“/”{REFUSED}" not in err  # said for what it is
    assert "汇总的“/”是文件系统的根文件夹，不是各单位事实文件所在的文件夹，不予读取" in err
    code, _, err = invoke("validate", _county(clerk, "/"), "--root", "/")
    assert code == 1 and "是文件系统的根文件夹" in err
    assert time.perf_counter() - start < 20  # walking / took 26 s


def test_rollup_of_a_home_folder_is_refused(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    _units(home / "units")
    monkeypatch.setenv("HOME", str(home))
    code, _, err = invoke("validate", _county(home, "./"))
    assert code == 1
    assert "汇总的“./”是用户的主文件夹，不是各单位事实文件所在的文件夹，不予读取" in err


def test_rollup_of_a_folder_with_too_many_entries_is_refused(
    invoke: Invoke, clerk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rollup, "MAX_ENTRIES", 5)
    _units(clerk / "units", 6)
    code, _, err = invoke("validate", _county(clerk, "units/"))
    assert code == 1
    assert (
        "汇总的“units/”中的文件和文件夹超过 5 个，不像是各单位事实文件所在的文件夹，不予汇总" in err
    )


def _vanishing(folder: Path, real: Callable[..., object]) -> Callable[..., object]:
    """os.scandir that removes ``folder`` just before it is listed (a share being reorganised)."""

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == folder and folder.exists():
            for child in folder.iterdir():
                child.unlink()
            folder.rmdir()
        return real(path)

    return scandir


@pytest.fixture
def moving(clerk: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """units/ with two unit files and a subfolder moved away while units/ is walked."""
    _units(clerk / "units")
    _units(clerk / "units" / "moved", 1)
    monkeypatch.setattr(os, "scandir", _vanishing(clerk / "units" / "moved", os.scandir))
    return clerk / "units"


def test_a_folder_that_vanishes_during_the_walk_is_a_warning(
    invoke: Invoke, clerk: Path, moving: Path
) -> None:
    code, _, err = invoke("build", _county(clerk, "units/"), "-o", clerk / "out.docx")
    assert code == 0, err
    assert "内部错误" not in err
    assert "汇总时有 1 个文件或文件夹在读取时已不存在（可能正在移动或删除），未计入：" in err
    assert (clerk / "out.docx").exists()


def test_a_file_that_vanishes_before_it_is_read_is_gone_not_a_failure(
    clerk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = _units(clerk / "units", 3)
    real_open = Path.open

    def vanishing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "u1.yaml" and self.exists():
            self.unlink()
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", vanishing_open)
    found = expand([units])
    assert [p.name for p in found.files] == ["u0.yaml", "u2.yaml"]
    assert [p.name for p in found.gone] == ["u1.yaml"]
    assert discover.looks_like_facts(units / "u1.yaml")  # named on a command line: build says why


def test_a_folder_given_on_the_command_line_that_loses_a_file_is_told(
    invoke: Invoke, moving: Path
) -> None:
    code, _, err = invoke("validate", moving)
    assert code == 0, err
    assert "注意：1 个文件或文件夹在读取时已不存在（可能正在移动或删除），未处理：" in err


# --- templates ------------------------------------------------------------------------------------


def _template(folder: Path, body: str = "{% include 'part.md.j2' %}\n") -> Path:
    folder.mkdir()
    (folder / "report.md.j2").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize("linked", ["part.md.j2", "report.md.j2", "template.yaml"])
def test_a_template_file_linked_out_of_its_folder_is_refused_unread(
    invoke: Invoke, clerk: Path, outside: Path, linked: str
) -> None:
    (outside / "leak.md.j2").write_text(f"## 一节\n\n{SECRET}。\n", encoding="utf-8")
    (outside / "leak.yaml").write_text(f"{SECRET}: {SECRET}\n", encoding="utf-8")
    template = _template(clerk / "tpl", "正文\n")
    (template / "part.md.j2").write_text("## 一节\n\n正文。\n", encoding="utf-8")
    (template / "report.md.j2").write_text("{% include 'part.md.j2' %}\n", encoding="utf-8")
    (template / linked).unlink(missing_ok=True)
    (template / linked).symlink_to(
        outside / ("leak.yaml" if linked.endswith("yaml") else "leak.md.j2")
    )
    facts = write_facts(clerk)
    code, out, err = invoke("build", facts, "-t", template, "-f", "md", "-o", clerk / "out.md")
    assert code == 1
    assert f"{linked} 指向模板文件夹之外（实际位置 {outside.resolve()}" in err and "不予读取" in err
    assert not (clerk / "out.md").exists()
    _nothing_leaks(out, err, folder=clerk)


def test_a_template_named_in_the_facts_stays_in_the_root(
    invoke: Invoke, tmp_path: Path, clerk: Path
) -> None:
    _template(tmp_path / "shared", "## 一节\n\n正文。\n")
    facts = clerk / "f.yaml"
    facts.write_text(MINIMAL + "模板: ../shared\n", encoding="utf-8")
    code, _, err = invoke("validate", facts)
    assert code == 1 and f"“../shared”{REFUSED} {clerk.resolve()} 之外" in err
    code, _, err = invoke("validate", facts, "--root", tmp_path)
    assert code == 0, err
