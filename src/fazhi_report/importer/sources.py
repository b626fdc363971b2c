"""Reading what the clerk gave into one list of paragraphs with hints, whatever the file was.

A .docx (as Word, WPS or LibreOffice save it) is read by :mod:`fazhi_report.ooxml`: the label
Word's automatic numbering draws is put in front of the text, so “一、” typed and “一、” drawn read
the same; the outline level (heading styles, ``w:outlineLvl``), and emphasis — a whole paragraph
or its opening in bold, 黑体 or 楷体 — come along as hints. A .doc/.wps/.rtf/.odt is converted
through LibreOffice first. A .txt or .md (the text as a government website publishes it) gives
one paragraph per line; Markdown's ``#`` and ``**`` become the same hints. Anything else (PDF,
image, spreadsheet, broken zip, hostile package) is an :class:`InputFileError` saying what it is.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from msgspec import Struct, structs

from ..errors import InputFileError
from ..load.discover import is_facts_name
from ..load.encoding import decode
from ..ooxml import Document, family, open_docx, read_docx, sniff
from ..ooxml import Paragraph as WordParagraph
from ..patterns import lazy

#: A report as text is 10–60 KB; this bounds a hostile or mistaken file (a log, a dump).
MAX_TEXT_BYTES = 4 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
#: How the facts file's header names what LibreOffice converted.
_CONVERTED = {
    "doc": "Word 97–2003 或 WPS 文件",
    "rtf": "RTF 文件",
    "odt": "OpenDocument 文本",
    "wordxml": "Word 2003 XML 文件",
}
_HTML_HINT = (
    "请在浏览器中选中报告正文复制，粘贴到记事本另存为 .txt（UTF-8）后再导入；"
    "或用 Word 打开网页文件，另存为 .docx。"
)
KIND_NAMES = {"docx": "Word 文档", "text": "文字稿", "markdown": "Markdown 文字稿"}
_EMPHASIS_FAMILIES = ("黑体", "楷体", "小标宋")


class Para(Struct, frozen=True):
    """One paragraph as a reader sees it, with what the file says about its role.

    ``text`` is stripped, numbering label included. ``outline`` is 1 for a top-level heading
    (a heading style or outline level, Markdown ``#``). ``emphasis`` names how the whole
    paragraph is set apart from the body text (黑体, 楷体, 小标宋, bold); ``lead`` is an
    emphasised opening when the rest of the paragraph is body text (a run-in heading).
    """

    text: str
    number: int  # 1-based, counting the input's non-empty paragraphs: warnings name it
    outline: int | None = None
    emphasis: str = ""
    lead: str = ""
    align: str = ""
    cell: tuple[int, int, int] | None = None  # (table, row, column) in a table
    notes: tuple[str, ...] = ()  # the footnotes and endnotes it cites
    images: int = 0  # pictures drawn here (in it, or on their own just before it): not read
    caption: bool = False  # in Word's Caption (题注) style

    def describe(self) -> str:
        """How a warning names the paragraph: its number and opening words."""
        opening = self.text if len(self.text) <= 24 else self.text[:24] + "…"
        return f"第 {self.number} 段“{opening}”"


class Input(Struct, frozen=True):
    """The paragraphs of one input and how it was read (said in the facts file's header)."""

    path: Path
    paragraphs: list[Para]
    kind: str  # "docx", "text" or "markdown"
    converted: str | None = None  # what LibreOffice converted (“Word 97–2003 …”), if it did
    margins: tuple[str, ...] = ()  # the text of the page headers and footers, each line once


def read_input(path: Path) -> Input:
    """The paragraphs of the report at ``path``; :class:`InputFileError` if it cannot be one."""
    if is_facts_name(path):
        raise InputFileError(
            path,
            "这是事实文件（.yaml），不是报告",
            hint="import 读取已有的报告（.docx、.doc、.txt、.md）；事实文件请直接运行 fazhi-report build。",
        )
    kind = sniff(path)
    if kind.id == "text":
        markdown = path.suffix.lower() in (".md", ".markdown")
        paragraphs = _text_paragraphs(_read_text(path), markdown=markdown)
        return _checked(Input(path, paragraphs, "markdown" if markdown else "text"))
    if not (kind.is_docx or kind.convertible):
        hint = _HTML_HINT if kind.id == "html" else kind.hint
        raise InputFileError(path, f"无法导入：{kind.description}", hint=hint)
    with open_docx(path) as opened:
        document = read_docx(opened.docx)
    converted = _CONVERTED.get(opened.converted_from.id, "") if opened.converted_from else None
    paragraphs = _word_paragraphs(document.paragraphs)
    return _checked(Input(path, paragraphs, "docx", converted, _margins(document)))


def _margins(document: Document) -> tuple[str, ...]:
    parts = [*document.headers.values(), *document.footers.values()]
    lines = (_strip(line) for part in parts for p in part for line in p.full_text.split("\n"))
    return tuple(dict.fromkeys(line for line in lines if line))


def _checked(found: Input) -> Input:
    if not any(p.text for p in found.paragraphs):
        raise InputFileError(
            found.path,
            "没有任何文字",
            hint="请确认选择的是报告正文的文件；扫描件需先转换为文字。",
        )
    return found


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise InputFileError(
                path,
                f"文件过大（{size:,} 字节），不像一份年度报告（上限 {MAX_TEXT_BYTES:,} 字节）",
                hint="请确认选择的是报告的文字稿。",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(path, f"无法读取：{exc.strerror or exc}") from None
    text, _ = decode(raw, str(path))
    return text


# --- plain text and Markdown ---------------------------------------------------------------------

_MD_HEADING = lazy(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_BOLD_LEAD = lazy(r"^\*\*(.+?)\*\*")
_MD_BULLET = lazy(r"^[-*+]\s+")
_MD_ESCAPE = lazy(r"\\([\\`*_{}\[\]()#+\-.!|~<>])")


def _text_paragraphs(text: str, *, markdown: bool) -> list[Para]:
    out: list[Para] = []
    for line in text.splitlines():
        stripped = _strip(line)
        if not stripped:
            continue
        if markdown:
            out.append(_markdown_para(stripped, len(out) + 1))
        else:
            out.append(Para(stripped, len(out) + 1))
    return out


def _markdown_para(line: str, number: int) -> Para:
    heading = _MD_HEADING.match(line)
    if heading:
        text = _md_text(heading.group(2))
        return Para(text, number, outline=len(heading.group(1)), emphasis="bold")
    line = _MD_BULLET.sub("", line)
    bold = _MD_BOLD_LEAD.match(line)
    if bold and bold.end() == len(line):
        return Para(_md_text(bold.group(1)), number, emphasis="bold")
    if bold:
        lead = _md_text(bold.group(1))
        return Para(lead + _md_text(line[bold.end() :]), number, lead=lead)
    return Para(_md_text(line), number)


def _md_text(text: str) -> str:
    return _strip(_MD_ESCAPE.sub(r"\1", text.replace("**", "")))


def _strip(text: str) -> str:
    # Full-width spaces are how clerks indent in Word and on web pages.
    return text.strip(" \t\r\n\u3000\xa0\ufeff")


# --- Word ----------------------------------------------------------------------------------------


_CAPTION_STYLES = ("caption", "题注")


def _word_paragraphs(paragraphs: list[WordParagraph]) -> list[Para]:
    body_family, body_bold = _body_style(paragraphs)
    # A one-column table is page layout (a report typed inside a frame), not a table of data.
    columns: dict[int, int] = {}
    for para in paragraphs:
        if para.cell is not None:
            columns[para.cell[0]] = max(columns.get(para.cell[0], 0), para.cell[2] + 1)
    out: list[Para] = []
    # Pictures and notes of paragraphs without text go with the next paragraph that has some.
    images, notes = 0, tuple[str, ...]()
    for para in paragraphs:
        images, notes = images + para.images, (*notes, *para.notes)
        if not para.full_text.strip():
            continue
        cell = para.cell if para.cell is None or columns[para.cell[0]] > 1 else None
        emphasis, lead = _emphasis(para, body_family, body_bold)
        caption = (para.style_name or "").strip().lower() in _CAPTION_STYLES
        # A line break inside a paragraph (Shift+Enter, pasted web text) starts a new line of
        # the report as much as a paragraph mark does.
        pieces = [_strip(p.replace("\t", " ")) for p in para.full_text.split("\n")]
        pieces = [p for p in pieces if p]
        for i, text in enumerate(pieces):
            final = i == len(pieces) - 1
            out.append(
                Para(
                    text,
                    len(out) + 1,
                    outline=para.outline_level,
                    emphasis=emphasis,
                    lead=lead if i == 0 else "",
                    align=para.alignment,
                    cell=cell,
                    notes=notes if final else (),
                    images=images if i == 0 else 0,
                    caption=caption,
                )
            )
        if pieces:
            images, notes = 0, ()
    if out and (images or notes):  # drawn or cited after the last text
        last = out[-1]
        out[-1] = structs.replace(last, images=last.images + images, notes=(*last.notes, *notes))
    return out


def _run_family(para: WordParagraph, index: int) -> str:
    return family(para.runs[index].font() or "") or ""


def _body_style(paragraphs: list[WordParagraph]) -> tuple[str, bool]:
    """The typeface family and boldness most of the document's characters have."""
    families: Counter[str] = Counter()
    bold: Counter[bool] = Counter()
    for para in paragraphs:
        for i, run in enumerate(para.runs):
            size = len(run.text.strip())
            families[_run_family(para, i)] += size
            bold[run.bold] += size
    top_family = families.most_common(1)[0][0] if families else ""
    return top_family, bool(bold) and bold.most_common(1)[0][0]


def _emphasis(para: WordParagraph, body_family: str, body_bold: bool) -> tuple[str, str]:
    """(whole-paragraph emphasis, emphasised opening) of a Word paragraph."""
    marks: list[tuple[str, str]] = []  # (run text, its emphasis or "")
    for i, run in enumerate(para.runs):
        if not run.text:
            continue
        found = _run_family(para, i)
        if found in _EMPHASIS_FAMILIES and found != body_family:
            marks.append((run.text, found))
        elif run.bold and not body_bold:
            marks.append((run.text, "bold"))
        else:
            marks.append((run.text, ""))
    visible = [(t, m) for t, m in marks if t.strip()]
    if not visible:
        return "", ""
    if all(m for _, m in visible):
        return visible[0][1], ""
    lead = ""
    for text, mark in marks:
        if not mark and text.strip():
            break
        lead += text
    lead = _strip(lead)
    if lead:
        lead = _strip(para.label + lead) if para.label else lead
    return "", lead
