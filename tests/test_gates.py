"""The mandate's gates: missing mandated items, the 报送 deadline, 年度 against 成文日期, figures
copied from last year; warnings for ``validate`` and ``build``, errors under ``--strict``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fazhi_report.errors import FactsError
from fazhi_report.facts import load

from .conftest import EXAMPLES, Invoke

HEAD = "单位: 青山镇人民政府\n年度: 2024\n"
#: The five mandated items, one line each, and a 主送 (so that a test warns only about what it is
#: about).
ITEMS = (
    "主送: 中共临川县委、临川县人民政府\n"
    "主要举措:\n  - 标题: 做实多元调解\n    内容: 调解矛盾纠纷。\n"
    "问题:\n  - 标题: 执法力量不足\n"
    "第一责任人:\n  要点: [主要负责人专题研究法治建设]\n"
    "计划:\n  - 标题: 开展执法培训\n"
    "其他: 无其他需要报告的情况。\n"
)


def _write(folder: Path, text: str, name: str = "f.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _warnings(path: Path) -> list[str]:
    return [w.render().replace(str(path), "F") for w in load(path).source.warnings]


def _bare_huanzhu(folder: Path) -> Path:
    """examples/huanzhu-2023.yaml without its 示例补充 blocks (each runs to the next blank line)."""
    kept, skipping = [], False
    for line in (EXAMPLES / "huanzhu-2023.yaml").read_text(encoding="utf-8").split("\n"):
        skipping = line.startswith("# 示例补充") or (skipping and line != "")
        if not skipping:
            kept.append(line)
    path = _write(folder, "\n".join(kept), "huanzhu.yaml")
    text = path.read_text(encoding="utf-8")
    assert all(f"\n{key}:" not in text for key in ("问题", "第一责任人", "其他"))
    return path


def _line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


# --- mandated items ------------------------------------------------------------------------------

MISSING = {
    "问题": "缺少法定报告内容“上一年度推进法治政府建设存在的不足和原因”"
    "（请在“问题”下逐条写明存在的不足，每条写标题、表现和原因。）",
    "第一责任人": "缺少法定报告内容“上一年度党政主要负责人履行推进法治建设第一责任人职责，"
    "加强法治政府建设的有关情况”（请在“第一责任人”下写明党政主要负责人履行推进法治建设"
    "第一责任人职责的情况，可分导语和要点。）",
    "其他": "缺少法定报告内容“其他需要报告的情况”（请在“其他”下写明；没有其他情况时写"
    "“无其他需要报告的情况。”）",
}


def test_the_seed_example_without_its_additions_warns_for_each_missing_item(
    invoke: Invoke,
    tmp_path: Path,
) -> None:
    facts = _bare_huanzhu(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = invoke("build", facts, "-o", out / "r.docx")
    assert code == 0, stderr
    assert (out / "r.docx").is_file() and "已生成" in stdout
    unit = _line_of(facts, "单位:")
    warned = [line for line in stderr.splitlines() if line.startswith("警告：")]
    for key, message in MISSING.items():
        assert f"警告：{facts}:{unit}:1  {key}  {message}" in warned
    # …and its 成文日期 (2025-07-29, as the seed report has it) for 年度 2023.
    assert len(warned) == len(MISSING) + 1


def test_strict_turns_those_warnings_into_an_error_and_writes_nothing(
    invoke: Invoke, tmp_path: Path
) -> None:
    facts = _bare_huanzhu(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = invoke("build", facts, "-o", out, "-f", "docx,html", "--strict")
    assert code == 1 and stdout == ""
    assert not out.exists() or list(out.iterdir()) == []
    unit = _line_of(facts, "单位:")
    assert stderr.startswith("错误：事实文件有 4 处警告（--strict：警告视为错误）：\n")
    for key, message in MISSING.items():
        assert f"\n{facts}:{unit}:1  {key}  {message}\n" in stderr
    assert stderr.endswith("  提示：请按警告逐条修改事实文件；只想先生成报告时去掉 --strict。\n")
    code, _, stderr = invoke("validate", facts, "--strict")
    assert code == 1 and "事实文件有 4 处警告" in stderr


def test_an_item_whose_key_is_there_but_empty_is_located_at_its_key(tmp_path: Path) -> None:
    text = HEAD + "成文日期: 2025-02-20\n" + ITEMS.replace("其他: 无其他需要报告的情况。\n", "")
    path = _write(tmp_path, text + "# 暂无\n其他: []\n")
    assert _warnings(path) == [f"F:{_line_of(path, '其他:')}:1  其他  {MISSING['其他']}"]


def test_all_five_missing_from_the_smallest_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "# 某镇\n" + HEAD + "成文日期: 2025-02-20\n")
    found = _warnings(path)
    assert [w.split("  ")[:2] for w in found] == [
        ["F:2:1", key] for key in ("主要举措", "问题", "第一责任人", "计划", "其他", "主送")
    ]
    assert found[0] == (
        "F:2:1  主要举措  缺少法定报告内容“上一年度推进法治政府建设的主要举措和成效”"
        "（请在“主要举措”下分小节写明本年度的主要举措和成效。）"
    )
    assert found[3] == (
        "F:2:1  计划  缺少法定报告内容“下一年度推进法治政府建设的主要安排”"
        "（请在“计划”下逐条写明下一年度的主要安排。）"
    )


def test_every_template_gets_the_gate_and_a_template_needs_no_必填_for_it(
    invoke: Invoke,
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, HEAD + "成文日期: 2025-02-20\n" + ITEMS.split("问题:")[0])
    for template in ("official", "huanzhu", "beishan", "shezhu"):
        code, _, stderr = invoke("build", path, "-t", template, "-o", tmp_path / f"{template}.md")
        assert code == 0, stderr
        assert [line.split("  ")[1] for line in stderr.splitlines()] == [
            "问题",
            "第一责任人",
            "计划",
            "其他",
        ]


def test_a_template_必填_key_outside_the_mandated_items_still_warns_once(
    invoke: Invoke, tmp_path: Path
) -> None:
    template = tmp_path / "tpl"
    code, _, _ = invoke("templates", "export", "official", template)
    assert code == 0
    meta = template / "template.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "必填: [数据, 问题]\n", encoding="utf-8")
    no_issues = ITEMS.replace("问题:\n  - 标题: 执法力量不足\n", "")
    path = _write(tmp_path, HEAD + "成文日期: 2025-02-20\n" + no_issues)
    code, _, stderr = invoke("build", path, "-t", template, "-o", tmp_path / "r.md")
    assert code == 0
    assert stderr.replace(str(path), "F").splitlines() == [
        f"警告：F:1:1  问题  {MISSING['问题']}",
        "警告：F:1:1  数据  模板“official”有一部分由“数据”生成，但事实文件中没有填写，"
        "报告中该部分将为空或只有通用表述",
    ]


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (
            "2025-03-05",
            "2025年3月5日晚于报送期限：2024年度的报告应在2025年3月1日前报送上一级党委和政府"
            "（请核对“年度”和“成文日期”是否写错。）",
        ),
        (
            "2025-12-31",
            "2025年12月31日晚于报送期限：2024年度的报告应在2025年3月1日前报送上一级党委和政府"
            "（请核对“年度”和“成文日期”是否写错。）",
        ),
        (
            "2026-01-01",
            "2026年1月1日与年度 2024 不符：2024年度的报告应在2025年3月1日前报送，这一日期晚了一年多"
            "（请核对“年度”和“成文日期”是否写错。）",
        ),
        (
            "2024-10-31",
            "2024年10月31日与年度 2024 不符：那时2024年的工作尚未结束"
            "（“年度”是报告所述的那一年，成文日期一般在次年初；请核对“年度”和“成文日期”是否写错。）",
        ),
    ],
)
def test_a_date_late_or_out_of_its_year_warns_at_its_line(
    tmp_path: Path, date: str, message: str
) -> None:
    path = _write(tmp_path, HEAD + f"成文日期: {date}\n" + ITEMS)
    assert _warnings(path) == [f"F:3:7  成文日期  {message}"]


@pytest.mark.parametrize("date", ["2024-11-01", "2024-12-31", "2025-01-02", "2025-03-01"])
def test_a_date_from_november_to_the_deadline_is_on_time(tmp_path: Path, date: str) -> None:
    path = _write(tmp_path, HEAD + f"成文日期: {date}\n" + ITEMS)
    assert _warnings(path) == []


def test_a_date_before_the_year_stays_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, HEAD + "成文日期: 2023-12-31\n" + ITEMS)
    with pytest.raises(FactsError) as caught:
        load(path)
    assert [p.message for p in caught.value.problems] == ["成文日期 2023-12-31 早于报告年度 2024"]


# --- figures copied forward ------------------------------------------------------------------


def _two_years(folder: Path, now: str, before: str) -> Path:
    _write(folder, "单位: 青山镇人民政府\n年度: 2023\n成文日期: 2024-02-20\n" + before, "2023.yaml")
    return _write(
        folder, HEAD + "成文日期: 2025-02-20\n上年度: 2023.yaml\n" + ITEMS + now, "2024.yaml"
    )


def test_a_file_copied_forward_warns_naming_the_unchanged_figures(tmp_path: Path) -> None:
    path = EXAMPLES / "official-2023.yaml"
    copied = path.read_text(encoding="utf-8").replace("年度: 2023", "年度: 2024", 1)
    copied = copied.replace("成文日期: 2024-02-23", "成文日期: 2025-02-20\n上年度: 2023.yaml", 1)
    shutil.copy(path, tmp_path / "2023.yaml")
    facts = _write(tmp_path, copied, "2024.yaml")
    loaded = load(facts)
    assert loaded.previous is not None
    names = list(loaded.facts.data)
    assert names == list(loaded.previous.data)  # every figure is last year's
    line = _line_of(facts, "数据:")
    warned = _warnings(facts)
    # The prose's “2023年” is last year's too (see the stale-year tests below).
    assert [w for w in warned if "完全相同" not in w] == [
        f"F:{_line_of(facts, prefix)}:5  {path}  “2023年”既不是本报告的年度（2024年），"
        "也不是下一年度（2025年）" + STALE_2023
        for prefix, path in (("  - 2023年，青山镇以", "导语[1]"), ("  - 2023年，我镇未", "其他[1]"))
    ]
    assert [w for w in warned if "完全相同" in w] == [
        f"F:{line}:1  数据  两年都填写的 {len(names)} 项数据中，有 {len(names)} 项与上年度文件 "
        f"2023.yaml 完全相同：{'、'.join(names)}；是否复制了上一年度的文件而没有更新数字？"
        "（请逐项改为本年度的数字；确与上年相同的，可忽略此提醒。）"
    ]


def test_names_are_compared_as_the_catalogue_reads_them(tmp_path: Path) -> None:
    """An alias this year is the same indicator as its standard name last year."""
    before = (
        "数据:\n  调解矛盾纠纷: 2300余起\n  热线诉求: 655件\n  法律咨询: 1,200人次\n  会议: 4次\n"
    )
    now = "数据:\n  调解纠纷: 2300余起\n  热线诉求: 655件\n  法律咨询: 1200人次\n  会议: 5次\n"
    path = _two_years(tmp_path, now, before)
    assert [w for w in _warnings(path) if "完全相同" in w] == [
        f"F:{_line_of(path, '数据:')}:1  数据  两年都填写的 4 项数据中，有 3 项与上年度文件 2023.yaml 完全相同："
        "调解纠纷、热线诉求、法律咨询；是否复制了上一年度的文件而没有更新数字？"
        "（请逐项改为本年度的数字；确与上年相同的，可忽略此提醒。）"
    ]


@pytest.mark.parametrize(
    "now",
    [
        # three of six equal: not a majority
        "数据:\n  a会议: 1次\n  b会议: 2次\n  c会议: 3次\n  d会议: 5次\n  e会议: 6次\n  f会议: 7次\n",
        # two of two equal: a majority, but too few to tell
        "数据:\n  a会议: 1次\n  b会议: 2次\n",
        # the same number with another qualifier is another figure
        "数据:\n  a会议: 1次\n  b会议: 2余次\n  c会议: 3多次\n",
    ],
)
def test_no_warning_below_a_majority_or_three(tmp_path: Path, now: str) -> None:
    before = "数据:\n  a会议: 1次\n  b会议: 2次\n  c会议: 3次\n  d会议: 4次\n  e会议: 4次\n  f会议: 4次\n"
    assert _warnings(_two_years(tmp_path, now, before)) == []


# --- --strict in a batch ------------------------------------------------------------------------


def test_strict_fails_only_the_files_with_warnings_in_a_batch(
    invoke: Invoke, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    _write(reports, HEAD + "成文日期: 2025-02-20\n" + ITEMS, "good.yaml")
    late = _write(reports, HEAD + "成文日期: 2025-03-05\n" + ITEMS, "late.yaml")
    dist = tmp_path / "dist"
    code, stdout, stderr = invoke("build", reports, "-o", dist, "--strict", "-j", "1")
    assert code == 1
    assert [p.name for p in dist.iterdir()] == [
        "青山镇人民政府关于2024年度法治政府建设情况的报告.docx"
    ]
    assert f"✗ {late}" in stderr and "事实文件有 1 处警告（--strict：警告视为错误）" in stderr
    assert "共 2 个文件：成功 1 个，失败 1 个" in stdout
    code, _, stderr = invoke("build", reports, "-o", tmp_path / "loose", "-j", "1")
    assert code == 0 and f"警告：{late}:3:7  成文日期" in stderr


# --- years in the text ---------------------------------------------------------------------------

STALE_2023 = (
    "（是否沿用了上一年度的文字？若写的是2024年的事，请改为“2024年”（或写“{年度}年”，随年度变化）；"
    "确指2023年的，可写作“自2023年以来”“较2023年”，或放进引号、书名号。）"
)
DATED = HEAD + "成文日期: 2025-02-20\n" + ITEMS


def test_a_year_that_is_neither_the_report_s_nor_the_next_warns_where_it_is(
    invoke: Invoke, tmp_path: Path
) -> None:
    """The issue's clerk: the sample said “2026年，青山镇…”; 年度 was changed to 2024 alone."""
    path = _write(tmp_path, DATED + "导语:\n  - 2026年，青山镇深入学习贯彻习近平法治思想。\n")
    assert _warnings(path) == [
        f"F:{_line_of(path, '  - 2026年')}:5  导语[1]  “2026年”既不是本报告的年度（2024年），"
        "也不是下一年度（2025年）（若写的是2024年的事，请改为“2024年”（或写“{年度}年”，随年度变化）；"
        "也请核对“年度”是否写错。）"
    ]
    code, _, stderr = invoke("validate", path, "--strict")
    assert code == 1 and "事实文件有 1 处警告" in stderr and "“2026年”" in stderr


