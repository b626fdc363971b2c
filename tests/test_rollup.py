"""``汇总``: a county's report whose figures are its units' sums, and whose 附表 is the roll-up.

Expected figures are recomputed here from the unit generator's manifest (tests/unitgen.py) or from
the unit files' own numbers, never taken from the code under test.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from fazhi_report.build import prepare
from fazhi_report.errors import FactsError
from fazhi_report.facts import load
from fazhi_report.load import expand
from fazhi_report.summary.collect import collect
from fazhi_report.summary.compute import summarize
from fazhi_report.tree import Table, body_text
from fazhi_report.validate import load_facts

from .conftest import COUNTY_EXAMPLE, Invoke
from .unitgen import RATES, SPECS, Unit, write_units

COUNTY = "单位: 临川县人民政府\n年度: 2024\n成文日期: 2025-02-27\n汇总: units/\n"


def _county(folder: Path, prose: str, extra: str = "") -> Path:
    path = folder / "county.yaml"
    text = COUNTY + extra + f"主要举措:\n  - 标题: 数字\n    内容: {prose}\n"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(FactsError) as caught:
        load(path)
    return [p.render().replace(str(path.parent), "D") for p in caught.value.problems]


def _expected(units: list[Unit], key: str) -> str | None:
    """The 合计 of ``key`` as the manifest says it must read, or None if no unit gave it."""
    found = [f for u in units for f in u.figures if f.standard == key]
    if not found:
        return None
    if len(found) == 1:
        return found[0].text
    unit = next(s.unit for s in SPECS if s.name == key)
    approx = {f.approx for f in found} - {""}
    number = sum(f.value for f in found)
    if "约" in approx:
        return f"约{number}{unit}"
    return f"{number}{unit}以上" if approx else f"{number}{unit}"


def _expected_rate(units: list[Unit], rate: str) -> str | None:
    part, whole = RATES[rate]
    pairs = []
    for u in units:
        mine = {f.standard: f for f in u.figures}
        if part in mine and whole in mine:
            pairs.append((mine[part], mine[whole]))
    wholes = sum(w.value for _, w in pairs)
    if not pairs or wholes == 0:
        return None
    percent = (Decimal(sum(p.value for p, _ in pairs)) * 100 / wholes).quantize(
        Decimal("0.1"), ROUND_HALF_UP
    )
    approx = "约" if any(f.approx for pair in pairs for f in pair) else ""
    text = f"{approx}{format(percent.normalize(), 'f')}%"
    # Units that gave the rate or one part only are left out of it, and the total says so.
    left_out = [
        u
        for u in units
        if {rate, part, whole} & {f.standard for f in u.figures}
        and not {part, whole} <= {f.standard for f in u.figures}
    ]
    return text + (f"（{len(pairs)}个单位）" if left_out else "")


@pytest.mark.parametrize("seed", [3, 17, 2024])
def test_the_county_report_prints_the_sums_of_its_units(tmp_path: Path, seed: int) -> None:
    units = write_units(tmp_path / "units", 9, seed)
    expected = {s.name: _expected(units, s.name) for s in SPECS}
    expected |= {rate: _expected_rate(units, rate) for rate in RATES}
    named = {k: v for k, v in expected.items() if v is not None}
    assert len(named) >= 8
    county = _county(tmp_path, "；".join(f"{k}为{{{k}}}" for k in named) + "。")
    text = "\n".join(str(block) for block in prepare(county).document.body)
    printed = dict(re.findall(r"([^；，。\s]+?)为([^；。]+)[；。]", text))
    assert printed == named
    # The roll-up's own totals are the summary's (one adding-up), the 附表 shows the same cells.
    rollup = load(county).rollup
    assert rollup is not None
    summary = summarize(collect(expand([tmp_path / "units"]).files), derived_rates=True)
    assert {k: q.text for k, q in rollup.figures.items()} == {
        k: t.text for k, t in summary.totals.items() if k in rollup.figures
    }


def test_the_county_example_adds_up_its_three_units() -> None:
    units = expand([COUNTY_EXAMPLE.parent / "乡镇"]).files
    assert len(units) == 3
    data = [load_facts(u)[0].data for u in units]
    document = prepare(COUNTY_EXAMPLE).document
    text = body_text(document)
    # 2300余起 + 100起 + 560起: a lower bound, said so (never “2960起” as if exact).
    disputes = sum(d["调解矛盾纠纷"].value for d in data)
    assert f"共调解矛盾纠纷{disputes}起以上" in text
    success = sum(d["调解成功"].value for d in data)
    assert f"调解成功{success}起，调解成功率约{success * 100 / disputes:.1f}%" in text
    hotline = sum(d["热线诉求"].value for d in data)
    done = sum(d["热线诉求办结"].value for d in data)
    assert f"受理热线诉求{hotline}件，办结{done}件，办结率{done * 100 / hotline:.1f}%" in text
    assert "行政复议案件46件" in text  # the county's own 数据, next to the sums
    # The 附表: the roll-up's figure tables; their 合计 rows hold the same figures.
    [attachment] = document.attachments
    assert attachment.name == "各单位2024年度法治政府建设主要数据汇总表"
    tables = [b for b in attachment.blocks if isinstance(b, Table)]
    totals = {
        head: cell
        for t in tables[:-1]
        for head, cell in zip(t.rows[0], t.rows[-1], strict=True)
        if t.rows[-1][0] == "合计"
    }
    assert totals["调解矛盾纠纷"] == f"{disputes}起以上"
    assert totals["热线诉求"] == f"{hotline}件"
    # The 报送情况 (dates, missing items) is the county office's, not the public report's.
    assert "报送情况" not in str(attachment.blocks)


def _one_figure(folder: Path, name: str, figures: dict[str, str]) -> None:
    """A unit's facts file in ``folder/units`` per town, each giving figure ``name``."""
    units = folder / "units"
    units.mkdir()
    for town, figure in figures.items():
        (units / f"{town}.yaml").write_text(
            f"单位: {town}人民政府\n年度: 2024\n成文日期: 2025-02-20\n数据:\n  {name}: {figure}\n",
            encoding="utf-8",
        )


