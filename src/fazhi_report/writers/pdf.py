""".docx → .pdf through LibreOffice (``soffice --headless --convert-to pdf``), and reading it back.

LibreOffice lays out the report's .docx, so the PDF matches the printed report, with two things
of its own: the copy it converts hangs no punctuation past the margin (LibreOffice drops such
marks from a PDF; :func:`~fazhi_report.writers.docx.package.for_libreoffice` says why), and its
profile carries a font replacement table that draws each missing 公文 face with the best face
installed (:mod:`fazhi_report.fonts`). Starting LibreOffice costs seconds, so a batch converts
all its reports in ONE call (:func:`fazhi_report.soffice.convert`).

Every PDF is then read back (pypdf): it must hold every character of the .docx — a PDF that
lost text is not written — and each face it draws with another face is a warning. With
``archive`` the PDF is PDF/A-2b (LibreOffice embeds every font), and the file must say so.
"""

from __future__ import annotations

import collections
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from .. import fonts
from ..errors import OutputError, Problem, UserError
from ..ooxml import read_docx
from ..soffice import convert, find_soffice
from .docx.package import for_libreoffice

if TYPE_CHECKING:
    from pypdf import PdfReader

    from ..ooxml import Document

#: LibreOffice's PDF export filter, with its JSON options (LibreOffice 7.4 and later): the blank
#: page a section that starts on an even page inserts (the 版记's, GB/T 9704 7.4) is exported — by
#: default LibreOffice leaves such pages out of a PDF, which would put the 版记 on an odd page.
_KEEP_BLANK_PAGES = '"IsSkipEmptyPages":{"type":"boolean","value":"false"}'
PDF_FILTER = "pdf:writer_pdf_Export:{" + _KEEP_BLANK_PAGES + "}"
PDFA_FILTER = (
    "pdf:writer_pdf_Export:{"
    + _KEEP_BLANK_PAGES
    + ',"SelectPdfVersion":{"type":"long","value":"2"}}'
)
PDFA = ("2", "B")  # pdfaid:part, pdfaid:conformance


def require_soffice() -> str:
    """Like :func:`find_soffice`, but a clear Chinese error when LibreOffice is missing."""
    found = find_soffice()
    if found is None:
        raise UserError(
            "生成 PDF 需要 LibreOffice，但在 PATH 中找不到 soffice 命令",
            hint="请安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-writer；"
            "Windows：安装后把其 program 文件夹加入 PATH），或从 --format 中去掉 pdf。",
        )
    return found


class Conversion(Struct, frozen=True):
    """Each input's PDF (None where none may be written), what LibreOffice printed, and what
    reading each PDF back found: why one is missing, and the warnings of one that was made."""

    pdfs: dict[Path, Path | None]
    log: str
    errors: dict[Path, str] = field(default_factory=dict)
    warnings: dict[Path, list[Problem]] = field(default_factory=dict)

    def failure(self, docx: Path | None = None) -> str:
        """Why ``docx`` has no PDF, in words a clerk can pass on (else LibreOffice's last lines)."""
        if docx is not None and docx in self.errors:
            return self.errors[docx]
        tail = "\n".join(self.log.strip().splitlines()[-5:])
        return "LibreOffice 未能把报告转换为 PDF" + (
            f"（LibreOffice 输出：{tail}）" if tail else ""
        )


def convert_to_pdf(
    docx_files: Sequence[Path], outdir: Path, *, archive: bool = False
) -> Conversion:
    """Convert every file in one LibreOffice run; map each input to its PDF (None: not made).

    LibreOffice names each PDF after its input (``a.docx`` → ``outdir/a.pdf``), so inputs must
    have distinct stems; the batch gives them numbered names.
    """
    if not docx_files:
        return Conversion({}, "")
    soffice = require_soffice()
    sources = outdir / "libreoffice"
    sources.mkdir(parents=True, exist_ok=True)
    copies = {docx: sources / docx.name for docx in docx_files}
    for docx, copy in copies.items():
        copy.write_bytes(for_libreoffice(docx.read_bytes()))
    families = fonts.installed()
    target = PDFA_FILTER if archive else PDF_FILTER
    log = convert(
        soffice, list(copies.values()), target, outdir, replacements=fonts.replacements(families)
    )
    conversion = Conversion({}, log)
    for docx, copy in copies.items():
        pdf = outdir / (docx.stem + ".pdf")
        made = pdf.is_file() and pdf.stat().st_size > 0
        problem = _read_back(copy, pdf, families, archive=archive) if made else None
        if problem is not None and problem.error is not None:
            conversion.errors[docx] = problem.error
            made = False
        conversion.pdfs[docx] = pdf if made else None
        if made and problem is not None:
            conversion.warnings[docx] = problem.warnings
    return conversion


