"""Regenerate the golden document trees: ``python scripts/regen_golden.py``.

Every example in examples/ is a golden input; its document tree printed as plain text is stored in
tests/golden/<example>.txt. Run this after an intended change, then review the diff.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from fazhi_report.build import prepare  # noqa: E402


def golden_path(example: Path) -> Path:
    return ROOT / "tests" / "golden" / f"{example.stem}.txt"


def main() -> None:
    examples = ROOT / "examples"
    for example in [*sorted(examples.glob("*.yaml")), examples / "county-2024" / "临川县.yaml"]:
        text = str(prepare(example).document)
        target = golden_path(example)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old != text:
            target.write_text(text, encoding="utf-8")
            print(f"updated {target.relative_to(ROOT)}")
    print("golden trees are up to date")


if __name__ == "__main__":
    main()
