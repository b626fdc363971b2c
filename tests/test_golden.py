"""Golden tests: each example's document tree, printed as plain text, equals tests/golden/<name>.txt.

Regenerate after an intended change with ``python scripts/regen_golden.py`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi_report.build import prepare

from .conftest import ROOT, example_files


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_document_tree_matches_golden(example: Path) -> None:
    golden = ROOT / "tests" / "golden" / f"{example.stem}.txt"
    assert golden.exists(), f"缺少 {golden.name}；运行 python scripts/regen_golden.py"
    assert str(prepare(example).document) == golden.read_text(encoding="utf-8")


def test_every_golden_file_has_an_example() -> None:
    stems = {p.stem for p in example_files()}
    orphans = [g.name for g in (ROOT / "tests" / "golden").glob("*.txt") if g.stem not in stems]
    assert not orphans
