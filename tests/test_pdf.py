"""The PDF says exactly what the .docx says, in Chinese typefaces (issue 18).

Every example built with every built-in template goes through the tool's own PDF path
(:func:`fazhi_report.writers.pdf.convert_to_pdf`: the LibreOffice copy of the .docx, the font
replacement table, one LibreOffice run) and is read back with poppler: the PDF's characters are
the .docx's body characters, the faces are the right kind and never a Japanese, Korean or
Traditional-Chinese one. The CLI tests pin the warnings and ``--strict``; PDF/A-2b is checked in
the file's own metadata.
"""

from __future__ import annotations

import collections
import hashlib
import io
import re
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi_report import fonts
from fazhi_report.batch import build_file
from fazhi_report.build import prepare
from fazhi_report.templating import list_builtin
from fazhi_report.tree import Paragraph
from fazhi_report.writers import pdf as pdf_writer
from fazhi_report.writers.docx import render_docx
from fazhi_report.writers.docx.package import for_libreoffice
from fazhi_report.writers.pdf import PdfContent, convert_to_pdf, read_pdf

from .conftest import EXAMPLES, Invoke
from .libreoffice import layout_tools_or_skip, unavailable
from .support import MINIMAL

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEMPLATES = [t.name for t in list_builtin()]
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted((EXAMPLES / "county-2024").rglob("*.yaml"))
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]


def chars(text: str) -> collections.Counter[str]:
    """The multiset the issue compares: NFKC, without white space."""
    return collections.Counter(c for c in unicodedata.normalize("NFKC", text) if not c.isspace())


def docx_body(docx: bytes) -> tuple[str, list[str]]:
    """The body text of a .docx (every w:t of document.xml) and its repeated table header rows."""
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml"))
    text = "".join(t.text or "" for t in root.iter(W + "t"))
    headers = [
        "".join(t.text or "" for t in row.iter(W + "t"))
        for row in root.iter(W + "tr")
        if row.find(f"{W}trPr/{W}tblHeader") is not None
    ]
    return text, headers


def pdftotext(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdffonts(pdf: Path) -> list[str]:
    lines = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [line.split()[0] for line in lines]


def difference(docx: bytes, pdf: Path) -> tuple[dict[str, int], dict[str, int]]:
    """(missing from the PDF, extra in the PDF): the PDF's page numbers are not the .docx's
    text, and a table header row repeated on the next page is the same text again."""
    body, headers = docx_body(docx)
    want, got = chars(body), chars(PAGE_NUMBER.sub("", pdftotext(pdf)))
    extra = got - want
    for header in headers:
        while header and not chars(header) - extra:
            extra -= chars(header)
    return dict(want - got), dict(extra)


@dataclass
class Built:
    docx: bytes
    pdf: Path
    document_title: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every example × every built-in template, as the tool converts them: one LibreOffice run."""
    layout_tools_or_skip()
    folder = tmp_path_factory.mktemp("pdf")
    made: dict[str, tuple[bytes, Path, str]] = {}
    for number, path in enumerate(EXAMPLE_FILES):
        for template in TEMPLATES:
            prepared = prepare(path, template)
            docx = folder / f"{number}-{template}.docx"
            docx.write_bytes(render_docx(prepared.document))
            made[f"{path.stem}/{template}"] = (docx.read_bytes(), docx, prepared.document.title)
    conversion = convert_to_pdf([docx for _, docx, _ in made.values()], folder / "out")
    assert not conversion.errors, conversion.errors
    result = {}
    for name, (data, docx, title) in made.items():
        pdf = conversion.pdfs[docx]
        assert pdf is not None, (name, conversion.failure(docx))
        result[name] = Built(data, pdf, title)
    return result


def test_every_example_with_every_template_was_converted(built: dict[str, Built]) -> None:
    assert len(built) == len(EXAMPLE_FILES) * len(TEMPLATES) == 40


def test_the_pdf_text_is_the_docx_text(built: dict[str, Built]) -> None:
    """The 社渚 report lost 12 “，”, 2 “。” and 1 “、” before: marks LibreOffice hung past the
    margin of a justified line and then did not draw."""
    wrong = {name: difference(b.docx, b.pdf) for name, b in built.items()}
    assert {name: d for name, d in wrong.items() if d != ({}, {})} == {}


def test_no_pdf_names_a_foreign_face(built: dict[str, Built]) -> None:
    """No embedded font is named as a Japanese, Korean or Traditional-Chinese face. Only where
    the Noto CJK collection is the best face installed may one be so named: its faces share one
    CFF table named after the Japanese face, so the SC face it draws with is called
    NotoSerifCJKjp (test_glyphs_are_simplified_forms shows which forms it draws). With the
    README's test packages no face of the collection is chosen, and none is named."""
    names = {name for b in built.values() for name in pdffonts(b.pdf)}
    foreign = {n for n in names if fonts.foreign(n)}
    plan = {f.name: fonts.choose(f.name, fonts.installed()).use for f in fonts.FACES}
    collection = {use for use in plan.values() if use and "CJK" in use}
    allowed = {
        n
        for n in foreign
        if re.fullmatch(r"[A-Z]{6}\+Noto(Sans|Serif)CJKjp-\S+", n)
        and any(fonts.drawn_by(use, [n]) for use in collection)
    }
    assert foreign == allowed, (names, plan)
    if fonts.installed() is not None and {"arplumingcn", "wenquanyizenhei"} <= fonts.installed():
        assert not foreign, names


NUMBER = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、.]")


