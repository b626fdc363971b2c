"""Closed, full or broken standard output (issue 21): the command does its work and ends with a
clean exit code — never 内部错误. Each case runs the real entry point in a subprocess, with its
standard output closed (``>&-``), a full device (``> /dev/full``) or a pipe whose reader has gone
(``| head -c1``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")

#: Commands whose product is their standard output.
PRINTING = [("schema",), ("indicators",), ("templates", "show", "official")]
CLI = [sys.executable, "-m", "fazhi_report"]


def _run(args: list[str], stdout: int | None, cwd: Path | None = None) -> tuple[int, str]:
    """Exit code and standard error of ``fazhi-report args`` with ``stdout`` as its standard
    output (a file descriptor; None: closed before the program starts, as ``>&-`` does)."""
    done = subprocess.run(
        [*CLI, *args],
        stdout=stdout if stdout is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=(lambda: os.close(1)) if stdout is None else None,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stderr.decode("utf-8", "replace")


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_a_closed_stdout_is_no_error(args: tuple[str, ...]) -> None:
    """``fazhi-report schema >&-``: nothing to show it to, nothing went wrong."""
    code, err = _run([*args], None)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_a_full_stdout_is_said_in_chinese(args: tuple[str, ...]) -> None:
    fd = os.open("/dev/full", os.O_WRONLY)
    try:
        code, err = _run([*args], fd)
    finally:
        os.close(fd)
    assert code == 1
    assert err == (
        "错误：无法写出到标准输出（磁盘空间不足）：命令已经执行，但它的输出没有写出。\n"
        "  提示：请清理磁盘空间，或把输出重定向到别的位置。\n"
    )


@pytest.mark.parametrize("args", PRINTING, ids=" ".join)
def test_a_reader_that_has_gone_ends_the_run_quietly(args: tuple[str, ...]) -> None:
    """``fazhi-report schema | head -c1``: the reader had what it wanted."""
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte is written
    try:
        code, err = _run([*args], write)
    finally:
        os.close(write)
    assert (code, err) == (0, "")


def test_head_c1_in_a_shell(tmp_path: Path) -> None:
    """The same through a real shell pipeline, the way a clerk or a script types it."""
    shell = shutil.which("sh")
    assert shell is not None
    done = subprocess.run(
        [shell, "-c", f"'{sys.executable}' -m fazhi_report indicators --json | head -c1"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.stdout in (b"{", b"[")
    assert done.stderr.decode("utf-8", "replace") == ""


def test_a_build_into_a_full_stdout_writes_its_report_and_says_so(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path)
    shutil.copy(EXAMPLES / "official-2024.yaml", tmp_path)
    fd = os.open("/dev/full", os.O_WRONLY)
    try:
        code, err = _run(["build", "official-2024.yaml", "-o", "r.docx"], fd, cwd=tmp_path)
    finally:
        os.close(fd)
    assert (tmp_path / "r.docx").stat().st_size > 10_000
    assert code == 1
    assert "内部错误" not in err and "Traceback" not in err
    assert err.endswith(
        "错误：无法写出到标准输出（磁盘空间不足）：命令已经执行，但它的输出没有写出。\n"
        "  提示：请清理磁盘空间，或把输出重定向到别的位置。\n"
    )


def test_a_batch_into_a_closed_stdout_builds_every_report(tmp_path: Path) -> None:
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path)
    code, err = _run(["build", ".", "-o", "dist"], None, cwd=tmp_path)
    assert code == 0, err
    assert len(list((tmp_path / "dist").glob("*.docx"))) == 2
    assert "内部错误" not in err


def test_a_full_stderr_changes_no_result_it_cannot_show(tmp_path: Path) -> None:
    """Errors go to a full standard error: the run still fails with 1, and says nothing."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-30\n", encoding="utf-8")
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*CLI, "validate", str(bad)], stdout=subprocess.PIPE, stderr=full, timeout=120
        )
    assert done.returncode == 1
    assert done.stdout == b""