def render_pdf(docx: bytes) -> bytes:
    """One report's .docx bytes → its PDF bytes (a batch uses :func:`convert_to_pdf` instead)."""
    with tempfile.TemporaryDirectory(prefix="fazhi-pdf-") as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        conversion = convert_to_pdf([source], Path(folder) / "out")
        pdf = conversion.pdfs[source]
        if pdf is None:
            raise OutputError(
                "PDF", conversion.failure(source), "可用 LibreOffice 手工打开 .docx 查看问题所在。"
            )
        return pdf.read_bytes()


# ---------------------------------------------------------------------------------------------
# Reading a PDF back


class ReadBack(Struct):
    """What a PDF says against its .docx: an error (it must not be written), else warnings."""

    error: str | None = None
    warnings: list[Problem] = field(default_factory=list)


class PdfContent(Struct, frozen=True):
    """A PDF's text (every page, in order), the fonts it draws with and its PDF/A claim."""

    text: str
    fonts: list[str]  # BaseFont names, ``BAAAAA+NotoSerifCJKjp-Regular``
    pdfa: tuple[str, str] | None  # (part, conformance) from its XMP metadata


def read_pdf(pdf: Path) -> PdfContent:
    """The text, fonts and PDF/A claim of ``pdf`` (pypdf: no program to install on Windows)."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    text = "".join(page.extract_text() for page in reader.pages)
    found: dict[str, None] = {}
    for page in reader.pages:
        for font in _fonts(page.get("/Resources")):
            found[font] = None
    return PdfContent(text, list(found), _pdfa(reader))


def _fonts(resources: Any, depth: int = 0) -> Iterator[str]:
    """The BaseFont names in a resource dictionary and the forms it draws (nested a few deep)."""
    if resources is None or depth > 8:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        name = font.get_object().get("/BaseFont")
        if name is not None:
            yield str(name).lstrip("/")
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), depth + 1)


def _pdfa(reader: PdfReader) -> tuple[str, str] | None:
    metadata = reader.xmp_metadata
    if metadata is None:
        return None
    xml = metadata.rdf_root.toxml()
    part = re.search(r"pdfaid:part[^>]*>\s*([^<\s]+)", xml) or re.search(
        r'pdfaid:part="([^"]+)"', xml
    )
    conformance = re.search(r"pdfaid:conformance[^>]*>\s*([^<\s]+)", xml) or re.search(
        r'pdfaid:conformance="([^"]+)"', xml
    )
    if part is None or conformance is None:
        return None
    return part.group(1), conformance.group(1)


def comparable(text: str) -> collections.Counter[str]:
    """The characters of ``text`` as a multiset: NFKC (a PDF may map 一 to the radical ⼀),
    without white space, which a PDF only suggests by position."""
    return collections.Counter(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


def _read_back(
    docx: Path, pdf: Path, families: fonts.Families | None, *, archive: bool
) -> ReadBack:
    document = read_docx(docx)
    content = read_pdf(pdf)
    body = "".join(paragraph.text for paragraph in document.paragraphs)
    lost = comparable(body) - comparable(content.text)
    if lost:
        typed = {unicodedata.normalize("NFKC", ch): ch for ch in body}  # “，”, not NFKC's “,”
        listed = "、".join(f"“{typed.get(ch, ch)}”×{n}" for ch, n in lost.most_common())
        return ReadBack(
            f"LibreOffice 生成的 PDF 缺少 .docx 中的 {sum(lost.values())} 个字符：{listed}；"
            "为免发出缺字的 PDF，未写入该 PDF（可用 Word 或 WPS 打开 .docx 另存为 PDF）"
        )
    if archive and content.pdfa != PDFA:
        return ReadBack(
            "LibreOffice 未能生成 PDF/A-2b 文件（需要 LibreOffice 7.4 或更新的版本）；"
            "去掉 --pdfa 可生成普通 PDF"
        )
    replaced = fonts.replacement_warnings(_faces(document), content.fonts, families)
    return ReadBack(warnings=[Problem.about("", text) for text in replaced])


def _faces(document: Document) -> list[str]:
    """The faces the report's text asks for: East Asian text's and Latin text's, in order."""
    faces: dict[str, None] = {}
    footers = [p for paragraphs in document.footers.values() for p in paragraphs]
    for paragraph, footer in [(p, False) for p in document.paragraphs] + [
        (p, True) for p in footers
    ]:
        for run in paragraph.runs:
            # A page number's field has no text until it is drawn: both its fonts count.
            text = run.text or ("一1" if footer else "")
            if any(ord(ch) >= 0x2E80 or ch in "“”‘’—…·" for ch in text):
                faces[run.font("eastAsia") or ""] = None
            if any(ch.isascii() and ch.isalnum() for ch in text):
                faces[run.font("ascii") or ""] = None
    faces.pop("", None)
    return list(faces)
