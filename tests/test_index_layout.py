"""index.html as a browser shows it: headless Chromium renders the examples' index at a desktop's
width (1200 px) and a phone's (390 px), and the rendered lines are counted.

Each width is an iframe of that width in a page of our own (Chromium's window has a minimum
width; a frame's media queries answer to the frame), whose script measures the index inside and
writes the figures into the page, which ``--dump-dom`` prints. Every unit's name is on one line
(the table used to break them after every second character); the page is no wider than the
screen; at 1200 px it is a table whose report titles have room, at 390 px one card per report.
A screenshot of each width is kept with the test's temporary files.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from .conftest import EXAMPLES, Invoke
from .libreoffice import chromium_or_skip, unavailable

WIDTHS = (1200, 390)

#: The page that holds the index in a frame of a given width and measures it. A line of a cell
#: is a distinct top of the rectangles its text is laid out in.
FRAME = """<!DOCTYPE html>
<html><body style="margin:0">
<iframe id="index" src="index.html" style="width:{width}px;height:4000px;border:0"></iframe>
<script>
document.getElementById("index").addEventListener("load", function () {{
  var doc = this.contentDocument, view = this.contentWindow;
  function lines(el) {{
    var range = doc.createRange(), tops = {{}};
    range.selectNodeContents(el);
    Array.prototype.forEach.call(range.getClientRects(), function (r) {{
      if (r.width > 0) tops[Math.round(r.top)] = true;
    }});
    return Object.keys(tops).length;
  }}
  function ems(el) {{
    return el.getBoundingClientRect().width / parseFloat(view.getComputedStyle(el).fontSize);
  }}
  var table = doc.querySelector("table");
  var out = {{
    width: doc.documentElement.clientWidth,
    scroll: doc.documentElement.scrollWidth,
    display: view.getComputedStyle(table).display,
    units: Array.prototype.map.call(doc.querySelectorAll("tbody th"), function (el) {{
      return [el.textContent, lines(el)];
    }}),
    titles: Array.prototype.map.call(doc.querySelectorAll("td.title a"), ems)
  }};
  var pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
</script>
</body></html>
"""


def _chromium(site: Path, page: str, *args: str) -> str:
    done = subprocess.run(
        [
            chromium_or_skip(),
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--hide-scrollbars",
            "--allow-file-access-from-files",  # the frame's page reads the index inside it
            f"--user-data-dir={site / '.chromium'}",  # not the home folder
            "--virtual-time-budget=5000",
            *args,
            (site / page).as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        unavailable(f"Chromium could not render the page: {done.stderr[-500:]}")
    return done.stdout


def _measure(site: Path, width: int) -> dict[str, Any]:
    page = f"frame-{width}.html"
    (site / page).write_text(FRAME.format(width=width), encoding="utf-8")
    shot = site / f"index-{width}.png"  # the test's artefact, beside the site it shows
    _chromium(site, page, f"--window-size={width + 40},1600", f"--screenshot={shot}")
    assert shot.stat().st_size > 10_000
    found = re.search(r'<pre id="measured">(.*?)</pre>', _chromium(site, page, "--dump-dom"))
    assert found is not None, "the measuring script did not run"
    measured: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"'))
    return measured


def test_every_unit_name_is_on_one_line_and_the_page_fits_the_screen(
    invoke: Invoke, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, _, err = invoke("build", EXAMPLES, "-f", "html,docx", "-o", site)
    assert code == 0, err
    for width in WIDTHS:
        measured = _measure(site, width)
        assert measured["width"] == width
        assert measured["scroll"] <= width  # nothing to scroll sideways
        assert len(measured["units"]) == 10
        assert [name for name, lines in measured["units"] if lines != 1] == [], width
        if width == 1200:
            assert measured["display"] == "table"
            assert min(measured["titles"]) >= 12  # a title's line holds a dozen characters or more
        else:
            assert measured["display"] == "block"  # one card per report
