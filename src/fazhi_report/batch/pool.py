"""The process pool: files in small chunks, signals left to the parent, and a file that kills its
worker isolated so that only it fails.

Files are cut into small chunks and only a few chunks are in flight at once, so 1000 reports
never mean 1000 futures, and memory stays bounded however many files there are.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..collector import collect_as_usual
from ..errors import describe
from .work import Options, Outcome, preload, retry_hint, run_chunk

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

#: A task is a chunk of at most ``MAX_CHUNK`` reports, and at most ``IN_FLIGHT`` tasks per worker
#: are queued. A report takes tens of milliseconds and a task's round trip well under one, so
#: chunks stay small: the last ones then end close together and no worker idles while another
#: finishes a long chunk.
MAX_CHUNK = 8
CHUNKS_PER_WORKER = 16
IN_FLIGHT = 2

Chunk = list[tuple[int, Path]]
Settle = Callable[[Iterable[Outcome]], None]


def default_jobs() -> int:
    """The CPUs this process may use (a CI container often gets fewer than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def chunk_size(files: int, jobs: int) -> int:
    return max(1, min(MAX_CHUNK, files // (jobs * CHUNKS_PER_WORKER)))


def run_pooled(
    chunks: Iterator[Chunk],
    options: Options,
    workers: int,
    settle: Settle,
    started: Callable[[], None],
) -> None:
    """Run every chunk in a pool of ``workers``, handing outcomes to ``settle`` as chunks end;
    ``started`` is called once every worker exists."""
    from concurrent.futures import FIRST_COMPLETED, wait

    running: dict[Future[list[Outcome]], Chunk] = {}
    pool = _make_pool(workers, options)
    first = True
    try:
        while True:
            while len(running) < workers * IN_FLIGHT and (chunk := next(chunks, None)):
                running[pool.submit(run_chunk, chunk, options)] = chunk
            if not running:
                break
            if first:
                # Only now: the first submit has forked every worker, so the progress bar's
                # thread never exists in a forked child.
                started()
                first = False
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            if any(_broken(f) for f in done):
                # A worker died (killed, out of memory, crashed): the pool is unusable and
                # every unfinished chunk is suspect. Find the culprit alone, go on with the rest.
                pool.shutdown(wait=True, cancel_futures=True)
                suspects = [item for f, c in running.items() if not _finished(f) for item in c]
                for future in [f for f in running if _finished(f)]:
                    settle(future.result())
                running.clear()
                _isolate(suspects, options, settle)
                pool = _make_pool(workers, options)
                continue
            for future in done:
                settle(_result(future, running.pop(future)))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolate(items: Sequence[tuple[int, Path]], options: Options, settle: Settle) -> None:
    """Run each file alone in a one-worker pool: only the file that kills a worker fails."""
    pool = _make_pool(1, options)
    try:
        for item in sorted(items):
            future = pool.submit(run_chunk, [item], options)
            settle(_result(future, [item]))
            if _broken(future):
                pool.shutdown(wait=True)
                pool = _make_pool(1, options)
    finally:
        pool.shutdown(wait=True)


def _result(future: Future[list[Outcome]], chunk: Sequence[tuple[int, Path]]) -> list[Outcome]:
    """A chunk's outcomes; if its worker died, a failure for each of its files."""
    try:
        return future.result()
    except Exception as exc:
        error = exc
    return [Outcome(i, path, 0.0, error=_failure(future, error, path)) for i, path in chunk]


def _failure(future: Future[list[Outcome]], exc: Exception, path: Path) -> str:
    if _broken(future):
        reason = "处理该文件的工作进程意外退出（可能是内存不足或程序崩溃）"
        return f"{reason}\n  提示：{retry_hint(path)}"
    return describe(exc, internal_hint=retry_hint(path))


def _finished(future: Future[list[Outcome]]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _broken(future: Future[list[Outcome]]) -> bool:
    from concurrent.futures.process import BrokenProcessPool

    return (
        future.done()
        and not future.cancelled()
        and isinstance(future.exception(), BrokenProcessPool)
    )


def _make_pool(workers: int, options: Options) -> ProcessPoolExecutor:
    """A pool whose workers leave Ctrl-C to the parent (which then shuts the pool down).

    On Linux, workers are forked: they start in milliseconds, with no interpreter start-up.
    The parent has no threads yet (the progress bar's thread starts after the first submit has
    forked every worker), so forking is safe; it imports what the workers need first
    (:func:`~fazhi_report.batch.work.preload`), so each worker starts with it. Elsewhere the
    platform's default (spawn).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform == "linux" else None
    collect_as_usual()  # a pooled batch is long work, in the parent and in every worker
    if method == "fork":
        preload(options)
    return ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method), initializer=_worker_signals
    )


def _worker_signals() -> None:
    """Ctrl-C is the parent's to handle; SIGTERM ends a worker plainly (it may be inherited)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """A cancelled CI job gets SIGTERM, a closed terminal SIGHUP: stop like Ctrl-C, so staged
    files are removed (SIGKILL cannot be caught: the next run removes what it leaves)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    caught = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {signum: signal.signal(signum, interrupt) for signum in caught}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
