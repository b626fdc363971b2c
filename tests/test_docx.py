"""The .docx writer: the built file's XML meets GB/T 9704-2012 and the issue's requirements.

Every example under examples/ is built and read back with zipfile/ElementTree (and python-docx),
resolving style chains the way Word does: run → paragraph style → basedOn … → docDefaults.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi_report import layout
from fazhi_report.build import prepare
from fazhi_report.load import read_source
from fazhi_report.style import DEFAULT as DEFAULT_STYLE
from fazhi_report.tree import Attachment, Document, Heading, Paragraph, Table
from fazhi_report.typeset import text_width
from fazhi_report.values import NO_ADDRESSEE
from fazhi_report.writers.docx import render_docx
from fazhi_report.writers.docx.body import build_body
from fazhi_report.writers.docx.package import base_package, file_timestamp
from fazhi_report.writers.docx.pages import estimate_pages

from .support import render_in_new_process

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


def w(name: str) -> str:
    return W + name


@cache
def example_document(path: Path) -> Document:
    return prepare(path).document


@cache
def example_docx(path: Path) -> bytes:
    return render_docx(example_document(path))


def sample_document(**changes: object) -> Document:
    """A small report with every element: addressee, levels 1–4, attachments, table, note, cc."""
    document = Document(
        title="中共青山镇委员会 青山镇人民政府关于2024年度法治政府建设情况的报告",
        addressee="中共临川县委、临川县人民政府",
        body=[
            Paragraph("2024年，青山镇坚持“12·4”国家宪法日宣传……现将有关情况报告如下："),
            Heading(1, "主要举措和成效", "一、"),
            Heading(2, "加强党的领导", "（一）"),
            Heading(3, "健全领导机制", "1."),
            Heading(4, "专题会议", "（1）"),
            Paragraph("全年召开党委专题会议4次。"),
        ],
        signature=["中共青山镇委员会", "青山镇人民政府"],
        date_text="2025年2月20日",
        note="此件公开发布",
        attachments=[
            Attachment("主要数据", [Table([["指标", "2024年"], ["调解矛盾纠纷", "2300余起"]])]),
            Attachment("典型案例", [Paragraph("案例一。")]),
        ],
        cc=["中共临川县委全面依法治县委员会办公室"],
        unit="青山镇人民政府",
        year=2024,
        issued=dt.date(2025, 2, 20),
    )
    for key, value in changes.items():
        setattr(document, key, value)
    return document


class Package:
    """A built .docx read back: parts as ElementTree roots, styles resolved through basedOn."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = self.xml("word/document.xml")
        self.styles = self.xml("word/styles.xml")
        self.by_id = {s.get(w("styleId")): s for s in self.styles.iter(w("style"))}

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.zip.read(name))

    def paragraphs(self) -> Iterator[tuple[ET.Element, str]]:
        for p in self.document.iter(w("p")):
            yield p, "".join(t.text or "" for t in p.iter(w("t")))

    def paragraph(self, prefix: str) -> ET.Element:
        for p, text in self.paragraphs():
            if text.startswith(prefix):
                return p
        raise AssertionError(f"no paragraph starts with {prefix!r}")

    def last_paragraph(self, text: str) -> ET.Element:
        """The last paragraph whose text is exactly ``text`` (signature lines, the date)."""
        found = [p for p, t in self.paragraphs() if t == text]
        assert found, f"no paragraph reads {text!r}"
        return found[-1]

    def style_chain(self, p: ET.Element) -> list[ET.Element]:
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        style_id = style.get(w("val")) if style is not None else None
        if style_id is None:
            style_id = next(
                s.get(w("styleId"))
                for s in self.styles.iter(w("style"))
                if s.get(w("type")) == "paragraph" and s.get(w("default")) == "1"
            )
        chain = []
        while style_id:
            element = self.by_id[style_id]
            chain.append(element)
            based = element.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def rpr_chain(self, p: ET.Element) -> list[ET.Element]:
        """Run properties from the most to the least specific, docDefaults last."""
        chain = [r for r in p.iter(w("rPr"))][:1]
        chain += [r for s in self.style_chain(p) if (r := s.find(w("rPr"))) is not None]
        default = self.styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        assert default is not None
        return [*chain, default]

    def ppr_chain(self, p: ET.Element) -> list[ET.Element]:
        chain = [r for r in [p.find(w("pPr"))] if r is not None]
        chain += [r for s in self.style_chain(p) if (r := s.find(w("pPr"))) is not None]
        default = self.styles.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        assert default is not None
        return [*chain, default]

    def run_prop(self, p: ET.Element, tag: str, attr: str) -> str | None:
        for rpr in self.rpr_chain(p):
            element = rpr.find(w(tag))
            if element is not None and element.get(w(attr)) is not None:
                return element.get(w(attr))
        return None

    def para_prop(self, p: ET.Element, tag: str, attr: str) -> str | None:
        for ppr in self.ppr_chain(p):
            element = ppr.find(w(tag))
            if element is not None and element.get(w(attr)) is not None:
                return element.get(w(attr))
        return None

    def has(self, p: ET.Element, tag: str) -> bool:
        for ppr in self.ppr_chain(p):
            element = ppr.find(w(tag))
            if element is not None:
                return element.get(w("val"), "1") not in ("0", "false")
        return False


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.name)
def example(request: pytest.FixtureRequest) -> Package:
    path: Path = request.param
    return Package(example_docx(path))


