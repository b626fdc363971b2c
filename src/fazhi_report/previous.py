"""``上年度``: the facts file of the year before, which 同比, the data table and the gates use."""

from __future__ import annotations

from pathlib import Path

from .errors import FactsError, UserError
from .model import ReportFacts
from .validate import load_facts, previous_file


def previous_facts(facts: ReportFacts, path: Path, root: Path | None = None) -> ReportFacts:
    """The facts ``上年度`` names (relative to ``path``), which must be of the year before.

    The file must stay inside ``root`` (default: ``path``'s folder) and be a facts file
    (:func:`validate.previous_file`); one that is not is named, never read.
    """
    assert facts.previous is not None
    target, refusal = previous_file(path, facts.previous, root)
    if refusal is not None:
        raise UserError(*refusal)
    try:
        before, _ = load_facts(target.resolve(), draft=True, root=root)
    except FactsError as exc:
        raise UserError(
            f"“上年度”指向的文件 {facts.previous} 有误：\n" + exc.render(),
            hint="请先修正上一年度的事实文件，或删去“上年度”。",
        ) from None
    if before.year != facts.year - 1:
        raise UserError(
            f"“上年度”文件 {facts.previous} 的年度是 {before.year}，不是 {facts.year - 1}",
            hint="请指向上一年度的事实文件。",
        )
    return before
