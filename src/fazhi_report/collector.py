"""The garbage collector over a command's life: rare collections while it starts, the usual ones
for long work.

Importing the stack allocates objects by the hundred thousand, and CPython's collector walks the
young ones every 700 allocations and the older ones every 7,000: ~3 % of a build's instructions
(callgrind). :func:`collect_rarely` (the installed command, before anything is imported) freezes
what the interpreter made and collects every 100,000 allocations instead. Long work puts the
usual thresholds back (:func:`collect_as_usual`): a batch's parent settles thousands of
outcomes, whose garbage at one collection per 100,000 allocations grew its memory fivefold, and
the editor serves for hours. A library caller's collector is never touched.
"""

from __future__ import annotations

import gc

_usual: tuple[int, int, int] | None = None


def collect_rarely() -> None:
    global _usual
    _usual = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(100_000, 10, 10)


def collect_as_usual() -> None:
    """The thresholds :func:`collect_rarely` found, back (nothing when it was not called)."""
    global _usual
    if _usual is not None:
        gc.set_threshold(*_usual)
        _usual = None
