"""The exact wording of representative messages: what a clerk reads is part of the interface.

Each case is one facts file and the complete rendering of its single problem
(``文件:行:列  字段路径  说明`` and, where there is one, the ``提示：`` line).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi_report.errors import FactsError, Problem
from fazhi_report.load import Source
from fazhi_report.load.slips import translate
from fazhi_report.validate import load_facts, validate_source

HEAD = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"
DATE_HINT = "\n    提示：日期写作“年-月-日”，如 2025-02-20 或 2025年2月20日；月份为 1～12，日不超过当月的天数。"
QUANTITY_HINT = (
    "\n    提示：“数据”中每项写一个数量：数字加单位，如“12次”“2300余起”“98%以上”，概数也可写作"
    "“三百多起”“两万余人次”；说不出数字的情况请写在正文里。"
)
COLON = (
    "“单位：白沙镇”中的冒号是全角的“：”，YAML 没有把它读成“键: 值”\n"
    "    提示：检测到全角冒号“：”（中文输入法下输入）；YAML 的键后须用半角冒号加空格，例如“单位: 青山镇”。"
)

PINNED = [
    pytest.param(
        "单位: 青山镇人民政府\n成文日期: 2025-02-20\n",
        "F:1:1  年度  缺少必填项“年度”",
        id="missing",
    ),
    pytest.param(
        HEAD + "主送机构: 县政府\n",
        "F:4:1  主送机构  未知的键“主送机构”\n    提示：您是否想写“主送”？",
        id="extra_forbidden",
    ),
    pytest.param(
        HEAD + "主送:\n  - 县委\n",
        "F:5:3  主送  应为一段文字",
        id="string_type",
    ),
    pytest.param(
        HEAD + "主要举措:\n  标题: A\n",
        "F:5:3  主要举措  应为列表（每项另起一行，以“- ”开头）\n"
        "    提示：例如：\n      要点:\n        - 第一条\n        - 第二条",
        id="list_type",
    ),
    pytest.param(
        HEAD + "公开: 是\n",
        "F:4:5  公开  应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）",
        id="model_type",
    ),
    pytest.param(
        HEAD + "单位类型: 村\n",
        "F:4:7  单位类型  应为以下之一：乡、镇、街道、县、区、市、部门",
        id="literal_error",
    ),
    pytest.param(
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-30\n",
        "F:3:7  成文日期  “2025-02-30”不是有效日期：2025年2月只有 28 天" + DATE_HINT,
        id="value_error-date",
    ),
    pytest.param(
        "单位: 青山镇人民政府\n年度: 2025\n成文日期: 2026-13-01\n",
        "F:3:7  成文日期  “2026-13-01”不是有效日期：没有 13 月" + DATE_HINT,
        id="value_error-date-month",
    ),
    pytest.param(
        "单位: 青山镇人民政府\n年度: 二〇二四\n成文日期: 2025-02-20\n",
        "F:2:5  年度  “二〇二四”不是四位年份，如 2024\n"
        "    提示：年度写四位阿拉伯数字，如 2024（也可写 2024年度）。",
        id="value_error-year",
    ),
    pytest.param(
        HEAD + "数据:\n  法律咨询: 很多\n",
        "F:5:9  数据.法律咨询  “很多”不是数量：数量以数字开头（阿拉伯数字，或“三百多起”这样的汉字概数）"
        + QUANTITY_HINT,
        id="value_error-quantity",
    ),
    pytest.param(
        HEAD + "加盖印章: on\n",
        "F:4:7  加盖印章  “on”应为“是”或“否”\n    提示：请写“是”或“否”。",
        id="value_error-flag",
    ),
    pytest.param(
        "单位:\n年度: 2024\n成文日期: 2025-02-20\n",
        "F:1:4  单位  没有填写内容（冒号后是空的）\n    提示：请填写内容；暂时没有内容的项可以整行删除。",
        id="none-for-required",
    ),
    pytest.param(
        HEAD + "主要举措:\n  - 标题：加强领导\n",
        "F:5:5  主要举措[1]  “标题：加强领导”应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）；"
        "这里的冒号是全角的，YAML 没有把它读成“键: 值”\n"
        "    提示：检测到全角冒号“：”（中文输入法下输入）；YAML 的键后须用半角冒号加空格，例如“单位: 青山镇”。",
        id="model_type-full-width-colon",
    ),
    # A half-width colon with no space after it reads as text, like a full-width one: wherever a
    # mapping was expected, at any depth, the message says so and the hint quotes the clerk's text.
    pytest.param(
        HEAD + "问题:\n  - 标题:干部法治观念还不够强\n",
        "F:5:5  问题[1]  “标题:干部法治观念还不够强”应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）；"
        "这里的冒号后没有空格，YAML 没有把它读成“键: 值”\n"
        "    提示：冒号后须有一个半角空格，应写作“标题: 干部法治观念还不够强”（不是“标题:干部法治观念还不够强”）。",
        id="model_type-no-space-after-colon-in-list-item",
    ),
    pytest.param(
        HEAD + "主要举措:\n  - 标题: 加强领导\n    条目:\n      - 标题:做实调解\n",
        "F:7:9  主要举措[1].条目[1]  “标题:做实调解”应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）；"
        "这里的冒号后没有空格，YAML 没有把它读成“键: 值”\n"
        "    提示：冒号后须有一个半角空格，应写作“标题: 做实调解”（不是“标题:做实调解”）。",
        id="model_type-no-space-after-colon-two-levels-down",
    ),
    pytest.param(
        HEAD + "公开:\n  索引号:2024-001\n",
        "F:5:3  公开  “索引号:2024-001”应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）；"
        "这里的冒号后没有空格，YAML 没有把它读成“键: 值”\n"
        "    提示：冒号后须有一个半角空格，应写作“索引号: 2024-001”（不是“索引号:2024-001”）。",
        id="model_type-no-space-after-colon-nested-mapping",
    ),
    pytest.param(
        HEAD + "数据:\n  调解矛盾纠纷:12起\n",
        "F:5:3  数据  “调解矛盾纠纷:12起”应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）；"
        "这里的冒号后没有空格，YAML 没有把它读成“键: 值”\n"
        "    提示：冒号后须有一个半角空格，应写作“调解矛盾纠纷: 12起”（不是“调解矛盾纠纷:12起”）。",
        id="dict_type-no-space-after-colon",
    ),
    pytest.param(
        HEAD + "主要举措:\n  - 标题: 加强领导\n      内容:压实责任\n",
        "F:6:7  主要举措[1].标题  第 6 行的“内容:压实责任”没有被读成键“内容”，而是接在了上一行的内容后面\n"
        "    提示：冒号后须有一个半角空格，应写作“内容: 压实责任”（不是“内容:压实责任”）。",
        id="no-space-after-colon-swallowed-line",
    ),
    pytest.param(
        HEAD + "问题:\n  - 标题:\u3000干部法治观念还不够强\n",
        "F:5:5  问题[1]  “标题:\u3000干部法治观念还不够强”应为“键: 值”形式的映射（下一行缩进后逐项写“键: 值”）；"
        "这里的冒号后是全角空格，YAML 没有把它读成“键: 值”\n"
        "    提示：检测到全角空格（中文输入法下输入）；YAML 的缩进和冒号后只能用半角空格，请切换到半角后重新输入。",
        id="model_type-full-width-space-after-colon",
    ),
    pytest.param(
        HEAD + "主送: 县委\n单位: 另一个\n",
        "F:5:1  单位  键“单位”重复：第 1 行已有“单位”，这里（第 5 行）又写了一次\n"
        "    提示：同一层级的键只能出现一次（常见于复制上一年度文件后又粘贴了一段）；请合并两处内容或删除其一。"
        "程序不会用第 5 行的内容覆盖第 1 行。",
        id="duplicate-key",
    ),
    # One full-width colon is one error, said where it is: not again as the YAML error it causes
    # further down (PyYAML's English once showed there).
    pytest.param("单位：白沙镇\n年度: 2024\n成文日期: 2025-02-20\n", "F:1:1  " + COLON, id="colon"),
    pytest.param("单位：白沙镇\n# 注释\n年度: 2024\n", "F:1:1  " + COLON, id="colon-comment"),
    pytest.param("单位：白沙镇\n\n  年度: 2024\n", "F:1:1  " + COLON, id="colon-indent"),
    pytest.param("单位：白沙镇\n", "F:1:1  " + COLON, id="colon-alone"),
    pytest.param("年度: 2024\n单位：白沙镇\n年度: 2025\n", "F:2:1  " + COLON, id="colon-second"),
]


@pytest.mark.parametrize(("text", "expected"), PINNED)
def test_pinned_message(text: str, expected: str, tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(text, encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(facts)
    rendered = [p.render().replace(str(facts), "F") for p in info.value.problems]
    assert rendered == [expected]


def test_no_space_after_colon_before_more_keys_is_a_syntax_error_whose_hint_quotes_the_line(
    tmp_path: Path,
) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(
        HEAD + "问题:\n  - 标题:干部法治观念还不够强\n    原因: 学习不够\n", encoding="utf-8"
    )
    with pytest.raises(FactsError) as info:
        load_facts(facts)
    hint = "    提示：冒号后须有一个半角空格，应写作“标题: 干部法治观念还不够强”（不是“标题:干部法治观念还不够强”）。"
    assert [p.render().replace(str(facts), "F") for p in info.value.problems] == [
        "F:5:5  “- 标题:干部法治观念还不够强”的冒号后没有空格，YAML 没有把它读成“键: 值”\n" + hint,
    ]


@pytest.mark.parametrize(
    "value",
    ["会议时间:9:30，地点:会议室", "网址:http://www.example.gov.cn", "9:30", "比例为1:2"],
)
def test_a_colon_without_a_space_is_text_where_text_is_expected(value: str, tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(HEAD + f"问题导语: {value}\n导语:\n  - {value}\n", encoding="utf-8")
    loaded, source = load_facts(facts)
    assert loaded.issues_intro == loaded.intro == [value]
    assert source.problems == []


def test_error_header_counts_problems_and_lists_warnings_last() -> None:
    error = FactsError(
        [Problem("f.yaml", 3, 1, "年度", "乙"), Problem("f.yaml", 1, 1, "单位", "甲")],
        warnings=[Problem.about("f.yaml", "文件编码为 GBK")],
    )
    assert error.render() == (
        "事实文件有 2 处问题：\nf.yaml:1:1  单位  甲\nf.yaml:3:1  年度  乙\n警告：f.yaml：文件编码为 GBK"
    )


def test_model_catches_control_characters_in_keys_when_data_does_not_come_from_a_file() -> None:
    source = Source(
        Path("api.yaml"),
        {
            "单位": "青山镇",
            "年度": "2024",
            "成文日期": "2025-02-20",
            "数据": {"法律\x0b咨询": "3次"},
        },
    )
    with pytest.raises(FactsError) as info:
        validate_source(source)
    assert [p.render() for p in info.value.problems] == [
        "api.yaml:1:1  数据.法律⟨U+000B⟩咨询  含有不可见的控制字符 U+000B（多见于从网页或 Word 粘贴），请删除"
    ]


def test_many_problems_are_capped_in_the_rendering() -> None:
    problems = [Problem("f.yaml", n, 1, "", "问题") for n in range(1, 80)]
    text = FactsError(problems).render()
    assert text.startswith("事实文件有 79 处问题：")
    assert "另有 29 处问题未列出" in text


def test_warning_text_for_a_likely_typo(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(HEAD + "数据:\n  调解矛盾纠分: 12起\n", encoding="utf-8")
    _, source = load_facts(facts)
    assert [w.render().replace(str(facts), "F") for w in source.warnings] == [
        "F:5:3  数据.调解矛盾纠分  数据项“调解矛盾纠分”与常用指标“调解矛盾纠纷”只差一个字，是否写错？"
        "（若是同一指标，请改为“调解矛盾纠纷”，以便核对单位和总数；若确是另一指标，可忽略此提醒。）"
    ]


def test_a_warning_renders_on_one_line_with_its_hint_in_brackets() -> None:
    located = Problem("f.yaml", 6, 7, "成文日期", "晚于报送期限", "请核对").warning()
    assert located.severity == "warning"
    assert located.render() == "f.yaml:6:7  成文日期  晚于报送期限（请核对）"
    assert Problem.about("f.yaml", "文件编码为 GBK").render() == "f.yaml：文件编码为 GBK"
    assert Problem.about("", "第 5 段只有编号").render() == "第 5 段只有编号"
    # Severity does not make two reports of one finding differ: they are one.
    assert located == Problem("f.yaml", 6, 7, "成文日期", "晚于报送期限")


def test_a_chinese_approximate_number_is_a_quantity_as_the_message_says(tmp_path: Path) -> None:
    """“很多” is refused for having no number; “三百多起”, which the message names, is accepted."""
    facts = tmp_path / "f.yaml"
    facts.write_text(HEAD + "数据:\n  调解矛盾纠纷: 三百多起\n", encoding="utf-8")
    loaded, _ = load_facts(facts)
    assert loaded.data["调解矛盾纠纷"].value == 300


def test_every_pyyaml_syntax_message_has_a_chinese_translation() -> None:
    """Each problem text PyYAML's scanner and parser can raise reads in Chinese, never as the
    fallback that quotes PyYAML's English."""
    import re

    import yaml

    folder = Path(yaml.__file__).parent
    source = (folder / "scanner.py").read_text() + (folder / "parser.py").read_text()
    problems = set(re.findall(r'"((?:expected|found|could not|did not)[^"]*)"', source))
    assert len(problems) >= 25
    examples = [re.sub(r"%[rsd]", "x", p) for p in problems]
    untranslated = [p for p in examples if translate(p)[0].startswith("无法解析")]
    assert untranslated == []
