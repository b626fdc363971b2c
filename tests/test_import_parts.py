"""The importer's parts on their own: quantities and their names, runs of points, headings and
their kinds, the parts around the body, and the YAML it writes (re-read by the project's loader
to exactly what was meant, whatever the text)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi_report.build import prepare
from fazhi_report.errors import UserError
from fazhi_report.importer import import_report
from fazhi_report.importer.choose import normalise
from fazhi_report.importer.emit import Noted, emit, written
from fazhi_report.importer.front import lay_out
from fazhi_report.importer.frontfacts import read_front
from fazhi_report.importer.numbers import ARABIC, CN, PAREN_CN, numbering
from fazhi_report.importer.outline import build, read_heading
from fazhi_report.importer.quantities import Namer, find, replace_all
from fazhi_report.importer.sources import Para
from fazhi_report.importer.structure import split_points
from fazhi_report.load import parse_text
from fazhi_report.mandate import classify
from fazhi_report.tree import Table

# --- quantities ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("全年调解各类矛盾纠纷2300余起，调解成功率达98%以上。", ["2300余起", "98%以上"]),
        ("开展普法宣传教育20多次，发放宣传单6000余份。", ["20多次", "6000余份"]),
        ("罚没款逾20万元，受众1.2万人次。", ["逾20万元", "1.2万人次"]),
        ("发放宣传资料两万余份，培训十余次，约三百人参加。", ["两万余份", "十余次", "约三百人"]),
        ("网上可办率达到99%以上，用时压缩至1个工作日。", ["99%以上", "1个工作日"]),
        ("节约5万元。", ["5万元"]),  # 约 of 节约 is not a prefix
    ],
)
def test_quantities_are_found_with_their_qualifiers(text: str, found: list[str]) -> None:
    assert [spot.quantity.text for spot in find(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "2023年，我镇于12月4日开展宣传。",
        "落实《法治政府建设实施纲要（2021—2025年）》5项任务",
        "围绕“12·4”国家宪法日和“12.4”宣传周",
        "深入实施八五普法规划，落实三项制度，增强四个意识",
        "召开第3次会议，覆盖3-5个村，每村3至5人",
        "学习党的十九大精神",
        "拨打12345热线",
        "最近3年",
    ],
)
def test_dates_titles_ranges_and_names_are_not_quantities(text: str) -> None:
    assert [spot.quantity.text for spot in find(text) if "5项" not in spot.quantity.text] == []


def test_names_come_from_the_catalogue_or_the_clause_and_are_unique() -> None:
    namer = Namer()
    text = (
        "全年调解各类矛盾纠纷2300余起，调解成功率达98%以上；向居民发放了宣传单6000余份，"
        "张贴宣传标语50多条，为辖区24个村（社区）配备法律顾问。再次说明：调解各类矛盾纠纷2300余起。"
        "另张贴宣传标语30条。"
    )
    replaced = replace_all(text, namer.name)
    assert namer.data == {
        "调解矛盾纠纷": "2300余起",
        "调解成功率": "98%以上",
        "发放宣传资料": "6000余份",
        "张贴宣传标语": "50多条",
        "村社区配备法律顾问": "24个",
        "另张贴宣传标语": "30条",
    }
    # The same fact written twice is one entry, referred to twice.
    assert replaced.count("{调解矛盾纠纷}") == 2
    assert "2300余起" not in replaced


def test_a_name_used_for_another_text_gets_a_new_name() -> None:
    namer = Namer()
    replace_all("开展培训3次。开展培训5次。", namer.name)
    assert namer.data == {"开展培训": "3次", "开展培训（2）": "5次"}


# --- 一是……二是…… --------------------------------------------------------------------------------


def test_points_split_only_in_the_templates_style_and_only_when_reprinted_exactly() -> None:
    text = "抓好两项工作：一是加强学习。二是强化考核；三是抓好落实。"
    assert split_points(text, "一是") == (
        "抓好两项工作：",
        ["加强学习。", "强化考核；", "抓好落实。"],
    )
    assert split_points(text, "第一") is None  # huanzhu would print 第一，…
    assert split_points("第一,加强学习。第二,强化考核。", "第一") == (
        "",
        ["加强学习。", "强化考核。"],
    )
    assert split_points("一是加强学习，二是强化考核。", "一是") is None  # “，” would become “，。”
    assert split_points("一是加强学习。", "一是") is None  # one point is not a run
    assert split_points("统一是前提。二是关键。", "一是") is None  # 统一 is a word


# --- headings -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("2024年度推进法治政府建设的主要举措和成效", "measures"),
        ("主要做法和成效", "measures"),
        ("存在的问题和不足", "issues"),
        ("法治建设中的短板和薄弱环节", "issues"),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", "duties"),
        ("2025年工作计划", "plans"),
        ("下一年度工作安排", "plans"),
        ("下一步工作打算", "plans"),
        ("下一年度法治政府建设工作的总体思路与关键举措", "plans"),
        ("存在问题及下一步工作计划", "issues_plans"),
        ("其他需要报告的情况", "other"),
        ("以齐抓共建为重点，法治建设工作机制渐趋完善", "themed"),
        ("以落实权利为途径，基层民主法治建设不断深化", "themed"),
    ],
)
def test_top_level_headings_are_sorted_into_the_mandated_items(title: str, kind: str) -> None:
    assert classify(title) == kind


def test_numbered_lines_are_headings_or_run_in_items() -> None:
    def heading(text: str) -> tuple[int, str, str] | None:
        found = read_heading(Para(text, 1))
        return None if found is None else (found.rank, found.title, found.rest)

    assert heading("一、主要做法和成效") == (CN, "主要做法和成效", "")
    assert heading("(一)加强组织领导,严格落实责任。") == (PAREN_CN, "加强组织领导,严格落实责任", "")
    assert heading("（一）、加强领导") == (PAREN_CN, "加强领导", "")
    assert heading("1、落实领导责任。一是发挥作用。") == (ARABIC, "落实领导责任", "一是发挥作用。")
    long = "联合社渚中学、社渚小学开展了多场家庭、社会“三位一体”的青少年法治教育会,同时社渚镇广场也多次开展了企业管理人员的法治宣传教育。"
    assert heading(f"2、{long}") == (ARABIC, "", long)
    assert heading("2023年，我镇扎实推进。") is None
    assert heading("12.4国家宪法日") is None


def test_a_skipped_level_still_nests() -> None:
    """一、 then 1、 (no （一）): the items belong to the heading above them."""
    nodes = build([Para(t, i) for i, t in enumerate(["一、做法", "1、甲。正文。", "二、计划"], 1)])
    assert [type(n).__name__ for n in nodes] == ["Heading", "Heading"]
    assert nodes[0].children[0].title == "甲"  # type: ignore[union-attr]


def test_web_page_chrome_and_metadata_come_before_the_report() -> None:
    lines = [
        "首页 >> 政务公开",
        "索 引 号: | 11330000/2024-001 | 成文日期: | 2024-01-15 |",
        "青山镇2023年法治政府建设工作报告",
        "2023年，青山镇扎实推进法治政府建设，取得明显成效。",
        "一、主要做法",
    ]
    layout = lay_out([Para(t, i) for i, t in enumerate(lines, 1)])
    assert [p.text for p in layout.preamble] == lines[:2]
    assert layout.title_text == lines[2]
    assert [p.text for p in layout.body] == lines[3:]
    front = read_front(layout, "", dt.date(2025, 3, 1))
    assert front.facts["公开"] == {"索引号": "11330000/2024-001"}
    assert front.facts["成文日期"] == "2024-01-15"
    assert front.leading_comments[1].startswith("（已读入“公开”）索 引 号")


def test_a_pages_publishing_date_is_the_last_resort_for_the_date() -> None:
    lines = [
        "发布时间：2024-01-20  来源：青山镇",
        "2023年，青山镇扎实推进法治政府建设，取得明显成效。",
    ]
    layout = lay_out([Para(t, i) for i, t in enumerate(lines, 1)])
    front = read_front(layout, layout.body[0].text, dt.date(2025, 3, 1))
    assert (front.facts["成文日期"], front.facts["年度"]) == ("2024-01-20", "2023")
    assert "成文日期" not in front.guessed


# --- the facts file -----------------------------------------------------------------------------

_AWKWARD = st.text(
    alphabet=st.sampled_from(list("：: #-?|>!&*%@`'\"“”{}[],；。一二三abc12\\ ~\t"))
    | st.characters(),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() == t and t.isprintable())


#: 数据 names are what the namer makes (word characters and %), some of them YAML's own words.
_NAMES = st.from_regex(r"[\w%]{1,12}", fullmatch=True) | st.sampled_from(
    ["null", "~", "yes", "on", "2023", "1e3", "%x", "0x1F"]
)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(key=_NAMES, values=st.lists(_AWKWARD, min_size=1, max_size=3))
def test_the_yaml_reads_back_to_exactly_what_was_meant(key: str, values: list[str]) -> None:
    facts = {
        "单位": values[0],
        "数据": {key: values[-1]},
        "导语": [Noted(values[0], "注释"), *values],
        "主要举措": [Noted({"标题": Noted(values[-1], "甲\n乙"), "内容": values}, "小节")],
    }
    text = emit(["头"], facts, ["尾"])
    assert parse_text(text, Path("f.yaml")).data == written(facts)


def test_comments_go_where_the_entry_is() -> None:
    text = emit([], {"导语": [Noted("甲", "导入时无法归类，请核对")], "其他": ["乙"]})
    assert text == "导语:\n  # 导入时无法归类，请核对\n  - 甲\n\n其他: 乙\n"


def test_braces_and_markdown_in_the_original_print_as_written(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    source.write_text(
        "青山镇人民政府关于2024年度法治政府建设情况的报告\n"
        "2024年，我镇落实{甲}机制和**乙**制度，发布#话题#，调解纠纷12起。\n"
        "一、其他需要报告的情况\n"
        "无。\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.yaml"
    target.write_text(import_report(source, target=target).text, encoding="utf-8")
    assert "落实{甲}机制和**乙**制度，发布#话题#，调解纠纷12起。" in str(prepare(target).document)


def test_a_red_header_and_its_file_number_are_not_the_title(tmp_path: Path) -> None:
    lines = [
        ("青山镇人民政府文件", "center"),
        ("青政〔2025〕3号", "center"),
        ("青山镇人民政府", "center"),
        ("关于2024年法治政府建设工作", "center"),
        ("县政府：", "both"),
        ("2024年，我镇扎实推进法治政府建设，取得明显成效。", "both"),
    ]
    layout = lay_out([Para(t, i, align=a) for i, (t, a) in enumerate(lines, 1)])
    assert [p.text for p in layout.preamble] == ["青山镇人民政府文件", "青政〔2025〕3号"]
    assert layout.title_text == "青山镇人民政府关于2024年法治政府建设工作"
    assert layout.addressee is not None and layout.addressee.text == "县政府："
    front = read_front(layout, "", dt.date(2025, 3, 1))
    # A 发文机关标志 over it: the 文号 is the 版头's 发文字号 (issue 19), not a web page's 文件编号.
    assert front.facts["版头"] == {
        "发文机关标志": "青山镇人民政府文件",
        "发文字号": "青政〔2025〕3号",
    }
    assert "公开" not in front.facts
    assert front.leading_comments == []
    assert (front.facts["单位"], front.facts["年度"]) == ("青山镇人民政府", "2024")


# --- any paragraphs at all ------------------------------------------------------------------------

#: Fragments of reports, well and badly formed: a random run of them is what import must survive.
FRAGMENTS = [
    *(
        "一、",
        "二、主要做法和成效",
        "三、存在的问题",
        "四、下一步工作打算",
        "五、其他需要报告的情况",
    ),
    *("（一）加强组织领导", "（二）、规范执法。", "1.健全机制。召开会议5次。", "（1）细化任务。"),
    *("2、落实责任。一是加强学习。二是强化考核。", "①明确分工", "㈠强化学习", "1)学法。", "（一）"),
    *(
        "第一部分 工作总结",
        "第二部分 存在问题",
        "存在问题及下一步工作计划",
        "以齐抓共建为重点，机制渐趋完善",
    ),
    "党政主要负责人履行推进法治建设第一责任人职责情况",
    "2023年，我镇扎实推进法治政府建设，调解纠纷2300余起，成功率98%以上。",
    *(
        "总之，我们将继续努力。",
        "特此报告。",
        "下一步，我镇将继续努力。",
        "第一，加强学习；第二，强化考核。",
    ),
    *(
        "青山镇人民政府",
        "中共青山镇委员会",
        "2024年1月15日",
        "二〇二四年一月十五日",
        "（此件公开发布）",
    ),
    *(
        "附件：1.数据表",
        "2.名单",
        "附件",
        "附件1",
        "抄送：县司法局。",
        "青山镇党政办 2024年1月15日印发",
    ),
    *("县委、县政府：", "关于2023年度法治政府建设情况的报告", "青山镇2023年法治政府建设工作报告"),
    *(
        "索引号: | 123 | 成文日期: | 2024-01-10 |",
        "{甲}和**乙**",
        "某某村",
        "XX镇",
        "a: b",
        "- x",
        "# y",
    ),
    *("发放宣传资料两万余份、十余次", "《纲要（2021—2025年）》", "：", "。", "1.", "　", "%z"),
]
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[：:]?\s*(?:\d{1,2}[.．、])?")
_DATES = re.compile(r"^(?:\d{4}年\d{1,2}月\d{1,2}日|二〇二四年一月十五日)$")


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(lines=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=20))
def test_any_paragraphs_import_without_loss(lines: list[str], tmp_path_factory: Any) -> None:
    """Whatever the paragraphs, import ends in a facts file that builds (or in a clear error for
    a text with no words at all), and every line's words are in the report or the file."""
    folder = tmp_path_factory.mktemp("any")
    source, target = folder / "r.txt", folder / "r.yaml"
    source.write_text("\n".join(lines), encoding="utf-8")
    try:
        result = import_report(source, target=target)
    except UserError as exc:
        assert "程序" not in exc.render(), exc.render()
        return
    target.write_text(result.text, encoding="utf-8")
    document = prepare(target, draft=True).document
    # What a reader reads, block after block (a run-in heading may come back as heading + text).
    blocks = [b.text for b in document.body if not isinstance(b, Table)]
    seen = normalise(str(document) + "".join(blocks) + result.text)
    for line in lines:
        found = numbering(line)
        # “附件：1.名称” is read as the attachment's name: its label and number are the layout's.
        words = normalise(_ATTACHMENT.sub("", found[1] if found else line))
        if words and not _DATES.match(line):
            assert words in seen, line


