"""``import`` of reports typed in Word: numbering Word draws (numbering.xml) reads as typed
numbering does, headings are found by style and by 黑体/楷体/bold, run-in headings by their bold
opening, and the parts around the body (title, 主送, 署名, a Chinese-numeral 成文日期, 附件 with a
table, 附注, 抄送, 印发) land in their facts. Fixtures are made with python-docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi_report.build import prepare
from fazhi_report.importer import import_report

from .libreoffice import convert, soffice_or_skip
from .word_lists import HEADINGS, add_list, east_asian_font, numbered

#: (level, number, text): level 0 = body paragraph, 1–3 = 一、/（一）/1. headings.
BODY: list[tuple[int, str, str]] = [
    (0, "", "2024年，我镇坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下："),
    (1, "一、", "2024年度推进法治政府建设的主要举措和成效"),
    (2, "（一）", "强化组织领导"),
    (3, "1.", "健全工作机制"),
    (0, "", "镇党委召开专题会议4次，研究部署法治建设工作。一是落实学法制度。二是开展述法。"),
    (3, "2.", "推进依法决策"),
    (0, "", "全年审查合同43份，提出法律意见120余条。"),
    (2, "（二）", "化解矛盾纠纷"),
    (0, "", "全年调解各类矛盾纠纷2300余起，调解成功率达98%以上。"),
    (1, "二、", "2024年度推进法治政府建设存在的不足和原因"),
    (0, "", "执法力量相对薄弱，普法形式较为单一。"),
    (1, "三、", "党政主要负责人履行推进法治建设第一责任人职责情况"),
    (0, "", "镇党委书记、镇长认真履行第一责任人职责。"),
    (1, "四、", "2025年度推进法治政府建设的主要安排"),
    (0, "", "深化行政执法规范化建设，推进矛盾纠纷多元化解。"),
    (1, "五、", "其他需要报告的情况"),
    (0, "", "无其他需要报告的情况。"),
]


def _front(document: Any) -> None:
    for line in ("中共青溪镇委员会 青溪镇人民政府", "关于2024年度法治政府建设情况的报告"):
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        east_asian_font(title.add_run(line), "方正小标宋简体")
    document.add_paragraph("临川县委、县政府：")


def _end(document: Any) -> None:
    document.add_paragraph("附件：青溪镇2024年度法治建设数据表")
    for line in ("中共青溪镇委员会", "青溪镇人民政府", "二〇二五年一月十五日"):
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph("（此件公开发布）")
    document.add_page_break()
    document.add_paragraph("附件")
    document.add_paragraph("青溪镇2024年度法治建设数据表").alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=2, cols=2)
    for row, cells in enumerate((("项目", "数量"), ("调解矛盾纠纷", "2300余起"))):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_paragraph("抄送：临川县委依法治县办，临川县司法局。")
    document.add_paragraph("青溪镇党政办公室 2025年1月15日印发")


def _heading_run(paragraph: Any, text: str, level: int) -> None:
    east_asian_font(paragraph.add_run(text), ("黑体", "楷体_GB2312", "仿宋_GB2312")[level - 1])
    if level == 3:
        paragraph.runs[-1].bold = True


def report(path: Path, *, word_numbering: bool) -> Path:
    """The same report, its heading numbers typed or drawn by Word's automatic numbering."""
    document = docx.Document()
    _front(document)
    num_id = add_list(document, HEADINGS) if word_numbering else 0
    for level, number, text in BODY:
        if level == 0:
            east_asian_font(document.add_paragraph().add_run(text), "仿宋_GB2312")
        elif word_numbering:
            _heading_run(numbered(document, "", num_id, level - 1), text, level)
        else:
            _heading_run(document.add_paragraph(), number + text, level)
    _end(document)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("word")
    out = {}
    for name, drawn in (("typed", False), ("drawn", True)):
        source = report(folder / f"{name}.docx", word_numbering=drawn)
        target = folder / f"{name}.yaml"
        result = import_report(source, target=target)
        target.write_text(result.text, encoding="utf-8")
        out[name] = (result, target)
    return out


def test_word_numbering_imports_as_typed_numbering_does(both: dict[str, Any]) -> None:
    typed, drawn = both["typed"][0], both["drawn"][0]
    assert drawn.data == typed.data
    # “1.” headings on their own line, their text below: the 环渚 layout, not official's run-in.
    assert drawn.template == typed.template == "huanzhu"


def test_headings_items_and_points_are_recognised(both: dict[str, Any]) -> None:
    data = both["drawn"][0].data
    section = data["主要举措"][0]
    assert section["标题"] == "强化组织领导"
    first = section["条目"][0]
    assert first["标题"] == "健全工作机制"
    # huanzhu prints 要点 as “第一，…”: the original's “一是…” stays as it was written.
    assert (
        first["内容"]
        == "镇党委召开专题会议{党委专题会议}，研究部署法治建设工作。一是落实学法制度。二是开展述法。"
    )
    assert data["主要举措"][1] == {
        "标题": "化解矛盾纠纷",
        "内容": "全年调解各类矛盾纠纷{调解矛盾纠纷}，调解成功率达{调解成功率}。",
    }
    assert data["数据"]["调解矛盾纠纷"] == "2300余起"
    assert data["问题导语"] == "执法力量相对薄弱，普法形式较为单一。"
    assert data["其他"] == "无其他需要报告的情况。"


