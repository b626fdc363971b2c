"""LibreOffice for the tests that need it: skipped where it is not installed, required in CI."""

from __future__ import annotations

import os

import pytest

from fazhi_report.writers.pdf import find_soffice


def soffice_or_skip() -> str:
    """The ``soffice`` command; skips the test without it, fails it in CI (``CI`` set)."""
    found = find_soffice()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) is not on PATH")
    return found
