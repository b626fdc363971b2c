"""``fazhi-report check``: good reports pass every rule; each hand-broken copy fails exactly its rule.

No binary fixtures: a small good report is written here from XML text (its formatting spread over
docDefaults, a ``basedOn`` style chain, a document grid and direct run properties, as a report
typed in Word would have it), and the generated examples are built fresh. A bad fixture is a good
report with one XML part rewritten.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from lxml import etree

from fazhi_report import layout
from fazhi_report.batch import build_file
from fazhi_report.check import RuleResult, audit, read_parts
from fazhi_report.errors import InputFileError
from fazhi_report.ooxml import read_docx

from .conftest import EXAMPLES, Invoke, example_files
from .word_lists import abstract_of, add_instance, add_list

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

# --------------------------------------------------------------------------------------------
# A small good report, written by hand
# --------------------------------------------------------------------------------------------

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<{{tag}} xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
)
_DOC_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{_DOC_TYPE}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{_DOC_TYPE}.styles+xml"/>
<Override PartName="/word/settings.xml" ContentType="{_DOC_TYPE}.settings+xml"/>
<Override PartName="/word/footer1.xml" ContentType="{_DOC_TYPE}.footer+xml"/>
<Override PartName="/word/footer2.xml" ContentType="{_DOC_TYPE}.footer+xml"/>
</Types>"""

PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_REL}/settings" Target="settings.xml"/>
<Relationship Id="rId3" Type="{_REL}/footer" Target="footer1.xml"/>
<Relationship Id="rId4" Type="{_REL}/footer" Target="/word/footer2.xml"/>
</Relationships>"""

_FONTS = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="{}"/>'
_NO_INDENT = '<w:ind w:firstLine="0" w:firstLineChars="0"/>'

# Normal carries the body formatting; the others inherit it through basedOn and change one thing.
STYLES = (
    _HEAD.format(tag="w:styles")
    + "<w:docDefaults><w:rPrDefault><w:rPr>"
    + _FONTS.format("仿宋_GB2312")
    + '<w:sz w:val="32"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:pPr><w:ind w:firstLineChars="200"/><w:jc w:val="both"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    f'<w:basedOn w:val="Normal"/><w:pPr>{_NO_INDENT}<w:jc w:val="center"/></w:pPr>'
    '<w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/>'
    '<w:basedOn w:val="H1"/><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Flush"><w:name w:val="Flush"/>'
    f'<w:basedOn w:val="Normal"/><w:pPr>{_NO_INDENT}<w:jc w:val="left"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/>'
    f'<w:basedOn w:val="Flush"/><w:pPr><w:ind w:firstLine="0" w:right="640"/>'
    '<w:jc w:val="right"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/>'
    f'<w:basedOn w:val="Flush"/><w:rPr>'
    '<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体"/><w:sz w:val="28"/></w:rPr></w:style>'
    "</w:styles>"
)

SETTINGS = _HEAD.format(tag="w:settings") + "<w:evenAndOddHeaders/></w:settings>"


def _footer(align: str) -> str:
    dash = layout.PAGE_NUMBER_DASH
    return (
        _HEAD.format(tag="w:ftr")
        + f'<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="{align}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{dash} </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {dash}</w:t></w:r></w:p></w:ftr>'
    )


def _p(text: str, style: str | None = None) -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _quoted(before: str, quoted: str, after: str) -> str:
    """A body paragraph whose “quotes” sit in their own run, flagged as East Asian text."""
    hint = '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>'
    return (
        f"<w:p><w:r><w:t>{before}</w:t></w:r>"
        f"<w:r>{hint}<w:t>“{quoted}”</w:t></w:r><w:r><w:t>{after}</w:t></w:r></w:p>"
    )


BODY = [
    _p("某镇人民政府关于2024年度法治政府建设情况的报告", "Title"),
    _p("某县人民政府：", "Flush"),
    _p("2024年，某镇深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将有关情况报告如下："),
    _p("一、2024年度推进法治政府建设的主要举措和成效", "H1"),
    _p("（一）加强党的领导", "H2"),
    _p("1.健全领导机制。全年召开党委专题会议4次，学法考试合格率100%。"),
    _p("2.抓好学法用法。全年开展领导班子学法12次，专题研讨5次。"),
    _p("（二）严格规范执法", "H2"),
    _quoted("落实执法", "三项制度", "，开展案卷评查2次，调解成功率达98%以上。"),
    _p("二、2024年度推进法治政府建设存在的不足和原因", "H1"),
    _p("基层执法力量仍显薄弱，主要原因是培训未能同步跟上。"),
    _p("三、党政主要负责人履行推进法治建设第一责任人职责情况", "H1"),
    _p("镇党委书记、镇长认真履行第一责任人职责，出庭应诉1次。"),
    _p("四、2025年度推进法治政府建设的主要安排", "H1"),
    _p("（一）深化执法规范化建设", "H2"),
    _p("每季度开展一次执法案卷评查，网址为https://example.gov.cn/a,b。"),
    _p("五、其他需要报告的情况", "H1"),
    _p("2024年未发生因违法行政引发的重大群体性事件。"),
    _p("某镇人民政府", "Signature"),
    _p("2025年2月20日", "Signature"),
]

_M = layout.mm
SECTION = (
    '<w:sectPr><w:footerReference w:type="default" r:id="rId3"/>'
    '<w:footerReference w:type="even" r:id="rId4"/>'
    f'<w:pgSz w:w="{_M(layout.PAGE.width_mm)}" w:h="{_M(layout.PAGE.height_mm)}"/>'
    f'<w:pgMar w:top="{_M(layout.PAGE.top_mm)}" w:right="{_M(layout.PAGE.right_mm)}" '
    f'w:bottom="{_M(layout.PAGE.bottom_mm)}" w:left="{_M(layout.PAGE.left_mm)}" '
    'w:header="851" w:footer="1389" w:gutter="0"/>'
    # Word's own way to 22×28: a line-and-character grid (charSpace over a 16 pt default size).
    f'<w:docGrid w:type="linesAndChars" w:linePitch="{layout.PAGE.line_pitch_twips}" '
    'w:charSpace="-849"/></w:sectPr>'
)


def minimal_report(
    body: list[str] | None = None,
    section: str = SECTION,
    styles: str = STYLES,
    *,
    lists: bool = False,
) -> bytes:
    """A good report as .docx bytes; ``body`` replaces the paragraphs for targeted tests.

    ``lists`` adds an empty numbering part, for python-docx (which cannot create one) to add
    list definitions to.
    """
    document = (
        _HEAD.format(tag="w:document")
        + "<w:body>"
        + "".join(BODY if body is None else body)
        + section
        + "</w:body></w:document>"
    )
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/document.xml": document,
        "word/styles.xml": styles,
        "word/settings.xml": SETTINGS,
        "word/footer1.xml": _footer("right"),
        "word/footer2.xml": _footer("left"),
    }
    if lists:
        parts["[Content_Types].xml"] = CONTENT_TYPES.replace(
            "</Types>",
            f'<Override PartName="/word/numbering.xml" ContentType="{_DOC_TYPE}.numbering+xml"/>'
            "</Types>",
        )
        parts["word/_rels/document.xml.rels"] = DOCUMENT_RELS.replace(
            "</Relationships>",
            f'<Relationship Id="rId8" Type="{_REL}/numbering" Target="numbering.xml"/>'
            "</Relationships>",
        )
        parts["word/numbering.xml"] = _HEAD.format(tag="w:numbering") + "</w:numbering>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Rewriting one part of a .docx
# --------------------------------------------------------------------------------------------

Edit = Callable[[etree._Element], None]


def rewrite(data: bytes, edit: Edit, part: str = "word/document.xml") -> bytes:
    """``data`` with ``part`` parsed, changed in place by ``edit`` and written back."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                root = etree.fromstring(content)
                edit(root)
                content = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
            target.writestr(info, content)
    return buffer.getvalue()