def test_what_cannot_be_placed_is_kept_where_it_stands_with_a_comment(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    source.write_text(
        "一、主要举措和成效\n（一）加强组织领导\n1.健全机制\n（1）成立领导小组\n①明确分工\n"
        "各村明确一名联络员。\n二、其他需要报告的情况\n无。\n",
        encoding="utf-8",
    )
    result = import_report(source, target=tmp_path / "r.yaml")
    lines = [line.strip() for line in result.text.splitlines()]
    at = lines.index("# 导入时无法归类，请核对")
    assert lines[at + 1] == "- ①明确分工"
    assert any("第 5 段“①明确分工”导入时无法归类" in w.render() for w in result.warnings)


def test_placeholders_the_original_has_are_kept_and_warned_about(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    source.write_text(
        "某某镇人民政府关于2024年度法治政府建设情况的报告\n2024年，我镇在XX县委领导下推进法治建设。\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.yaml"
    result = import_report(source, target=target)
    assert result.data["单位"] == "某某镇人民政府"
    assert any("占位符" in w.render() for w in result.warnings)
    assert "原文中有占位符（XX、某某），照原文保留" in result.text
    target.write_text(result.text, encoding="utf-8")
    assert "【某某】镇人民政府" in str(prepare(target, draft=True).document)


def test_a_heading_the_template_cannot_print_stays_before_its_own_text(tmp_path: Path) -> None:
    """shezhu prints each section as a 一级标题 and has no heading for the first item as a
    whole: “第一部分 主要工作” is printed where it stood, before the paragraph under it."""
    source = tmp_path / "r.txt"
    source.write_text(
        "2023年，我镇扎实推进法治政府建设，取得明显成效。\n第一部分 主要工作\n"
        "一年来，我们重点抓了以下几个方面的工作。\n一、以学法为重点，提升法治意识\n"
        "1、集中学法。全年集中学法6次。\n二、以执法为抓手，规范行政行为\n"
        "1、规范执法。全年办理案件12件。\n",
        encoding="utf-8",
    )
    result = import_report(source, template="shezhu", target=tmp_path / "r.yaml")
    assert result.data["导语"] == [
        "2023年，我镇扎实推进法治政府建设，取得明显成效。",
        "第一部分 主要工作",
        "一年来，我们重点抓了以下几个方面的工作。",
    ]
