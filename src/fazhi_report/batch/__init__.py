"""Building, checking and validating facts files, and importing reports into facts files, one or
many: the engine behind ``build``, ``validate`` and ``import`` and the library's
:func:`build_file`. It prints nothing: it returns rows and the
files it skipped, tells a :class:`Reporter` what happens, and raises errors; the CLI shows them.

- :mod:`.work`: the batch's options and one file's work, written to staged names.
- :mod:`.pool`: the process pool, in small chunks, with signals left to the parent and a
  crashing file isolated.
- :mod:`.names`: final output names, so reports with the same title never overwrite each other.
- :mod:`.runner`: :class:`Batch`, which settles the outcomes in input order and moves the
  staged files into place (one write path for every caller), and :func:`build_file`.
"""

from __future__ import annotations

from .pool import MAX_CHUNK, default_jobs
from .runner import Batch, Index, Reporter, Row, build_file, quiet, raise_failures
from .work import Mode, Options, Outcome, build_options, import_options

__all__ = [
    "MAX_CHUNK",
    "Batch",
    "Index",
    "Mode",
    "Options",
    "Outcome",
    "Reporter",
    "Row",
    "build_file",
    "build_options",
    "default_jobs",
    "import_options",
    "quiet",
    "raise_failures",
]