def _fonts_of(pdf: Path, text: str) -> set[str]:
    """The fonts page 1 of ``pdf`` draws ``text``'s Chinese with (pypdf's text visitor): those of
    the pieces of text, numbers left out, that are part of ``text``."""
    from pypdf import PdfReader

    used: set[str] = set()
    text = unicodedata.normalize("NFKC", text)

    def visit(
        chunk: str, cm: object, tm: object, font: dict[str, object] | None, size: float
    ) -> None:
        core = NUMBER.sub("", unicodedata.normalize("NFKC", chunk).strip())
        if font is not None and len(core) > 1 and not core.isascii() and core in text:
            used.add(str(font.get("/BaseFont", "")))

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return used


def test_each_part_is_set_in_its_face_or_the_face_standing_in(built: dict[str, Built]) -> None:
    """Title in the 小标宋 face, 一、 headings in 黑体's, （一） in 楷体's, body text in 仿宋's:
    the face itself, or what the replacement table chose (body text always a serif face)."""
    report = built["official-2024/official"]
    document = prepare(EXAMPLES / "official-2024.yaml", "official").document
    families = fonts.installed()
    headings = document.headings()
    first = next(h for h in headings if h.level == 1)
    second = next(h for h in headings if h.level == 2)
    parts = {
        "方正小标宋简体": document.title,
        "黑体": first.text,
        "楷体_GB2312": second.text,
        "仿宋_GB2312": next(b.text for b in document.body if isinstance(b, Paragraph)),
    }
    page_one = pdftotext(report.pdf).split("\f")[0]
    for face, text in parts.items():
        choice = fonts.choose(face, families)
        assert choice.use is not None, face
        if text.replace(" ", "")[:6] not in page_one.replace(" ", ""):
            continue  # not on page 1
        used = _fonts_of(report.pdf, text)
        assert used and all(fonts.drawn_by(choice.use, [u]) for u in used), (face, choice, used)
    body = fonts.choose("仿宋_GB2312", families)
    assert body.how in ("itself", "same") or body.use in fonts.SERIF, body