def test_a_plans_heading_of_last_year_names_next_year_as_the_fix(tmp_path: Path) -> None:
    """docs/模板定制.md's 章节标题 followed a year later: “2024年法治建设工作计划” in 2024's plans."""
    text = DATED.replace("年度: 2024", "年度: 2025").replace("2025-02-20", "2026-02-20")
    path = _write(tmp_path, text + "章节标题:\n  计划: 2024年法治建设工作计划\n")
    assert _warnings(path) == [
        f"F:{_line_of(path, '  计划:')}:7  章节标题.计划  “2024年”既不是本报告的年度（2025年），"
        "也不是下一年度（2026年）（是否沿用了上一年度的文字？若写的是2026年的事，请改为“2026年”"
        "（或写“{下一年度}年”，随年度变化）；确指2024年的，可写作“自2024年以来”“较2024年”，"
        "或放进引号、书名号。）"
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年，青山镇扎实推进依法行政。",  # 年度
        "2025年，我镇将深化行政执法改革。",  # the next year: plans
        "贯彻《法治政府建设实施纲要（2021—2025年）》。",  # a title
        "获评“2022年度法治建设先进单位”。",  # a quotation
        "2021—2025年普法规划顺利实施。",  # a range
        "2021年至2025年累计培训干部。",
        "自2019年以来，连续五年无行政诉讼败诉。",  # a starting point
        "2018年起实行法律顾问制度。",
        "较2023年增长12%，与2022年相比翻了一番。",  # comparisons
        "依据青政〔2022〕3号文件。",  # a 文号
        "{年度}年，青山镇…；{下一年度}年，我镇将…",  # references
        "调解矛盾纠纷2000余起，近三年持续下降。",  # a number, not a year
    ],
)
def test_years_that_name_something_fixed_do_not_warn(tmp_path: Path, sentence: str) -> None:
    path = _write(tmp_path, DATED + f"导语:\n  - {sentence}\n")
    assert _warnings(path) == []


