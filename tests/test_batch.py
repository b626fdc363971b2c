"""`fazhi-report build FOLDER`: many reports, a process pool, and one bad file never stops the rest."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from fazhi_report import batch, load
from fazhi_report.batch import work
from fazhi_report.cli.reporters import PlainReporter

from .conftest import Invoke

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FORMATS = ("docx", "html", "md")
BAD_FACTS = "单位: 青山镇人民政府\n年度: 二〇二四\n"


def _reports(tmp_path: Path, *, bad: bool = True) -> Path:
    """A county's folder: two good years of one township (2024 refers to 2023) and one bad file."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    if bad:
        (folder / "broken.yaml").write_text(BAD_FACTS, encoding="utf-8")
    return folder


Build = Callable[..., tuple[int, str]]


@pytest.fixture
def build(invoke: Invoke) -> Build:
    def run(*args: str | Path) -> tuple[int, str]:
        result = invoke("build", *map(str, args))
        return result.exit_code, result.output

    return run


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_bad_file_fails_the_batch_but_good_ones_are_built_in_every_format(
    build: Build, tmp_path: Path
) -> None:
    reports = _reports(tmp_path)
    dist = tmp_path / "dist"
    code, output = build(reports, "-o", dist, "--format", ",".join(FORMATS))
    assert code == 1, output
    built = _files(dist)
    for year in ("2023", "2024"):
        for fmt in FORMATS:
            assert any(year in name and name.endswith("." + fmt) for name in built), (
                year,
                fmt,
                built,
            )
    assert len(built) == 2 * len(FORMATS) + 1 and "index.html" in built  # the html list
    assert "broken.yaml" in output and "年度" in output  # the bad file's own problems are shown
    assert "3 个文件中有 1 个失败" in output


def test_summary_table_lists_every_file_with_status_outputs_and_time(
    build: Build, tmp_path: Path
) -> None:
    reports = _reports(tmp_path)
    code, output = build(reports, "-o", tmp_path / "dist", "--format", "md")
    assert code == 1
    table = output[output.index("文件") :]
    assert "状态" in table and "输出/错误" in table and "用时" in table
    rows = {line.split()[0]: line for line in table.splitlines() if line.startswith(str(reports))}
    assert len(rows) == 3
    assert "失败" in rows[str(reports / "broken.yaml")]
    assert "成功" in rows[str(reports / "official-2024.yaml")]
    assert ".md" in rows[str(reports / "official-2024.yaml")]
    assert all(line.rstrip().endswith("s") for line in rows.values())  # the time column
    assert "共 3 个文件：成功 2 个，失败 1 个" in output


def test_check_validates_everything_and_writes_nothing(build: Build, tmp_path: Path) -> None:
    reports = _reports(tmp_path, bad=False)
    before = _files(reports)
    dist = tmp_path / "dist"
    code, output = build(reports, "-o", dist, "--format", "docx,html,md", "--check")
    assert code == 0, output
    assert not dist.exists()
    assert _files(reports) == before
    assert "将生成" in output and "通过" in output


def test_check_fails_on_a_bad_file_without_writing(build: Build, tmp_path: Path) -> None:
    reports = _reports(tmp_path)
    code, output = build(reports, "-o", tmp_path / "dist", "--check")
    assert code == 1
    assert not (tmp_path / "dist").exists()
    assert "broken.yaml" in output


