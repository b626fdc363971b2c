from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_report.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


#: The county example: its report sums the unit files in 乡镇/ (``汇总``).
COUNTY_EXAMPLE = EXAMPLES / "county-2024" / "临川县.yaml"


def example_files() -> list[Path]:
    """The examples each test builds: those in examples/ and the county's own report (its units
    are built as part of the examples folder, tests/test_batch.py)."""
    return [*sorted(EXAMPLES.glob("*.yaml")), COUNTY_EXAMPLE]


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    """The one CliRunner of the suite: each ``invoke`` isolates its own streams and environment."""
    return CliRunner()


#: Runs the CLI: ``invoke("check", path)`` → exit code, stdout, stderr (never a traceback).
Invoke = Callable[..., tuple[int, str, str]]


@pytest.fixture
def invoke(runner: CliRunner) -> Invoke:
    def run(*args: str | Path) -> tuple[int, str, str]:
        result = runner.invoke(app, [str(a) for a in args])
        assert "Traceback" not in result.output
        return result.exit_code, result.stdout, result.stderr

    return run
