"""Atomic file writes: a report appears whole or not at all, and a failed build never damages an
existing one. Data goes to a temporary file in the target folder, then is renamed into place.

- The temporary file is removed whatever happens: an error, Ctrl-C (``KeyboardInterrupt``), or
  SIGTERM (a handler installed while the file exists removes it, then lets the signal act).
- A missing output folder is created (``-o dist/`` for a batch, ``-o 报告/2024.docx``); when it
  cannot be — a part of the path is a file, no permission, no such drive — the message says which
  folder and why. Creating it is the useful default: the tool names the report itself, so the
  folder is often new, and a typo in a folder name shows up at once in the ``已生成 …`` line.
- An existing read-only report is not replaced (on Windows the rename would fail anyway; on Linux
  it would succeed silently, so the check makes both behave alike).
- Every ``OSError`` becomes an :class:`OutputError` with a Chinese reason, naming the file the user
  asked for (a batch writes under a staged name first: ``shown``); the report open in Word
  (Windows refuses the rename) gets the hint to close it.
- Temporary and staged files are named ``.~fazhi-<machine>-<process>-…``: what a process killed
  outright (``kill -9``, a power cut) leaves behind is recognised as stale by the next run, which
  removes it (:func:`remove_stale`) — never a file of a process still running.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from .errors import OutputError
from .patterns import lazy

#: Prefix of temporary and staged files; ``.~`` hides them on Linux and sorts them away from the
#: reports, ``fazhi-`` says whose they are.
TEMP_PREFIX = ".~fazhi-"
TEMP_SUFFIX = ".tmp"
#: ``.~fazhi-<machine>-<process id>-``: who wrote a temporary or staged file.
_OWNED = lazy(r"\.~fazhi-([0-9a-f]{4})-(\d+)-")
#: A file of our naming older than this is stale whoever wrote it (another machine, on a share).
STALE_AFTER = 24 * 3600

_REASONS = {
    getattr(errno, name): text
    for name, text in (
        ("ENOSPC", "磁盘空间不足"),
        ("EDQUOT", "超出磁盘配额"),
        ("EROFS", "该位置是只读的（如光盘或只读共享）"),
        ("ENAMETOOLONG", "文件名或路径太长"),
        ("EFBIG", "文件太大，超过了该磁盘或文件系统允许的大小"),
        ("EACCES", "没有写入权限"),
        ("EPERM", "没有写入权限"),
        ("EBUSY", "文件被占用"),
        ("ENOENT", "路径不存在"),
        ("ENOTDIR", "路径中的某一部分不是文件夹"),
        ("EISDIR", "这是一个文件夹"),
        ("EINVAL", "文件名中有不允许的字符"),
        ("EXDEV", "无法跨磁盘移动文件"),
    )
    if hasattr(errno, name)
}
_BUSY_HINT = "如果该报告正在 Word/WPS 中打开，请先关闭后重试；也请检查文件夹的写入权限。"
_HINTS = {
    getattr(errno, name): text
    for name, text in (
        ("ENOSPC", "请清理磁盘空间，或用 -o 写到另一个磁盘。"),
        ("EDQUOT", "请清理您的文件，或用 -o 写到另一个位置。"),
        ("EFBIG", "请用 -o 写到另一个磁盘（FAT32 格式的 U 盘放不下 4 GB 以上的文件）。"),
        ("EROFS", "请用 -o 写到可以写入的文件夹。"),
        ("ENAMETOOLONG", "请用 -o 写到路径短一些的文件夹，或缩短报告标题。"),
    )
    if hasattr(errno, name)
}


def owner_tag() -> str:
    """``<machine>-<process id>``: names this process's temporary and staged files."""
    return f"{_machine()}-{os.getpid()}"


@functools.lru_cache(maxsize=1)
def _machine() -> str:
    # Four hex digits of the host name: two computers writing to one shared folder never take
    # each other's files for their own.
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]


def stale(path: Path, *, now: float | None = None) -> bool:
    """Whether ``path`` is a temporary or staged file left by a process that no longer runs."""
    found = _OWNED.match(path.name)
    if found is None:
        return False
    try:
        age = (now if now is not None else time.time()) - path.stat().st_mtime
    except OSError:
        return False
    if age > STALE_AFTER:
        return True
    machine, pid = found.group(1), int(found.group(2))
    return machine == _machine() and pid != os.getpid() and not _running(pid)


