"""Atomic writes: a report appears whole or not at all; a failure never damages an existing one and
leaves no temporary file — not on an error, not on Ctrl-C, not on SIGTERM."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi_report import writing
from fazhi_report.errors import OutputError
from fazhi_report.writing import atomic_write

from .conftest import EXAMPLES, Invoke

OLD = b"old report, must survive"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(writing.TEMP_PREFIX))


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert _leftovers(tmp_path) == []


def test_missing_output_folders_are_created(tmp_path: Path) -> None:
    target = tmp_path / "dist" / "2024" / "r.docx"
    atomic_write(target, b"x")
    assert target.read_bytes() == b"x"


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "占用"),
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
        (OSError(errno.EROFS, "Read-only file system"), "只读"),
    ],
)
def test_failed_rename_keeps_the_old_report_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: OSError, words: str
) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(OLD)

    def fail(src: object, dst: object) -> None:
        raise exc

    monkeypatch.setattr(writing.os, "replace", fail)
    with pytest.raises(OutputError) as info:
        atomic_write(target, b"new")
    assert words in info.value.render()
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_file_open_in_word_gets_the_close_it_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(OLD)
    sharing = PermissionError(errno.EACCES, "The process cannot access the file")
    sharing.winerror = 32  # type: ignore[attr-defined]

    def fail(src: object, dst: object) -> None:
        raise sharing

    monkeypatch.setattr(writing.os, "replace", fail)
    with pytest.raises(OutputError) as info:
        atomic_write(target, b"new")
    text = info.value.render()
    assert "占用" in text and "Word" in text
    assert target.read_bytes() == OLD


def test_ctrl_c_during_the_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(OLD)

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writing.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


SIGTERM_CHILD = """
import os, signal, sys
from pathlib import Path
from fazhi_report import writing

def killed(fd):
    os.kill(os.getpid(), signal.SIGTERM)

writing.os.fsync = killed
writing.atomic_write(Path(sys.argv[1]), b"new")
print("survived")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM cannot be caught on Windows")
def test_sigterm_during_the_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(OLD)
    done = subprocess.run(
        [sys.executable, "-c", SIGTERM_CHILD, str(target)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGTERM, (done.returncode, done.stderr)
    assert "survived" not in done.stdout
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM cannot be caught on Windows")
def test_sigterm_handler_is_restored_after_a_write(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    atomic_write(tmp_path / "r.docx", b"x")
    assert signal.getsignal(signal.SIGTERM) == before


def test_output_path_that_is_a_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path, b"x")
    assert "文件夹" in info.value.render()


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "dist"
    blocker.write_bytes(b"")
    with pytest.raises(OutputError) as info:
        atomic_write(blocker / "sub" / "r.docx", b"x")
    assert f"{blocker} 是文件，不是文件夹" in info.value.render()


def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(writing.tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError) as info:
        atomic_write(tmp_path / "r.docx", b"x")
    assert "没有写入权限" in info.value.render()


def test_read_only_existing_report_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(OLD)
    monkeypatch.setattr(writing.os, "access", lambda path, mode: False)
    with pytest.raises(OutputError) as info:
        atomic_write(target, b"new")
    assert "只读" in info.value.render()
    assert target.read_bytes() == OLD


# --- through the command line ---------------------------------------------------------------


def _facts(tmp_path: Path) -> Path:
    facts = tmp_path / "2024.yaml"
    shutil.copy(EXAMPLES / "official-2024.yaml", facts)
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path / "official-2023.yaml")
    return facts


def test_failed_build_leaves_existing_report_unchanged(invoke: Invoke, tmp_path: Path) -> None:
    facts = _facts(tmp_path)
    out = tmp_path / "out" / "r.docx"
    out.parent.mkdir()
    out.write_bytes(OLD)
    facts.write_text(facts.read_text(encoding="utf-8") + "单位: 重复的键\n", encoding="utf-8")
    result = invoke("build", str(facts), "-o", str(out))
    assert result.exit_code == 1 and "重复" in result.stderr
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in out.parent.iterdir()) == ["r.docx"]


def test_crash_while_rendering_leaves_existing_report_unchanged(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = _facts(tmp_path)
    out = tmp_path / "out" / "r.docx"
    out.parent.mkdir()
    out.write_bytes(OLD)

    def broken(prepared: object, fmt: str) -> bytes:
        raise RuntimeError("writer bug")

    monkeypatch.setattr("fazhi_report.build.render_format", broken)
    result = invoke("build", str(facts), "-o", str(out))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert out.read_bytes() == OLD
    assert sorted(p.name for p in out.parent.iterdir()) == ["r.docx"]


def test_build_into_a_path_below_a_file_is_a_clear_error(invoke: Invoke, tmp_path: Path) -> None:
    facts = _facts(tmp_path)
    blocker = tmp_path / "dist"
    blocker.write_bytes(b"")
    result = invoke("build", str(facts), "-o", str(blocker / "r.docx"))
    assert result.exit_code == 1
    assert "不是文件夹" in result.stderr and "Traceback" not in result.output


def test_good_build_replaces_the_report_and_leaves_no_temp(invoke: Invoke, tmp_path: Path) -> None:
    facts = _facts(tmp_path)
    out = tmp_path / "out" / "r.docx"
    out.parent.mkdir()
    out.write_bytes(OLD)
    result = invoke("build", str(facts), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in out.parent.iterdir()) == ["r.docx"]
    assert not any(name.startswith((".~", "~$")) for name in os.listdir(tmp_path))


def test_written_files_get_the_users_default_permissions(tmp_path: Path) -> None:
    target = tmp_path / "r.docx"
    old = os.umask(0o022)
    writing._umask.cache_clear()
    try:
        atomic_write(target, b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~0o022 or os.name == "nt"


def test_a_batch_syncs_once_and_one_file_as_it_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many reports: written without a sync each, then one sync for the batch; one report: its
    own fsync, and no system-wide sync."""
    from fazhi_report import writing
    from fazhi_report.batch import build_options

    calls: list[str] = []
    monkeypatch.setattr(writing.os, "fsync", lambda fd: calls.append("fsync"))
    monkeypatch.setattr(writing.os, "sync", lambda: calls.append("sync"))
    writing.atomic_write(tmp_path / "a.txt", b"a", durable=False)
    assert calls == []
    writing.sync_all()
    assert calls == ["sync"]
    writing.atomic_write(tmp_path / "b.txt", b"b")
    assert calls == ["sync", "fsync"]
    one = build_options([tmp_path / "x.yaml"], ["docx"], output=None, template=None)
    many = build_options(
        [tmp_path / "x.yaml", tmp_path / "y.yaml"], ["docx"], output=None, template=None
    )
    assert one.sync_each and not many.sync_each
