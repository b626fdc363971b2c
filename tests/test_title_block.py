"""The title block in every format and template: the same 梯形 lines, one blank line beneath.

GB/T 9704-2012 leaves one blank line under the title whatever follows it: the 主送机关, or the
first paragraph of a report published without one. The .html title breaks where the .docx does.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from functools import cache
from html import unescape
from pathlib import Path

import pytest

from fazhi_report.build import prepare
from fazhi_report.tree import Document, Paragraph
from fazhi_report.typeset import text_width
from fazhi_report.writers.docx import render_docx
from fazhi_report.writers.html import STYLE, render_html
from fazhi_report.writers.markdown import render_markdown

from .support import write_facts

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TEMPLATES = ("official", "huanzhu", "beishan", "shezhu")
ADDRESSEE = "中共临川县委、临川县人民政府"
INTRO = "全年坚持依法行政。"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72 / 25.4


@pytest.fixture(
    scope="module",
    params=[(t, a) for t in TEMPLATES for a in (True, False)],
    ids=lambda p: f"{p[0]}-{'addressed' if p[1] else 'unaddressed'}",
)
def report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Document:
    """A report from each built-in template, with and without 主送."""
    template, addressed = request.param
    extra = f"模板: {template}\n导语:\n  - {INTRO}\n"
    if addressed:
        extra += f"主送: {ADDRESSEE}\n"
    document = prepare(write_facts(tmp_path_factory.mktemp(template), extra)).document
    assert isinstance(document.body[0], Paragraph) and document.body[0].text == INTRO
    return document


def _after_title(document: Document) -> str:
    """The text that follows the title: the 主送机关, else the body's first paragraph."""
    return f"{ADDRESSEE}：" if document.addressee else INTRO


def _docx_paragraphs(data: bytes) -> list[tuple[list[str], str]]:
    """Each body paragraph: (its lines, split at w:br; its style id)."""
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    paragraphs = []
    for p in root.iter(f"{W}p"):
        lines = [""]
        for element in p.iter():
            if element.tag == f"{W}t":
                lines[-1] += element.text or ""
            elif element.tag == f"{W}br":
                lines.append("")
        style = p.find(f"{W}pPr/{W}pStyle")
        paragraphs.append((lines, style.get(f"{W}val", "") if style is not None else ""))
    return paragraphs


def _css(selector: str) -> dict[str, str]:
    """The declarations of the html writer's style rule for exactly ``selector``."""
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", STYLE):
        if selector in (s.strip() for s in selectors.split(",")):
            pairs = (d.split(":", 1) for d in body.split(";") if ":" in d)
            return {k.strip(): v.strip() for k, v in pairs}
    raise AssertionError(f"no rule for {selector}")


def _margin_bottom(rule: dict[str, str]) -> str:
    if "margin-bottom" in rule:
        return rule["margin-bottom"]
    values = rule.get("margin", "0").split()
    return values[2] if len(values) >= 3 else values[0]


def _html_title_lines(html: str) -> list[str]:
    match = re.search(r"<h1>(.*?)</h1>", html, re.DOTALL)
    assert match, "no <h1>"
    return [unescape(line) for line in match.group(1).split("<br>")]


# --- one blank line under the title ---------------------------------------------------------


def test_docx_leaves_one_blank_line_under_the_title(report: Document) -> None:
    paragraphs = _docx_paragraphs(render_docx(report))
    assert paragraphs[0][1] == "Title"
    blank, after = paragraphs[1], paragraphs[2]
    assert blank == ([""], ""), "the paragraph after the title is one empty body line"
    assert after[0] == [_after_title(report)]


def test_html_leaves_one_line_under_the_title(report: Document) -> None:
    html = render_html(report)
    one_line = _css("body")["line-height"]
    assert _margin_bottom(_css("h1")) == one_line
    after = html[html.index("</h1>") + len("</h1>") :].lstrip("\n")
    assert re.match(r"<p( class=\"addressee\")?>", after)
    assert after.startswith(f'<p class="addressee">{ADDRESSEE}：' if report.addressee else "<p>")
    assert _margin_bottom(_css("p")) in ("0", "0pt")  # nothing adds to, or collapses with, it


def test_markdown_leaves_one_blank_line_under_the_title(report: Document) -> None:
    lines = render_markdown(report).split("\n")
    assert lines[0] == f"# {report.title}"
    assert lines[1] == ""
    assert lines[2] == _after_title(report)


# --- the title's lines --------------------------------------------------------------------------


@cache
def _example(path: Path) -> Document:
    return prepare(path).document


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_html_title_lines_are_the_docx_title_lines(example: Path) -> None:
    document = _example(example)
    docx_lines = next(
        lines for lines, style in _docx_paragraphs(render_docx(document)) if style == "Title"
    )
    assert len(docx_lines) > 1, "every example's title is long enough to break"
    assert _html_title_lines(render_html(document)) == docx_lines


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_html_title_line_fits_the_page_width(example: Path) -> None:
    """On a page as wide as the 版心 no line of the title wraps again."""
    size_pt = float(_css("h1")["font-size"].removesuffix("pt"))
    column_pt = float(_css("body")["max-width"].removesuffix("mm")) * PT_PER_MM
    for line in _html_title_lines(render_html(_example(example))):
        assert text_width(line) * size_pt <= column_pt, line