def test_jobs_2_builds_the_same_files_as_jobs_1(build: Build, tmp_path: Path) -> None:
    reports = _reports(tmp_path, bad=False)
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(reports, "-o", one, "--format", "html,md", "--jobs", "1")[0] == 0
    code, output = build(reports, "-o", two, "--format", "html,md", "--jobs", "2")
    assert code == 0, output
    assert "2 个进程" in output
    assert _files(one) == _files(two)
    for name in _files(one):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_pool_survives_a_worker_that_dies(
    build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed mid-report (out of memory, a crash) fails that file only."""
    if sys.platform != "linux":
        pytest.skip("the patched function reaches the workers only when they are forked")
    reports = _reports(tmp_path, bad=False)
    real = work.execute

    def dies_on_2023(index: int, path: Path, options: batch.Options) -> batch.Outcome:
        if path.name == "official-2023.yaml":
            os._exit(3)
        return real(index, path, options)

    monkeypatch.setattr(work, "execute", dies_on_2023)
    code, output = build(reports, "-o", tmp_path / "dist", "--format", "md", "--jobs", "2")
    assert code == 1
    assert "工作进程意外退出" in output
    built = _files(tmp_path / "dist")
    assert len(built) == 1 and "2024" in built[0], built


def test_same_title_twice_never_overwrites(build: Build, tmp_path: Path) -> None:
    reports = _reports(tmp_path, bad=False)
    shutil.copy(reports / "official-2024.yaml", reports / "copy-2024.yaml")
    dist = tmp_path / "dist"
    code, output = build(reports, "-o", dist, "--format", "md", "--jobs", "2")
    assert code == 0, output
    built = _files(dist)
    assert len(built) == 3, built
    # Input order decides: copy-2024.yaml sorts first and keeps the plain name.
    assert any(name.endswith("（official-2024）.md") for name in built)
    assert "标题相同" in output


def test_no_staged_files_are_left_behind(build: Build, tmp_path: Path) -> None:
    reports = _reports(tmp_path)
    dist = tmp_path / "dist"
    code, output = build(reports, "-o", dist, "--format", "html,md")
    assert code == 1, output  # broken.yaml fails; the other two are built
    assert not [n for n in _files(dist) if n.startswith(".")]


def test_one_file_keeps_the_simple_output(build: Build, tmp_path: Path) -> None:
    reports = _reports(tmp_path, bad=False)
    target = tmp_path / "out" / "report.md"
    code, output = build(reports / "official-2024.yaml", "-o", target, "--format", "md")
    assert code == 0, output
    assert target.is_file()
    assert output.strip() == f"已生成 {target}"


def test_one_bad_file_shows_its_problems_without_a_table(build: Build, tmp_path: Path) -> None:
    facts = tmp_path / "broken.yaml"
    facts.write_text(BAD_FACTS, encoding="utf-8")
    code, output = build(facts, "--format", "md")
    assert code == 1
    assert "错误：事实文件有" in output
    assert "状态" not in output


def test_output_file_with_many_inputs_is_a_usage_error(build: Build, tmp_path: Path) -> None:
    reports = _reports(tmp_path, bad=False)
    code, output = build(reports, "-o", tmp_path / "one.docx")
    assert code == 1
    assert "须是文件夹" in output


def test_unknown_format_is_refused(build: Build, tmp_path: Path) -> None:
    code, output = build(_reports(tmp_path), "--format", "docx,odt")
    assert code == 1
    assert "odt" in output


def test_folders_skip_hidden_ones_and_files_named_twice_build_once(tmp_path: Path) -> None:
    reports = _reports(tmp_path, bad=False)
    hidden = reports / ".github" / "workflows"
    hidden.mkdir(parents=True)
    (hidden / "ci.yml").write_text("on: push\n", encoding="utf-8")
    found = load.expand([reports, reports / "official-2024.yaml"]).files
    assert [p.name for p in found] == ["official-2023.yaml", "official-2024.yaml"]


def test_validate_many_files_reports_each(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", str(_reports(tmp_path)))
    assert result.exit_code == 1
    assert "broken.yaml" in result.output
    assert "共 3 个文件：成功 2 个，失败 1 个" in result.output


def test_chunks_bound_the_work_in_flight() -> None:
    files = [Path(f"{i}.yaml") for i in range(1000)]
    run = batch.Batch(files, batch.Options("validate"), 2, PlainReporter())
    chunks = list(run._chunks())
    assert all(len(c) <= batch.MAX_CHUNK for c in chunks)
    assert sum(len(c) for c in chunks) == 1000
    assert [i for c in chunks for i, _ in c] == list(range(1000))


@pytest.mark.slow
def test_the_examples_folder_builds_every_example_in_every_format(
    invoke: Invoke, tmp_path: Path
) -> None:
    """The issue's own command: other YAML in the folder (examples/ci/) is skipped, and said so."""
    dist = tmp_path / "dist"
    result = invoke(
        "build", str(EXAMPLES), "-o", str(dist), "--format", "docx,html,md", "--jobs", "2"
    )
    assert result.exit_code == 0, result.output
    assert (
        "跳过 2 个不含“单位”“年度”的 YAML 文件" in result.stderr
        and "github-actions.yml" in result.stderr
    )
    # Every facts file, the county example's units (examples/county-2024/乡镇/) too: they are
    # real units with reports of their own.
    examples = load.expand([EXAMPLES]).files
    assert any("乡镇" in p.parts for p in examples)
    for fmt in ("docx", "html", "md"):
        assert len(list(dist.glob(f"*.{fmt}"))) == len(examples) + (fmt == "html")


def test_a_facts_file_named_on_the_command_line_is_never_skipped(
    invoke: Invoke, tmp_path: Path
) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("名称: 不是事实\n", encoding="utf-8")
    assert not load.looks_like_facts(odd)
    result = invoke("validate", str(odd))
    assert result.exit_code == 1 and "缺少必填项" in result.stderr


def test_expand_returns_the_skipped_files_as_data(tmp_path: Path) -> None:
    reports = _reports(tmp_path, bad=False)
    (reports / "ci.yml").write_text("on: push\n", encoding="utf-8")
    found = load.expand([reports])
    assert [p.name for p in found.files] == ["official-2023.yaml", "official-2024.yaml"]
    assert found.skipped == (reports / "ci.yml",)


def test_a_bug_in_one_file_fails_that_file_with_how_to_retry(
    build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = _reports(tmp_path, bad=False)
    real = work.execute

    def bug_on_2023(index: int, path: Path, options: batch.Options) -> batch.Outcome:
        if path.name == "official-2023.yaml":
            raise RuntimeError("writer bug")
        return real(index, path, options)

    monkeypatch.setattr(work, "execute", bug_on_2023)
    code, output = build(reports, "-o", tmp_path / "dist", "--format", "md", "--jobs", "1")
    assert code == 1
    assert "内部错误：RuntimeError: writer bug" in output
    assert f"提示：请单独重新生成该文件以查看详情：fazhi-report --debug build {reports}" in output
    assert len(_files(tmp_path / "dist")) == 1


def test_the_collector_runs_rarely_at_start_up_and_as_usual_for_a_pooled_batch() -> None:
    """The installed command collects rarely while it imports; a pool (long work, in the parent
    and every worker) puts the thresholds it found back, as the editor's server does."""
    import gc

    from fazhi_report import collector

    before = gc.get_threshold()
    try:
        collector.collect_rarely()
        assert gc.get_threshold() == (100_000, 10, 10)
        collector.collect_as_usual()
        assert gc.get_threshold() == before
        collector.collect_as_usual()  # nothing to put back twice
        assert gc.get_threshold() == before
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
