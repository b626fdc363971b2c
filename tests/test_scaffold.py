"""``init``: the sample proposes the report due next; ``init --from`` carries no stale figure."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from fazhi_report import validate
from fazhi_report.batch import build_file
from fazhi_report.build import prepare
from fazhi_report.conventions import free_years
from fazhi_report.errors import FactsError, UserError
from fazhi_report.facts import load
from fazhi_report.gates import in_prose
from fazhi_report.load import read_source
from fazhi_report.scaffold import SAMPLE_YEAR, create_facts_file, sample_text
from fazhi_report.validate import load_facts, strings
from fazhi_report.values import PENDING

from .conftest import EXAMPLES, Invoke

YEARS = re.compile(r"(?<!\d)20\d\d(?!\d)")


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (dt.date(2026, 11, 29), 2026),  # the day: 2024 was proposed
        (dt.date(2026, 10, 1), 2026),  # from October on, this year's report is being prepared
        (dt.date(2026, 9, 30), 2025),  # before that, last year's is the one (due by 3月1日)
        (dt.date(2027, 1, 15), 2026),
        (dt.date(2027, 2, 28), 2026),
    ],
)
def test_init_proposes_the_report_due_next(tmp_path: Path, today: dt.date, year: int) -> None:
    created = create_facts_file(tmp_path / "事实.yaml", day=today)
    text = created.path.read_text(encoding="utf-8")
    facts, _ = load_facts(created.path, today=today)
    assert created.year == facts.year == year and created.warnings == []
    assert facts.date == dt.date(year + 1, 2, 20)  # before the 3月1日 deadline
    # No stale year anywhere: the prose writes {年度}, the comments name years around this one.
    assert {int(y) for y in YEARS.findall(text)} <= {year - 1, year, year + 1}, text
    assert "{年度}年，青山镇" in text
    report = str(prepare(created.path).document)
    assert f"[P] {year}年，青山镇深入学习贯彻" in report
    assert f"“{'九五' if year >= 2026 else '八五'}”普法规划" in report


def test_the_sample_is_written_for_the_year_init_moves_on() -> None:
    data = yaml.safe_load(sample_text())
    assert int(data["年度"]) == SAMPLE_YEAR
    assert {int(y) for y in YEARS.findall(sample_text())} == {
        SAMPLE_YEAR - 1,
        SAMPLE_YEAR,
        SAMPLE_YEAR + 1,
    }
    prose = "".join(text for path, text in strings(data) if in_prose(path))
    assert not YEARS.search(prose) and "八五" not in prose and "九五" not in prose


def test_changing_only_the_年度_of_the_sample_moves_every_year_of_the_report(
    tmp_path: Path,
) -> None:
    """The issue's clerk: a sample made for 2026, its 年度 changed to 2025 alone."""
    created = create_facts_file(tmp_path / "2026.yaml", day=dt.date(2026, 12, 6))
    text = created.path.read_text(encoding="utf-8")
    changed = tmp_path / "事实.yaml"
    changed.write_text(text.replace("年度: 2026", "年度: 2025"), encoding="utf-8")
    loaded = load(changed)  # the year gate is silent: no literal year is left in the prose
    assert [w.path for w in loaded.source.warnings] == ["成文日期"]  # 2027年2月20日, still
    report = str(prepare(changed).document)
    years = {int(y) for y in YEARS.findall(report.replace("2027年2月20日", ""))}
    assert years == {2025, 2026}  # 年度, and the plans' 下一年度
    assert "[P] 2025年，青山镇" in report and "[P] 2026年，我镇将重点做好以下工作：" in report
    assert "“八五”普法规划" in report


@pytest.mark.parametrize(
    ("name", "year"), [("2024.yaml", 2024), ("2025年.yaml", 2025), ("2026年度.yml", 2026)]
)
def test_a_file_named_by_a_year_gets_that_year_on_any_day(
    tmp_path: Path, name: str, year: int
) -> None:
    for day in (dt.date(2026, 1, 15), dt.date(2026, 6, 30), dt.date(2026, 12, 6)):
        if year > day.year:
            continue
        created = create_facts_file(tmp_path / name, force=True, day=day)
        assert created.year == load_facts(created.path, today=day)[0].year == year


