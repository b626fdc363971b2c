"""The built reports as LibreOffice lays them out: 22 lines a page, 28 characters a line.

Every report is converted to PDF in one ``soffice`` call, then read back with
``pdftotext -bbox-layout``: each text line's position gives its grid line (slot) on the page and
its length in characters. The fonts GB/T 9704 names are not installed here; LibreOffice draws
Noto CJK instead, and the grid must hold all the same (exact line spacing, condensed characters).
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from fazhi_report import layout
from fazhi_report.build import prepare
from fazhi_report.tree import Document, Heading, Paragraph
from fazhi_report.typeset import text_width
from fazhi_report.writers.docx import render_docx
from fazhi_report.writers.pdf import convert_to_pdf

from .libreoffice import layout_tools_or_skip

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
PT_PER_MM = 72 / 25.4
TOP = layout.PAGE.top_mm * PT_PER_MM
BOTTOM = (layout.PAGE.height_mm - layout.PAGE.bottom_mm) * PT_PER_MM
LEFT = layout.PAGE.left_mm * PT_PER_MM
PITCH = layout.PAGE.line_pitch_twips / layout.TWIPS_PER_PT
CHAR = layout.SIZE_SAN + layout.BODY_CHAR_SPACING_TWIPS / layout.TWIPS_PER_PT  # 15.75 pt
LINES = layout.PAGE.lines_per_page
CHARS = layout.PAGE.chars_per_line
XHTML = "{http://www.w3.org/1999/xhtml}"
POOL = "法治政府建设推进依法行政严格规范公正文明执法"


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def slot(self) -> int:
        """The grid line (0–21) the text sits on."""
        return math.floor(((self.y0 + self.y1) / 2 - TOP) / PITCH)

    @property
    def offset(self) -> float:
        """Where in its grid line the text sits (the same for every line on a true grid)."""
        position = ((self.y0 + self.y1) / 2 - TOP) / PITCH
        return position - math.floor(position)

    @property
    def chars(self) -> float:
        """Length in characters, the indent included (ASCII counts ½)."""
        return round((self.x0 - LEFT) / CHAR) + text_width(self.text)


@dataclass
class Report:
    document: Document
    pages: list[list[Line]]

    def signature_page(self) -> int:
        if not self.document.signature:
            return len(self.pages)
        first = self.document.signature[0]
        hits = [i for i, page in enumerate(self.pages) for line in page if line.text == first]
        assert hits, f"signature {first!r} not found"
        return hits[-1]

    def body_pages(self) -> list[list[Line]]:
        """Pages before the signature's (only body text on them)."""
        return self.pages[: self.signature_page()]


def _boundary_document(short_by: int, *, signed: bool = True) -> Document:
    """A report whose body ends ``short_by`` lines before the foot of page 2.

    Page 1 starts with the title, a blank line and the 主送机关 (3 lines); every body paragraph
    is pure CJK text of 26 + 28·(n-1) characters, so it fills exactly n lines.
    """
    left = 2 * LINES - 3 - short_by
    blocks: list[Heading | Paragraph] = []
    seed = 0
    while left:
        n = min(4, left)
        size = 26 + CHARS * (n - 1)
        text = "".join(POOL[(seed + i) % len(POOL)] for i in range(size - 1)) + "。"
        blocks.append(Paragraph(text))
        left -= n
        seed += 1
    return Document(
        title="关于法治政府建设情况的报告",
        addressee="临川县人民政府",
        body=list(blocks),
        signature=["中共青山镇委员会", "青山镇人民政府"] if signed else [],
        date_text="2025年2月20日" if signed else "",
        unit="青山镇人民政府",
        year=2024,
        issued=dt.date(2025, 2, 20),
    )


def _read_pdf(pdf: Path) -> list[list[Line]]:
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html))
    pages = []
    for page in root.iter(XHTML + "page"):
        rows: dict[int, list[ET.Element]] = collections.defaultdict(list)
        for word in page.iter(XHTML + "word"):
            rows[round(float(word.get("yMax", "0")))].append(word)
        lines = []
        for words in rows.values():
            words.sort(key=lambda word: float(word.get("xMin", "0")))
            line = Line(
                "".join(word.text or "" for word in words),
                float(words[0].get("xMin", "0")),
                max(float(word.get("xMax", "0")) for word in words),
                min(float(word.get("yMin", "0")) for word in words),
                max(float(word.get("yMax", "0")) for word in words),
            )
            if line.y0 < BOTTOM:  # not the page number
                lines.append(line)
        pages.append(sorted(lines, key=lambda line: line.y0))
    return pages


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    layout_tools_or_skip()
    folder = tmp_path_factory.mktemp("render")
    documents = {path.stem: prepare(path).document for path in EXAMPLES}
    for short_by in range(4):
        documents[f"boundary-{short_by}"] = _boundary_document(short_by)
    documents["boundary-unsigned"] = _boundary_document(0, signed=False)
    sealed = _boundary_document(1)
    sealed.sealed, sealed.signature = True, ["青山镇人民政府"]
    documents["boundary-sealed"] = sealed
    files = []
    for name, document in documents.items():
        path = folder / f"{name}.docx"
        path.write_bytes(render_docx(document))
        files.append(str(path))
    conversion = convert_to_pdf([Path(f) for f in files], folder)
    assert all(conversion.pdfs.values()), conversion.failure()
    return {name: Report(doc, _read_pdf(folder / f"{name}.pdf")) for name, doc in documents.items()}


def _examples(reports: dict[str, Report]) -> list[tuple[str, Report]]:
    return [(name, r) for name, r in reports.items() if not name.startswith("boundary")]


def test_every_report_was_converted(reports: dict[str, Report]) -> None:
    assert len(reports) == len(EXAMPLES) + 6
    for name, report in reports.items():
        assert report.pages, name