def _running(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there; only the age tells
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: it runs
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but not been reaped (Linux), as a killed batch's workers are."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary and staged files in ``folder`` that dead processes left behind."""
    removed = []
    try:
        names = [entry.name for entry in os.scandir(folder) if _OWNED.match(entry.name)]
    except OSError:
        return []
    for name in names:
        path = folder / name
        if stale(path):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def reason(exc: OSError) -> str:
    """A Chinese reason for an ``OSError`` (the system's own text if it is not a usual one)."""
    if getattr(exc, "winerror", None) in (32, 33):  # sharing / lock violation: open in Word
        return "文件被其他程序占用"
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc) or type(exc).__name__


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    # Reading the umask means setting it; done once, before any worker threads could race.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _give_default_mode(fd: int) -> None:
    """mkstemp creates 0600 files; a report must be readable like any file the user creates
    (a web server or another CI user publishes it)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o666 & ~_umask())


def output_error(path: Path, exc: OSError) -> OutputError:
    """The one translation of an ``OSError`` met while writing ``path``: a Chinese reason and a
    hint that fit the error (closing Word helps a locked file, not a full disk)."""
    busy = isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EBUSY)
    text = reason(exc)
    if busy and getattr(exc, "winerror", None) is None:
        text = "文件被占用或没有写入权限"
    return OutputError(path, text, _BUSY_HINT if busy else _HINTS.get(exc.errno or 0))


def atomic_write(
    path: Path, data: bytes, *, shown: Path | None = None, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` atomically; raise :class:`OutputError` with a Chinese reason.

    ``shown``: the file the user asked for, which messages name when ``path`` is a staged name
    (a batch writes ``.~fazhi-…`` first and renames it into place later). ``durable=False``: the
    caller makes the data durable later, for many files at once (:func:`sync_all`); where the
    system offers no such call, every file is synced as it is written.
    """
    path = Path(path)
    name = shown if shown is not None else path
    if path.is_dir():
        raise OutputError(
            name, "这是一个文件夹", "请用 -o 指定文件名，或指定一个文件夹让程序自动命名。"
        )
    folder = path.parent
    _ensure_folder(name, folder)
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(name, "已有同名文件且为只读", "请取消该文件的只读属性，或换一个文件名。")
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{owner_tag()}-{path.stem[:40]}", suffix=TEMP_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise OutputError(
            name, f"无法在文件夹 {folder} 中写入（{reason(exc)}）", "请检查该文件夹的写入权限。"
        ) from exc
    with removed_on_sigterm(Path(tmp)):
        try:
            _give_default_mode(fd)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                if durable or not hasattr(os, "sync"):
                    os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            if isinstance(exc, OSError):
                raise output_error(name, exc) from exc
            raise


def sync_all() -> None:
    """Make every file written with ``durable=False`` durable: one sync for a whole batch, instead
    of one per staged file (each file is still renamed into place whole; a power cut before this
    sync can leave the batch's newest reports empty or missing on disk, never half-written under
    their final names on file systems that order data before renames, as ext4 and NTFS do)."""
    if hasattr(os, "sync"):
        os.sync()


def _ensure_folder(path: Path, folder: Path) -> None:
    if folder.is_dir():
        return
    blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(
            path, f"{blocker} 是文件，不是文件夹", "请换一个输出位置，或删去与文件夹同名的文件。"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            path,
            f"无法创建文件夹 {folder}（{reason(exc)}）",
            "请检查路径是否写错，以及上级文件夹的写入权限。",
        ) from exc


@contextlib.contextmanager
def removed_on_sigterm(temp: Path) -> Iterator[None]:
    """While ``temp`` exists, SIGTERM first removes it, then takes its usual course.

    The handler does not raise into the interrupted code (a pool worker would catch that and
    live on): it deletes the file, puts the previous handler back and sends the signal again.
    Ctrl-C needs none of this: ``KeyboardInterrupt`` runs the clean-up in :func:`atomic_write`.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        with contextlib.suppress(OSError):
            temp.unlink()
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
        signal.raise_signal(signal.SIGTERM)

    try:
        previous = signal.signal(signal.SIGTERM, terminate)
    except (ValueError, OSError):  # not the main interpreter, or the platform refuses
        yield
        return
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGTERM) is terminate:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