def test_approximate_parts_make_an_approximate_total(tmp_path: Path) -> None:
    _one_figure(tmp_path, "调解矛盾纠纷", {"甲镇": "2300余起", "乙镇": "100起"})
    county = _county(tmp_path, "调解矛盾纠纷{调解矛盾纠纷}。")
    assert "调解矛盾纠纷2400起以上。" in body_text(prepare(county).document)


# --- what a county file may not do ---------------------------------------------------------------


def _units(tmp_path: Path) -> Path:
    write_units(tmp_path / "units", 4, seed=5)
    return tmp_path


def test_the_county_may_not_give_a_summed_indicator_again(tmp_path: Path) -> None:
    county = _county(
        _units(tmp_path), "共{调解矛盾纠纷}。", "数据:\n  调解纠纷: 3000起\n  行政复议案件: 4件\n"
    )
    total = load_facts(county)[0]  # valid on its own: the roll-up is what forbids it
    assert total.data["调解纠纷"].text == "3000起"
    rollup_total = summarize(collect(expand([tmp_path / "units"]).files)).totals["调解矛盾纠纷"]
    assert _problems(county) == [
        f"D/county.yaml:6:3  数据.调解纠纷  “调解纠纷”由汇总的各单位数据相加得出（合计 {rollup_total.text}），"
        "不能在本文件的“数据”中再写一次（3000起）\n"
        "    提示：正文用 {调解矛盾纠纷} 引用合计，请删去这一行；若这是县本级另外的数字，"
        "请换一个名称，如“县本级调解纠纷”。"
    ]


