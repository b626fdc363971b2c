"""Issue 19: the 版头 (发文机关标志, 发文字号, 签发人) and the 版记's 印发 line, and the two editions
of one facts file — 报送版 (submit) and 公开版 (publish).

What the .docx holds is read from document.xml; where it lands on the page is read from
LibreOffice's PDF (tests/test_render.py has the grid); ``check`` judges both editions and fails
broken copies naming the rule; ``import`` reads a red header and a 印发 line back into facts.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from fazhi_report import layout
from fazhi_report.build import for_edition, prepare
from fazhi_report.check import audit, read_parts
from fazhi_report.conventions import read_file_number, split_header_line
from fazhi_report.ooxml import read_docx
from fazhi_report.writers.docx import render_docx
from fazhi_report.writers.docx.marks import mark_size, mark_spacing, number_line
from fazhi_report.writers.pdf import convert_to_pdf

from .conftest import EXAMPLES, Invoke
from .libreoffice import layout_tools_or_skip
from .test_check import BODY, explain, failed, minimal_report

EXAMPLE = EXAMPLES / "hongling-2024.yaml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}


def _xml(data: bytes, part: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(part))


def _text(p: etree._Element) -> str:
    """The paragraph's text, a tab character for each tab in its runs."""
    return "".join(
        "\t" if t.tag == f"{{{W}}}tab" else t.text or ""
        for t in p.iterfind(".//w:r/*", NS)
        if t.tag in (f"{{{W}}}t", f"{{{W}}}tab")
    )


def _paragraph(root: etree._Element, starts: str) -> etree._Element:
    return next(p for p in root.iter(f"{{{W}}}p") if _text(p).startswith(starts))


def _border(p: etree._Element, side: str) -> dict[str, str]:
    line = p.find(f"w:pPr/w:pBdr/w:{side}", NS)
    assert line is not None, (side, _text(p))
    return {k.split("}")[-1]: v for k, v in line.attrib.items()}


@pytest.fixture(scope="module")
def submit() -> bytes:
    return render_docx(prepare(EXAMPLE).document)


@pytest.fixture(scope="module")
def publish() -> bytes:
    return render_docx(for_edition(prepare(EXAMPLE).document, "publish"))


# --- the facts ----------------------------------------------------------------------------------


def _facts(tmp_path: Path, header: str = "", printing: str = "") -> Path:
    path = tmp_path / "2024.yaml"
    path.write_text(
        "单位: 青山镇人民政府\n年度: 2024\n"
        + header
        + "主送: 中共临川县委、临川县人民政府\n"
        + printing
        + "成文日期: 2025-02-20\n其他: 无其他需要报告的情况。\n",
        encoding="utf-8",
    )
    return path


RULE = (
    "GB/T 9704-2012 7.2.4：发文字号由发文机关代字、年份、发文顺序号组成；年份标全称，"
    "用六角括号“〔〕”括入；发文顺序号不加“第”字，不编虚位（1不编为01）"
)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("青政(2025)3号", "发文字号“青政(2025)3号”：年份应用六角括号〔〕括入，不用“()”"),
        ("青政（2025）3号", "发文字号“青政（2025）3号”：年份应用六角括号〔〕括入，不用“（）”"),
        ("青政[2025]3号", "发文字号“青政[2025]3号”：年份应用六角括号〔〕括入，不用“[]”"),
        ("青政［2025］3号", "发文字号“青政［2025］3号”：年份应用六角括号〔〕括入，不用“［］”"),
        ("青政〔2025〕第3号", "发文字号“青政〔2025〕第3号”：序号前不加“第”"),
        ("青政〔2025〕03号", "发文字号“青政〔2025〕03号”：序号不编虚位（“03”前不补 0）"),
        (
            "青政(2025)第03号",
            "发文字号“青政(2025)第03号”：年份应用六角括号〔〕括入，不用“()”；序号前不加“第”；"
            "序号不编虚位（“03”前不补 0）",
        ),
    ],
)
def test_each_malformed_file_number_is_located_with_its_fix(
    invoke: Invoke, tmp_path: Path, written: str, message: str
) -> None:
    path = _facts(tmp_path, f"版头:\n  发文字号: {written}\n  签发人: 王建国\n")
    code, _, err = invoke("validate", path)
    assert code == 1
    assert f"2024.yaml:4:9  版头.发文字号  {message}\n" in err
    assert f"    提示：应写作“青政〔2025〕3号”（{RULE}）。\n" in err