def _text(p: etree._Element) -> str:
    return "".join(p.xpath(".//w:t/text()", namespaces=NS))


def _paragraph(root: etree._Element, test: Callable[[str], bool]) -> etree._Element:
    for p in root.iter(f"{{{W}}}p"):
        if test(_text(p)):
            return p
    raise AssertionError("the good report has no paragraph this edit needs")


def _set_text(p: etree._Element, text: str) -> None:
    """All of ``p``'s text in its first w:t; the run keeps its formatting."""
    nodes = p.findall(".//w:t", NS)
    nodes[0].text = text
    for node in nodes[1:]:
        node.text = ""


def _rfonts(run: etree._Element) -> etree._Element:
    rpr = run.find("w:rPr", NS)
    if rpr is None:
        rpr = etree.Element(f"{{{W}}}rPr")
        run.insert(0, rpr)
    fonts = rpr.find("w:rFonts", NS)
    if fonts is None:
        fonts = etree.Element(f"{{{W}}}rFonts")
        at = 1 if rpr.find("w:rStyle", NS) is not None else 0
        rpr.insert(at, fonts)
    return fonts


def wrong_margin(root: etree._Element) -> None:
    for margin in root.iter(f"{{{W}}}pgMar"):
        margin.set(f"{{{W}}}top", str(layout.mm(30)))


def theme_font(root: etree._Element) -> None:
    """The first long paragraph's Chinese text takes the theme's East Asian font."""
    p = _paragraph(root, lambda t: len(t) > 30 and "：" in t)
    for run in p.iter(f"{{{W}}}r"):
        _rfonts(run).set(f"{{{W}}}eastAsiaTheme", "minorEastAsia")


def dun_hao_numbering(root: etree._Element) -> None:
    """“1.健全…” becomes “1、健全…”."""
    p = _paragraph(root, lambda t: t[:1].isdigit() and t[1:2] == ".")
    node = next(t for t in p.iter(f"{{{W}}}t") if t.text and "." in t.text)
    node.text = node.text.replace(".", "、", 1)


