"""``import`` of what clerks' real Word files carry besides plain paragraphs: text boxes (DrawingML
with its VML copy), footnotes and endnotes, hidden text, tracked deletions (of text and of a
numbered paragraph), fields nested in a field's code, table and figure captions, a table of
figures, pictures, and the unit in the page header. Fixtures are raw WordprocessingML written here
into a package python-docx makes (it has no API for text boxes, notes or tracked changes), and
one LibreOffice round trip of it (LibreOffice writes text boxes its own way)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from fazhi_report.build import prepare
from fazhi_report.importer import import_report
from fazhi_report.importer.core import NO_STRUCTURE
from fazhi_report.ooxml import read_docx

from .libreoffice import convert, soffice_or_skip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'mc:Ignorable="wps"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def run(text: str, props: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{props}</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{''.join(runs)}</w:p>"


def text_box(*paragraphs: str) -> str:
    """A text box as Word 2010+ saves it: DrawingML first, the same content in VML for older
    readers."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    return (
        "<w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )


PICTURE = (
    "<w:r><w:drawing><wp:inline><a:graphic><a:graphicData "
    'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic/>'
    "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)


def field(code: str, result: str, *, nested: str = "") -> str:
    """A complex field; ``nested`` is another field written inside its code."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'
        f"{nested}"
        '<w:r><w:instrText xml:space="preserve"> = "" "无" "有" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


NESTED = field(" IF ", "全年召开专题会议4次。", nested=field(" DOCPROPERTY 单位 ", "青溪镇"))
DELETED = '<w:rPr><w:del w:id="90" w:author="张三" w:date="2025-01-10T00:00:00Z"/></w:rPr>'


def deleted_run(text: str) -> str:
    return (
        f'<w:del w:id="91" w:author="张三" w:date="2025-01-10T00:00:00Z">'
        f"<w:r><w:delText>{text}</w:delText></w:r></w:del>"
    )


def numbered(text: str, *, deleted: bool = False) -> str:
    ppr = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>{DELETED if deleted else ""}'
    return para(deleted_run(text) if deleted else run(text), ppr=ppr)


NUMBERING = (
    f"<w:numbering {NAMESPACES}>"
    '<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    '<w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
)
FOOTNOTES = (
    f"<w:footnotes {NAMESPACES}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
    f"{run(' 数据来源：青溪镇2024年统计年报。')}</w:p></w:footnote>"
    "</w:footnotes>"
)
ENDNOTES = (
    f"<w:endnotes {NAMESPACES}>"
    '<w:endnote w:id="2"><w:p><w:r><w:endnoteRef/></w:r>'
    f"{run('本报告已经镇党委会议审议通过。')}</w:p></w:endnote>"
    "</w:endnotes>"
)
CENTRED = '<w:jc w:val="center"/>'
CAPTION_RUN = '<w:rFonts w:eastAsia="黑体"/><w:b/>'


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(run(c))}</w:tc>" for c in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl><w:tblPr/>{cells}</w:tbl>"


BODY = [
    para(run("青溪镇人民政府关于2024年度法治政府建设情况的报告"), ppr=CENTRED),
    para(run("临川县人民政府：")),
    para(
        run("2024年，我镇扎实推进法治政府建设。"),
        run("（内部备注：此数据未经核实，勿外传）", "<w:vanish/>"),
        '<w:r><w:footnoteReference w:id="1"/></w:r>',
    ),
    para(run("一、主要举措和成效")),
    para(run("（一）加强组织领导")),
    para(NESTED),
    para(run("表1 2024年行政执法情况", CAPTION_RUN), ppr=CENTRED),
    table([["项目", "数量"], ["行政处罚案件", "43件"], ["行政检查", "120余次"]]),
    para(run("（二）化解矛盾纠纷")),
    para(run("全年调解矛盾纠纷"), deleted_run("3000起"), run("2300余起。")),
    para(PICTURE),
    para(run("图1 法治宣传活动现场"), ppr=CENTRED),
    para(run("二、存在的不足和原因")),
    para(run("执法力量相对薄弱。")),
    para(run("三、党政主要负责人履行推进法治建设第一责任人职责情况")),
    para(run("镇党委书记认真履行第一责任人职责。")),
    para(run("四、2025年度推进法治政府建设的主要安排")),
    numbered("深化学法用法。"),
    numbered("这一条删去了。", deleted=True),
    numbered("推进矛盾纠纷多元化解。"),
    para(run("五、其他需要报告的情况")),
    para(run("无其他需要报告的情况。")),
    para(run("青溪镇人民政府"), ppr='<w:jc w:val="right"/>'),
    para(
        run("2025年1月15日"),
        '<w:r><w:endnoteReference w:id="2"/></w:r>',
        ppr='<w:jc w:val="right"/>',
    ),
    para(text_box(para(run("抄送：临川县司法局。")))),
]


def make_docx(
    path: Path,
    body: list[str],
    *,
    parts: dict[str, tuple[str, str]] | None = None,
    header: str | None = None,
) -> Path:
    """A .docx whose body is ``body``; ``parts``: name → (relationship type, XML)."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    parts = dict(parts or {})
    if header is not None:
        parts["word/header1.xml"] = ("header", f"<w:hdr {NAMESPACES}>{para(run(header))}</w:hdr>")
    sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>'
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}>'
        f"<w:body>{''.join(body)}{sect if header is not None else ''}</w:body></w:document>"
    )
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = document.encode("utf-8")
            elif item.filename == "word/_rels/document.xml.rels":
                data = _with_relationships(data.decode("utf-8"), parts).encode("utf-8")
            elif item.filename == "[Content_Types].xml":
                data = _with_types(data.decode("utf-8"), parts).encode("utf-8")
            if item.filename not in parts:
                target.writestr(item, data)
        for name, (_, xml) in parts.items():
            target.writestr(name, xml.encode("utf-8"))
    return path


