"""Standard output and error that may be closed, full or a broken pipe.

``fazhi-report schema >&-``, ``… > /dev/full``, ``… | head -c1``: the command still does its work
(a build writes its reports), and how it ends is decided once, after the work:

- a closed stream is a sink (``/dev/null`` on its descriptor, so no file the command opens later
  can take descriptor 1 or 2 and receive its output);
- a stream whose write fails is not written to again: its descriptor is pointed at ``/dev/null``
  (so the interpreter's own flush at exit cannot fail either), and the failure is remembered;
- at the end a broken pipe — the reader had what it wanted — ends the run quietly with the
  command's own exit code, as other command-line tools do; any other failure (a full disk) is
  said in Chinese on standard error (unless that is the one that failed) and the exit code is 1.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any, TextIO

from ..writing import reason

#: How messages name the two streams.
NAMES = {"stdout": "标准输出", "stderr": "标准错误输出"}
#: A reader that went away; on Windows a pipe closed at the other end reports EINVAL.
GONE = frozenset({errno.EPIPE, *((errno.EINVAL,) if os.name == "nt" else ())})


class Guarded:
    """A standard stream whose writes never raise: the first failure is kept in ``failure``."""

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self.name = name
        self.failure: OSError | None = None

    def write(self, text: str) -> int:
        if self.failure is None:
            try:
                return self._stream.write(text)
            except OSError as exc:
                self._failed(exc)
        return len(text)

    def flush(self) -> None:
        if self.failure is None:
            try:
                self._stream.flush()
            except OSError as exc:
                self._failed(exc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _failed(self, exc: OSError) -> None:
        self.failure = exc
        try:  # what is still buffered goes nowhere, without another error
            _to_null(self._stream.fileno())
            self._stream.flush()
        except (OSError, ValueError):
            pass

    @property
    def broken_pipe(self) -> bool:
        return isinstance(self.failure, BrokenPipeError) or (
            self.failure is not None and self.failure.errno in GONE
        )


def _to_null(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def guard() -> tuple[Guarded, Guarded]:
    """Guard sys.stdout and sys.stderr (see the module doc); :func:`restore` undoes it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:  # closed: a sink takes its place before any file can
            _to_null(fd)
    out = Guarded(sys.stdout or open(os.devnull, "w", encoding="utf-8"), "stdout")  # noqa: SIM115
    err = Guarded(sys.stderr or open(os.devnull, "w", encoding="utf-8"), "stderr")  # noqa: SIM115
    sys.stdout, sys.stderr = out, err
    return out, err


def settle(code: int, out: Guarded, err: Guarded) -> int:
    """The exit code once both streams are flushed; a stream that failed is said (if it can be)."""
    out.flush()
    err.flush()
    failed = [s for s in (out, err) if s.failure is not None and not s.broken_pipe]
    if not failed:
        return code
    if out in failed:  # said on standard error; never into the output itself
        assert out.failure is not None
        err.write(
            f"错误：无法写出到{NAMES[out.name]}（{reason(out.failure)}）："
            "命令已经执行，但它的输出没有写出。\n"
            "  提示：请清理磁盘空间，或把输出重定向到别的位置。\n"
        )
        err.flush()
    return 1


def restore(out: Guarded, err: Guarded) -> None:
    """Put the original streams back (a caller that runs main() in-process, like the tests)."""
    sys.stdout, sys.stderr = out._stream, err._stream
