from __future__ import annotations

import functools
import inspect
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


#: What a test (or a fixture it uses) calls when it needs LibreOffice or poppler.
_NEEDS_LIBREOFFICE = re.compile(r"\b(?:soffice_or_skip|layout_tools_or_skip|pdftotext_or_skip)\(")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that run LibreOffice (``libreoffice``; they are ``slow`` too), so that
    ``python -m pytest -m "not slow"`` is a quick local run. Found from the test's own source and
    its fixtures', so a new layout test is marked without anyone remembering to."""
    for item in items:
        if isinstance(item, pytest.Function) and _uses_libreoffice(item):
            item.add_marker(pytest.mark.libreoffice)
        if item.get_closest_marker("libreoffice") is not None:
            item.add_marker(pytest.mark.slow)


def _uses_libreoffice(item: pytest.Function) -> bool:
    functions = [item.function]
    for definitions in item._fixtureinfo.name2fixturedefs.values():
        functions += [d.func for d in definitions]
    return any(_NEEDS_LIBREOFFICE.search(_source(f)) for f in functions)


@functools.cache
def _source(function: Callable[..., Any]) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


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


class Ran(tuple[int, str, str]):
    """A CLI run: a tuple ``(code, stdout, stderr)``; ``output`` is both as a terminal shows them."""

    output: str

    def __new__(cls, exit_code: int, stdout: str, stderr: str, output: str) -> Ran:
        ran = super().__new__(cls, (exit_code, stdout, stderr))
        ran.output = output
        return ran

    @property
    def exit_code(self) -> int:
        return self[0]

    @property
    def stdout(self) -> str:
        return self[1]

    @property
    def stderr(self) -> str:
        return self[2]


#: Runs the CLI: ``invoke("check", path)`` (never a traceback). The one way tests run it.
Invoke = Callable[..., Ran]


@pytest.fixture(scope="session")
def invoke(runner: CliRunner) -> Invoke:
    def run(*args: str | Path, **options: Any) -> Ran:
        argv = [str(a) for a in args]
        result = runner.invoke(app, argv, **options)
        # Nothing escapes the CLI's one error wrapper; only --debug prints a traceback.
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert "--debug" in argv or "Traceback" not in result.output, result.output
        return Ran(result.exit_code, result.stdout, result.stderr, result.output)

    return run