def zero_padded_date(root: etree._Element) -> None:
    """The 成文日期 “2025年2月20日” becomes “2025年02月20日”."""
    date = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
    p = _paragraph(root, lambda t: bool(date.match(t.strip())))
    match = date.match(_text(p).strip())
    assert match is not None
    year, month, day = match.groups()
    _set_text(p, f"{year}年0{int(month)}月{int(day):02d}日")


def latin_quotes(root: etree._Element) -> None:
    """The run holding “…” loses its East Asian hint and names a Latin font for the quotes."""
    run = next(r for r in root.iter(f"{{{W}}}r") if "“" in "".join(r.itertext()))
    fonts = _rfonts(run)
    for name in ("hint", "asciiTheme", "hAnsiTheme"):
        fonts.attrib.pop(f"{{{W}}}{name}", None)
    fonts.set(f"{{{W}}}hint", "default")
    fonts.set(f"{{{W}}}ascii", "Times New Roman")
    fonts.set(f"{{{W}}}hAnsi", "Times New Roman")


def no_first_responsible(root: etree._Element) -> None:
    """The 第一责任人 heading keeps its number but no longer names the item."""
    p = _paragraph(root, lambda t: t.startswith("三、") and "第一责任人" in t)
    _set_text(p, "三、依法行政工作情况")


BROKEN: dict[str, Edit] = {
    "margins": wrong_margin,
    "theme_fonts": theme_font,
    "numbering": dun_hao_numbering,
    "date": zero_padded_date,
    "quote_fonts": latin_quotes,
    "mandated": no_first_responsible,
}


# --------------------------------------------------------------------------------------------
# Baselines
# --------------------------------------------------------------------------------------------


def build_docx(facts: Path, folder: Path) -> Path:
    out = folder / f"{facts.stem}.docx"
    build_file(facts, out=out)
    return out


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build_docx(
        EXAMPLES / "official-2024.yaml", tmp_path_factory.mktemp("built")
    ).read_bytes()


@pytest.fixture(params=["minimal", "generated"])
def good(request: pytest.FixtureRequest) -> bytes:
    if request.param == "minimal":
        return minimal_report()
    data: bytes = request.getfixturevalue("generated")
    return data


def failed(results: list[RuleResult]) -> set[str]:
    return {r.id for r in results if not r.ok}


def audit_bytes(data: bytes, folder: Path, name: str = "report.docx") -> list[RuleResult]:
    path = folder / name
    path.write_bytes(data)
    return audit(path)


def explain(results: list[RuleResult]) -> str:
    return "\n".join(r.line() for r in results if not r.ok)


# --------------------------------------------------------------------------------------------
# Good reports pass; each broken copy fails exactly its rule
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("facts", example_files(), ids=lambda p: p.stem)
def test_every_built_example_passes_every_rule(facts: Path, tmp_path: Path) -> None:
    out = tmp_path / f"{facts.stem}.docx"
    build_file(facts, out=out)
    results = audit(out)
    assert failed(results) == set(), explain(results)
    assert len(results) == 15


def test_the_hand_written_report_passes_every_rule(tmp_path: Path) -> None:
    results = audit_bytes(minimal_report(), tmp_path)
    assert failed(results) == set(), explain(results)
    assert len(results) == 15


@pytest.mark.parametrize("rule_id", sorted(BROKEN))
def test_a_broken_copy_fails_exactly_its_rule(good: bytes, rule_id: str, tmp_path: Path) -> None:
    assert failed(audit_bytes(good, tmp_path, "good.docx")) == set()
    results = audit_bytes(rewrite(good, BROKEN[rule_id]), tmp_path)
    assert failed(results) == {rule_id}, explain(results)


def test_messages_say_what_was_found_and_what_is_expected(tmp_path: Path) -> None:
    results = {r.id: r for r in audit_bytes(rewrite(minimal_report(), zero_padded_date), tmp_path)}
    assert results["date"].line() == (
        "✗ 成文日期：发现“2025年02月20日”月或日前补了 0，应为阿拉伯数字、年份写全、月日不编虚位，如“2024年3月5日”"
    )
    assert results["margins"].line() == "✓ 页边距：发现上37.0 下35.0 左28.0 右26.0 mm"
    missing = audit_bytes(rewrite(minimal_report(), no_first_responsible), tmp_path)
    assert "“第一责任人职责”" in next(r.found for r in missing if r.id == "mandated")


# --------------------------------------------------------------------------------------------
# Rules on targeted documents
# --------------------------------------------------------------------------------------------


def _with_body(tmp_path: Path, replace: dict[int, str]) -> set[str]:
    body = list(BODY)
    for index, paragraph in replace.items():
        body[index] = paragraph
    return failed(audit_bytes(minimal_report(body), tmp_path))


@pytest.mark.parametrize(
    "date",
    ["二〇二五年二月二十日", "２０２５年２月２０日", "2025年2月30日", "2025年2月02日"],
)
def test_dates_not_in_arabic_unpadded_form_fail(date: str, tmp_path: Path) -> None:
    assert _with_body(tmp_path, {19: _p(date, "Signature")}) == {"date"}


NUMBERING = {"numbering"}


