"""What the editor's browser tests need: Playwright (a test dependency) driving Debian's Chromium.

Playwright's own browser downloads are never used: the tests launch the system's ``chromium``
(Debian package ``chromium``) through ``executable_path``, headless and without network access
of its own. Where Chromium or Playwright is missing the tests are skipped with the reason,
except in CI (``CI`` set), where they fail, as the layout tests do (tests/libreoffice.py).
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from .libreoffice import in_ci

if TYPE_CHECKING:
    from fazhi_report.edit import Editor

INSTALL = "apt-get install chromium; pip install playwright (no browser download needed)"
#: Headless, no GPU, no sandbox (containers), and none of Chromium's own traffic.
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
)


def unavailable(reason: str) -> NoReturn:
    if in_ci():
        pytest.fail(f"{reason}; CI must run the browser tests ({INSTALL})", pytrace=False)
    pytest.skip(reason)


def chromium_or_skip() -> str:
    """The system's Chromium executable."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    unavailable("Chromium is not installed (Debian package chromium)")


@contextlib.contextmanager
def launched() -> Iterator[Any]:
    """A headless Chromium under Playwright; the test fails or skips if either is missing."""
    executable = chromium_or_skip()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


class Opened:
    """Folders the page asked to open (the test stands in for the file manager)."""

    def __init__(self) -> None:
        self.folders: list[Path] = []

    def __call__(self, folder: Path) -> None:
        self.folders.append(folder)


@contextlib.contextmanager
def serving(file: Path, opener: Opened | None = None) -> Iterator[Editor]:
    """``fazhi-report edit FILE --no-browser`` in this process, stopped afterwards."""
    from fazhi_report.edit import start

    editor = start(file, opener=opener or Opened())
    thread = threading.Thread(target=editor.serve, daemon=True)
    thread.start()
    try:
        yield editor
    finally:
        editor.stop()
        thread.join(timeout=10)
        editor.close()
