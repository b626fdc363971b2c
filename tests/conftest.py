from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fazhi_report.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


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