@pytest.mark.parametrize(
    ("replace", "failing", "found"),
    [
        (
            {4: _p("（一）、加强党的领导", "H2")},
            NUMBERING,
            "“（一）、加强党的领导”：“（一）”后不加顿号",
        ),
        # （一） skipped: only that heading is wrong, not the （二） that follows it.
        ({4: _p("（三）加强党的领导", "H2")}, NUMBERING, "“（三）加强党的领导”：序号应为“一”"),
        (
            {9: _p("三、2024年度推进法治政府建设存在的不足和原因", "H1")},
            NUMBERING,
            "“三、2024年度推进法治政府建设…”：序号应为“二”",
        ),
        # The second 二级 heading under 一、 typed as （一）: the first （一） is not blamed.
        ({7: _p("（一）严格规范执法", "H2")}, NUMBERING, "“（一）严格规范执法”：序号应为“二”"),
        # The 不足 item (二、) left out: 三、四、五、 all need renumbering; 三、 is named first.
        (
            {9: "", 10: ""},
            {"numbering", "mandated"},
            "“三、党政主要负责人履行推进法治建…”：序号应为“二”等 3 处",
        ),
    ],
    ids=["dun-hao", "skipped", "repeated-h1", "repeated-h2", "missing-h1"],
)
def test_a_numbering_fault_names_the_heading_at_fault(
    replace: dict[int, str], failing: set[str], found: str, tmp_path: Path
) -> None:
    body = [replace.get(i, p) for i, p in enumerate(BODY)]
    results = audit_bytes(minimal_report(body), tmp_path)
    assert failed(results) == failing, explain(results)
    assert next(r.found for r in results if r.id == "numbering") == found


@pytest.mark.parametrize(
    ("index", "paragraph", "rule"),
    [
        (5, _p("1.健全领导机制,全年召开会议4次。"), "punctuation"),
        (5, _p("1.健全领导机制(全年)召开会议4次。"), "punctuation"),
        (
            5,
            _p("1.健全领导机制。").replace("<w:p>", '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'),
            "indent",
        ),
        (
            5,
            _p("1.健全领导机制。").replace("<w:p>", '<w:p><w:pPr><w:ind w:left="640"/></w:pPr>'),
            "indent",
        ),
        (5, _p("1.健全领导机制。", "H1"), "fonts"),
        (3, _p("一、2024年度推进法治政府建设的主要举措和成效", "H2"), "fonts"),
        (2, _p("2024年，某镇扎实推进法治政府建设。", "Flush"), "indent"),
        (11, _p("三、2025年度推进法治政府建设的主要安排", "H1"), "mandated"),
    ],
)
def test_single_faults_fail_their_rule(
    index: int, paragraph: str, rule: str, tmp_path: Path
) -> None:
    assert _with_body(tmp_path, {index: paragraph}) == {rule}


def test_urls_decimals_and_standard_numbers_are_not_punctuation_faults(tmp_path: Path) -> None:
    text = "按GB/T 9704-2012排版，增长3.5%，10:30开会，详见https://example.gov.cn/a?b=1,2。"
    assert _with_body(tmp_path, {10: _p(text)}) == set()


def test_heading_font_is_checked_up_to_its_first_full_stop(tmp_path: Path) -> None:
    """“（一）标题。正文……”: the heading sentence is 楷体, the text after it 仿宋."""
    runs = (
        '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr>'
        '<w:r><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr><w:t>（一）加强党的领导。</w:t></w:r>'
        "<w:r><w:t>全年召开党委专题会议4次。</w:t></w:r></w:p>"
    )
    assert _with_body(tmp_path, {4: runs}) == set()
    wrong = runs.replace("楷体_GB2312", "仿宋_GB2312")
    assert _with_body(tmp_path, {4: wrong}) == {"fonts"}


def test_exact_line_spacing_and_condensed_characters_replace_the_grid(tmp_path: Path) -> None:
    """The other accepted way to 22×28: exact 28.95 pt lines and −0.25 pt character spacing."""
    pitch = layout.PAGE.line_pitch_twips
    spacing = layout.BODY_CHAR_SPACING_TWIPS
    styles = STYLES.replace(
        '<w:pPr><w:ind w:firstLineChars="200"/>',
        f'<w:pPr><w:spacing w:line="{pitch}" w:lineRule="exact"/><w:ind w:firstLineChars="200"/>',
    )
    condensed = styles.replace(
        '<w:sz w:val="32"/>', f'<w:spacing w:val="{spacing}"/><w:sz w:val="32"/>'
    )
    no_grid = SECTION.replace('w:type="linesAndChars"', 'w:type="default"')
    assert failed(audit_bytes(minimal_report(section=no_grid, styles=condensed), tmp_path)) == set()
    assert failed(audit_bytes(minimal_report(section=no_grid, styles=styles), tmp_path)) == {
        "char_grid"
    }
    loose = condensed.replace(f'w:line="{pitch}"', 'w:line="600"')
    assert failed(audit_bytes(minimal_report(section=no_grid, styles=loose), tmp_path)) == {
        "line_grid"
    }


