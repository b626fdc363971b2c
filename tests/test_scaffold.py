"""``init``: the sample proposes the report due next; ``init --from`` carries no stale figure."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from fazhi_report.batch import build_file
from fazhi_report.build import prepare
from fazhi_report.errors import FactsError
from fazhi_report.load import read_source
from fazhi_report.model import PENDING
from fazhi_report.scaffold import SAMPLE_YEAR, create_facts_file, sample_text
from fazhi_report.validate import load_facts

from .conftest import EXAMPLES

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
    path = create_facts_file(tmp_path / "facts.yaml", today=today)
    text = path.read_text(encoding="utf-8")
    facts, _ = load_facts(path, today=today)
    assert facts.year == year
    assert facts.date == dt.date(year + 1, 2, 20)  # before the 3月1日 deadline
    # No stale year anywhere, prose and comments included (“2024年，青山镇…” moves on too).
    assert {int(y) for y in YEARS.findall(text)} <= {year - 1, year, year + 1}, text
    assert f"{year}年，青山镇" in text


def test_the_sample_is_written_for_the_year_init_moves_on() -> None:
    data = yaml.safe_load(sample_text())
    assert int(data["年度"]) == SAMPLE_YEAR
    assert {int(y) for y in YEARS.findall(sample_text())} == {
        SAMPLE_YEAR - 1,
        SAMPLE_YEAR,
        SAMPLE_YEAR + 1,
    }


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
    return create_facts_file(tmp_path / "2025.yaml", from_last=last)


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
    facts = create_facts_file(tmp_path / "2025.yaml", from_last=last)
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
    new = create_facts_file(tmp_path / "2025.yaml", from_last=tmp_path / "official-2024.yaml")
    last = read_source(tmp_path / "official-2024.yaml").data["数据"]
    with pytest.raises(FactsError) as caught:
        load_facts(new)
    hints = [p.hint or "" for p in caught.value.problems if p.path.startswith("数据.")]
    assert len(hints) == len(last)
    assert all(f"上年度为“{v}”" in h for v, h in zip(last.values(), hints, strict=True))
    assert prepare(new, draft=True).facts.year == 2025
