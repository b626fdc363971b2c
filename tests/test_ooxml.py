"""The shared .docx reader (fazhi_report.ooxml): what ``check`` and ``import`` see of a hand-typed
report — Word's automatic numbering labels, outline levels, style names, run fonts and bold.

Fixtures are built with python-docx (see ``word_lists``) and, for a second writer's way of storing
the same lists, round-tripped through LibreOffice.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH

from fazhi_report.ooxml import Document, read_docx, sniff
from fazhi_report.ooxml.convert import convert_to_docx
from fazhi_report.ooxml.numbering import format_number

from .libreoffice import soffice_or_skip
from .word_lists import (
    HEADINGS,
    abstract_of,
    add_instance,
    add_list,
    east_asian_font,
    number_style,
    numbered,
)


def saved(document: DocxDocument, folder: Path, name: str = "report.docx") -> Document:
    path = folder / name
    document.save(str(path))
    return read_docx(path)


def labels(doc: Document) -> list[str]:
    return [p.label for p in doc.paragraphs if p.numbering is not None]


# A report's outline numbered only by Word: (level, text typed, label Word draws).
OUTLINE = [
    (0, "2024年度推进法治政府建设的主要举措和成效", "一、"),
    (1, "加强党的领导", "（一）"),
    (2, "健全领导机制。", "1."),
    (2, "抓好学法用法。", "2."),
    (3, "领导班子学法12次。", "（1）"),
    (3, "专题研讨5次。", "（2）"),
    (2, "完善考核。", "3."),
    (1, "严格规范执法", "（二）"),
    (2, "落实执法三项制度。", "1."),
    (0, "2024年度推进法治政府建设存在的不足和原因", "二、"),
    (1, "基层执法力量薄弱", "（一）"),
    (3, "跳级的四级标题。", "（1）"),
    (0, "其他需要报告的情况", "三、"),
]


def outline_document() -> tuple[DocxDocument, int]:
    document = docx.Document()
    document.add_paragraph("某镇人民政府关于2024年度法治政府建设情况的报告")
    num_id = add_list(document, HEADINGS)
    for level, text, _ in OUTLINE:
        numbered(document, text, num_id, level)
    return document, num_id


def test_word_numbering_gives_the_labels_word_draws(tmp_path: Path) -> None:
    doc = saved(outline_document()[0], tmp_path)
    assert labels(doc) == [label for _, _, label in OUTLINE]
    heading = doc.paragraphs[1]
    assert (heading.text, heading.full_text) == (OUTLINE[0][1], "一、" + OUTLINE[0][1])
    assert heading.numbering is not None
    assert (heading.numbering.level, heading.numbering.fmt, heading.numbering.value) == (
        0,
        "chineseCounting",
        1,
    )
    assert doc.paragraphs[0].numbering is None and doc.paragraphs[0].label == ""


def test_labels_survive_a_libreoffice_round_trip(tmp_path: Path) -> None:
    """LibreOffice rewrites numbering.xml its own way; the labels stay what Word draws."""
    soffice = soffice_or_skip()
    source = tmp_path / "word.docx"
    outline_document()[0].save(str(source))
    (tmp_path / "lo").mkdir()
    converted = convert_to_docx(source, sniff(source), tmp_path / "lo", soffice)
    assert labels(read_docx(converted)) == [label for _, _, label in OUTLINE]


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("chineseCounting", "%1、", ["一、", "二、", "三、"]),
        ("ideographTraditional", "%1、", ["甲、", "乙、", "丙、"]),
        ("decimal", "（%1）", ["（1）", "（2）", "（3）"]),
        ("chineseCounting", "第%1条", ["第一条", "第二条", "第三条"]),
        ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
        ("chineseLegalSimplified", "%1、", ["壹、", "贰、", "叁、"]),
        ("upperRoman", "%1.", ["I.", "II.", "III."]),
        ("lowerLetter", "%1)", ["a)", "b)", "c)"]),
        ("decimalFullWidth", "%1．", ["１．", "２．", "３．"]),
    ],
)
def test_number_formats_and_custom_level_text(
    fmt: str, text: str, expected: list[str], tmp_path: Path
) -> None:
    document = docx.Document()
    num_id = add_list(document, [(fmt, text)])
    for words in ("甲项", "乙项", "丙项"):
        numbered(document, words, num_id)
    assert labels(saved(document, tmp_path)) == expected


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCounting", "二十"),
        (99, "chineseCounting", "九十九"),
        (100, "chineseCounting", "一〇〇"),
        (105, "chineseCountingThousand", "一百零五"),
        (110, "chineseCountingThousand", "一百一十"),
        (1020, "chineseCountingThousand", "一千零二十"),
        (10, "chineseLegalSimplified", "壹拾"),
        (10, "ideographTraditional", "癸"),
        (11, "ideographTraditional", "11"),
        (12, "ideographZodiac", "亥"),
        (10, "ideographDigital", "一〇"),
        (27, "upperLetter", "AA"),
        (4, "lowerRoman", "iv"),
        (7, "decimalZero", "07"),
        (3, "none", ""),
        (3, "someFormatNotKnown", "3"),
    ],
)
def test_number_spellings(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


def test_instances_share_their_definition_s_counter_and_a_start_override_restarts_it(
    tmp_path: Path,
) -> None:
    """Word counts per list definition: a second instance continues the first; an instance
    with a startOverride (Word's “restart numbering”) starts again, and the count goes on from
    there whichever instance follows."""
    document = docx.Document()
    first = add_list(document, [("chineseCounting", "%1、")])
    abstract = abstract_of(document, first)
    second = add_instance(document, abstract)
    restarted = add_instance(document, abstract, {0: 1})
    for num_id in (first, first, second, restarted, first, restarted):
        numbered(document, "标题", num_id)
    assert labels(saved(document, tmp_path)) == ["一、", "二、", "三、", "一、", "二、", "三、"]


def test_a_start_override_counts_from_its_value(tmp_path: Path) -> None:
    document = docx.Document()
    first = add_list(document, [("decimal", "%1.")])
    later = add_instance(document, abstract_of(document, first), {0: 5})
    numbered(document, "甲", first)
    numbered(document, "乙", later)
    numbered(document, "丙", later)
    assert labels(saved(document, tmp_path)) == ["1.", "5.", "6."]


def test_lower_levels_restart_after_a_higher_one_unless_lvl_restart_says_never(
    tmp_path: Path,
) -> None:
    document = docx.Document()
    levels = [("chineseCounting", "%1、"), ("decimal", "%2.")]
    restarting = add_list(document, levels)
    running = add_list(document, levels, restarts={1: 0})
    for num_id in (restarting, running):
        for level in (0, 1, 1, 0, 1):
            numbered(document, "项", num_id, level)
    assert labels(saved(document, tmp_path)) == [
        *("一、", "1.", "2.", "二、", "1."),
        *("一、", "1.", "2.", "二、", "3."),
    ]


def test_a_multilevel_label_spells_every_level_it_names(tmp_path: Path) -> None:
    document = docx.Document()
    num_id = add_list(document, [("decimal", "%1."), ("decimal", "%1.%2"), ("decimal", "%1.%2.%3")])
    for level in (0, 1, 1, 2, 0, 2):
        numbered(document, "条", num_id, level)
    assert labels(saved(document, tmp_path)) == ["1.", "1.1", "1.2", "1.2.1", "2.", "2.1.1"]


def test_heading_styles_give_outline_level_style_and_style_numbering(tmp_path: Path) -> None:
    """Word's multilevel heading list: the numbering sits on the 标题 styles, not the paragraphs."""
    document = docx.Document()
    num_id = add_list(document, HEADINGS)
    number_style(document, "Heading 1", num_id, 0)
    number_style(document, "Heading 2", num_id, 1)
    document.add_heading("主要举措和成效", level=1)
    document.add_heading("加强党的领导", level=2)
    document.add_paragraph("正文。")
    document.add_heading("存在的不足和原因", level=1)
    doc = saved(document, tmp_path)
    read = [(p.label, p.outline_level, p.style_id, p.style_name) for p in doc.paragraphs]
    assert read == [
        ("一、", 1, "Heading1", "heading 1"),
        ("（一）", 2, "Heading2", "heading 2"),
        ("", None, "Normal", "Normal"),
        ("二、", 1, "Heading1", "heading 1"),
    ]


def test_run_fonts_and_bold_are_resolved_for_a_run_in_heading(tmp_path: Path) -> None:
    """“1.完善领导机制。” typed in bold 黑体 before the sentence that follows it."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    heading = east_asian_font(paragraph.add_run("1.完善领导机制。"), "黑体")
    heading.bold = True
    east_asian_font(paragraph.add_run("全年召开专题会议4次。"), "仿宋_GB2312")
    plain = document.add_paragraph("未指定字体的段落。")
    plain.runs[0].italic = True
    doc = saved(document, tmp_path)
    first, second = doc.paragraphs[0].runs
    assert (first.text, first.bold, first.font("eastAsia")) == ("1.完善领导机制。", True, "黑体")
    assert (second.bold, second.font("eastAsia"), second.font("ascii")) == (
        False,
        "仿宋_GB2312",
        "仿宋_GB2312",
    )
    assert doc.paragraphs[0].alignment == "both"
    # python-docx's template names theme fonts for Japanese (README: why we ship our own base).
    theme = doc.paragraphs[1].runs[0]
    assert theme.props.fonts["eastAsia"].theme
    assert (theme.font("eastAsia"), theme.font("ascii")) == ("ＭＳ 明朝", "Cambria")
    assert theme.props.italic and not theme.bold


def test_bold_is_a_toggle_between_style_levels_and_absolute_when_direct(tmp_path: Path) -> None:
    """Heading 1 is bold; a bold character style inside it flips bold off (ECMA-376 17.7.3),
    while bold set on the run itself is bold whatever the styles say."""
    document = docx.Document()
    strong = document.styles.add_style("加粗", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    heading = document.add_heading("", level=1)
    heading.add_run("标题", style="加粗")
    heading.add_run("又加粗", style="加粗").bold = True
    heading.add_run("标题自身")
    body = document.add_paragraph()
    body.add_run("正文加粗", style="加粗")
    body.add_run("不加粗").bold = False
    doc = saved(document, tmp_path)
    assert [r.bold for r in doc.paragraphs[0].runs] == [False, True, True]
    assert [r.bold for r in doc.paragraphs[1].runs] == [True, False]


def test_table_paragraphs_come_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("表前")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "指标"
    table.cell(0, 1).text = "2024年"
    document.add_paragraph("表后")
    doc = saved(document, tmp_path)
    assert [(p.text, p.in_table) for p in doc.paragraphs] == [
        ("表前", False),
        ("指标", True),
        ("2024年", True),
        ("表后", False),
    ]