@pytest.fixture(scope="module")
def sample() -> Package:
    return Package(render_docx(sample_document()))


def test_examples_exist() -> None:
    assert any(p.name == "official-2024.yaml" for p in EXAMPLES)


# --- the base document ----------------------------------------------------------------------


def test_base_document_is_xml_text_in_the_package() -> None:
    base = ROOT / "src" / "fazhi_report" / "base"
    for name in (
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
    ):
        assert (base / name).read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert not list((ROOT / "src").rglob("*.docx"))
    # assembled once per process (and style, and kind of last section)
    assert base_package(DEFAULT_STYLE, end_section=False) is base_package(
        DEFAULT_STYLE, end_section=False
    )


def test_no_default_template_leftovers(example: Package) -> None:
    names = example.zip.namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert not any("thumbnail" in n or "customXml" in n for n in names)
    for name in names:
        text = example.zip.read(name).decode("utf-8", "replace")
        assert "ja-JP" not in text, name
        assert "python-docx" not in text, name
        for attr in THEME_ATTRS:
            assert f"w:{attr}=" not in text, (name, attr)
    settings = example.xml("word/settings.xml")
    assert settings.find(w("updateFields")) is None
    theme_lang = settings.find(w("themeFontLang"))
    assert theme_lang is None or theme_lang.get(w("eastAsia")) == "zh-CN"


def test_language_is_chinese(example: Package) -> None:
    lang = example.styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    assert lang is not None
    assert lang.get(w("eastAsia")) == "zh-CN"
    assert lang.get(w("val")) == "zh-CN"


def test_core_properties(example: Package) -> None:
    import docx

    path = next(p for p in EXAMPLES if example_docx(p) == example.data)
    document = example_document(path)
    props = docx.Document(io.BytesIO(example.data)).core_properties
    assert props.title == document.title
    assert props.author == document.unit
    stamp = file_timestamp(document)  # the 成文日期, unless SOURCE_DATE_EPOCH is set
    assert props.created is not None and props.created.replace(tzinfo=None) == stamp
    assert props.modified is not None and props.modified.replace(tzinfo=None) == stamp