def test_a_year_not_in_full_and_a_number_that_is_none(invoke: Invoke, tmp_path: Path) -> None:
    path = _facts(tmp_path, "版头:\n  发文字号: 青政〔25〕3号\n  签发人: 王建国\n")
    err = invoke("validate", path).stderr
    assert "版头.发文字号  发文字号“青政〔25〕3号”：年份应标全称（4 位数字）\n" in err
    assert f"    提示：请改正（{RULE}）。\n" in err
    path = _facts(tmp_path, "版头:\n  发文字号: 三号文件\n  签发人: 王建国\n")
    err = invoke("validate", path).stderr
    assert "版头.发文字号  “三号文件”不是发文字号的写法\n" in err
    assert (
        f"    提示：发文字号写作“机关代字〔年份〕序号号”，如“青政〔2025〕3号”（{RULE}）。\n" in err
    )


def test_the_printing_date_may_not_come_before_the_issue_date(
    invoke: Invoke, tmp_path: Path
) -> None:
    printing = "印发:\n  机关: 青山镇党政办公室\n  日期: 2025-02-19\n"
    path = _facts(tmp_path, "版头:\n  发文字号: 青政〔2025〕3号\n  签发人: 王建国\n", printing)
    code, _, err = invoke("validate", path)
    assert code == 1
    assert "2024.yaml:9:7  印发.日期  印发日期 2025-02-19 早于成文日期 2025-02-20\n" in err
    assert (
        "提示：印发日期是公文送印的日期，不早于成文日期（常与成文日期同一天）；请核对这两个日期。"
        in err
    )


def test_an_upward_document_without_a_signer_and_last_years_number_are_warned(
    invoke: Invoke, tmp_path: Path
) -> None:
    path = _facts(tmp_path, "版头:\n  发文字号: 青政〔2024〕3号\n")
    code, _, err = invoke("validate", path)
    assert code == 0, err
    assert "版头  版头没有写签发人：报告报送上级，是上行文，应标注签发人" in err
    assert "版头.发文字号  发文字号的年份 2024 与成文日期（2025年）不是同一年" in err


def test_the_schema_documents_both_blocks_in_chinese(invoke: Invoke) -> None:
    schema = json.loads(invoke("schema").stdout)
    definitions = schema["$defs"]
    header, printing = definitions["Header"], definitions["Printing"]
    assert header["title"] == "版头" and printing["title"] == "印发"
    assert header["properties"]["发文字号"]["examples"] == ["青政〔2025〕3号"]
    assert "六角括号" in header["properties"]["发文字号"]["description"]
    assert header["required"] == ["发文字号"] and printing["required"] == ["机关"]
    assert set(header["properties"]) == {"发文机关标志", "发文字号", "签发人"}
    assert "不能早于成文日期" in printing["properties"]["日期"]["description"]
    keys = list(schema["properties"])
    assert keys.index("版头") < keys.index("标题") and keys.index("抄送") < keys.index("印发")


# --- the 报送版 .docx ------------------------------------------------------------------------------


def test_the_mark_is_red_xiaobiaosong_centred_35_mm_below_the_top(submit: bytes) -> None:
    root = _xml(submit)
    mark = _paragraph(root, "红岭镇人民政府文件")
    run = mark.find("w:r", NS)
    assert run is not None
    assert run.find("w:rPr/w:color", NS).get(f"{{{W}}}val") == layout.RED == "FF0000"
    assert run.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}eastAsia") == "方正小标宋简体"
    size = mark_size(["红岭镇人民政府文件"])
    assert size == 42.0  # 初号: the name fits the 版心 at that size
    assert run.find("w:rPr/w:sz", NS).get(f"{{{W}}}val") == "84"
    assert mark.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"
    spacing = mark.find("w:pPr/w:spacing", NS)
    before, line = int(spacing.get(f"{{{W}}}before")), int(spacing.get(f"{{{W}}}line"))
    assert (before, line) == mark_spacing(size)
    # The em box's upper edge, the line box being centred on it, 35 mm below the 版心's.
    top = before + (line - size * layout.TWIPS_PER_PT) / 2
    assert abs(top / layout.TWIPS_PER_MM - layout.MARK_TOP_MM) < 0.05
    # The whole mark is a whole number of grid lines: the text below stays on the grid.
    assert (before + line) % layout.PAGE.line_pitch_twips == 0


