"""HTML for the government website, Markdown for review, PDF through LibreOffice: one tree, many files."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from fazhi_report.build import prepare
from fazhi_report.tree import Attachment, Document, Heading, NumberedItem, Paragraph, Table
from fazhi_report.writers.html import render_html
from fazhi_report.writers.markdown import render_markdown

from .conftest import Invoke
from .libreoffice import soffice_or_skip
from .support import render_in_new_process

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _tree() -> Document:
    """A small report with every kind of block, and text that HTML and Markdown must escape."""
    return Document(
        title="青山镇人民政府关于2024年度法治政府建设情况的报告",
        addressee="临川县人民政府",
        body=[
            Paragraph("2024年，青山镇<b>坚持</b>依法行政 & 依法决策。"),
            Heading(1, "主要举措和成效", "一、"),
            Heading(2, "加强党的领导", "（一）"),
            NumberedItem(3, "健全机制。召开会议4次。", "1."),
            Heading(3, "抓好学法", "1."),
            Heading(4, "领导学法", "（1）"),
            Paragraph("2024. 这一行不是列表，*也不是* 强调，[也不是](链接)。"),
            Table(rows=[["指标", "2024年"], ["调解纠纷", "2300余起"], ["a|b", "x"]]),
        ],
        signature=["青山镇人民政府"],
        date_text="2025年2月20日",
        note="此件公开发布",
        attachments=[Attachment("主要数据", [Paragraph("见下表。")]), Attachment("名单")],
        cc=["县司法局"],
        meta={
            "索引号": "11361024/2025-00012",
            "发布机构": "青山镇人民政府",
            "成文日期": "2025年2月20日",
            "公开方式": "主动公开",
        },
        unit="青山镇人民政府",
        year=2024,
        issued=dt.date(2025, 2, 20),
    )


# Elements without an end tag: text after ``<br>`` still belongs to the element around it.
VOID = frozenset(
    {"area", "base", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


class _Outline(HTMLParser):
    """Tags in order, their text, and every URL an element would fetch or link to."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self.text.setdefault(self._open[-1], []).append(data)


def _outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


# --- HTML -----------------------------------------------------------------------------------------


def test_html_is_a_chinese_page_with_the_publication_metadata_first() -> None:
    html = render_html(_tree())
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert '<meta charset="utf-8">' in html
    first_table = html.index('<table class="meta"')
    assert first_table < html.index("<h1>")
    meta = html[first_table : html.index("</table>", first_table)]
    for key, value in _tree().meta.items():
        assert f'<th scope="row">{key}</th><td>{value}</td>' in meta


def test_html_headings_are_semantic_and_carry_their_numbers() -> None:
    outline = _outline(render_html(_tree()))
    # the title's lines are the .docx's 梯形 lines, with a <br> between them
    assert outline.text["h1"] == ["青山镇人民政府关于2024年度", "法治政府建设情况的报告"]
    assert "".join(outline.text["h1"]) == "青山镇人民政府关于2024年度法治政府建设情况的报告"
    assert "一、主要举措和成效" in outline.text["h2"]
    assert outline.text["h3"] == ["（一）加强党的领导"]
    assert outline.text["h4"] == ["1.抓好学法"]
    assert outline.text["h5"] == ["（1）领导学法"]
    assert "1.健全机制。召开会议4次。" in outline.text["p"]


def test_html_escapes_the_facts() -> None:
    html = render_html(_tree())
    assert "&lt;b&gt;坚持&lt;/b&gt;依法行政 &amp; 依法决策" in html
    assert "<b>" not in html


def test_html_end_matter_signature_date_attachments_cc() -> None:
    html = render_html(_tree())
    signature = html[html.index('<div class="signature">') :]
    assert (
        "青山镇人民政府" in signature
        and '<time datetime="2025-02-20">2025年2月20日</time>' in signature
    )
    assert re.search(r"\.signature[^{]*\{[^}]*text-align: right", html)
    assert "附件：1. 主要数据<span>2. 名单</span>" in html
    assert '<section class="attachment" id="attachment-1">' in html
    assert "抄送：县司法局。" in html
    assert "（此件公开发布）" in html


def test_html_is_self_contained_and_printable() -> None:
    html = render_html(_tree())
    outline = _outline(html)
    fetched = [
        value
        for _, attrs in outline.tags
        for name, value in attrs.items()
        if name in ("src", "href", "srcset", "action", "data") and value
    ]
    assert fetched == []
    assert not re.search(r"https?://", html)
    assert not re.search(r"@import|url\(", html)
    assert "<script" not in html and "<link" not in html
    assert "@page { size: A4;" in html
    assert re.search(r"font-family:[^;]*FangSong", html)
    assert "font-size: 16pt" in html