def test_a_figure_without_a_total_cannot_be_referred_to(tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    for name, rate, visits, talks in (
        ("甲镇", "95%", "30户次", "3场"),
        ("乙镇", "98%", "12次", "4次"),
    ):
        (units / f"{name}.yaml").write_text(
            f"单位: {name}人民政府\n年度: 2024\n成文日期: 2025-02-20\n"
            f"数据:\n  热线满意率: {rate}\n  走访群众: {visits}\n  法治讲座: {talks}\n",
            encoding="utf-8",
        )
    county = _county(tmp_path, "满意率{热线满意率}，走访{走访群众}，讲座{法治讲座}，{不存在的项}。")
    assert _problems(county) == [
        "D/county.yaml:7:9  主要举措[1].内容  引用了“数据”中没有的项 {热线满意率}\n"
        "    提示：“热线满意率”没有合计（该项在各单位之间不相加，汇总表中为最小～最大），不能引用；"
        "请在“数据”中填写本级的数字，或删去花括号。",
        "D/county.yaml:7:9  主要举措[1].内容  引用了“数据”中没有的项 {走访群众}\n"
        "    提示：“走访群众”没有合计（各单位所写的单位不一（次、户次），未合计），不能引用；"
        "请在“数据”中填写本级的数字，或删去花括号。",
        # 场 and 次 count one kind of thing, but only the summary adds them, and only when asked.
        "D/county.yaml:7:9  主要举措[1].内容  引用了“数据”中没有的项 {法治讲座}\n"
        "    提示：“法治讲座”没有合计（各单位所写的单位不一（次、场），未合计），不能引用；"
        "请在“数据”中填写本级的数字，或删去花括号。",
        "D/county.yaml:7:9  主要举措[1].内容  引用了“数据”中没有的项 {不存在的项}\n"
        "    提示：请在“数据”中添加这一项，或删去花括号。",
    ]


def test_units_that_fail_or_do_not_fit_fail_the_county(tmp_path: Path) -> None:
    units = tmp_path / "units"
    units.mkdir()
    (units / "a.yaml").write_text(
        "单位: 甲镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n数据:\n  调解矛盾纠纷: 12起\n",
        encoding="utf-8",
    )
    (units / "b.yaml").write_text("单位: 乙镇人民政府\n年度: 2024\n", encoding="utf-8")
    (units / "c.yaml").write_text(
        "单位: 丙镇人民政府\n年度: 2023\n成文日期: 2024-02-20\n", encoding="utf-8"
    )
    (units / "d.yaml").write_text(
        "单位: 丁县人民政府\n年度: 2024\n成文日期: 2025-02-20\n汇总: ../units/\n",
        encoding="utf-8",
    )
    found = _problems(_county(tmp_path, "共{调解矛盾纠纷}。"))
    assert [p.split("\n")[0] for p in found] == [
        "D/county.yaml:4:5  汇总  汇总的单位文件 D/units/b.yaml 有误：",
        "D/county.yaml:4:5  汇总  汇总的单位文件 D/units/c.yaml 的年度是 2023，不是 2024",
        "D/county.yaml:4:5  汇总  汇总的单位文件 D/units/d.yaml 本身也是汇总报告（写有“汇总”），"
        "它的合计不在它的“数据”中",
    ]
    assert "缺少必填项“成文日期”" in found[0]  # the unit's own problem, shown in full


def test_a_missing_folder_and_an_empty_one(tmp_path: Path) -> None:
    county = _county(tmp_path, "无。")
    assert _problems(county) == [
        "D/county.yaml:4:5  汇总  汇总的“units/”不存在（在 D 中找不到）\n"
        "    提示：“汇总”写各单位事实文件所在的文件夹（或文件），相对于本文件所在的文件夹，如 乡镇/。"
    ]
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "ci.yml").write_text("on: push\n", encoding="utf-8")
    assert [p.split("\n")[0] for p in _problems(county)] == [
        "D/county.yaml:4:5  汇总  汇总的“units/”中没有单位的事实文件"
    ]


def test_validate_and_build_of_the_examples_folder_take_the_county_and_its_units(
    invoke: Invoke,
    tmp_path: Path,
) -> None:
    result = invoke("validate", str(COUNTY_EXAMPLE.parent))
    assert result.exit_code == 0, result.output
    assert "共 4 个文件：成功 4 个" in result.stdout


def test_a_county_file_among_its_units_is_not_counted_in(tmp_path: Path) -> None:
    units = write_units(tmp_path / "units", 5, seed=8)
    county = tmp_path / "units" / "county.yaml"
    county.write_text(COUNTY.replace("汇总: units/", "汇总: ./") + "其他: 无。\n", encoding="utf-8")
    rollup = load(county).rollup
    assert rollup is not None
    assert sorted(row.path.name for row in rollup.summary.rows) == sorted(
        u.path.name for u in units
    )


def test_a_name_of_the_units_own_in_one_unit_is_summed_and_referable(tmp_path: Path) -> None:
    _one_figure(tmp_path, "走访群众", {"甲镇": "30户次", "乙镇": "1.2万户次"})
    county = _county(tmp_path, "走访群众{走访群众}。")
    # 30 + 12000 户次, in the unit more units wrote (here the first file's: 乙镇 sorts first).
    assert "走访群众1.203万户次。" in str(prepare(county).document)
