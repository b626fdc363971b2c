"""A facts file as ``validate`` and ``build`` use it: validated, its ``汇总`` rolled up
(:mod:`.rollup`), its ``上年度`` read (:mod:`.previous`), and the mandate's gates' warnings
(:mod:`.gates`) added to ``source.warnings``. :func:`load` is their one way in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from .errors import UserError
from .gates import findings
from .load import Source
from .model import ReportFacts
from .previous import previous_facts
from .validate import load_facts

if TYPE_CHECKING:
    from .rollup import Rollup


class Loaded(Struct):
    """A facts file as ``validate`` and ``build`` use it (see the module doc)."""

    facts: ReportFacts
    source: Source
    rollup: Rollup | None = None
    previous: ReportFacts | None = None
    #: Why 上年度 could not be used: ``build`` stops on it, ``validate`` leaves it to ``build``.
    previous_error: UserError | None = None


def load(
    path: Path, *, draft: bool = False, root: Path | None = None, text: str | None = None
) -> Loaded:
    """Validate ``path`` (or ``text``, its unsaved content), roll up its 汇总, read its 上年度,
    and add the gates' warnings; the files it names stay inside ``root`` (default: its own
    folder; :mod:`.confine`)."""
    facts, source = load_facts(path, draft=draft, root=root, text=text)
    loaded = Loaded(facts, source)
    if facts.rollup:
        from .rollup import roll_up  # start-up: only a county file reads its units' files

        loaded.rollup = roll_up(facts, source, draft=draft, root=root)
    if facts.previous:
        try:
            loaded.previous = previous_facts(facts, path, root)
        except UserError as exc:
            loaded.previous_error = exc
    source.warnings.extend(p.warning() for p in findings(facts, source, loaded.previous))
    return loaded