def test_front_and_end_matter_land_in_their_facts(both: dict[str, Any]) -> None:
    result, target = both["drawn"]
    data = result.data
    assert (data["单位"], data["党委名称"], data["年度"]) == (
        "青溪镇人民政府",
        "中共青溪镇委员会",
        "2024",
    )
    assert "标题" not in data  # the default title, so it is left to the template
    assert "署名" not in data  # the default signature for a joint report
    assert data["主送"] == "临川县委、县政府"
    assert data["成文日期"] == "2025-01-15"
    assert data["附注"] == "此件公开发布"
    assert data["抄送"] == ["临川县委依法治县办", "临川县司法局"]
    assert data["附件"] == [
        {
            "名称": "青溪镇2024年度法治建设数据表",
            "内容": ["项目　数量", "调解矛盾纠纷　{调解矛盾纠纷}"],
        }
    ]
    # The 版记's 印发 line is a fact now, not a comment (issue 19).
    assert data["印发"] == {"机关": "青溪镇党政办公室", "日期": "2025-01-15"}
    text = target.read_text(encoding="utf-8")
    assert "原文末尾的以下文字导入时无法归类" not in text
    document = prepare(target).document
    assert document.printing is not None
    assert str(document.printing) == "青溪镇党政办公室 2025年1月15日印发"
    assert document.date_text == "2025年1月15日"
    assert document.signature == ["中共青溪镇委员会", "青溪镇人民政府"]


def test_the_typed_and_drawn_reports_build_the_same_tree(both: dict[str, Any]) -> None:
    trees = [str(prepare(both[name][1]).document) for name in ("typed", "drawn")]
    assert trees[0] == trees[1]
    assert "[H2] （一）强化组织领导" in trees[0]
    assert "[H3] 1.健全工作机制\n[P] 镇党委召开专题会议4次" in trees[0]


def test_a_run_of_points_splits_in_the_templates_own_style(tmp_path: Path) -> None:
    source = report(tmp_path / "r.docx", word_numbering=True)
    data = import_report(source, template="official", target=tmp_path / "r.yaml").data
    first = data["主要举措"][0]["条目"][0]
    # official prints a 标题 run in (“1.健全工作机制。”): a title without its full stop, with
    # text under it, is printed as the original has it — its own line, the text below.
    assert first == {
        "内容": [
            "健全工作机制",
            "镇党委召开专题会议{党委专题会议}，研究部署法治建设工作。一是落实学法制度。二是开展述法。",
        ]
    }
    run_in = tmp_path / "run-in.txt"
    run_in.write_text(
        "一、主要举措和成效\n（一）强化组织领导\n1.健全工作机制。镇党委研究部署法治建设工作。一是落实学法制度。二是开展述法。\n",
        encoding="utf-8",
    )
    data = import_report(run_in, template="official", target=tmp_path / "run-in.yaml").data
    assert data["主要举措"][0]["条目"][0] == {
        "标题": "健全工作机制",
        "内容": "镇党委研究部署法治建设工作。",
        "要点": ["落实学法制度。", "开展述法。"],
    }


def test_bold_run_in_headings_and_styled_headings_without_numbers(tmp_path: Path) -> None:
    """No numbers typed or drawn: headings by style (标题 1/2) and bold openings."""
    document = docx.Document()
    document.add_paragraph("东山乡人民政府关于2023年度法治政府建设情况的报告")
    document.add_paragraph("2023年，我乡扎实推进法治政府建设，取得一定成效。")
    document.add_heading("主要举措和成效", level=1)
    document.add_heading("加强组织领导", level=2)
    for lead, rest in (
        ("健全机制。", "成立领导小组，召开会议5次。"),
        ("学法用法。", "集体学法8次。"),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(lead).bold = True
        paragraph.add_run(rest)
    document.add_heading("下一步工作打算", level=1)
    document.add_paragraph("继续深化法治宣传教育。")
    source = tmp_path / "styled.docx"
    document.save(str(source))
    data = import_report(source, target=tmp_path / "styled.yaml").data
    items = data["主要举措"][0]["条目"]
    assert [i["标题"] for i in items] == ["健全机制", "学法用法"]
    assert items[0]["内容"] == "成立领导小组，召开会议{召开会议}。"
    assert data["章节标题"]["计划"] == "下一步工作打算"
    assert data["计划导语"] == "继续深化法治宣传教育。"


def test_a_doc_is_converted_through_libreoffice(tmp_path: Path, both: dict[str, Any]) -> None:
    """The same report saved as Word 97–2003 (.doc) by LibreOffice imports as its .docx does."""
    soffice = soffice_or_skip()
    source = report(tmp_path / "typed.docx", word_numbering=False)
    convert(soffice, [source], "doc", tmp_path / "doc", profile=tmp_path / "profile")
    result = import_report(tmp_path / "doc" / "typed.doc", target=tmp_path / "typed.yaml")
    assert result.data == both["typed"][0].data
    assert "经 LibreOffice 转换" in result.text.splitlines()[0]


def test_a_report_typed_inside_a_one_column_table_reads_as_text(tmp_path: Path) -> None:
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.text = "青山镇人民政府关于2024年度法治政府建设情况的报告"
    for line in ("一、主要举措和成效", "（一）加强组织领导", "全年召开专题会议4次。"):
        frame.add_paragraph(line)
    source = tmp_path / "framed.docx"
    document.save(str(source))
    data = import_report(source, target=tmp_path / "framed.yaml").data
    assert data["单位"] == "青山镇人民政府"
    assert data["主要举措"] == [
        {"标题": "加强组织领导", "内容": "全年召开专题会议{召开专题会议}。"}
    ]