def _header_lines(report: Report) -> int:
    """How many lines the 版头 takes on page 1: the 发文机关标志 (35 mm below the 版心's top) and
    the 发文字号 with its rule 4 mm below are set off the grid; what follows is on it."""
    header = report.document.red_header
    if header is None:
        return 0
    return len(header.mark) + max(1, math.ceil(len(header.signers) / layout.SIGNERS_PER_LINE))


def test_text_sits_on_a_22_line_grid(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        offsets = []
        for number, page in enumerate(report.body_pages(), 1):
            slots = [line.slot for line in page]
            assert len(slots) == len(set(slots)), (name, number, "two lines on one grid line")
            assert all(0 <= slot < LINES for slot in slots), (name, number, slots)
            skip = _header_lines(report) if number == 1 else 0
            offsets += [line.offset for line in page[skip:]]
        assert max(offsets) - min(offsets) < 0.1, (name, "lines off the 28.95 pt grid")


def test_full_body_pages_carry_22_lines(reports: dict[str, Report]) -> None:
    full = 0
    for name, report in reports.items():
        pages = report.body_pages()
        for number, page in enumerate(pages, 1):
            next_page = report.pages[number] if number < len(report.pages) else []
            last = max(line.slot for line in page)
            if last == LINES - 1:
                full += 1
                continue
            # A page may end early only where keep-with-next moved a heading (or the last body
            # paragraph, with the signature) to the next page.
            starts_with_heading = bool(next_page) and next_page[0].text.startswith(
                ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "（")
            )
            assert starts_with_heading or number == len(pages), (name, number, last)
    assert full >= 3
    page1, page2 = reports["boundary-unsigned"].pages[:2]
    assert [line.slot for line in page1][-1] == LINES - 1
    assert len(page2) == LINES  # a page of body text holds 22 lines


def test_most_lines_hold_28_characters(reports: dict[str, Report]) -> None:
    counts: collections.Counter[float] = collections.Counter()
    for _name, report in reports.items():
        for page in report.body_pages():
            counts.update(line.chars for line in page)
    assert counts.most_common(1)[0][0] == CHARS
    assert max(counts) <= CHARS + 1  # at most a hanging full stop past the 28th character
    pages = reports["boundary-unsigned"].pages
    body = pages[0][2:] + pages[1]  # after the title and the 主送机关
    assert {line.chars for line in body} == {CHARS}  # every line of the synthetic body is full


def test_every_example_reads_back_28_chars_a_line(reports: dict[str, Report]) -> None:
    for name, report in _examples(reports):
        counts = collections.Counter(line.chars for page in report.body_pages() for line in page)
        assert counts.most_common(1)[0][0] == CHARS, (name, counts.most_common(3))


def test_the_signature_page_holds_body_text(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        if not report.document.signature:
            continue
        page = report.pages[report.signature_page()]
        first = report.document.signature[0]
        above = []
        for line in page:
            if line.text == first:
                break
            above.append(line)
        body = [
            line
            for line in above
            if line.x0 < LEFT + 3 * CHAR and not line.text.startswith("附件：")
        ]
        assert body, (name, "the signature starts a page without body text")


def test_a_body_ending_at_the_foot_of_a_page_takes_a_line_along(
    reports: dict[str, Report],
) -> None:
    unsigned = reports["boundary-unsigned"]
    assert len(unsigned.pages) == 2  # the synthetic body fills exactly two pages
    assert max(line.slot for line in unsigned.pages[1]) == LINES - 1
    signed = reports["boundary-0"]
    assert signed.signature_page() == 2  # the signature does not fit on page 2 …
    page = signed.pages[2]
    assert page[0].text.startswith(POOL[:2]) or page[0].x0 < LEFT + 3 * CHAR
    assert page[0].text not in signed.document.signature  # … and body text goes along
    assert signed.pages[2][-1].text.replace(" ", "") == signed.document.date_text


def test_the_date_and_signature_are_a_right_side_block(reports: dict[str, Report]) -> None:
    report = reports["official-2024"] if "official-2024" in reports else _examples(reports)[0][1]
    page = report.pages[report.signature_page()]
    names = [line for line in page if line.text in report.document.signature]
    date = next(line for line in page if line.text.replace(" ", "") == report.document.date_text)
    right_edge = LEFT + layout.PAGE.text_width_twips / layout.TWIPS_PER_PT
    for line in names:
        assert right_edge - line.x1 == pytest.approx(2 * CHAR, abs=CHAR / 4)  # 右空二字
    # The date's right indent is what the writer set (its first character 2 characters right of
    # the signature's in Word's metrics) …
    longest = max(text_width(n) for n in report.document.signature)
    date_right = 2 + longest - 2 - text_width(report.document.date_text)
    assert right_edge - date.x1 == pytest.approx(date_right * CHAR, abs=CHAR / 4)
    # … but LibreOffice 7.4 ignores w:autoSpaceDE and puts a little space between digits and
    # Chinese characters, which widens the date by about one character in its rendering.
    assert CHAR / 2 < date.x0 - min(line.x0 for line in names) <= 2 * CHAR + CHAR / 4


def test_the_copy_note_sits_at_the_foot_of_the_last_page(reports: dict[str, Report]) -> None:
    checked = 0
    for name, report in _examples(reports):
        if not report.document.cc:
            continue
        last_page = report.pages[-1]
        printing = report.document.printing
        last = f"{printing.organ}{printing.date_text}" if printing else "抄送："
        assert last_page[-1].text.startswith(last), name
        assert last_page[-1].y1 > BOTTOM - 2 * PITCH, (name, "版记 not at the foot of the page")
        checked += 1
    assert checked