def _with_relationships(rels: str, parts: dict[str, tuple[str, str]]) -> str:
    # python-docx's own numbering part is replaced by ours (same target name).
    added = "".join(
        f'<Relationship Id="rId{"H" if kind == "header" else 90 + n}" Type="{REL}/{kind}" '
        f'Target="{name.removeprefix("word/")}"/>'
        for n, (name, (kind, _)) in enumerate(parts.items())
        if kind != "numbering"
    )
    return rels.replace("</Relationships>", added + "</Relationships>")


_TYPES = {
    "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "endnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
}


def _with_types(types: str, parts: dict[str, tuple[str, str]]) -> str:
    added = "".join(
        f'<Override PartName="/{name}" ContentType="{_TYPES[kind]}"/>'
        for name, (kind, _) in parts.items()
        if kind in _TYPES
    )
    return types.replace("</Types>", added + "</Types>")


PARTS = {
    "word/numbering.xml": ("numbering", NUMBERING),
    "word/footnotes.xml": ("footnotes", FOOTNOTES),
    "word/endnotes.xml": ("endnotes", ENDNOTES),
}


@pytest.fixture(scope="module")
def clerks_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("clerk")
    source = make_docx(folder / "青溪镇.docx", BODY, parts=PARTS)
    target = folder / "青溪镇.yaml"
    result = import_report(source, target=target)
    target.write_text(result.text, encoding="utf-8")
    return target, result


def test_the_reader_gives_what_word_prints(tmp_path: Path) -> None:
    document = read_docx(make_docx(tmp_path / "r.docx", BODY, parts=PARTS))
    texts = [p.full_text for p in document.paragraphs if p.full_text]
    assert "2024年，我镇扎实推进法治政府建设。" in texts  # the hidden remark left out
    assert "全年召开专题会议4次。" in texts  # the nested field's result is part of the code
    assert "全年调解矛盾纠纷2300余起。" in texts  # the deleted text left out
    # The deleted numbered paragraph takes no number: the next one is 2., as Word shows it.
    assert [t for t in texts if t[:2] in ("1.", "2.", "3.")] == [
        "1.深化学法用法。",
        "2.推进矛盾纠纷多元化解。",
    ]
    # The text box is read once (its VML copy is not), right after its anchor.
    assert texts[-2:] == ["2025年1月15日", "抄送：临川县司法局。"]
    boxed = [p for p in document.paragraphs if p.text_box]
    assert [p.full_text for p in boxed] == ["抄送：临川县司法局。"]
    cited = {p.full_text: p.notes for p in document.paragraphs if p.notes}
    assert cited == {
        "2024年，我镇扎实推进法治政府建设。": ["数据来源：青溪镇2024年统计年报。"],
        "2025年1月15日": ["本报告已经镇党委会议审议通过。"],
    }
    assert [p.images for p in document.paragraphs if p.images] == [1]


def test_text_box_notes_and_hidden_text_land_where_they_belong(
    clerks_file: tuple[Path, Any],
) -> None:
    target, result = clerks_file
    data = result.data
    assert data["抄送"] == ["临川县司法局"]
    assert data["导语"] == [
        "2024年，我镇扎实推进法治政府建设。",
        "注：数据来源：青溪镇2024年统计年报。",
    ]
    # A note on the date is the 公文's 附注.
    assert data["附注"] == "本报告已经镇党委会议审议通过。"
    text = target.read_text(encoding="utf-8")
    for absent in ("内部备注", "DOCPROPERTY", "青溪镇全年", "3000起", "这一条删去了"):
        assert absent not in text


