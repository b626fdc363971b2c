"""Reproducible output: the same facts give the same bytes, whenever they are built.

CI rebuilds every report on every push; byte-identical files mean an unchanged report shows no
change in the artifacts or in git. Two builds are made more than a second apart, so a zip entry
time or a "created" date taken from the clock (zip times have two-second steps, core properties
one-second steps) cannot hide.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from .conftest import Invoke

pytestmark = [pytest.mark.slow]

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FORMATS = ("docx", "html", "md")


@pytest.fixture(scope="module")
def builds(invoke: Invoke, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Three builds of one report: ``first`` and ``again`` from the same facts, ``changed`` with one fact changed."""
    root = tmp_path_factory.mktemp("reproducible")
    facts = root / "facts"
    facts.mkdir()
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, facts)
    first = _build(invoke, facts / "official-2024.yaml", root / "first")
    time.sleep(2.1)  # past a zip timestamp's two-second step
    again = _build(invoke, facts / "official-2024.yaml", root / "again")
    _change_one_count(facts / "official-2024.yaml")
    changed = _build(invoke, facts / "official-2024.yaml", root / "changed")
    return {"first": first, "again": again, "changed": changed}


def _change_one_count(facts: Path) -> None:
    """Add one to the first count under 数据 (e.g. ``党委专题会议: 4次`` → ``5次``)."""
    text = facts.read_text(encoding="utf-8")
    changed, n = re.subn(
        r"(^数据:\n(?:[ \t]*#.*\n)*[ \t]+[^:\n]+:[ \t]*)(\d+)",
        lambda m: m.group(1) + str(int(m.group(2)) + 1),
        text,
        count=1,
        flags=re.MULTILINE,
    )
    assert n == 1, "the example has no count under 数据 to change"
    facts.write_text(changed, encoding="utf-8")


def _build(invoke: Invoke, facts: Path, out: Path) -> dict[str, bytes]:
    result = invoke("build", facts, "-o", out, "--format", ",".join(FORMATS))
    assert result.exit_code == 0, result.output
    files = {p.suffix.lstrip("."): p.read_bytes() for p in out.iterdir()}
    assert sorted(files) == sorted(FORMATS)
    return files


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_builds_seconds_apart_are_byte_identical(
    builds: dict[str, dict[str, bytes]], fmt: str
) -> None:
    assert builds["first"][fmt] == builds["again"][fmt]


@pytest.mark.parametrize("fmt", FORMATS)
def test_changing_one_fact_changes_the_bytes(builds: dict[str, dict[str, bytes]], fmt: str) -> None:
    assert builds["first"][fmt] != builds["changed"][fmt]
