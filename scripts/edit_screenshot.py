"""Make docs/edit-page.png, the README's picture of ``fazhi-report edit``, with the browser tests'
own tooling (tests/browser.py: Playwright driving Debian's headless Chromium).

    python scripts/edit_screenshot.py

A copy of examples/official-2024.yaml is opened as a clerk would open it, a 成文日期 after the
deadline is typed (its warning shows at the field), and the window is photographed.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import launched, serving  # noqa: E402

TARGET = ROOT / "docs" / "edit-page.png"
LATE = "2025-03-05"


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="fazhi-shot-"))
    here = Path.cwd()
    try:
        for name in ("official-2023.yaml", "official-2024.yaml"):
            shutil.copy(ROOT / "examples" / name, folder)
        os.chdir(folder)  # the page shows the path as given: no machine's folder in the picture
        with serving(Path("official-2024.yaml")) as editor, launched() as browser:
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.goto(editor.url)
            page.locator("#status").filter(has_text="已保存").wait_for()
            date = page.locator('[data-path="成文日期"]')
            date.locator("input").fill(LATE)
            date.locator(".note.warning").wait_for()
            page.locator("#left").evaluate("left => left.scrollTo(0, 170)")
            page.wait_for_timeout(300)  # the preview's frame paints
            page.screenshot(path=str(TARGET))
    finally:
        os.chdir(here)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"wrote {TARGET} ({TARGET.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