def test_the_file_number_and_the_signer_share_one_line_over_the_red_rule(submit: bytes) -> None:
    root = _xml(submit)
    line = _paragraph(root, "红政〔2025〕6号")
    assert _text(line) == "红政〔2025〕6号\t签发人：李明华"
    runs = line.findall("w:r", NS)
    name = next(r for r in runs if "".join(t.text or "" for t in r.iter(f"{{{W}}}t")) == "李明华")
    assert name.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}eastAsia") == "楷体_GB2312"
    indent = line.find("w:pPr/w:ind", NS)
    assert indent.get(f"{{{W}}}firstLineChars") == "100"  # one character in from the left
    assert line.find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "left"
    rule = _border(line, "bottom")
    assert rule["color"] == "FF0000" and rule["val"] == "single"
    assert int(rule["sz"]) == layout.HEADER_RULE_EIGHTHS == 8  # 1 pt ≈ 0.35 mm
    height, space = number_line()
    assert int(rule["space"]) == space
    # 4 mm below the characters: the rule's space and the half of the line under them.
    gap = space * layout.TWIPS_PER_PT + (height - layout.char_twips(1)) / 2
    assert abs(gap / layout.TWIPS_PER_MM - layout.HEADER_RULE_GAP_MM) < 0.2
    assert line.find("w:pPr/w:ind", NS).get(f"{{{W}}}left") is None  # as wide as the 版心
    # Two blank lines between the mark and the 发文字号, two between the rule and the title.
    paragraphs = list(root.iter(f"{{{W}}}p"))
    at = paragraphs.index(line)
    assert [_text(p) for p in paragraphs[at - 2 : at]] == ["", ""]
    assert [_text(p) for p in paragraphs[at + 1 : at + 3]] == ["", ""]
    assert _text(paragraphs[at + 3]).startswith("红岭镇人民政府关于")