def test_init_with_no_file_names_it_by_the_year(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    created = create_facts_file(None, day=dt.date(2026, 6, 30))
    assert created.path == Path("2025.yaml") and (tmp_path / "2025.yaml").is_file()
    assert create_facts_file(None, year=2023, day=dt.date(2026, 6, 30)).path == Path("2023.yaml")


def test_a_year_still_running_or_to_come_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        create_facts_file(tmp_path / "2027.yaml", day=dt.date(2026, 12, 6))
    assert caught.value.render() == (
        "年度 2027 在未来（今天是 2026-12-06）：2027 年度的报告在这一年的工作结束后才写\n"
        "  提示：年度是报告所述的那一年；现在要写的是 2026 年度的报告，如 fazhi-report init 2026.yaml。"
    )
    assert not (tmp_path / "2027.yaml").exists()


def test_a_year_asked_for_that_the_name_contradicts_is_said(tmp_path: Path) -> None:
    created = create_facts_file(tmp_path / "2025.yaml", year=2024, day=dt.date(2026, 1, 15))
    assert created.year == 2024
    assert [w.render().replace(str(tmp_path), "D") for w in created.warnings] == [
        "D/2025.yaml：文件名是 2025 年，而写入的年度是 2024；请把文件改名为 2024.yaml，"
        "以免与其他年度的文件混淆"
    ]


# --- init --from ------------------------------------------------------------------------------

LAST_YEAR = """\
单位: 青山镇人民政府
年度: 2024
成文日期: 2025-02-20
公开:
  索引号: 11361024000000000X/2025-00012
  文件编号: 青政〔2025〕3号
  发布机构: 青山镇人民政府
数据:
  调解矛盾纠纷: 2300余起
  调解成功率: "98%以上"     # 含诉前调解
  法律咨询: 2897人次
活动:
  - 名称: 宪法宣传周
    数据: {发放资料: 600余份, 参与群众: 1200人}
主要举措:
  - 标题: 化解矛盾纠纷
    内容: 全年调解各类矛盾纠纷{调解矛盾纠纷}，调解成功率达{调解成功率}。
"""
LAST_FIGURES = {
    ("数据", "调解矛盾纠纷"): "2300余起",
    ("数据", "调解成功率"): "98%以上",
    ("数据", "法律咨询"): "2897人次",
    ("活动", 0, "数据", "发放资料"): "600余份",
    ("活动", 0, "数据", "参与群众"): "1200人",
    ("公开", "索引号"): "11361024000000000X/2025-00012",
    ("公开", "文件编号"): "青政〔2025〕3号",
}


@pytest.fixture
def next_year(tmp_path: Path) -> Path:
    last = tmp_path / "2024.yaml"
    last.write_text(LAST_YEAR, encoding="utf-8")
    return create_facts_file(tmp_path / "2025.yaml", from_last=last).path


def test_init_from_leaves_no_figure_of_last_year_as_a_value(next_year: Path) -> None:
    source = read_source(next_year)
    lines = next_year.read_text(encoding="utf-8").splitlines()
    for path, last in LAST_FIGURES.items():
        value: object = source.data
        for part in path:
            value = value[part]  # type: ignore[index]
        assert value == PENDING, path
        line = lines[source.positions[path][0] - 1]
        assert re.search(rf"#.*2024年：.*{re.escape(last)}", line), line  # last year's exact text
    assert "# 2024年：98%以上；含诉前调解" in next_year.read_text(encoding="utf-8")
    assert source.data["公开"]["发布机构"] == "青山镇人民政府"  # not a yearly figure


def test_build_refuses_each_pending_value_naming_last_years_figure(next_year: Path) -> None:
    with pytest.raises(FactsError) as caught:
        load_facts(next_year)
    source = read_source(next_year)
    problems = {p.path: p for p in caught.value.problems}
    assert len(problems) == len(LAST_FIGURES)
    for path, last in LAST_FIGURES.items():
        where = ".".join(str(p) for p in path).replace(".0.", "[1].")
        problem = problems[where]
        assert (problem.line, problem.column) == source.positions[path]
        assert PENDING in problem.message
        assert f"上年度为“{last}”" in (problem.hint or ""), problem.render()
    with pytest.raises(FactsError):
        build_file(next_year, out=next_year.with_suffix(".docx"))
    assert not next_year.with_suffix(".docx").exists()


def test_a_draft_prints_the_placeholder_where_the_figure_was(next_year: Path) -> None:
    prepared = prepare(next_year, draft=True)
    assert prepared.facts.pending == ["调解矛盾纠纷", "调解成功率", "法律咨询"]
    assert prepared.facts.data == {}
    text = str(prepared.document)
    assert f"全年调解各类矛盾纠纷{PENDING}，调解成功率达{PENDING}。" in text
    for last in LAST_FIGURES.values():
        assert last not in text
    assert prepared.document.meta.get("索引号") == PENDING


def test_a_draft_data_table_lists_pending_figures_in_order(tmp_path: Path) -> None:
    last = tmp_path / "2024.yaml"
    last.write_text(LAST_YEAR + "数据附表: 是\n", encoding="utf-8")
    facts = create_facts_file(tmp_path / "2025.yaml", from_last=last).path
    text = facts.read_text(encoding="utf-8").replace(f"法律咨询: {PENDING}", "法律咨询: 3000人次")
    facts.write_text(text, encoding="utf-8")
    table = prepare(facts, draft=True).document.attachments[-1].blocks[0]
    assert table.rows[1:] == [  # type: ignore[attr-defined]
        ["调解矛盾纠纷", PENDING, "2300余起", "—"],
        ["调解成功率", PENDING, "98%以上", "—"],
        ["法律咨询", "3000人次", "2897人次", "同比增长3.6%"],
    ]


def test_init_from_the_example_builds_only_as_a_draft(tmp_path: Path) -> None:
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    new = create_facts_file(tmp_path / "2025.yaml", from_last=tmp_path / "official-2024.yaml").path
    last = read_source(tmp_path / "official-2024.yaml").data["数据"]
    with pytest.raises(FactsError) as caught:
        load_facts(new)
    hints = [p.hint or "" for p in caught.value.problems if p.path.startswith("数据.")]
    assert len(hints) == len(last)
    assert all(f"上年度为“{v}”" in h for v, h in zip(last.values(), hints, strict=True))
    assert prepare(new, draft=True).facts.year == 2025


# --- init --from: the years last year's text names ----------------------------------------------

PROSE = """\
# 由 fazhi-report import 从“2024年报告.docx”（Word 文档）导入的事实文件。
# 请逐项核对后再生成报告（fazhi-report build 本文件.yaml）：
#   · 原文没有写明成文日期，这里是推断或暂填的，请改为实际情况。

单位: 青山镇人民政府
标题: 青山镇人民政府关于2024年度法治政府建设情况的报告
年度: 2024
成文日期: 2025-02-20
主送: 中共临川县委、临川县人民政府
导语:
  - 2024年，青山镇深入推进依法行政，自2019年以来连续五年无败诉案件。
主要举措:
  - 标题: 化解矛盾纠纷
    内容: "2024年累计调解各类矛盾纠纷300余起，较2023年下降。"
    要点: ['2024年开展培训4场', 截至2024年底完成整改]
计划导语: |
  2025年，我镇将重点抓好以下工作：
  贯彻《法治政府建设实施纲要（2021—2025年）》。
计划:
  - 标题: 2025年重点工作
其他: 2024年，无其他需要报告的情况。
章节标题:
  计划: 2025年法治建设工作计划
  举措: 2024年主要举措和成效
"""


def _carried(tmp_path: Path, text: str = PROSE) -> Path:
    last = tmp_path / "2024.yaml"
    last.write_text(text, encoding="utf-8")
    return create_facts_file(tmp_path / "2025.yaml", from_last=last, day=dt.date(2026, 1, 15)).path


def test_init_from_leaves_no_year_of_last_year_in_the_text_unmarked(tmp_path: Path) -> None:
    new = _carried(tmp_path)
    data = read_source(new).data
    # Names of this year and the next are rewritten to follow 年度 …
    assert data["标题"] == "青山镇人民政府关于{年度}年度法治政府建设情况的报告"
    assert data["章节标题"] == {
        "计划": "{下一年度}年法治建设工作计划",
        "举措": "{年度}年主要举措和成效",
    }
    # … and every other year the prose names is marked, where it is, for the clerk to rewrite.
    for path, text in strings(data):
        if not in_prose(path) or path[0] in ("标题", "章节标题"):
            continue
        for _year, at in free_years(text):
            assert text[:at].endswith(PENDING), (path, text)
    assert data["导语"] == [
        f"{PENDING}2024年，青山镇深入推进依法行政，自2019年以来连续五年无败诉案件。"
    ]
    assert data["主要举措"][0]["要点"] == [
        f"{PENDING}2024年开展培训4场",
        f"截至{PENDING}2024年底完成整改",
    ]
    assert (
        data["计划导语"].startswith(f"{PENDING}2025年，我镇")
        and "（2021—2025年）》" in data["计划导语"]
    )
    assert "较2023年" in data["主要举措"][0]["内容"]  # a comparison stays as it was
    report = str(prepare(new, draft=True).document)
    assert "、2026年法治建设工作计划\n" in report and "、2025年主要举措和成效\n" in report
    assert "[TITLE] 青山镇人民政府关于2025年度法治政府建设情况的报告" in report


def test_each_marked_passage_stops_the_build_saying_what_to_do(tmp_path: Path) -> None:
    new = _carried(tmp_path)
    with pytest.raises(FactsError) as caught:
        load_facts(new)
    marked = [p for p in caught.value.problems if "沿用自上一年度" in p.message]
    assert [p.path for p in marked] == [
        "导语[1]",
        "主要举措[1].内容",
        "主要举措[1].要点[1]",
        "主要举措[1].要点[2]",
        "计划导语",
        "计划[1].标题",
        "其他",
    ]
    assert marked[0].render().replace(str(new), "F") == (
        f"F:{marked[0].line}:5  导语[1]  “{PENDING}”：这段文字沿用自上一年度的文件，其中的年份和情况还没有更新\n"
        f"    提示：请改写为本年度的情况，再删去“{PENDING}”；若只想先出草稿，可加 --draft。"
    )


def test_init_from_drops_the_header_a_tool_wrote_about_last_year_s_file(tmp_path: Path) -> None:
    new = _carried(tmp_path)
    text = new.read_text(encoding="utf-8")
    assert "fazhi-report import" not in text and "推断或暂填" not in text
    assert text.startswith("# 由 2024.yaml 顺延生成：请逐项更新为 2025 年的实际情况")
    again = create_facts_file(tmp_path / "2026.yaml", from_last=new, force=True).path
    assert again.read_text(encoding="utf-8").count("顺延生成") == 1  # not last year's header too


def test_init_from_keeps_a_clerk_s_own_comments_and_a_flow_mapping_valid(tmp_path: Path) -> None:
    text = (
        PROSE.split("# 请逐项")[0]
        .replace("# 由 fazhi-report import", "# 青山镇的文件，由")
        .replace(
            "章节标题:\n  计划: 2025年法治建设工作计划\n  举措: 2024年主要举措和成效\n",
            "章节标题: {计划: 2025年法治建设工作计划}\n",
        )
        + PROSE[PROSE.index("单位:") :].split("章节标题:")[0]
        + "章节标题: {计划: 2025年工作计划}\n"
    )
    new = _carried(tmp_path, text.replace("\n", "\r\n"))
    assert "# 青山镇的文件，由" in new.read_text(encoding="utf-8")
    assert read_source(new).data["章节标题"] == {"计划": "{下一年度}年工作计划"}


# --- the standalone bundle's own folder -----------------------------------------------------------


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A standalone bundle as PyInstaller marks it: ``sys.frozen``, the program in its folder."""
    folder = tmp_path / "fazhi-report"
    (folder / "_internal").mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "fazhi-report.exe"))
    monkeypatch.setattr(sys, "_MEIPASS", str(folder / "_internal"), raising=False)
    return folder


def test_init_refuses_the_bundle_s_own_folder_and_says_why(
    bundle: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(bundle)
    code, out, err = invoke("init", "2025.yaml")
    assert (code, out) == (1, "")
    assert err == (
        f"错误：不在程序文件夹 {bundle} 中创建事实文件：升级时要删除这个文件夹，"
        "放在里面的事实文件和报告会一起被删掉\n"
        "  提示：请为事实文件和报告另建一个文件夹（如 文档\\法治报告），在那里打开命令行再运行；"
        "确要写在这里时加 --force。\n"
    )
    assert invoke("init", bundle / "examples" / "2025.yaml")[0] == 1  # inside it, at any depth
    assert list(bundle.rglob("*.yaml")) == []
    assert invoke("init", "2025.yaml", "--force")[0] == 0
    assert (bundle / "2025.yaml").is_file()


def test_init_writes_anywhere_else_when_run_from_the_bundle(
    bundle: Path, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "文档" / "法治报告"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    code, out, _ = invoke("init", "2025.yaml")
    assert code == 0 and (work / "2025.yaml").is_file()
    assert (
        out == "已创建 2025.yaml（2025 年度）；修改其中的内容后运行：fazhi-report build 2025.yaml\n"
    )


def test_init_with_no_file_writes_the_year_s_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(validate, "clock", lambda: dt.date(2026, 1, 15))
    code, out, _ = invoke("init")
    assert code == 0 and out.startswith("已创建 2025.yaml（2025 年度）")
    code, _, err = invoke("init", "2024.yaml", "--year", "2023")
    assert code == 0 and "警告：2024.yaml：文件名是 2024 年，而写入的年度是 2023" in err


def test_the_sample_s_comment_on_其他_says_what_the_gate_asks_for() -> None:
    """Not “（没有可删去）”: deleting 其他 makes the gate ask for “无其他需要报告的情况。”."""
    line = next(line for line in sample_text().splitlines() if line.startswith("其他:"))
    assert "删去" not in line.replace("不要删去", "")
    assert "无其他需要报告的情况。" in line
    from fazhi_report.mandate import ITEMS

    assert "无其他需要报告的情况。" in next(item.hint for item in ITEMS if "其他" in item.keys)