def test_file_dates_come_from_the_issue_date(monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = render_docx(sample_document())
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created is not None
    assert props.created.replace(tzinfo=None) == dt.datetime(2025, 2, 20)
    assert props.title == sample_document().title
    assert props.author == "青山镇人民政府"
    assert props.language == "zh-CN"
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert info.date_time == (2025, 2, 20, 0, 0, 0)


def test_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    data = render_docx(sample_document())
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.created is not None
    assert props.created.replace(tzinfo=None) == dt.datetime(2023, 11, 14, 22, 13, 20)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()[0]
    assert info.date_time == (2023, 11, 14, 22, 13, 20)


# --- page set-up ----------------------------------------------------------------------------


def test_page_size_and_margins(example: Package) -> None:
    sect = example.document.find(f"{w('body')}/{w('sectPr')}")
    assert sect is not None
    size = sect.find(w("pgSz"))
    margins = sect.find(w("pgMar"))
    assert size is not None and margins is not None
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")  # A4
    got = {k: int(margins.get(w(k), "0")) for k in ("top", "bottom", "left", "right")}
    assert got == {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}  # 37/35/28/26 mm
    assert got["top"] == layout.mm(layout.PAGE.top_mm)


def test_document_grid(example: Package) -> None:
    grid = example.document.find(f"{w('body')}/{w('sectPr')}/{w('docGrid')}")
    assert grid is not None
    assert grid.get(w("linePitch")) == "579"
    assert grid.get(w("type")) == layout.GRID_TYPE
    normal = example.by_id["Normal"]
    spacing = normal.find(f"{w('pPr')}/{w('spacing')}")
    assert spacing is not None
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")
    # 22 lines of 28.95 pt fit the 225 mm 版心, 23 do not
    height_pt = layout.PAGE.text_height_twips / 20
    assert 22 * 579 / 20 <= height_pt < 23 * 579 / 20
    # 28 condensed 三号 characters fit the 156 mm line
    condensed = example.by_id["Normal"].find(f"{w('rPr')}/{w('spacing')}")
    assert condensed is not None and condensed.get(w("val")) == "-5"
    width_pt = layout.PAGE.text_width_twips / 20
    assert 28 * (16 - 0.25) <= width_pt < 29 * (16 - 0.25)


# --- fonts and paragraphs -------------------------------------------------------------------


HEADING_FONTS = {
    "Heading1": "黑体",
    "Heading2": "楷体_GB2312",
    "Heading3": "仿宋_GB2312",
    "Heading4": "仿宋_GB2312",
}
HEADING_NUMBERS = {
    "Heading1": re.compile(r"^[一二三四五六七八九十]+、"),
    "Heading2": re.compile(r"^（[一二三四五六七八九十]+）"),
    "Heading3": re.compile(r"^\d+\."),
    "Heading4": re.compile(r"^（\d+）"),
}


def _style_id(package: Package, p: ET.Element) -> str:
    return package.style_chain(p)[0].get(w("styleId")) or ""


def test_fonts_per_level(example: Package) -> None:
    seen = set()
    for p, text in example.paragraphs():
        style = _style_id(example, p)
        if style in HEADING_FONTS:
            seen.add(style)
            assert example.run_prop(p, "rFonts", "eastAsia") == HEADING_FONTS[style], text
            assert example.run_prop(p, "rFonts", "ascii") == "Times New Roman", text
            assert example.run_prop(p, "sz", "val") == "32", text
            assert HEADING_NUMBERS[style].match(text), text
    assert "Heading1" in seen
    # The title is the first paragraph, or the first after a 版头 (hongling-2024 has one).
    title = next(p for p, _ in example.paragraphs() if _style_id(example, p) == "Title")
    assert example.run_prop(title, "rFonts", "eastAsia") == "方正小标宋简体"
    assert example.run_prop(title, "sz", "val") == "44"
    assert example.para_prop(title, "jc", "val") == "center"


def test_fonts_heading_levels_3_and_4(sample: Package) -> None:
    for prefix, style in (("1.健全", "Heading3"), ("（1）专题", "Heading4")):
        p = sample.paragraph(prefix)
        assert sample.style_chain(p)[0].get(w("styleId")) == style
        assert sample.run_prop(p, "rFonts", "eastAsia") == "仿宋_GB2312"


def test_no_theme_fonts_in_the_style_chain(example: Package) -> None:
    for p, _text in example.paragraphs():
        for rpr in example.rpr_chain(p):
            fonts = rpr.find(w("rFonts"))
            if fonts is not None:
                assert not any(fonts.get(w(a)) for a in THEME_ATTRS)


def test_body_paragraphs(example: Package) -> None:
    paragraphs = list(example.paragraphs())
    after_title = next(i for i, (p, _) in enumerate(paragraphs) if _style_id(example, p) == "Title")
    body = [p for p, text in paragraphs[after_title:] if _style_id(example, p) == "Normal" and text]
    assert body
    p = body[0]
    assert example.para_prop(p, "ind", "firstLineChars") == "200"
    assert example.para_prop(p, "jc", "val") == "both"
    assert example.run_prop(p, "rFonts", "eastAsia") == "仿宋_GB2312"
    assert example.run_prop(p, "rFonts", "ascii") == "Times New Roman"
    assert example.run_prop(p, "sz", "val") == "32"
    assert not example.has(p, "widowControl")
    for p, _text in example.paragraphs():
        if _style_id(example, p) in HEADING_FONTS:
            assert example.has(p, "keepNext")


def _has(package: Package, prefix: str) -> bool:
    return any(text.startswith(prefix) for _p, text in package.paragraphs())


def test_ambiguous_marks_get_the_east_asian_hint(sample: Package) -> None:
    checked = 0
    for r in sample.document.iter(w("r")):
        text = "".join(t.text or "" for t in r.iter(w("t")))
        if any(ch in text for ch in "“”‘’—…·"):
            fonts = r.find(f"{w('rPr')}/{w('rFonts')}")
            assert fonts is not None and fonts.get(w("hint")) == "eastAsia", text
            checked += 1
    assert checked


# Only the examples sent upward have a 主送机关 (the seed reproductions were published on the web).
WITH_ADDRESSEE = [
    p for p in EXAMPLES if read_source(p).data.get("主送", NO_ADDRESSEE) != NO_ADDRESSEE
]
WITHOUT_ADDRESSEE = [p for p in EXAMPLES if p not in WITH_ADDRESSEE]


def test_some_examples_have_an_addressee() -> None:
    assert WITH_ADDRESSEE and WITHOUT_ADDRESSEE


@pytest.mark.parametrize("path", WITHOUT_ADDRESSEE, ids=lambda p: p.name)
def test_主送_无_prints_no_addressee(path: Path) -> None:
    """``主送: 无`` (an edition published on the website) prints no 主送 line at all."""
    document = example_document(path)
    assert document.addressee is None
    with zipfile.ZipFile(io.BytesIO(example_docx(path))) as package:
        assert ">无：<" not in package.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize("path", WITH_ADDRESSEE, ids=lambda p: p.name)
def test_addressee_flush_left(path: Path) -> None:
    document = example_document(path)
    assert document.addressee
    package = Package(example_docx(path))
    p = package.paragraph(document.addressee)
    text = "".join(t.text or "" for t in p.iter(w("t")))
    assert text.endswith("：")
    assert package.para_prop(p, "ind", "firstLineChars") == "0"
    assert package.para_prop(p, "jc", "val") in ("left", "both")


# --- end matter -----------------------------------------------------------------------------


def _chars(p: ET.Element, package: Package, side: str) -> float:
    value = package.para_prop(p, "ind", f"{side}Chars")
    return int(value or 0) / 100


def test_signature_without_seal(example: Package) -> None:
    path = next(p for p in EXAMPLES if example_docx(p) == example.data)
    document = example_document(path)
    assert not document.sealed
    names = [example.last_paragraph(n) for n in document.signature]
    date = example.last_paragraph(document.date_text)
    for p in [*names, date]:
        assert example.para_prop(p, "jc", "val") == "right"
        assert example.para_prop(p, "ind", "firstLineChars") == "0"
        assert example.para_prop(p, "ind", "left") in (None, "0")
    rights = {_chars(p, example, "right") for p in names}
    assert len(rights) == 1  # the lines of a joint signature end flush, as one block
    longest = max(text_width(n) for n in document.signature)
    sig_start = rights.pop() + longest  # distance of the first character from the right edge
    date_right = _chars(date, example, "right")
    date_start = date_right + text_width(document.date_text)
    assert date_start == pytest.approx(sig_start - 2)
    if text_width(document.date_text) > longest:
        assert date_right == layout.SIGNATURE_RIGHT_CHARS
    else:
        assert sig_start - longest == layout.SIGNATURE_RIGHT_CHARS


def test_signature_shorter_than_the_date() -> None:
    package = Package(render_docx(sample_document(signature=["青山镇"])))
    date = package.last_paragraph("2025年2月20日")
    name = package.last_paragraph("青山镇")
    assert _chars(date, package, "right") == layout.SIGNATURE_RIGHT_CHARS
    assert _chars(name, package, "right") + text_width("青山镇") == pytest.approx(
        layout.SIGNATURE_RIGHT_CHARS + text_width("2025年2月20日") + 2
    )


def test_signature_with_seal() -> None:
    package = Package(render_docx(sample_document(sealed=True, signature=["青山镇人民政府"])))
    name = package.last_paragraph("青山镇人民政府")
    date = package.last_paragraph("2025年2月20日")
    date_right = _chars(date, package, "right")
    assert date_right == layout.SEALED_DATE_RIGHT_CHARS
    centre_date = date_right + text_width("2025年2月20日") / 2
    centre_name = _chars(name, package, "right") + text_width("青山镇人民政府") / 2
    assert centre_name == pytest.approx(centre_date, abs=0.01)


def test_signature_one_blank_line_below_body(sample: Package) -> None:
    texts = [text for _p, text in sample.paragraphs()]
    i = texts.index("中共青山镇委员会")
    assert texts[i - 1] == ""
    assert texts[i - 2].startswith("2.")  # the last line of 附件说明
    j = texts.index("附件：1. 主要数据")
    assert texts[j - 1] == "" and texts[j - 2] == "全年召开党委专题会议4次。"
    assert texts[i + 2] == "2025年2月20日"
    assert texts[i + 3] == "（此件公开发布）"


def test_signature_keeps_with_the_last_body_paragraph(sample: Package) -> None:
    p = sample.paragraph("全年召开党委专题会议4次。")
    assert sample.has(p, "keepNext")
    for name in ("中共青山镇委员会", "青山镇人民政府"):
        assert sample.has(sample.last_paragraph(name), "keepNext")


def test_attachments(sample: Package) -> None:
    note1 = sample.paragraph("附件：1. 主要数据")
    note2 = sample.paragraph("2. 典型案例")
    # the names line up: same left indent, the first line hangs further out
    assert sample.para_prop(note1, "ind", "left") == sample.para_prop(note2, "ind", "left")
    for label in ("附件1", "附件2"):
        p = sample.paragraph(label)
        assert sample.has(p, "pageBreakBefore")
        assert sample.run_prop(p, "rFonts", "eastAsia") == "黑体"
        assert sample.para_prop(p, "jc", "val") == "left"
    title = sample.paragraph("主要数据")
    assert sample.run_prop(title, "rFonts", "eastAsia") == "方正小标宋简体"
    assert sample.para_prop(title, "jc", "val") == "center"
    tables = list(sample.document.iter(w("tbl")))
    assert len(tables) == 1
    first_row = tables[0].find(w("tr"))
    assert first_row is not None and first_row.find(f"{w('trPr')}/{w('tblHeader')}") is not None
    cell = next(iter(tables[0].iter(w("p"))))
    assert sample.run_prop(cell, "sz", "val") == "28"  # 四号
    assert sample.para_prop(cell, "spacing", "line") == str(layout.TABLE_LINE_TWIPS)
    assert sample.para_prop(cell, "spacing", "lineRule") == "exact"
    borders = sample.by_id["ReportTable"].find(f"{w('tblPr')}/{w('tblBorders')}")
    assert borders is not None and len(borders) == 6


def test_single_attachment_has_no_number() -> None:
    package = Package(render_docx(sample_document(attachments=[Attachment("主要数据")])))
    assert _has(package, "附件：主要数据")
    label = package.last_paragraph("附件")
    assert package.has(label, "pageBreakBefore")


def test_copy_note(sample: Package) -> None:
    p = sample.paragraph("抄送：")
    assert sample.run_prop(p, "sz", "val") == "28"
    assert sample.run_prop(p, "rFonts", "eastAsia") == "仿宋_GB2312"
    borders = p.find(f"{w('pPr')}/{w('pBdr')}")
    assert borders is not None
    assert {b.tag for b in borders} == {w("top"), w("bottom")}


# --- page numbers ---------------------------------------------------------------------------


def test_page_number_footers(example: Package) -> None:
    settings = example.xml("word/settings.xml")
    assert settings.find(w("evenAndOddHeaders")) is not None
    # The body's section: the first (a 版记 of its own is a last section without page numbers).
    sect = next(example.document.iter(w("sectPr")), None)
    assert sect is not None
    refs = {r.get(w("type")) for r in sect.findall(w("footerReference"))}
    assert refs == {"default", "even"}
    rels = example.xml("word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for ref in sect.findall(w("footerReference")):
        footer = example.xml("word/" + (targets[ref.get(f"{{{_R}}}id")] or ""))
        p = footer.find(w("p"))
        assert p is not None
        instr = "".join(t.text or "" for t in footer.iter(w("instrText")))
        assert instr.strip() == "PAGE"
        text = "".join(t.text or "" for t in footer.iter(w("t")))
        assert text.startswith("— ") and text.endswith(" —")
        jc = p.find(f"{w('pPr')}/{w('jc')}")
        ind = p.find(f"{w('pPr')}/{w('ind')}")
        assert jc is not None and ind is not None
        one_char = str(layout.char_twips(1, layout.SIZE_SI))
        if ref.get(w("type")) == "default":
            assert jc.get(w("val")) == "right" and ind.get(w("right")) == one_char
        else:
            assert jc.get(w("val")) == "left" and ind.get(w("left")) == one_char
    footer_style = example.by_id["Footer"]
    fonts = footer_style.find(f"{w('rPr')}/{w('rFonts')}")
    assert fonts is not None and fonts.get(w("ascii")) == "宋体"
    size = footer_style.find(f"{w('rPr')}/{w('sz')}")
    assert size is not None and size.get(w("val")) == "28"
    margins = sect.find(w("pgMar"))
    assert margins is not None
    assert 24 <= int(margins.get(w("footer"), "0")) / layout.TWIPS_PER_MM <= 25


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- validity, reproducibility, speed -------------------------------------------------------


@pytest.mark.slow
def test_openxml_audit_finds_no_errors(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator  # type: ignore[import-untyped]

    validator = OpenXmlValidator(max_errors=0)
    files = {p.stem: example_docx(p) for p in EXAMPLES}
    files["sample"] = render_docx(sample_document())
    files["sealed"] = render_docx(sample_document(sealed=True, cc=[], note=None))
    for name, data in files.items():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        result = validator.validate(path)
        assert not result.errors, (name, [str(e) for e in result.errors[:5]])


def example_documents() -> dict[str, Document]:
    """Every example's tree, for renders in other processes (they import it by name)."""
    return {path.stem: example_document(path) for path in EXAMPLES}


@pytest.mark.slow
def test_byte_identical_builds(example: Package) -> None:
    path = next(p for p in EXAMPLES if example_docx(p) == example.data)
    again = render_docx(copy.deepcopy(example_document(path)))
    assert again == example.data
    # Two other processes, with different string hashing, make the same bytes as this one.
    first = render_in_new_process("tests.test_docx:example_documents", 1)[path.stem]["docx"]
    second = render_in_new_process("tests.test_docx:example_documents", 2)[path.stem]["docx"]
    assert first == second == example.data
    infos = example.zip.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert len({i.date_time for i in infos}) == 1
    assert "w:rsid" not in example.zip.read("word/document.xml").decode()


# --- the page estimate ------------------------------------------------------------------------


def test_estimate_pages_follow_keep_with_next() -> None:
    # title (1) + blank + addressee, then 41 body lines: the body ends on the last line of page 2
    body = [Paragraph("法" * (26 + 28 * 3))] * 10 + [Paragraph("法" * 26)]
    document = sample_document(title="关于测试的报告", body=body, attachments=[], note=None, cc=[])
    items = build_body(document)
    pages = estimate_pages(items)
    sign = next(i for i, item in enumerate(items) if "中共青山镇委员会" in item.xml())
    assert pages[sign] == 3
    # the last body paragraph keeps with the signature, so it moves too
    last_body = max(i for i, item in enumerate(items[:sign]) if "法法" in item.xml())
    assert pages[last_body] == 3


# --- the body spliced in as written -------------------------------------------------------------


def _as_python_docx_saves(document_xml: bytes) -> bytes:
    """document.xml read and written by python-docx (parse, then serialise), as it saves a part."""
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml.parser import parse_xml

    return bytes(serialize_part_xml(parse_xml(document_xml)))


def _spliced_as_written_equals_saved(document: Document) -> None:
    """The package splices the body into the document.xml python-docx saved without it
    (package._packaged); the bytes must be those python-docx would save with the body inside."""
    from fazhi_report.writers.docx import body_xml
    from fazhi_report.writers.docx.package import _with_body, base_package

    body, end_section = body_xml(document)
    with zipfile.ZipFile(
        io.BytesIO(base_package(document.style, end_section=end_section))
    ) as package:
        base = package.read("word/document.xml")
    assert _with_body(_as_python_docx_saves(base), body) == _as_python_docx_saves(
        _with_body(base, body)
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_examples_body_is_written_as_python_docx_would_save_it(path: Path) -> None:
    _spliced_as_written_equals_saved(example_document(path))


_TYPED = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"), max_size=30
)


@settings(max_examples=150, deadline=None)
@given(
    title=_TYPED.filter(str.strip),
    texts=st.lists(_TYPED, min_size=1, max_size=4),
    cells=st.lists(st.lists(_TYPED, min_size=2, max_size=2), min_size=1, max_size=3),
    level=st.integers(1, 4),
)
def test_any_text_is_written_as_python_docx_would_save_it(
    title: str, texts: list[str], cells: list[list[str]], level: int
) -> None:
    """Whatever a clerk types (markup characters, quotes, tabs, empty text, control characters the
    writer drops), the body the package splices in is what python-docx would have saved."""
    body = [Heading(level, texts[0], "一、"), *(Paragraph(t) for t in texts), Table(cells)]
    attachments = [Attachment(texts[-1] or "附件", [Paragraph(t) for t in texts])]
    _spliced_as_written_equals_saved(
        sample_document(title=title, body=body, attachments=attachments, note=texts[0] or None)
    )
