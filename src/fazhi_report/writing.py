"""Atomic file writes: a report appears whole or not at all, and a failed build never damages an
existing one. Data goes to a temporary file in the target folder, then is renamed into place."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from .errors import OutputError


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; raise :class:`OutputError` with a Chinese reason."""
    folder = path.parent
    if path.is_dir():
        raise OutputError(path, "这是一个文件夹", "请用 -o 指定文件名，或指定一个文件夹让程序自动命名。")
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(path, f"无法创建文件夹 {folder}（{exc.strerror}）", "请检查路径和权限。") from exc
    elif not folder.is_dir():
        raise OutputError(path, f"{folder} 不是文件夹")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".~" + path.stem[:40], suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(path, f"文件夹不可写（{exc.strerror}）", "请检查该文件夹的写入权限。") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, PermissionError) or (isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EBUSY)):
            raise OutputError(
                path, "文件被占用或没有写入权限", "如果该报告正在 Word/WPS 中打开，请先关闭后重试。"
            ) from exc
        if isinstance(exc, OSError):
            raise OutputError(path, exc.strerror or str(exc)) from exc
        raise