def test_glyphs_are_simplified_forms(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a Chinese reader sees on a machine whose only free faces are the Noto CJK
    collection's (which a PDF names NotoSerifCJKjp): the PDF of a report draws 骨, 直, 写 … in
    their Simplified forms — unlike the same .docx marked Japanese, Korean or Traditional
    Chinese. (AR PL UMing CN and WenQuanYi Zen Hei, preferred where installed, have only the
    Simplified forms.)"""
    layout_tools_or_skip()
    noto = {"notoserifcjksc", "notosanscjksc", "notoserifcjkjp", "notosanscjkjp", "arplukaicn"}
    monkeypatch.setattr(fonts, "installed", lambda: frozenset(noto))
    source = tmp_path / "facts.yaml"
    sample = "骨直角写边关说，过画"
    source.write_text(
        MINIMAL + yaml.safe_dump({"导语": [sample * 3]}, allow_unicode=True), encoding="utf-8"
    )
    docx = render_docx(prepare(source).document)
    variants = {"zh-CN": docx}
    for lang in ("ja-JP", "ko-KR", "zh-TW", "zh-HK"):
        variants[lang] = _with_language(docx, lang)
    files = []
    for lang, data in variants.items():
        path = tmp_path / f"{lang}.docx"
        path.write_bytes(data)
        files.append(path)
    conversion = convert_to_pdf(files, tmp_path / "out")
    pages = {}
    for path in files:
        pdf = conversion.pdfs[path]
        assert pdf is not None, conversion.failure(path)
        png = subprocess.run(
            ["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(pdf)],
            capture_output=True,
            check=True,
        ).stdout
        pages[path.stem] = hashlib.sha256(png).hexdigest()
    ours = pages.pop("zh-CN")
    assert all(page != ours for page in pages.values()), pages


def _with_language(docx: bytes, lang: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in ("word/styles.xml", "word/document.xml"):
                data = data.replace(b'w:eastAsia="zh-CN"', f'w:eastAsia="{lang}"'.encode())
            target.writestr(info, data)
    return out.getvalue()


# --- what LibreOffice is given --------------------------------------------------------------------


def test_libreoffice_gets_a_copy_that_hangs_no_punctuation() -> None:
    """Only the paragraph defaults change, and only in the copy: the .docx for Word keeps Word's
    default (punctuation may hang), byte for byte."""
    docx = render_docx(prepare(EXAMPLES / "official-2024.yaml").document)
    copy = for_libreoffice(docx)
    with zipfile.ZipFile(io.BytesIO(docx)) as a, zipfile.ZipFile(io.BytesIO(copy)) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
        assert changed == ["word/styles.xml"]
        assert b"overflowPunct" not in a.read("word/styles.xml")
        styles = b.read("word/styles.xml").decode()
    defaults = re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", styles)
    assert defaults is not None
    assert defaults.group(0) == (
        '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="1"/>'
        '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/></w:pPr></w:pPrDefault>'
    )
    assert styles.count("overflowPunct") == 1


def test_a_pdf_that_lost_text_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading back: a PDF without every character of its .docx is an error, never a PDF."""
    docx = tmp_path / "r.docx"
    docx.write_bytes(render_docx(prepare(EXAMPLES / "shezhu-2023.yaml").document))
    body = docx_body(docx.read_bytes())[0]
    lost = body.replace("，", "", 12).replace("。", "", 2)
    monkeypatch.setattr(pdf_writer, "read_pdf", lambda pdf: PdfContent(lost, [], None))
    found = pdf_writer._read_back(docx, tmp_path / "r.pdf", frozenset(), archive=False)
    assert found.error == (
        "LibreOffice 生成的 PDF 缺少 .docx 中的 14 个字符：“，”×12、“。”×2；"
        "为免发出缺字的 PDF，未写入该 PDF（可用 Word 或 WPS 打开 .docx 另存为 PDF）"
    )


# --- the CLI: warnings, --strict, PDF/A -----------------------------------------------------------

WARNINGS = [
    "警告：PDF 中 方正小标宋简体 以 AR PL UMing CN 代替；安装 方正小标宋简体 后重新生成可与 Word 一致",
    "警告：PDF 中 仿宋_GB2312 以 AR PL UMing CN 代替；安装 仿宋_GB2312 后重新生成可与 Word 一致",
    "警告：PDF 中 黑体 以 WenQuanYi Zen Hei 代替；安装 黑体 后重新生成可与 Word 一致",
    "警告：PDF 中 楷体_GB2312 以 AR PL UKai CN 代替；安装 楷体_GB2312 后重新生成可与 Word 一致",
    "警告：PDF 中 宋体 以 AR PL UMing CN 代替；安装 宋体 后重新生成可与 Word 一致",
]


def _ci_machine() -> None:
    """This machine as CI has it: the free faces, none of the 公文 faces."""
    layout_tools_or_skip()
    plan = [fonts.choose(f.name, fonts.installed()) for f in fonts.FACES]
    if any(c.how == "itself" for c in plan):
        pytest.skip(
            f"a 公文 face is installed here: the pinned warnings are a CI machine's: {plan}"
        )
    if [c.use for c in plan] != [
        "AR PL UMing CN",
        "WenQuanYi Zen Hei",
        "AR PL UKai CN",
        "AR PL UMing CN",
        "AR PL UMing CN",
    ]:
        unavailable(f"the README's test fonts are not what this machine has: {plan}")


def test_each_replaced_face_is_a_warning(invoke: Invoke, tmp_path: Path) -> None:
    _ci_machine()
    code, out, err = invoke("build", EXAMPLES / "official-2024.yaml", "-o", tmp_path, "-f", "pdf")
    assert code == 0, err
    assert err.splitlines() == WARNINGS
    assert out.startswith(f"已生成 {tmp_path}") and len(list(tmp_path.glob("*.pdf"))) == 1


def test_strict_fails_when_a_face_was_replaced(invoke: Invoke, tmp_path: Path) -> None:
    _ci_machine()
    code, out, err = invoke(
        "build", EXAMPLES / "official-2024.yaml", "-o", tmp_path, "-f", "docx,pdf", "--strict"
    )
    assert code == 1
    pdf = next(tmp_path.glob("*.docx")).with_suffix(".pdf")
    assert err.startswith(
        f"错误：无法写入 {pdf}：有 5 种字体被代替（--strict：警告视为错误），未写入该 PDF：\n"
        + "\n".join(w.removeprefix("警告：") for w in WARNINGS)
    )
    assert "提示：运行 fazhi-report fonts 查看要安装的字体；只想先生成 PDF 时去掉 --strict。" in err
    assert not pdf.exists()
    assert out == f"已生成 {pdf.with_suffix('.docx')}\n"  # the .docx does not depend on fonts


def test_pdfa_declares_its_conformance_and_embeds_every_font(
    invoke: Invoke, tmp_path: Path
) -> None:
    layout_tools_or_skip()
    code, _, err = invoke(
        "build", EXAMPLES / "shezhu-2023.yaml", "-o", tmp_path, "-f", "pdf", "--pdfa"
    )
    assert code == 0, err
    pdf = next(tmp_path.glob("*.pdf"))
    assert read_pdf(pdf).pdfa == ("2", "B")
    from pypdf import PdfReader

    xmp = PdfReader(pdf).xmp_metadata
    assert xmp is not None
    xml = xmp.rdf_root.toxml()
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xml)
    assert re.search(r"<pdfaid:conformance>B</pdfaid:conformance>", xml)
    listed = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    rows = listed.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), listed  # emb


