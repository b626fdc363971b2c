"""Staged and temporary files never outlive the run that wrote them, and OS errors name the file
the user asked for (issue 21).

A batch writes each report under a hidden staged name (``.~fazhi-…``) and renames it into place.
A run killed outright (``kill -9``) cannot remove them: the next build into the same folder does,
before it starts — never those of a batch still running — so a website upload never publishes one.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fazhi_report import writing
from fazhi_report.errors import OutputError
from fazhi_report.writing import atomic_write

from .conftest import EXAMPLES, Invoke
from .support import write_facts

CLI = [sys.executable, "-m", "fazhi_report"]
STAGED = ".~"


def _reports(folder: Path, count: int) -> Path:
    folder.mkdir()
    text = (EXAMPLES / "official-2024.yaml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("上年度"))
    for i in range(count):
        (folder / f"{i:03d}.yaml").write_text(
            text.replace("青山镇", f"青山{i:03d}镇"), encoding="utf-8"
        )
    return folder


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(STAGED))


def _killed_mid_batch(reports: Path, dist: Path) -> list[str]:
    """Start a batch and SIGKILL it (with its workers) while it has staged files; what it left."""
    command = [*CLI, "build", str(reports), "-o", str(dist), "-f", "docx,html", "-j", "2"]
    proc = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if dist.is_dir() and _leftovers(dist):
                os.killpg(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.002)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    time.sleep(0.2)  # the workers, orphaned, are reaped
    return _leftovers(dist) if dist.is_dir() else []


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_a_rebuild_after_kill_9_leaves_no_staged_file(tmp_path: Path) -> None:
    reports = _reports(tmp_path / "reports", 80)
    dist = tmp_path / "dist"
    left: list[str] = []
    for _ in range(5):  # the kill must land while files are staged; it nearly always does at once
        left = _killed_mid_batch(reports, dist)
        if left:
            break
    assert left, "the batch was never caught with a staged file"
    done = subprocess.run(
        [*CLI, "build", str(reports), "-o", str(dist), "-f", "docx,html", "-j", "2"],
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert _leftovers(dist) == []
    index = (dist / "index.html").read_text(encoding="utf-8")
    assert ".~" not in index and index.count("<tr>") == 80 + 1


def _stale_name(pid: int, machine: str | None = None) -> str:
    return f".~fazhi-{machine or writing._machine()}-{pid}-0123abcd-0.docx"


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def test_only_files_of_dead_runs_are_stale(tmp_path: Path) -> None:
    dead = tmp_path / _stale_name(_dead_pid())
    alive = tmp_path / _stale_name(os.getppid())  # pytest's parent runs
    mine = tmp_path / _stale_name(os.getpid())
    elsewhere = tmp_path / _stale_name(_dead_pid(), machine="ffff")  # another PC on a share
    old = tmp_path / _stale_name(os.getppid(), machine="fffe")
    report = tmp_path / "报告.docx"
    other = tmp_path / ".~lock.报告.docx#"  # LibreOffice's lock file: not ours
    for path in (dead, alive, mine, elsewhere, old, report, other):
        path.write_bytes(b"x")
    two_days = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days, two_days))
    assert sorted(writing.remove_stale(tmp_path)) == sorted([dead, old])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (alive, mine, elsewhere, report, other)
    )


def test_a_build_removes_stale_files_before_it_starts(invoke: Invoke, tmp_path: Path) -> None:
    facts = write_facts(tmp_path)
    stale = tmp_path / _stale_name(_dead_pid())
    temp = tmp_path / f".~fazhi-{writing._machine()}-{_dead_pid()}-报告x1y2.tmp"
    for path in (stale, temp):
        path.write_bytes(b"half a report")
    code, _, err = invoke("build", facts)
    assert code == 0, err
    assert _leftovers(tmp_path) == []


def test_a_title_that_looks_staged_is_not_hidden(invoke: Invoke, tmp_path: Path) -> None:
    facts = write_facts(tmp_path, "标题: .~fazhi-1-2-3\n")
    code, _, err = invoke("build", facts, "-f", "html")
    assert code == 0, err
    assert [p.name for p in tmp_path.glob("*.html")] == ["~fazhi-1-2-3.html"]


# --- OS errors: in Chinese, naming the user's file --------------------------------------------


def _limited(size: int) -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="POSIX file size limit")
@pytest.mark.parametrize("files", [1, 2], ids=["one report", "a batch"])
def test_a_file_too_large_names_the_report_not_the_staged_file(tmp_path: Path, files: int) -> None:
    """A real EFBIG: the process may write no file above 4 KB (a FAT32 stick says the same)."""
    reports = _reports(tmp_path / "reports", files)
    done = subprocess.run(
        [*CLI, "build", str(reports), "-o", str(tmp_path / "dist"), "-j", "1"],
        capture_output=True,
        preexec_fn=lambda: _limited(4096),
        timeout=120,
        check=False,
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1
    assert "文件太大，超过了该磁盘或文件系统允许的大小" in err
    assert "青山000镇人民政府关于2024年度法治政府建设情况的报告.docx" in err
    assert ".~fazhi" not in err and "File too large" not in err and "内部错误" not in err
    assert _leftovers(tmp_path / "dist") == []


@pytest.mark.parametrize(
    ("code", "reason", "hint"),
    [
        (errno.ENOSPC, "磁盘空间不足", "请清理磁盘空间"),
        (errno.EFBIG, "文件太大", "FAT32"),
        (errno.EROFS, "该位置是只读的", "可以写入的文件夹"),
        (errno.EACCES, "文件被占用或没有写入权限", "Word/WPS"),
        (errno.ENAMETOOLONG, "文件名或路径太长", "路径短一些"),
    ],
)
def test_every_os_error_is_chinese_and_names_the_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str, hint: str
) -> None:
    staged = tmp_path / ".~fazhi-abcd-1-0123abcd-0.docx"
    final = tmp_path / "报告.docx"

    def fail(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OutputError) as caught:
        atomic_write(staged, b"x", shown=final)
    text = caught.value.render()
    assert text.startswith(f"无法写入 {final}：{reason}")
    assert hint in text and ".~fazhi" not in text
    assert _leftovers(tmp_path) == []


def test_a_rename_that_fails_in_a_batch_is_said_in_chinese(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.yaml", "b.yaml"):
        write_facts(tmp_path, f"标题: {name}报告\n", name=name)
    real = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("a.yaml报告.docx"):
            raise OSError(errno.ENAMETOOLONG, "File name too long")
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, out, err = invoke("build", tmp_path, "-j", "1")
    assert code == 1
    text = out + err
    assert "无法写入" in text and "a.yaml报告.docx：文件名或路径太长" in text
    assert "File name too long" not in text and "Word/WPS" not in text
    assert _leftovers(tmp_path) == []