def test_the_end_matter_has_thick_outer_and_thin_inner_rules_on_an_even_page(
    submit: bytes,
) -> None:
    root = _xml(submit)
    cc = _paragraph(root, "抄送：")
    printed = _paragraph(root, "红岭镇党政办公室")
    assert _text(printed) == "红岭镇党政办公室\t2025年2月21日印发"
    assert _border(cc, "top")["sz"] == str(layout.RULE_THICK_EIGHTHS) == "8"  # 0.35 mm
    assert _border(cc, "bottom")["sz"] == str(layout.RULE_THIN_EIGHTHS) == "6"  # 0.25 mm
    assert _border(printed, "bottom")["sz"] == "8"
    assert printed.find("w:pPr/w:framePr", NS).get(f"{{{W}}}yAlign") == "bottom"
    for p in (cc, printed):
        assert p.find("w:pPr/w:ind", NS).get(f"{{{W}}}leftChars") in ("100", "400")
        assert p.find("w:pPr/w:ind", NS).get(f"{{{W}}}rightChars") == "100"
    # The 版记 is a section of its own: it starts on an even page and has no page number.
    sections = list(root.iter(f"{{{W}}}sectPr"))
    assert len(sections) == 2
    body, end = sections
    assert end.find("w:type", NS).get(f"{{{W}}}val") == "evenPage"
    assert end.find("w:pgNumType", NS).get(f"{{{W}}}start") is None  # numbering runs on
    rels = _xml(submit, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sect, numbered in ((body, True), (end, False)):
        for ref in sect.findall("w:footerReference", NS):
            footer = _xml(submit, "word/" + targets[ref.get(f"{{{R}}}id")])
            fields = "".join(t.text or "" for t in footer.iter(f"{{{W}}}instrText"))
            assert ("PAGE" in fields) == numbered


def test_a_joint_report_with_three_signers(invoke: Invoke, tmp_path: Path) -> None:
    """The mark defaults to both issuers' lines; the signers go two a line, later lines under
    the first name, the 发文字号 on the last line; check passes it and import reads it back."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(
        "单位: 红岭镇人民政府\n", "单位: 红岭镇人民政府\n党委名称: 中共红岭镇委员会\n"
    )
    text = text.replace("  发文机关标志: 红岭镇人民政府文件\n", "")
    text = text.replace("  签发人: 李明华", "  签发人: [张明, 李明华, 王建国]")
    facts = tmp_path / "joint.yaml"
    facts.write_text(text, encoding="utf-8")
    document = prepare(facts).document
    assert str(document).startswith(
        "[MARK] 中共红岭镇委员会文件\n[MARK] 红岭镇人民政府文件\n[NUMBER] 红政〔2025〕6号\n"
        "[SIGNER] 张明\n[SIGNER] 李明华\n[SIGNER] 王建国\n[TITLE] "
    )
    data = render_docx(document)
    root = _xml(data)
    first, last = _paragraph(root, "\t签发人："), _paragraph(root, "红政〔2025〕6号")
    assert _text(first) == "\t签发人：张明\u3000李明华"
    assert _text(last) == "红政〔2025〕6号\t\t王建国"
    stops = [tab_stops(p) for p in (first, last)]
    assert stops[0] == stops[1] and len(stops[0]) == 2  # the label's and the names' stop
    assert mark_size(["中共红岭镇委员会文件", "红岭镇人民政府文件"]) == 42.0
    path = tmp_path / "report.docx"
    path.write_bytes(data)
    results = audit(path)
    assert failed(results) == set(), explain(results)
    header = next(r.found for r in results if r.id == "header")
    assert "（签发人：张明、李明华、王建国）" in header
    assert invoke("import", path).exit_code == 0
    imported = (tmp_path / "report.yaml").read_text(encoding="utf-8")
    assert (
        "版头:\n  发文机关标志:\n    - 中共红岭镇委员会文件\n    - 红岭镇人民政府文件\n"
        "  发文字号: 红政〔2025〕6号\n  签发人:\n    - 张明\n    - 李明华\n    - 王建国\n"
    ) in imported


def tab_stops(p: etree._Element) -> list[str]:
    return [t.get(f"{{{W}}}pos") or "" for t in p.iterfind("w:pPr/w:tabs/w:tab", NS)]


def test_a_report_without_a_printing_line_keeps_its_copy_note_on_the_last_page() -> None:
    """抄送 alone (as before this issue) stays pressed to the foot of the last page: no section."""
    data = render_docx(prepare(EXAMPLES / "official-2024.yaml").document)
    root = _xml(data)
    assert len(list(root.iter(f"{{{W}}}sectPr"))) == 1
    assert "footer3.xml" not in zipfile.ZipFile(io.BytesIO(data)).namelist()


# --- the 公开版 ---------------------------------------------------------------------------------


def test_the_published_edition_has_no_red_and_no_signer(publish: bytes) -> None:
    xml = zipfile.ZipFile(io.BytesIO(publish)).read("word/document.xml").decode("utf-8")
    assert "签发人" not in xml
    assert "FF0000" not in xml  # no red anywhere (the 版记's black rules stay)
    assert "红岭镇人民政府文件" not in xml
    root = _xml(publish)
    paragraphs = [p for p in root.iter(f"{{{W}}}p") if _text(p)]
    assert _text(paragraphs[0]).startswith("红岭镇人民政府关于")
    assert (
        _text(paragraphs[1]) == "红政〔2025〕6号"
    )  # under the title, as published reports show it
    assert paragraphs[1].find("w:pPr/w:jc", NS).get(f"{{{W}}}val") == "center"


def test_both_editions_pass_every_rule(submit: bytes, publish: bytes, tmp_path: Path) -> None:
    for name, data in (("submit", submit), ("publish", publish)):
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        results = audit(path)
        assert failed(results) == set(), explain(results)
        found = {r.id: r.found for r in results}
        if name == "submit":
            assert found["header"] == (
                "发文机关标志“红岭镇人民政府文件”红色居中、距版心上边缘 35.0 mm；"
                "发文字号“红政〔2025〕6号”与签发人同一行（签发人：李明华）；红色分隔线"
            )
            assert found["end_matter"] == "2 行版记，分隔线齐全，另起一节从偶数页开始、不编页码"
        else:
            assert found["header"] == "没有版头（不适用）"


def test_the_html_editions(invoke: Invoke, tmp_path: Path) -> None:
    """Default: the web page is the 公开版 (the 政府信息公开 block, the 发文字号 under the title),
    the .docx the 报送版; asked for both, the names tell them apart."""
    code, _, err = invoke("build", EXAMPLE, "-o", tmp_path / "d", "-f", "docx,html")
    assert code == 0, err
    page = next((tmp_path / "d").glob("*.html")).read_text(encoding="utf-8")
    assert '<table class="meta" aria-label="政府信息公开">' in page
    assert '<th scope="row">文件编号</th><td>红政〔2025〕6号</td>' in page
    assert '<p class="file-number">红政〔2025〕6号</p>' in page
    assert "签发人" not in page and "#f00" not in page.split("<body>")[1]
    report = next((tmp_path / "d").glob("*.docx"))
    assert "签发人" in zipfile.ZipFile(report).read("word/document.xml").decode("utf-8")
    code, _, err = invoke(
        "build", EXAMPLE, "-o", tmp_path / "e", "-f", "docx,html", "--edition", "submit,publish"
    )
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "e").iterdir())
    title = "红岭镇人民政府关于2024年度法治政府建设情况的报告"
    assert names == sorted(
        f"{title}（{e}）.{f}" for e in ("报送版", "公开版") for f in ("docx", "html")
    )
    submitted = (tmp_path / "e" / f"{title}（报送版）.html").read_text(encoding="utf-8")
    assert '<p class="mark">红岭镇人民政府文件</p>' in submitted
    assert '<span class="signer">李明华</span>' in submitted
    code, _, err = invoke("build", EXAMPLE, "-o", tmp_path / "f", "--edition", "公开版")
    assert code == 0, err
    assert [p.name for p in (tmp_path / "f").iterdir()] == [f"{title}.docx"]


def test_an_unknown_edition_is_refused_in_chinese(invoke: Invoke, tmp_path: Path) -> None:
    code, _, err = invoke("build", EXAMPLE, "-o", tmp_path, "--edition", "draft")
    assert code == 1
    assert "错误：不支持的版本“draft”" in err
    assert "可用版本：报送版（submit）、公开版（publish）" in err
    assert list(tmp_path.iterdir()) == []


def test_a_template_may_leave_out_the_header_or_the_end_matter(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    shutil.copytree(Path(__file__).parents[1] / "templates" / "official", folder)
    with (folder / "template.yaml").open("a", encoding="utf-8") as file:
        file.write("样式:\n  版头: 否\n  版记: 否\n  公开版发文字号: 不印\n")
    document = prepare(EXAMPLE, str(folder)).document
    assert str(document).startswith("[TITLE] 红岭镇人民政府关于")
    assert "[CC]" not in str(document) and "[PRINTED]" not in str(document)
    assert "[NUMBER]" not in str(for_edition(document, "publish"))
    xml = zipfile.ZipFile(io.BytesIO(render_docx(document))).read("word/document.xml")
    assert "签发人".encode() not in xml and "印发".encode() not in xml


# --- LibreOffice's PDF ----------------------------------------------------------------------------


def _pdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(pdf).pages]


def _longer(tmp_path: Path, paragraphs: int) -> Path:
    """The example with more paragraphs under 其他, so that its body ends on another page."""
    text = EXAMPLE.read_text(encoding="utf-8") + "".join(
        f"  - 第{i}段：本镇持续推进法治政府建设各项工作，落实上级部署，强化责任担当，确保各项任务落到实处。\n"
        for i in range(paragraphs)
    )
    path = tmp_path / f"long-{paragraphs}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_end_matter_is_on_an_even_last_page_in_libreoffice(tmp_path: Path) -> None:
    """The example's body ends on page 3: the 版记 is page 4. A longer body ending on page 4
    gets a blank page 5 and the 版记 on page 6; neither carries a page number."""
    layout_tools_or_skip()
    made = {}
    for name, path in (("short", EXAMPLE), ("long", _longer(tmp_path, 8))):
        docx = tmp_path / f"{name}.docx"
        docx.write_bytes(render_docx(prepare(path).document))
        made[name] = docx
    conversion = convert_to_pdf(list(made.values()), tmp_path / "pdf")
    assert all(conversion.pdfs.values()), conversion.failure(made["short"])
    short = _pdf_pages(conversion.pdfs[made["short"]])
    long = _pdf_pages(conversion.pdfs[made["long"]])
    end = "抄送：中共临川县委全面依法治县委员会办公室，临川县司法局。\n红岭镇党政办公室 2025年2月21日印发"
    for pages, count in ((short, 4), (long, 6)):
        assert len(pages) == count
        # The 版记 alone, no page number (pypdf puts spaces between digits and Chinese).
        assert re.sub(r"\s+", "", pages[-1]) == re.sub(r"\s+", "", end)
        assert "— 3 —" in pages[2]  # the body's pages are numbered
    assert "2025年2月21日" in re.sub(r"\s+", "", long[3])  # the body ends on page 4
    assert long[4].strip() == ""  # page 5: blank, unnumbered


def test_the_mark_and_the_rule_sit_where_the_standard_puts_them(tmp_path: Path) -> None:
    """Measured in LibreOffice's PDF: the mark's em box 35 mm below the 版心's upper edge (its
    baseline less 0.88 em, the CJK em box's ascent), the red rule 4 mm below the 发文字号's."""
    from pypdf import PdfReader

    layout_tools_or_skip()
    docx = tmp_path / "r.docx"
    docx.write_bytes(render_docx(prepare(EXAMPLE).document))
    pdf = convert_to_pdf([docx], tmp_path / "pdf").pdfs[docx]
    assert pdf is not None
    page = PdfReader(pdf).pages[0]
    height = float(page.mediabox.height)
    baselines: dict[str, float] = {}

    def seen(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            baselines.setdefault(text.strip(), height - (tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=seen)
    mm = 72 / 25.4
    mark = baselines["红岭镇人民政府文件"]
    em_top = (mark - 0.88 * 42) / mm
    assert abs(em_top - (layout.PAGE.top_mm + layout.MARK_TOP_MM)) < layout.PAGE.tolerance_mm
    content = page.get_contents().get_data().decode("latin-1")
    found = re.search(
        r"1 0 0 RG\s+q [\d.]+ w 0 J 1 j\s+([\d.]+) ([\d.]+) m\s+([\d.]+) \2 l S", content
    )
    assert found is not None, "no red rule drawn"
    number = next(v for k, v in baselines.items() if k.startswith("红政"))
    number_y = float(re.search(r"([\d.]+) Td /F\d+ 16 Tf", content).group(1))  # type: ignore[union-attr]
    rule_below_baseline = number_y - float(found.group(2))
    gap = (rule_below_baseline - 0.12 * 16) / mm  # from the characters' em box
    assert abs(gap - layout.HEADER_RULE_GAP_MM) < layout.PAGE.tolerance_mm
    width = abs(float(found.group(1)) - float(found.group(3))) / mm
    assert abs(width - 156) < 0.5  # as wide as the 版心
    assert number > mark


# --- check on broken copies ------------------------------------------------------------------------


def _edited(data: bytes, edit: str) -> bytes:
    """The 报送版 with one thing wrong."""
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read("word/document.xml").decode("utf-8")
    if edit == "number moved":  # from the 签发人's line to a line of its own under the title
        number = "<w:r><w:t>红政〔2025〕6号</w:t></w:r>"
        assert number in xml
        xml = xml.replace(number, "", 1)
        title_end = "法治政府建设情况的报告</w:t></w:r></w:p>"
        at = xml.index(title_end) + len(title_end)
        moved = (
            '<w:p><w:pPr><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="center"/>'
            f"</w:pPr>{number}</w:p>"
        )
        xml = xml[:at] + moved + xml[at:]
    elif edit == "rule removed":
        xml, n = re.subn(r'<w:pBdr><w:bottom [^>]*w:color="FF0000"/></w:pBdr>', "", xml)
        assert n == 1
    elif edit == "odd page":
        xml = xml.replace('<w:type w:val="evenPage"/>', '<w:type w:val="oddPage"/>')
    elif edit == "no section":  # the 版记 on the body's last page, wherever that falls
        body = re.search(r"<w:sectPr>.*?</w:sectPr>(?=</w:pPr>)", xml)
        assert body is not None
        xml = xml.replace(body.group(), "", 1)
        xml = re.sub(r"<w:sectPr>.*?</w:sectPr>(?=</w:body>)", body.group(), xml)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name = info.filename
            target.writestr(info, xml if name == "word/document.xml" else source.read(info))
    return out.getvalue()


@pytest.mark.parametrize(
    ("edit", "rule", "found"),
    [
        ("number moved", "header", "发文字号“红政〔2025〕6号”在标题之下，不在版头中"),
        ("rule removed", "header", "发文字号之下没有红色分隔线"),
        ("odd page", "end_matter", "版记所在节从奇数页开始"),
        (
            "no section",
            "end_matter",
            "无法确定版记所在页的奇偶（文档属性中没有页数）：应放在偶数页",
        ),
    ],
)
def test_check_fails_a_broken_copy_naming_the_rule(
    invoke: Invoke, submit: bytes, tmp_path: Path, edit: str, rule: str, found: str
) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(_edited(submit, edit))
    results = audit(path)
    assert failed(results) == {rule}, explain(results)
    result = next(r for r in results if r.id == rule)
    assert result.found == found
    code, out, _ = invoke("check", path)
    assert code == 1
    name = "版头" if rule == "header" else "版记"
    assert f"✗ {name}：发现{found}，应为" in out


# --- a hand-made 公文 ---------------------------------------------------------------------------

RED_RUN = '<w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:color w:val="E60000"/><w:sz w:val="72"/></w:rPr>'
MARK = (
    '<w:p><w:pPr><w:spacing w:before="1624" w:line="1440" w:lineRule="exact"/>'
    '<w:jc w:val="center"/></w:pPr>'
    f"<w:r>{RED_RUN}<w:t>某镇人民政府文件</w:t></w:r></w:p>"
)
KAI = '<w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr>'
NUMBER_LINE = (
    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="FF0000"/>'
    '</w:pBdr><w:tabs><w:tab w:val="right" w:pos="8560"/></w:tabs>'
    '<w:ind w:firstLineChars="100" w:firstLine="320"/><w:jc w:val="left"/></w:pPr>'
    "<w:r><w:t>某政〔2024〕12号</w:t></w:r><w:r><w:tab/><w:t>签发人：</w:t></w:r>"
    f"<w:r>{KAI}<w:t>王建国</w:t></w:r></w:p>"
)
SMALL = '<w:rPr><w:sz w:val="28"/></w:rPr>'
THICK = 'w:val="single" w:sz="8" w:space="1" w:color="000000"'
END = [
    f'<w:p><w:pPr><w:pStyle w:val="Flush"/><w:pBdr><w:top {THICK}/>'
    '<w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr>'
    '<w:ind w:leftChars="100" w:left="280" w:rightChars="100" w:right="280"/></w:pPr>'
    f"<w:r>{SMALL}<w:t>抄送：某县司法局。</w:t></w:r></w:p>",
    f'<w:p><w:pPr><w:pStyle w:val="Flush"/><w:pBdr><w:bottom {THICK}/></w:pBdr>'
    '<w:tabs><w:tab w:val="right" w:pos="8560"/></w:tabs>'
    '<w:ind w:leftChars="100" w:left="280" w:rightChars="100" w:right="280"/></w:pPr>'
    f"<w:r>{SMALL}<w:t>某镇党政办公室</w:t></w:r><w:r>{SMALL}<w:tab/><w:t>2025年2月20日印发</w:t></w:r></w:p>",
]
BLANK = "<w:p/>"


def _hand_made(pages: int | None = 4, mark: str = MARK) -> bytes:
    """A 公文 typed in Word: red header, 发文字号 and 签发人 on one line, 版记 with a 印发 line on
    the last page of a document Word saved as ``pages`` pages long."""
    body = [mark, BLANK, BLANK, NUMBER_LINE, BLANK, BLANK, *BODY, *END]
    data = minimal_report(body)
    if pages is None:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="'
        'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Pages>{pages}</Pages></Properties>"
    )
    rel = (
        '<Relationship Id="rIdApp" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/extended-properties" Target="docProps/app.xml"/></Relationships>'
    )
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "_rels/.rels":
                content = content.replace(b"</Relationships>", rel.encode())
            target.writestr(info, content)
        target.writestr("docProps/app.xml", app)
    return out.getvalue()


def test_check_judges_the_header_and_end_matter_of_a_hand_made_report(tmp_path: Path) -> None:
    path = tmp_path / "hand.docx"
    path.write_bytes(_hand_made())
    results = audit(path)
    assert failed(results) == set(), explain(results)
    found = {r.id: r.found for r in results}
    assert found["end_matter"] == "2 行版记，分隔线齐全，在第 4 页（偶数页）"
    roles = [(role, p.full_text) for p, role in read_parts(read_docx(path)).items[:3]]
    assert roles == [
        ("mark", "某镇人民政府文件"),
        ("header", "某政〔2024〕12号\t签发人：王建国"),
        ("title", "某镇人民政府关于2024年度法治政府建设情况的报告"),
    ]
    path.write_bytes(_hand_made(pages=5))
    found = {r.id: r.found for r in audit(path) if not r.ok}
    assert found == {"end_matter": "版记在第 5 页（奇数页）"}
    black = _hand_made(mark=MARK.replace('w:val="E60000"', 'w:val="000000"'))
    path.write_bytes(black)
    found = {r.id: r.found for r in audit(path) if not r.ok}
    assert found == {"header": "发文机关标志“某镇人民政府文件”不是红色（000000）"}


# --- import -----------------------------------------------------------------------------------------


def test_import_fills_the_header_and_printing_and_builds_them_back(
    invoke: Invoke, tmp_path: Path
) -> None:
    source = tmp_path / "hand.docx"
    source.write_bytes(_hand_made())
    code, _, err = invoke("import", source)
    assert code == 0, err
    text = (tmp_path / "hand.yaml").read_text(encoding="utf-8")
    assert (
        "版头:\n  发文机关标志: 某镇人民政府文件\n  发文字号: 某政〔2024〕12号\n  签发人: 王建国\n"
    ) in text
    assert "印发:\n  机关: 某镇党政办公室\n  日期: 2025-02-20\n" in text
    assert "抄送:\n  - 某县司法局\n" in text
    assert "某政〔2024〕12号  签发人" not in text and "#   某镇人民政府文件" not in text
    assert "印发行" not in text  # no longer a comment
    rebuilt = tmp_path / "rebuilt.docx"
    code, _, err = invoke("build", tmp_path / "hand.yaml", "-o", rebuilt)
    assert code == 0, err
    before, after = (read_parts(read_docx(p)) for p in (source, rebuilt))
    for role in ("mark", "header"):
        assert [p.full_text.replace("\t", "") for p in before.having(role)] == [
            p.full_text.replace("\t", "") for p in after.having(role)
        ]
    assert [p.full_text for p in after.end_matter] == [p.full_text for p in before.end_matter]


def test_import_reads_the_header_from_text_and_corrects_a_file_number(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A text copy: the same lines. A 发文字号 typed with “(2024)” is written as GB/T 9704 writes
    it, the original in a comment beside it (never changed silently)."""
    lines = [
        "某镇人民政府文件",
        "某政(2024)12号　签发人：王建国　李明",
        *(re.sub(r"<[^>]+>", "", p) for p in BODY),
        "抄送：某县司法局。",
        "某镇党政办公室 2025年2月20日印发",
    ]
    source = tmp_path / "report.txt"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = invoke("import", source)
    assert code == 0, err
    text = (tmp_path / "report.yaml").read_text(encoding="utf-8")
    assert "  # 原文写作“某政(2024)12号”，已按 GB/T 9704-2012 的写法改正，请核对\n" in text
    assert "  发文字号: 某政〔2024〕12号\n  签发人:\n    - 王建国\n    - 李明\n" in text
    assert "印发:\n  机关: 某镇党政办公室\n  日期: 2025-02-20\n" in text


def test_a_published_reports_number_under_its_title_imports_into_the_header(
    invoke: Invoke, publish: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "published.docx"
    source.write_bytes(publish)
    assert invoke("import", source).exit_code == 0
    text = (tmp_path / "published.yaml").read_text(encoding="utf-8")
    assert (
        "# 原文标题下的发文字号；报送上级时请补写签发人\n版头:\n  发文字号: 红政〔2025〕6号\n"
        in text
    )


# --- init --from, summary, index ----------------------------------------------------------------


def test_next_years_file_marks_the_file_number_and_moves_the_printing_date(
    invoke: Invoke, tmp_path: Path
) -> None:
    shutil.copy(EXAMPLE, tmp_path / "2024.yaml")
    code, _, err = invoke("init", tmp_path / "2025.yaml", "--from", tmp_path / "2024.yaml")
    assert code == 0, err
    text = (tmp_path / "2025.yaml").read_text(encoding="utf-8")
    assert "  发文字号: 【待更新】        # 2024年：红政〔2025〕6号；" in text
    assert "印发:\n  机关: 红岭镇党政办公室\n  日期: 2026-02-20\n成文日期: 2026-02-20\n" in text


def test_the_summary_lists_file_numbers(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "s.csv"
    code, _, err = invoke("summary", EXAMPLE, EXAMPLES / "official-2024.yaml", "-o", out)
    assert code == 0, err
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    header = rows[0].split(",")
    assert header[4:7] == ['"成文日期"', '"发文字号"', '"3月1日前报送"']
    assert rows[1].split(",")[5] == '"红政〔2025〕6号"' and rows[2].split(",")[5] == '""'
    out = tmp_path / "t.csv"
    assert invoke("summary", EXAMPLES / "official-2024.yaml", "-o", out).exit_code == 0
    assert "发文字号" not in out.read_text(encoding="utf-8-sig")


def test_the_index_links_the_published_page_and_names_both_word_files(
    invoke: Invoke, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for path in (EXAMPLE, EXAMPLES / "official-2024.yaml", EXAMPLES / "official-2023.yaml"):
        shutil.copy(path, reports)
    site = tmp_path / "site"
    code, _, err = invoke(
        "build", reports, "-o", site, "-f", "html,docx", "--edition", "submit,publish", "-j", "1"
    )
    assert code == 0, err
    index = (site / "index.html").read_text(encoding="utf-8")
    title = "红岭镇人民政府关于2024年度法治政府建设情况的报告"
    assert f'<a href="{title}（公开版）.html">{title}</a>' in index
    assert f'<a href="{title}（报送版）.docx">Word（报送版）</a>' in index
    assert f'<a href="{title}（公开版）.docx">Word（公开版）</a>' in index
    assert '<td class="code" data-label="文件编号">红政〔2025〕6号</td>' in index


# --- any typed 发文字号 ---------------------------------------------------------------------------

_CODES = st.text(alphabet="青政办发红岭镇委县府组宣", min_size=1, max_size=6)
_BRACKETS = st.sampled_from(["〔〕", "()", "（）", "[]", "［］", "【】"])


@given(
    code=_CODES,
    year=st.integers(1000, 9999),
    sequence=st.integers(1, 999),
    brackets=_BRACKETS,
    di=st.booleans(),
    zeros=st.integers(0, 2),
)
def test_any_typed_file_number_reads_back_to_the_standard_form(
    code: str, year: int, sequence: int, brackets: str, di: bool, zeros: int
) -> None:
    typed = f"{code}{brackets[0]}{year}{brackets[1]}{'第' if di else ''}{'0' * zeros}{sequence}号"
    found = read_file_number(typed)
    assert found is not None
    assert found.standard == f"{code}〔{year}〕{sequence}号"
    assert (found.faults == ()) == (brackets == "〔〕" and not di and zeros == 0)
    again = read_file_number(found.standard)
    assert again is not None and again.faults == ()
    assert split_header_line(f"{typed}\t签发人：王建国　李明") == (typed, ["王建国", "李明"])


@given(st.text(max_size=60))
def test_any_line_is_read_as_a_header_line_or_not_without_failing(text: str) -> None:
    number, names = split_header_line(text)
    assert number is None or read_file_number(number) is not None
    assert names is None or all(name.strip() for name in names)
    found = read_file_number(text)
    assert found is None or found.standard is None or read_file_number(found.standard) is not None