def test_pdfa_needs_pdf(invoke: Invoke, tmp_path: Path) -> None:
    code, _, err = invoke("build", EXAMPLES / "shezhu-2023.yaml", "-o", tmp_path, "--pdfa")
    assert code == 1
    assert (
        err
        == "错误：--pdfa 只用于 PDF，但 --format 中没有 pdf\n  提示：例如：--format docx,pdf --pdfa\n"
    )


# --- any facts: punctuation at the end of a line --------------------------------------------------

HAN = "法治政府建设推进依法行政严格规范公正文明执法"
MARKS = "，。、；：？！”》）"
_han = st.text(alphabet=HAN, min_size=1, max_size=60)


@st.composite
def _paragraph(draw: st.DrawFn) -> str:
    """Text whose full-width character 27, 28 or 29 of some line is a punctuation mark: the
    first line holds 26 after the 2-character indent, the others 28."""
    line = draw(st.integers(min_value=0, max_value=3))
    position = 26 + 28 * line + draw(st.sampled_from([-2, -1, 0, 1]))
    head = "".join(draw(st.lists(st.sampled_from(HAN), min_size=position, max_size=position)))
    mark = draw(st.sampled_from(MARKS))
    return head + mark + draw(_han) + "。"


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(_paragraph(), min_size=2, max_size=5))
def test_the_pdf_keeps_every_mark_at_a_line_end(paragraphs: list[str]) -> None:
    layout_tools_or_skip()
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        facts = Path(folder) / "f.yaml"
        facts.write_text(
            MINIMAL + yaml.safe_dump({"导语": paragraphs}, allow_unicode=True), encoding="utf-8"
        )
        written = build_file(facts, out=Path(folder) / "out", formats=("docx", "pdf"))
        docx, pdf = sorted(written, key=lambda p: p.suffix)
        assert difference(docx.read_bytes(), pdf) == ({}, {})