def test_only_the_text_is_read_for_years_not_names_dates_or_publication(tmp_path: Path) -> None:
    text = DATED + "公开:\n  索引号: 001/2023-0005\n  文件编号: 青政〔2023〕3号\n"
    path = _write(tmp_path, text + "抄送: [2023年度考核组]\n数据:\n  二〇二三年会议: 3次\n")
    assert _warnings(path) == []


def test_the_examples_and_the_seeds_name_no_stale_year_and_say_their_主送(
    tmp_path: Path,
) -> None:
    """Real reports' years (a title's range, 八五 in 2023, a plan named for its year) pass; the
    published reproductions say ``主送: 无``; a seed imported says so itself."""
    from fazhi_report.importer import import_report

    from .conftest import ROOT, example_files

    files = list(example_files())
    for seed in sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt")):
        target = tmp_path / f"{seed.stem}.yaml"
        target.write_text(import_report(seed, target=target).text, encoding="utf-8")
        files.append(target)
    for path in files:
        said = [w for w in _warnings(path) if "年度（" in w or "  主送  " in w]
        assert said == [], path


def test_a_file_named_by_another_year_warns_at_its_年度(tmp_path: Path) -> None:
    path = _write(tmp_path, DATED, "2025.yaml")
    assert _warnings(path) == [
        "F:2:5  年度  文件名“2025.yaml”是 2025 年，而“年度”是 2024（若这是 2024 年度的报告，"
        "请把文件改名为 2024.yaml；若是 2025 年度的，请把“年度”改为 2025（成文日期一般在 2026 年初）。）"
    ]
    assert _warnings(_write(tmp_path, DATED, "2024年度.yaml")) == []


def test_no_主送_warns_and_主送_无_says_the_edition_has_none(tmp_path: Path) -> None:
    text = DATED.replace("主送: 中共临川县委、临川县人民政府\n", "")
    assert _warnings(_write(tmp_path, text)) == [
        "F:1:1  主送  没有写主送机关：报告报送上一级党委和政府，应写明主送"
        "（如“主送: 中共临川县委、临川县人民政府”，不写冒号；只在网站公开、不写主送的版本写“主送: 无”，"
        "不再提醒。）"
    ]
    assert _warnings(_write(tmp_path, text + "主送: 无\n")) == []
