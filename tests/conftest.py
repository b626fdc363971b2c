from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import configuration, settings
from hypothesis.database import DirectoryBasedExampleDatabase
from typer.testing import CliRunner

from fazhi_report.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# The suite leaves no cache in the work tree or the home folder: hypothesis's storage (examples,
# constants, Unicode tables), the Jinja bytecode cache and the XDG cache of the programs the tests
# start (LibreOffice's dconf) live in one temporary folder for the run; pytest's own cache is off
# (pyproject addopts).
_CACHES = Path(tempfile.mkdtemp(prefix="fazhi-report-tests-"))
os.environ["FAZHI_REPORT_CACHE"] = str(_CACHES / "jinja")
os.environ["XDG_CACHE_HOME"] = str(_CACHES / "xdg-cache")
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = str(_CACHES / "hypothesis")
configuration.set_hypothesis_home_dir(_CACHES / "hypothesis")
settings.register_profile(
    "fazhi-report", database=DirectoryBasedExampleDatabase(_CACHES / "hypothesis" / "examples")
)
settings.load_profile("fazhi-report")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHES, ignore_errors=True)


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
