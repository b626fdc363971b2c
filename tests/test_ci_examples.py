"""The CI set-ups in examples/ci/ are valid YAML, call our CLI correctly, and are documented.

Every ``fazhi-report …`` line in them is parsed by the real command (the Typer app, as Click sees
it), so a renamed option breaks this test rather than a county's CI; and the README shows the very
same command, so what a reader copies is what the examples run.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import parse_cli

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "examples" / "ci"
GITHUB = CI / "github-actions.yml"
GITLAB = CI / "gitlab-ci.yml"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _github_scripts(data: dict[Any, Any]) -> Iterator[str]:
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if "run" in step:
                yield step["run"]


def _gitlab_scripts(data: dict[Any, Any]) -> Iterator[str]:
    for name, job in data.items():
        if isinstance(job, dict) and not str(name).startswith("."):
            for key in ("before_script", "script", "after_script"):
                yield from job.get(key, [])


def _commands(scripts: Iterator[str]) -> list[str]:
    """Shell lines (continuations joined, comments dropped) that run fazhi-report."""
    found = []
    for script in scripts:
        for line in script.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line.startswith("fazhi-report"):
                found.append(" ".join(line.split()))
    return found


GITHUB_COMMANDS = _commands(_github_scripts(_load(GITHUB)))
GITLAB_COMMANDS = _commands(_gitlab_scripts(_load(GITLAB)))
ALL_COMMANDS = sorted(set(GITHUB_COMMANDS + GITLAB_COMMANDS))


def test_examples_parse_and_run_fazhi_report() -> None:
    assert GITHUB_COMMANDS, "the GitHub workflow runs no fazhi-report command"
    assert GITLAB_COMMANDS, "the GitLab file runs no fazhi-report command"


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_is_a_valid_invocation(command: str) -> None:
    argv = shlex.split(command)[1:]
    params = parse_cli(argv)
    if argv[0] == "build":
        assert params["files"] == [Path("reports/")]
        assert params["output"] == Path("dist/")
        assert params["formats"] == "docx,html"
        assert not params["check_only"], "the example must build, not only check"
        assert params["strict"], "CI fails a report with a warning (--strict)"


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert command in readme, f"README.md does not show `{command}`"


def test_the_checker_rejects_what_the_cli_rejects() -> None:
    """Not a vacuous check: a usage error (exit code 2, as the CLI gives) for each bad line."""
    for bad in (
        ["build", "reports/", "--bogus"],
        ["build"],
        ["build", "x.yaml", "--jobs", "0"],
        ["nosuch"],
    ):
        with pytest.raises(Exception) as caught:
            parse_cli(bad)
        assert getattr(caught.value, "exit_code", None) == 2, (bad, caught.value)


def test_both_install_fazhi_report_and_keep_dist_as_artifacts_even_on_failure() -> None:
    github, gitlab = _load(GITHUB), _load(GITLAB)
    steps = [s for job in github["jobs"].values() for s in job["steps"]]
    assert any(
        "pip install" in s.get("run", "") and "fazhi-report" in s.get("run", "") for s in steps
    )
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "dist/"
    assert "cancelled()" in upload["if"]  # kept when the build failed on a bad facts file
    job = gitlab["reports"]
    assert any("pip install" in line and "fazhi-report" in line for line in job["script"])
    assert job["artifacts"]["paths"] == ["dist/"] and job["artifacts"]["when"] == "always"
