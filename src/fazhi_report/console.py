"""The installed command's first module: the collector is tuned before anything is imported.

Importing the stack allocates objects by the hundred thousand, and CPython's collector walks the
young ones every 700 allocations and everything older every 7,000: ~3 % of a build's
instructions (callgrind). What the interpreter made at start-up is frozen out of its sight, and a
collection comes every 100,000 allocations instead, which still bounds memory in the long runs
(``edit``, a large import or batch). A library caller's collector is left as it is.
"""

import gc

gc.freeze()
gc.set_threshold(100_000, 50, 100)

from .cli.program import entry  # noqa: E402  (after the collector is tuned, on purpose)


def run() -> None:
    entry()