def test_captions_are_no_headings_and_a_table_of_figures_goes_to_数据(
    clerks_file: tuple[Path, Any],
) -> None:
    target, result = clerks_file
    data = result.data
    assert [s["标题"] for s in data["主要举措"]] == ["加强组织领导", "化解矛盾纠纷"]
    assert data["主要举措"][0]["内容"] == "全年召开专题会议{召开专题会议}。"
    assert data["数据"]["行政处罚案件"] == "43件"
    assert data["数据"]["行政检查"] == "120余次"
    assert data["数据附表"] == "是"
    text = target.read_text(encoding="utf-8")
    assert (
        "# 原文正文中的表格“表1 2024年行政执法情况”中的数字已写入“数据”，"
        "生成时列在附件的“数据附表”中（每个数字一行），请核对\n数据附表: 是"
    ) in text
    assert "项目" not in text.split("数据附表")[0].split("主要举措")[-1]  # no rows as text
    # The picture is noted where it stood; its caption is kept as a paragraph.
    assert (
        "      - 全年调解矛盾纠纷{调解矛盾纠纷}。\n"
        "      # 原文此处有 1 张图片，未导入（事实文件只记文字），请核对\n"
        "      - 图1 法治宣传活动现场"
    ) in text
    assert data["主要举措"][1]["内容"] == [
        "全年调解矛盾纠纷{调解矛盾纠纷}。",
        "图1 法治宣传活动现场",
    ]


def test_the_imported_file_validates_and_builds(clerks_file: tuple[Path, Any]) -> None:
    target, result = clerks_file
    prepared = prepare(target)
    tree = str(prepared.document)
    assert "注：数据来源：青溪镇2024年统计年报。" in tree
    assert "行政处罚案件" in tree  # in the 数据附表
    assert not [w.message for w in result.warnings if "不一致" in w.message]


def test_a_unit_named_only_in_the_page_header_fills_单位_with_a_comment(tmp_path: Path) -> None:
    body = [
        para(run("一、主要举措和成效")),
        para(run("2024年，全镇办理行政复议案件12件。")),
    ]
    source = make_docx(tmp_path / "h.docx", body, header="青溪镇人民政府")
    result = import_report(source, target=tmp_path / "h.yaml")
    assert result.data["单位"] == "青溪镇人民政府"
    lines = result.text.splitlines()
    assert lines[lines.index("单位: 青溪镇人民政府") - 1] == (
        "# 推断：原文的标题和署名没有写明单位，这里取自页眉或页脚，请核对"
    )
    date = next(i for i, line in enumerate(lines) if line.startswith("成文日期:"))
    assert lines[date - 1] == "# 暂填，请改：原文没有写明成文日期"
    year = lines.index("年度: 2024")
    assert lines[year - 1] == "# 推断：原文标题没有写明年度，这里取自文中的年份，请核对"


def test_a_body_without_headings_imports_with_a_warning(tmp_path: Path) -> None:
    source = tmp_path / "flat.txt"
    source.write_text(
        "2024年，青山镇扎实推进法治政府建设，全年调解矛盾纠纷120起，化解信访积案3件。\n",
        encoding="utf-8",
    )
    result = import_report(source, target=tmp_path / "flat.yaml")
    assert [w.message for w in result.warnings if w.message == NO_STRUCTURE] == [NO_STRUCTURE]
    assert result.data["导语"].startswith("2024年，青山镇")


def test_libreoffice_s_text_boxes_and_notes_are_read_once(tmp_path: Path) -> None:
    """LibreOffice writes text boxes and notes its own way; they come back the same."""
    soffice = soffice_or_skip()
    source = make_docx(tmp_path / "clerk.docx", BODY, parts=PARTS)
    out = tmp_path / "out"
    convert(soffice, [source], "docx:MS Word 2007 XML", out, profile=tmp_path / "profile")
    converted = out / "clerk.docx"
    with zipfile.ZipFile(converted) as archive:
        assert b"txbxContent" in archive.read("word/document.xml")
    result = import_report(converted, target=tmp_path / "clerk.yaml")
    assert result.data["抄送"] == ["临川县司法局"]
    assert result.data["导语"][1] == "注：数据来源：青溪镇2024年统计年报。"
    assert "内部备注" not in result.text
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
