"""What the layout tests need from outside Python: LibreOffice (Writer and Calc), poppler's
``pdftotext`` and the free faces LibreOffice draws the Chinese text with; pandoc, which
makes the .docx of a seed report another tool would (the import tests); and Chromium, which
renders index.html at a desktop's and a phone's width.

Every test that needs one of them asks here. Where one is missing the test is skipped with the
reason, except in CI (``CI`` set, as GitHub Actions and GitLab CI do): there the run installed them,
so a missing one fails the test instead of letting the run go green without the layout tests.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import pytest

from fazhi_report.writers.pdf import find_soffice

INSTALL = (
    "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk"
    " fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei fonts-lxgw-wenkai poppler-utils"
    " pandoc chromium"
)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(reason: str) -> NoReturn:
    """Skip the test for ``reason``; in CI fail it."""
    if in_ci():
        pytest.fail(f"{reason}; CI must run every layout test ({INSTALL})", pytrace=False)
    pytest.skip(reason)


def soffice_or_skip() -> str:
    """The ``soffice`` command."""
    found = find_soffice()
    if found is None:
        unavailable("LibreOffice (soffice) is not on PATH")
    return found


def pdftotext_or_skip() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        unavailable("pdftotext (poppler-utils) is not on PATH")
    return found


def chromium_or_skip() -> str:
    """A headless-capable Chromium (Debian's ``chromium``), which renders index.html as a browser."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found is not None:
            return found
    unavailable("Chromium (chromium) is not on PATH")


def pandoc_or_skip() -> str:
    found = shutil.which("pandoc")
    if found is None:
        unavailable("pandoc is not on PATH")
    return found


def cjk_fonts_or_skip() -> None:
    """The free faces that stand in for the 公文 faces (which are not free) in the README's test
    packages, which the render tests' tolerances and the pinned warnings were measured with."""
    if shutil.which("fc-list") is None:
        unavailable("fc-list (fontconfig) is not on PATH: cannot tell which fonts are installed")
    listed = subprocess.run(
        ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
    ).stdout
    wanted = {
        "AR PL UMing CN": "fonts-arphic-uming",
        "WenQuanYi Zen Hei": "fonts-wqy-zenhei",
        "AR PL UKai CN": "fonts-arphic-ukai",
        "Noto Serif CJK SC": "fonts-noto-cjk",
    }
    missing = [package for family, package in wanted.items() if family not in listed]
    if missing:
        unavailable(f"the README's test fonts are not installed: {' '.join(missing)}")


def layout_tools_or_skip() -> str:
    """Everything the PDF layout tests need; returns the ``soffice`` command."""
    soffice = soffice_or_skip()
    pdftotext_or_skip()
    cjk_fonts_or_skip()
    return soffice


def convert(
    soffice: str,
    files: Sequence[Path],
    target: str,
    outdir: Path,
    *,
    profile: Path,
    options: Sequence[str] = (),
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """``soffice --convert-to target`` of ``files`` into ``outdir``, with the profile folder
    ``profile`` (never the user's ~/.config) and extra command-line ``options``."""
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            *options,
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=check,
    )


def calc_as_csv(soffice: str, book: Path, folder: Path) -> list[list[str]]:
    """The first sheet of the workbook ``book`` as LibreOffice Calc shows it (its CSV export,
    UTF-8, into ``folder``, with a profile of its own there, not ~/.config)."""
    done = convert(
        soffice,
        [book],
        "csv:Text - txt - csv (StarCalc):44,34,76",
        folder,
        profile=folder / "profile",
        check=False,
    )
    shown = folder / book.with_suffix(".csv").name
    if not shown.exists():
        unavailable(f"LibreOffice could not convert the workbook (Calc missing?): {done.stderr}")
    return list(csv.reader(io.StringIO(shown.read_text(encoding="utf-8"))))
