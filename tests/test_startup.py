"""Start-up: commands that write no .docx never import python-docx, lxml or rich.

Each command runs in a fresh interpreter (``python -c``) that prints the modules it ended up with;
``python -X importtime -m fazhi_report …`` shows the same by hand.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "official-2024.yaml"
HEAVY = ("docx", "lxml", "rich")

pytestmark = [pytest.mark.slow]

#: Runs the CLI with the JSON list of arguments in argv[1], then prints the JSON of one expression
#: (``%s``) evaluated afterwards, behind a marker.
RUN_CLI = """
import json, sys
from fazhi_report.cli.program import main
sys.argv = ["fazhi-report", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print("\\n@@AFTER@@" + json.dumps(%s))
"""


def _run_cli(
    *args: str, after: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> tuple[Any, str]:
    """Run the CLI with ``args`` in a new interpreter; the value of ``after``, and its output."""
    done = subprocess.run(
        [sys.executable, "-c", RUN_CLI % after, json.dumps(args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=120,
        check=False,
        env=env,
    )
    out, _, value = done.stdout.rpartition("\n@@AFTER@@")
    assert value, done.stderr
    return json.loads(value), out + done.stderr


def _modules_after(*args: str, cwd: Path = ROOT) -> tuple[set[str], str]:
    """Run the CLI with ``args`` in a new interpreter; the modules it imported, and its output."""
    modules, output = _run_cli(*args, after="sorted(sys.modules)", cwd=cwd)
    return {m.split(".")[0] for m in modules}, output


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("build", "--help"),
        ("validate", str(EXAMPLE)),
        ("templates", "list"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, tuple) else a,
)
def test_commands_that_write_no_docx_import_nothing_heavy(args: tuple[str, ...]) -> None:
    modules, output = _modules_after(*args)
    assert not modules & set(HEAVY), output


#: The editor's own modules and libraries: only ``edit`` loads them.
EDITOR = ("fazhi_report.edit", "ruamel", "http.server")


@pytest.mark.parametrize("args", [("--help",), ("validate", str(EXAMPLE))], ids=" ".join)
def test_other_commands_do_not_load_the_editor(args: tuple[str, ...]) -> None:
    modules, output = _run_cli(*args, after="sorted(sys.modules)")
    assert not [m for m in modules if m.startswith(EDITOR)], output


def test_validate_does_work(tmp_path: Path) -> None:
    _, output = _modules_after("validate", str(EXAMPLE))
    assert "✓" in output


def test_a_batch_without_docx_in_a_pipe_imports_no_docx_and_no_rich(tmp_path: Path) -> None:
    """CI builds html/md into a log: neither python-docx nor the progress bar is loaded."""
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(ROOT / "examples" / name, reports)
    modules, output = _modules_after(
        "build", str(reports), "-o", str(tmp_path / "dist"), "--format", "html,md"
    )
    assert "共 2 个文件：成功 2 个" in output, output
    assert not modules & set(HEAVY), output


#: Modules that exist to read or write .docx; the CLI imports them only in commands that need them.
DOCX_MODULES = ("fazhi_report.__main__", "fazhi_report.writers.docx", "fazhi_report.check")


def test_importing_any_module_does_no_heavy_work() -> None:
    """Every other module imports without pulling in python-docx, lxml or rich."""
    code = (
        "import importlib, json, pkgutil, sys, fazhi_report, fazhi_report.writers\n"
        "names = [m.name for m in pkgutil.walk_packages(fazhi_report.__path__, 'fazhi_report.')"
        f" if m.name not in {DOCX_MODULES!r}]\n"
        "for name in names: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert not set(json.loads(done.stdout)) & set(HEAVY)


def test_importtime_of_validate_names_no_heavy_module() -> None:
    """The by-hand check, automated: ``python -X importtime -m fazhi_report validate …``."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "fazhi_report", "validate", str(EXAMPLE)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if "|" in line
    }
    assert "fazhi_report" in imported
    assert not imported & set(HEAVY)


def test_a_build_does_not_scan_installed_packages_for_pydantic_plugins(tmp_path: Path) -> None:
    """The CLI turns pydantic's plugin discovery off; pydantic then never reads entry points."""
    plugins, output = _run_cli(
        "build",
        str(EXAMPLE),
        "-o",
        str(tmp_path / "r.docx"),
        after="repr(sys.modules['pydantic.plugin._loader']._plugins)",
        env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"},
    )
    assert (tmp_path / "r.docx").exists(), output
    assert plugins == "None", output


def test_the_installed_command_runs_what_registered_to_run_at_exit(tmp_path: Path) -> None:
    """It ends without Python's teardown, but an exit hook still runs (the bundle's module log
    is one)."""
    marker = tmp_path / "ran"
    code = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
        "sys.argv = ['fazhi-report', '--version']\n"
        "from fazhi_report.console import run\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("fazhi-report ")
    assert marker.read_text() == "yes"
