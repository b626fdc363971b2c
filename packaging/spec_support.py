"""What goes into the standalone bundle: computed from the installed project, never listed by hand.

``fazhi-report.spec`` calls these functions; ``build.py`` and ``smoke_test.py`` share the names.
Nothing here imports a module of fazhi_report's by its internal path (the package is being
restructured): the entry point comes from the installed console script, the modules from walking
the package, the data files from the package folder and, for a checkout, the top-level templates/.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import platform
import sys
from pathlib import Path

DISTRIBUTION = "fazhi-report"
PACKAGE = "fazhi_report"
#: The folder in dist/ and the executable inside it.
NAME = "fazhi-report"
HERE = Path(__file__).resolve().parent
#: Runtime hook: FAZHI_REPORT_MODULES_LOG=file makes the bundle list its imported modules at exit,
#: the only way to see from outside what a frozen program imported (no -X importtime there).
MODULES_LOG_HOOK = HERE / "rthook_modules_log.py"
MODULES_LOG_ENV = "FAZHI_REPORT_MODULES_LOG"

#: Never needed at run time, and each would otherwise ride along with whatever imports it
#: optionally (setuptools' vendored packages alone are megabytes).
EXCLUDES = (
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "idlelib",
    "pip",
    "setuptools",
    "pkg_resources",
    "_distutils_hack",
    "distutils",
    "ensurepip",
    "venv",
    "lib2to3",
    "test",
    "tests",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    "openxml_audit",
    "PyInstaller",
)

#: Top-level names whose presence anywhere in the bundle fails the build (a subset of EXCLUDES
#: that the issue names, plus the project's own test suite).
FORBIDDEN = ("tests", "test", "pip", "setuptools", "pkg_resources", "tkinter", "_tkinter")


def version() -> str:
    return importlib.metadata.version(DISTRIBUTION)


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-x86_64``, ``macos-arm64``: what a clerk picks a download by."""
    system = {"Linux": "linux", "Windows": "windows", "Darwin": "macos"}.get(
        platform.system(), platform.system().lower()
    )
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    return f"{system}-{machine}"


def executable_name() -> str:
    return NAME + (".exe" if sys.platform == "win32" else "")


def console_entry() -> tuple[str, str]:
    """(module, attribute) of the installed ``fazhi-report`` command: the bundle runs the same."""
    for entry in importlib.metadata.distribution(DISTRIBUTION).entry_points:
        if entry.group == "console_scripts" and entry.name == NAME:
            module, _, attr = entry.value.partition(":")
            return module.strip(), attr.strip()
    raise SystemExit(f"{DISTRIBUTION} has no console script {NAME!r}; is the project installed?")


def entry_script_text() -> str:
    module, attr = console_entry()
    head, _, rest = attr.partition(".")
    call = f"{head}.{rest}" if rest else head
    # A static import, so that PyInstaller's analysis starts from the real entry point.
    return (
        f"# Generated from the console script {NAME} = {module}:{attr}.\n"
        "import multiprocessing\n"
        "import sys\n"
        "\n"
        "# A batch worker started by spawn (Windows, macOS) is this program again: run the task, exit.\n"
        "multiprocessing.freeze_support()\n"
        "\n"
        f"from {module} import {head}\n"
        "\n"
        f"sys.exit({call}())\n"
    )


def write_entry_script(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / f"{NAME}.py"
    script.write_text(entry_script_text(), encoding="utf-8")
    return script


def package_folder() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{PACKAGE} is not importable; install the project first (pip install .)")
    return Path(next(iter(spec.submodule_search_locations)))


def extra_datas() -> list[tuple[str, str]]:
    """Data the package folder itself lacks: a checkout keeps the built-in templates at the top.

    The same rule as the package's own lookup: ``fazhi_report/templates`` when installed from a
    wheel, else the checkout's ``templates/``. In the bundle they always sit inside the package.
    """
    folder = package_folder()
    if (folder / "templates").is_dir():
        return []  # a wheel install: collected with the package's other data files
    checkout = folder.parents[1] / "templates"
    if not checkout.is_dir():
        raise SystemExit(f"no built-in templates at {folder / 'templates'} or {checkout}")
    return [(str(checkout), f"{PACKAGE}/templates")]


#: Files the bundle must contain, relative to the package folder inside it.
REQUIRED_DATA = (
    "templates/official/report.md.j2",
    "templates/official/template.yaml",
    "base/word/document.xml",
    "base/_rels/.rels",
    "base/[Content_Types].xml",
    "edit/static/edit.html",
    "edit/static/edit.js",
    "edit/static/edit.css",
)