def test_auto_numbered_headings_are_read_from_numbering_xml(tmp_path: Path) -> None:
    """A hand-typed report whose 一、二、… come from Word's list numbering, not typed text."""
    numbering = (
        _HEAD.format(tag="w:numbering")
        + '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    numbered = r'\1<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>\2'
    typed = r'(<w:pStyle w:val="H1"/>)(</w:pPr><w:r><w:t xml:space="preserve">)[一二三四五]、'
    body = [re.sub(typed, numbered, p) for p in BODY]
    assert sum("numId" in p for p in body) == 5
    data = minimal_report(body)
    good = _add_part(data, "word/numbering.xml", numbering.format(start=1), "numbering")
    results = audit_bytes(good, tmp_path)
    assert failed(results) == set(), explain(results)
    # The numbers Word draws are what the numbering rule sees: start at 二 and it fails.
    skipped = _add_part(data, "word/numbering.xml", numbering.format(start=2), "numbering")
    assert failed(audit_bytes(skipped, tmp_path)) == {"numbering"}


def _add_part(data: bytes, name: str, text: str, rel_type: str) -> bytes:
    def add(root: etree._Element) -> None:
        rel = etree.SubElement(root, f"{{{root.nsmap[None]}}}Relationship")
        rel.attrib.update(
            {"Id": "rId9", "Type": f"{_REL}/{rel_type}", "Target": name.split("/")[-1]}
        )

    buffer = io.BytesIO(rewrite(data, add, "word/_rels/document.xml.rels"))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


#: The 版记's rules above and below a one-line 版记 (GB/T 9704 7.4.1).
RULES = (
    '<w:pBdr><w:top w:val="single" w:sz="8" w:space="1" w:color="000000"/>'
    '<w:bottom w:val="single" w:sz="8" w:space="1" w:color="000000"/></w:pBdr>'
)


def test_attachment_note_attachment_pages_and_copy_note_are_not_body_text(tmp_path: Path) -> None:
    """附件说明 hangs so the names align; what follows the date has its own layout."""
    hanging = '<w:pPr><w:ind w:left="1600" w:hanging="960"/></w:pPr>'
    note = [
        _p("附件：1. 2024年度法治政府建设主要数据").replace("<w:p>", f"<w:p>{hanging}"),
        _p("2. 2024年度行政执法统计").replace("<w:p>", f"<w:p>{hanging}"),
    ]
    label = '<w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体"/></w:rPr>'
    small = '<w:rPr><w:sz w:val="28"/></w:rPr>'
    after = [
        f'<w:p><w:pPr><w:pStyle w:val="Flush"/></w:pPr><w:r>{label}<w:t>附件1</w:t></w:r></w:p>',
        _p("2024年度法治政府建设主要数据", "Title"),
        "<w:tbl><w:tr><w:tc><w:p><w:r>" + small + "<w:t>指标</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r>" + small + "<w:t>2024年</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        f'<w:p><w:pPr><w:pStyle w:val="Flush"/>{RULES}</w:pPr>'
        f"<w:r>{small}<w:t>抄送：某县司法局。</w:t></w:r></w:p>",
    ]
    body = BODY[:18] + note + BODY[18:] + after
    results = audit_bytes(minimal_report(body), tmp_path)
    assert failed(results) == set(), explain(results)
    # The same parts as the importer reads them.
    parts = read_parts(read_docx(tmp_path / "report.docx"))
    roles = [(role, p.text) for p, role in parts.items]
    assert roles[:2] == [
        ("title", "某镇人民政府关于2024年度法治政府建设情况的报告"),
        ("addressee", "某县人民政府："),
    ]
    assert [role for role, _ in roles].count("h1") == 5
    assert roles[-5:] == [
        ("body", "2024年未发生因违法行政引发的重大群体性事件。"),
        ("attachment_note", "附件：1. 2024年度法治政府建设主要数据"),
        ("attachment_note", "2. 2024年度行政执法统计"),
        ("signature", "某镇人民政府"),
        ("date", "2025年2月20日"),
    ]
    assert [p.text for p in parts.attachments] == ["附件1", "2024年度法治政府建设主要数据"]
    assert [p.text for p in parts.end_matter] == ["抄送：某县司法局。"]


def _styles_with_theme_defaults(body_font: str) -> str:
    """docDefaults name theme fonts (as Word's Normal.dotm does); Normal may override them."""
    theme = (
        '<w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" '
        'w:eastAsiaTheme="minorEastAsia" w:cstheme="minorBidi"/>'
    )
    styles = STYLES.replace(_FONTS.format("仿宋_GB2312"), theme, 1)
    return styles.replace(
        '<w:jc w:val="both"/></w:pPr></w:style>',
        f'<w:jc w:val="both"/></w:pPr><w:rPr>{body_font}</w:rPr></w:style>',
        1,
    )


def test_theme_fonts_count_only_where_they_reach_the_text(tmp_path: Path) -> None:
    overridden = _styles_with_theme_defaults(_FONTS.format("仿宋_GB2312"))
    assert failed(audit_bytes(minimal_report(styles=overridden), tmp_path)) == set()
    latin_only = _styles_with_theme_defaults(
        '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/>'
    )
    results = audit_bytes(minimal_report(styles=latin_only), tmp_path)
    assert failed(results) == {"theme_fonts"}, explain(results)
    assert "中文字体为主题字体 minorEastAsia" in next(r.found for r in results if not r.ok)


def test_strict_open_xml_is_read_like_transitional(tmp_path: Path) -> None:
    strict = {
        W: "http://purl.oclc.org/ooxml/wordprocessingml/main",
        _REL: "http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    source = zipfile.ZipFile(io.BytesIO(minimal_report()))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            text = source.read(info).decode("utf-8")
            for old, new in strict.items():
                text = text.replace(old, new)
            target.writestr(info, text.encode("utf-8"))
    results = audit_bytes(buffer.getvalue(), tmp_path)
    assert failed(results) == set(), explain(results)


def _hyphen_dashes(root: etree._Element) -> None:
    for node in root.iter(f"{{{W}}}t"):
        node.text = (node.text or "").replace(layout.PAGE_NUMBER_DASH, "-")


def _small_number(root: etree._Element) -> None:
    for run in root.iter(f"{{{W}}}r"):
        run.insert(0, etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:sz w:val="21"/></w:rPr>'))


def _right_aligned(root: etree._Element) -> None:
    root.find(".//w:jc", NS).set(f"{{{W}}}val", "right")


def _no_even_odd(root: etree._Element) -> None:
    for element in root.findall("w:evenAndOddHeaders", NS):
        root.remove(element)


def _simple_field(root: etree._Element) -> None:
    """The same page number as one w:fldSimple instead of begin/separate/end runs."""
    p = root.find("w:p", NS)
    runs = p.findall("w:r", NS)
    field = etree.fromstring(
        f'<w:fldSimple xmlns:w="{W}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    )
    runs[1].addprevious(field)
    for run in runs[1:-1]:
        p.remove(run)


@pytest.mark.parametrize(
    ("part", "edit", "ok"),
    [
        ("word/footer1.xml", _hyphen_dashes, False),
        ("word/footer2.xml", _small_number, False),
        ("word/footer2.xml", _right_aligned, False),
        ("word/settings.xml", _no_even_odd, False),
        ("word/footer1.xml", _simple_field, True),
    ],
    ids=["hyphens", "size", "even-right", "no-even-odd", "fldSimple"],
)
def test_page_number_faults(part: str, edit: Edit, ok: bool, tmp_path: Path) -> None:
    results = audit_bytes(rewrite(minimal_report(), edit, part), tmp_path)
    assert failed(results) == (set() if ok else {"page_numbers"}), explain(results)


def test_one_footer_framed_outside_serves_odd_and_even_pages(tmp_path: Path) -> None:
    """WPS: a single footer whose page number sits in a frame aligned “outside”."""

    def outside(root: etree._Element) -> None:
        frame = etree.fromstring(f'<w:framePr xmlns:w="{W}" w:wrap="around" w:xAlign="outside"/>')
        root.find(".//w:pStyle", NS).addnext(frame)

    data = rewrite(
        rewrite(minimal_report(), _no_even_odd, "word/settings.xml"), outside, "word/footer1.xml"
    )
    results = audit_bytes(data, tmp_path)
    assert failed(results) == set(), explain(results)


def test_missing_date_and_page_numbers_are_reported(tmp_path: Path) -> None:
    body = BODY[:-1]
    section = SECTION.replace('<w:footerReference w:type="default" r:id="rId3"/>', "")
    results = {r.id: r for r in audit_bytes(minimal_report(body, section), tmp_path)}
    assert not results["date"].ok
    assert "没有单独成行的成文日期" in results["date"].found
    assert not results["page_numbers"].ok
    assert "奇数页没有页脚" in results["page_numbers"].found


@pytest.mark.parametrize(
    ("section", "size", "margins"),
    [
        # pandoc's default output: an empty w:sectPr.
        (
            "<w:sectPr/>",
            "未设置纸张大小（Word 将按 Letter 215.9×279.4 mm 排版）",
            "未设置页边距（Word 将按上下 25.4 mm、左右 31.75 mm 排版）",
        ),
        (
            re.sub(r"<w:pgMar [^>]*/>", "", SECTION),
            "A4 210.0×297.0 mm",
            "未设置页边距（Word 将按上下 25.4 mm、左右 31.75 mm 排版）",
        ),
        (
            SECTION.replace(f'w:left="{_M(layout.PAGE.left_mm)}" ', ""),
            "A4 210.0×297.0 mm",
            "上37.0 下35.0 左未设置 右26.0 mm（未设置的边距Word 将按上下 25.4 mm、左右 31.75 mm 排版）",
        ),
    ],
    ids=["empty-section", "no-margins", "no-left-margin"],
)
def test_page_size_and_margins_not_set_say_so_and_what_word_uses(
    section: str, size: str, margins: str, tmp_path: Path
) -> None:
    """Not “0.0×0.0 mm”: a section without w:pgSz is laid out on Letter paper by Word."""
    results = {r.id: r for r in audit_bytes(minimal_report(section=section), tmp_path)}
    assert (results["page_size"].ok, results["page_size"].found) == (size.startswith("A4"), size)
    assert (results["margins"].ok, results["margins"].found) == (False, margins)
    assert "0.0 " not in results["margins"].found


def test_headings_numbered_by_word_lists_pass_and_a_wrong_start_names_the_heading(
    tmp_path: Path,
) -> None:
    """The hand-written report re-made with python-docx: no heading number typed, every 一、 and
    （一） drawn by Word's list numbering (a new list instance restarts （一） under each 一、)."""
    passing = audit(word_numbered_report(tmp_path / "start-1.docx", start=1))
    assert failed(passing) == set(), explain(passing)
    assert (
        next(r.found for r in passing if r.id == "numbering") == "一级标题 5 个，序号连续、写法正确"
    )
    skipped = audit(word_numbered_report(tmp_path / "start-2.docx", start=2))
    assert failed(skipped) == {"numbering"}, explain(skipped)
    assert next(r.found for r in skipped if r.id == "numbering") == (
        "“二、2024年度推进法治政府建设…”：序号应为“一”等 5 处"
    )


def word_numbered_report(path: Path, *, start: int) -> Path:
    """The hand-written report with its typed 一、/（一） replaced by Word list numbering."""
    document = docx.Document(io.BytesIO(minimal_report(lists=True)))
    h1 = add_list(document, [("chineseCounting", "%1、")], start=start)
    h2_definition = abstract_of(document, add_list(document, [("chineseCounting", "（%1）")]))
    h2 = 0
    for paragraph in document.paragraphs:
        style = paragraph.style.style_id if paragraph.style is not None else ""
        if style not in ("H1", "H2"):
            continue
        if paragraph.text.startswith("（一）"):
            h2 = add_instance(document, h2_definition, {0: 1})
        paragraph.text = re.sub(r"^([一二三四五]、|（[一二三四五]）)", "", paragraph.text)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = h1 if style == "H1" else h2
    document.save(str(path))
    return path


# --------------------------------------------------------------------------------------------
# Unreadable input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plain text, not a zip", "不是有效的 .docx 文件"),
        (b"", "不是有效的 .docx 文件"),
    ],
)
def test_non_docx_input_is_an_input_error(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message):
        audit(path)


def test_zip_without_a_document_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InputFileError, match="不是 Word 文档"):
        audit(path)


def test_broken_xml_is_an_input_error(tmp_path: Path) -> None:
    data = minimal_report()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(
                info, content[:100] if info.filename == "word/document.xml" else content
            )
    path = tmp_path / "report.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputFileError, match="不是有效的 XML"):
        audit(path)


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def test_cli_check_passes_a_good_report(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "good.docx"
    path.write_bytes(minimal_report())
    code, out, err = invoke("check", path)
    assert code == 0, out + err
    assert out.count("✓") == 15
    assert "全部 15 项检查通过" in out


def test_cli_check_fails_a_bad_report_with_exit_1(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(rewrite(minimal_report(), zero_padded_date))
    code, out, err = invoke("check", path)
    assert code == 1
    assert "✗ 成文日期：" in out
    assert "1 项检查未通过" in err


def test_cli_check_json_parses(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(rewrite(minimal_report(), wrong_margin))
    code, out, _ = invoke("check", path, "--json")
    assert code == 1
    report = json.loads(out)
    assert report["file"] == str(path)
    assert report["ok"] is False
    assert [r["id"] for r in report["rules"] if not r["ok"]] == ["margins"]
    assert set(report["rules"][0]) == {"id", "name", "ok", "found", "expected"}
    assert "页边距" in out  # ensure_ascii=False: Chinese as is


def test_cli_check_json_ok(invoke: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "good.docx"
    path.write_bytes(minimal_report())
    code, out, _ = invoke("check", "--json", path)
    assert code == 0
    assert json.loads(out)["ok"] is True


@pytest.mark.parametrize("name", ["notes.txt", "report.docx", "missing.docx"])
def test_cli_check_rejects_what_is_not_a_docx(invoke: Invoke, name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    if name != "missing.docx":
        path.write_text("这不是 Word 文档", encoding="utf-8")
    code, out, err = invoke("check", path)
    assert code == 1
    assert err.startswith("错误：")
    assert "不存在" in err or "不是有效的 .docx 文件" in err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("template", ["official", "huanzhu", "beishan"])
def test_complete_facts_give_all_five_items_in_seed_structures_too(
    template: str, tmp_path: Path
) -> None:
    """Given every mandated part, the 环渚/北山 structures lay out all five items in a valid order."""
    out = tmp_path / f"{template}.docx"
    build_file(EXAMPLES / "official-2024.yaml", out=out, template=template)
    verdict = {r.id: r for r in audit(out)}["mandated"]
    assert verdict.ok, verdict.found


#: The top-level keys the seed examples add to what their real reports said (示例补充).
SUPPLEMENTS = {"问题导语", "问题", "第一责任人", "其他"}


def as_the_seed_wrote_it(example: str, tmp_path: Path) -> Path:
    """A seed example without its 示例补充 blocks: the real report's own (incomplete) items."""
    kept: list[str] = []
    dropping = False
    for line in (EXAMPLES / example).read_text(encoding="utf-8").splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            dropping = line.split(":", 1)[0] in SUPPLEMENTS
        if not dropping:
            kept.append(line)
    target = tmp_path / example
    target.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return target


def mandated_verdict(facts: Path, tmp_path: Path) -> RuleResult:
    out = tmp_path / f"{facts.stem}.docx"
    build_file(facts, out=out)
    return {r.id: r for r in audit(out)}["mandated"]


def test_a_plan_heading_with_举措_does_not_stand_in_for_the_measures_item(tmp_path: Path) -> None:
    verdict = mandated_verdict(as_the_seed_wrote_it("huanzhu-2023.yaml", tmp_path), tmp_path)
    assert not verdict.ok
    assert verdict.found == "缺少“不足和原因”、“第一责任人职责”、“其他需要报告的情况”"


@pytest.mark.parametrize(
    ("example", "found"),
    [
        ("huanzhu-2023.yaml", "缺少“不足和原因”、“第一责任人职责”、“其他需要报告的情况”"),
        ("beishan-2019.yaml", "缺少“第一责任人职责”、“其他需要报告的情况”"),
        # 社渚's six themed sections stand for the measures item; the rest is really missing.
        ("shezhu-2023.yaml", "缺少“不足和原因”、“第一责任人职责”、“其他需要报告的情况”"),
    ],
)
def test_the_real_seed_reports_miss_mandated_items(
    example: str, found: str, tmp_path: Path
) -> None:
    """What check says of the three real reports, before the examples' 示例补充."""
    verdict = mandated_verdict(as_the_seed_wrote_it(example, tmp_path), tmp_path)
    assert (verdict.ok, verdict.found) == (False, found)


def test_themed_sections_before_the_other_items_stand_for_the_measures(tmp_path: Path) -> None:
    verdict = mandated_verdict(EXAMPLES / "shezhu-2023.yaml", tmp_path)
    assert verdict.ok
    assert verdict.found == "五项法定内容齐全、顺序正确（主要举措和成效分为 6 个专题一级标题）"


def test_themed_sections_may_follow_a_leading_第一责任人_item(tmp_path: Path) -> None:
    """北山式 order (第一责任人 first) with 社渚式 themed sections for the measures."""
    duties = [p for p in BODY if "第一责任人" in p]
    themed = [
        p.replace(
            "2024年度推进法治政府建设的主要举措和成效", "以加强党的领导为重点，法治建设机制渐趋完善"
        )
        for p in BODY[3:9]
    ]
    body = [*BODY[:3], *duties, *themed, *BODY[9:11], *BODY[13:]]
    results = {r.id: r for r in audit_bytes(minimal_report(body), tmp_path)}
    assert results["mandated"].ok, results["mandated"].found
    assert "分为 1 个专题一级标题" in results["mandated"].found


def test_a_report_opening_with_its_shortcomings_still_lacks_the_measures(tmp_path: Path) -> None:
    """No 一级标题 comes before the 不足 item, so nothing can stand for the measures item."""
    body = [p for p in BODY if "主要举措和成效" not in p]
    results = {r.id: r for r in audit_bytes(minimal_report(body), tmp_path)}
    assert results["mandated"].found == "缺少“主要举措和成效”"


@pytest.mark.parametrize(
    ("measures", "issues", "duties", "plans"),
    [
        (
            "主要工作情况",
            "存在的困难和问题",
            "主要负责人履行推进法治建设职责情况",
            "下一步工作打算",
        ),
        ("工作开展情况", "薄弱环节", "党政主要负责人述法情况", "2025年工作思路"),
        ("以党建为引领，推进法治乡镇建设", "问题和不足", "履行第一责任人职责情况", "今后工作重点"),
    ],
)
def test_the_items_are_found_under_the_names_real_reports_give_them(
    measures: str, issues: str, duties: str, plans: str, tmp_path: Path
) -> None:
    """The same reading of headings as the gates and the importer (mandate.classify)."""
    names = {
        "2024年度推进法治政府建设的主要举措和成效": measures,
        "2024年度推进法治政府建设存在的不足和原因": issues,
        "党政主要负责人履行推进法治建设第一责任人职责情况": duties,
        "2025年度推进法治政府建设的主要安排": plans,
    }
    body = list(BODY)
    for old, new in names.items():
        body = [p.replace(old, new) for p in body]
    results = {r.id: r for r in audit_bytes(minimal_report(body), tmp_path)}
    assert results["mandated"].ok, results["mandated"].found


def test_a_theme_that_names_a_problem_is_not_the_shortcomings_item(tmp_path: Path) -> None:
    """“聚焦群众反映强烈的问题” is a theme of the measures, not the 不足 item: without a real 不足
    heading the report still lacks it."""
    body = [
        p.replace(
            "2024年度推进法治政府建设的主要举措和成效", "聚焦群众反映强烈的问题，做实矛盾调处"
        )
        for p in BODY
        if "存在的不足和原因" not in p and "基层执法力量仍显薄弱" not in p
    ]
    results = {r.id: r for r in audit_bytes(minimal_report(body), tmp_path)}
    assert results["mandated"].found == "缺少“不足和原因”"
