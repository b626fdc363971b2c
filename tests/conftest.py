from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import configuration, settings
from hypothesis.database import DirectoryBasedExampleDatabase

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


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture
def root() -> Path:
    return ROOT
