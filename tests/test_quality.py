"""The code's own bar, enforced in CI: ruff lint and format, mypy --strict with the pydantic plugin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = [pytest.mark.slow]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


# Neither tool may leave its cache (.ruff_cache, .mypy_cache) in the work tree.
def test_ruff_lint_and_format() -> None:
    lint = _run("ruff", "check", "--no-cache", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = _run("ruff", "format", "--no-cache", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_mypy_strict(tmp_path: Path) -> None:
    result = _run("mypy", "--cache-dir", str(tmp_path / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_run_the_cli_one_way() -> None:
    """Through conftest's ``invoke`` fixture (which checks that nothing escapes the CLI's error
    wrapper), not a runner of their own; subprocesses are for what a process shows."""
    own_runner = re.compile("Cli" "Runner|runner" r"\.invoke\(")  # split: not to find itself
    offenders = [
        path.name
        for path in sorted((ROOT / "tests").glob("test_*.py"))
        if own_runner.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