def test_html_of_a_built_report(tmp_path: Path) -> None:
    """The example's own metadata block (索引号 …) and numbered headings, from the facts file."""
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path)
    facts = shutil.copy(EXAMPLES / "official-2024.yaml", tmp_path)
    document = prepare(Path(facts)).document
    html = render_html(document)
    assert document.meta, "the example has 公开 metadata"
    for key, value in document.meta.items():
        assert f'<th scope="row">{key}</th><td>{value}</td>' in html
    outline = _outline(html)
    for heading in document.headings(1):
        assert heading.number + heading.text in outline.text["h2"]
    assert not re.search(r"(src|href)=\"https?://", html)


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_has_title_numbered_headings_and_end_matter() -> None:
    md = render_markdown(_tree())
    lines = md.splitlines()
    assert lines[0] == "# 青山镇人民政府关于2024年度法治政府建设情况的报告"
    for heading in _tree().headings():
        assert "#" * (heading.level + 1) + " " + heading.number + heading.text in lines
    assert "临川县人民政府：" in lines
    assert "1.健全机制。召开会议4次。" in lines
    assert (
        lines.index("青山镇人民政府")
        < lines.index("2025年2月20日")
        < lines.index("（此件公开发布）")
    )
    assert "## 附件1：主要数据" in lines
    assert "抄送：县司法局。" in lines
    assert md.endswith("。\n") and not md.endswith("\n\n")


def test_markdown_tables_are_gfm() -> None:
    md = render_markdown(_tree())
    assert "| 指标 | 2024年 |\n| --- | --- |\n| 调解纠纷 | 2300余起 |\n| a\\|b | x |" in md


def test_markdown_escapes_only_what_markdown_would_read() -> None:
    md = render_markdown(_tree())
    assert "2024\\. 这一行不是列表，\\*也不是\\* 强调，\\[也不是\\](链接)。" in md
    assert "\\<b\\>坚持\\</b\\>依法行政 & 依法决策" in md
    assert "（一）加强党的领导" in md  # full-width punctuation is never escaped


def test_markdown_of_a_built_report_contains_all_headings(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path)
    facts = shutil.copy(EXAMPLES / "official-2024.yaml", tmp_path)
    document = prepare(Path(facts)).document
    md = render_markdown(document)
    assert md.startswith(f"# {document.title}\n")
    for heading in document.headings():
        assert f"{'#' * (heading.level + 1)} {heading.number}{heading.text}\n" in md


def documents() -> dict[str, Document]:
    """What the determinism test renders in other processes (they import it by name)."""
    return {"tree": _tree()}


@pytest.mark.slow
def test_writers_are_deterministic() -> None:
    """Two processes with different string hashing render the same bytes, as this one does."""
    first = render_in_new_process("tests.test_formats:documents", 1)["tree"]
    second = render_in_new_process("tests.test_formats:documents", 2)["tree"]
    assert first["html"] == second["html"] == render_html(_tree()).encode("utf-8")
    assert first["md"] == second["md"] == render_markdown(_tree()).encode("utf-8")


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_without_libreoffice_says_so_in_chinese(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    facts = shutil.copy(EXAMPLES / "official-2024.yaml", tmp_path)
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path)
    result = invoke("build", str(facts), "-o", str(tmp_path / "out"), "--format", "html,pdf")
    assert result.exit_code == 1
    assert "生成 PDF 需要 LibreOffice" in result.output and "soffice" in result.output
    assert not (tmp_path / "out").exists()  # refused before any work


def test_a_report_libreoffice_cannot_convert_fails_alone(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice made no PDF: that report fails with LibreOffice's words, its other formats stay."""
    from fazhi_report.writers import pdf

    def makes_nothing(files: list[Path], outdir: Path, *, archive: bool) -> pdf.Conversion:
        return pdf.Conversion(dict.fromkeys(files), "Error: source file could not be loaded")

    monkeypatch.setattr(pdf, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert_to_pdf", makes_nothing)
    reports = _two_years(tmp_path)
    dist = tmp_path / "dist"
    result = invoke("build", str(reports), "-o", str(dist), "--format", "html,pdf")
    assert result.exit_code == 1
    assert "LibreOffice 未能把报告转换为 PDF" in result.output
    assert "source file could not be loaded" in result.output
    reports_html = [p for p in dist.glob("*.html") if p.name != "index.html"]
    assert len(reports_html) == 2 and not list(dist.glob("*.pdf"))
    assert "（列出 0 份报告；2 份失败，未列入）" in result.output  # index.html links no failed one


def test_pdf_through_libreoffice_for_a_batch(invoke: Invoke, tmp_path: Path) -> None:
    """One LibreOffice run for the batch; the .docx it converts is not kept unless asked for."""
    soffice_or_skip()
    reports = _two_years(tmp_path)
    dist = tmp_path / "dist"
    result = invoke("build", str(reports), "-o", str(dist), "--format", "html,pdf")
    assert result.exit_code == 0, result.output
    pdfs = sorted(dist.glob("*.pdf"))
    assert len(pdfs) == 2
    for made in pdfs:
        assert made.read_bytes().startswith(b"%PDF")
        assert made.with_suffix(".html").is_file()
    assert not list(dist.glob("*.docx"))


def _two_years(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, reports)
    return reports
