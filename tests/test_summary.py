"""``fazhi-report summary``: many units' facts → one table, checked against the generator's manifest.

Totals are recomputed here from the manifest's own numbers (never from the summary's parsing),
rates from their parts, and every written format is opened the way a county office opens it.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi_report.check import audit
from fazhi_report.load import expand
from fazhi_report.summary.collect import collect
from fazhi_report.summary.compute import Summary, summarize
from fazhi_report.writers.summary import render_summary as render
from fazhi_report.writers.summary.tables import TOTAL_LABEL, main_sheet, unit_columns
from fazhi_report.writers.summary.xlsx import as_number

from .conftest import Invoke, example_files
from .libreoffice import calc_as_csv, soffice_or_skip
from .unitgen import RATES, Unit, write_units

FIXED = len(unit_columns())


def _summary(units: Sequence[Unit]) -> Summary:
    return summarize(collect([u.path for u in units]))


def _column(summary: Summary, key: str) -> list[str]:
    sheet = main_sheet(summary)
    index = sheet.header.index(key)
    return [row[index] for row in sheet.rows]


def _in_column(units: Sequence[Unit], key: str) -> list[tuple[Unit, int, str]]:
    """(unit, value, approx) of every figure the manifest puts in column ``key``."""
    return [(u, f.value, f.approx) for u in units for f in u.figures if f.standard == key]


def _expected_sum(units: Sequence[Unit], key: str) -> tuple[int, str] | None:
    found = _in_column(units, key)
    if not found:
        return None
    approx = {a for _, _, a in found} - {""}
    kind = "约" if "约" in approx else "以上" if approx else ""
    return sum(v for _, v, _ in found), kind


#: Generated counties of 1–12 units from any seed (each example writes its own folder).
GENERATED = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
COUNTIES = given(seed=st.integers(0, 10**6), count=st.integers(1, 12))


def _county(factory: pytest.TempPathFactory, seed: int, count: int) -> tuple[list[Unit], Summary]:
    units = write_units(factory.mktemp("units"), count, seed)
    return units, _summary(units)


SUMMED = ("调解矛盾纠纷", "调解成功", "热线诉求", "热线诉求办结", "执法人员", "持证执法人员")
SUMMED += ("法律咨询", "发放宣传资料", "普法宣传活动", "化解信访积案", "罚没金额")


@GENERATED
@COUNTIES
def test_totals_are_the_sums_of_the_parts(
    tmp_path_factory: pytest.TempPathFactory, seed: int, count: int
) -> None:
    units, summary = _county(tmp_path_factory, seed, count)
    for key in SUMMED:
        expected = _expected_sum(units, key)
        if expected is None:
            assert key not in [c.key for c in summary.columns]
            continue
        value, kind = expected
        total = _column(summary, key)[-1]
        found = _in_column(units, key)
        if len(found) == 1:  # a single unit's figure is the total as written
            assert total == next(f.text for u in units for f in u.figures if f.standard == key)
            continue
        assert total.startswith("约") == (kind == "约"), total
        assert total.endswith("以上") == (kind == "以上"), total
        number = total.removeprefix("约").removesuffix("以上")
        assert Decimal(number.rstrip("起件人次份万元")) == value, (key, total)


@GENERATED
@COUNTIES
def test_rates_are_recomputed_from_the_units_that_gave_both_parts(
    tmp_path_factory: pytest.TempPathFactory, seed: int, count: int
) -> None:
    units, summary = _county(tmp_path_factory, seed, count)
    for rate, (part, whole) in RATES.items():
        pairs = []
        for u in units:
            mine = {f.standard: f for f in u.figures}
            if part in mine and whole in mine:
                pairs.append((mine[part], mine[whole]))
        if rate not in [c.key for c in summary.columns]:
            continue
        total = _column(summary, rate)[-1]
        wholes = sum(w.value for _, w in pairs)
        if not pairs or wholes == 0:
            rates = [f.value for u in units for f in u.figures if f.standard == rate]
            assert (
                total in {f"{min(rates)}%～{max(rates)}%", f"{min(rates)}%"}
                if rates
                else total == ""
            )
            continue
        percent = (Decimal(sum(p.value for p, _ in pairs)) * 100 / wholes).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )
        shown = format(percent.normalize(), "f")
        approx = any(f.approx for pair in pairs for f in pair)
        assert total.startswith(("约" if approx else "") + shown + "%"), (total, shown)
        gave_rate_only = [u for u in units if any(f.standard == rate for f in u.figures)]
        if gave_rate_only:
            assert total.endswith(f"（{len(pairs)}个单位）")


def test_a_unit_missing_a_figure_is_left_out_of_the_rate(tmp_path: Path) -> None:
    head = "年度: 2024\n成文日期: 2025-02-20\n数据:\n"
    files = {
        "a.yaml": "单位: 甲镇人民政府\n" + head + "  调解矛盾纠纷: 200起\n  调解成功: 150起\n",
        "b.yaml": "单位: 乙镇人民政府\n" + head + "  调解矛盾纠纷: 100起\n  调解成功: 100起\n",
        "c.yaml": "单位: 丙镇人民政府\n" + head + "  调解矛盾纠纷: 700起\n",  # no 调解成功
        "d.yaml": "单位: 丁镇人民政府\n" + head + "  调解成功率: 10%\n",  # the rate alone
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    summary = summarize(collect(sorted(tmp_path.glob("*.yaml"))))
    # (150 + 100) / (200 + 100) = 83.3%, not an average of rates and not over 1000 cases.
    assert summary.totals["调解成功率"].text == "83.3%（2个单位）"
    assert (
        "丙镇人民政府、丁镇人民政府 未同时填报“调解成功”和“调解矛盾纠纷”，未计入"
        in summary.totals["调解成功率"].note
    )
    assert summary.totals["调解矛盾纠纷"].text == "1000起"
    assert summary.totals["调解成功"].text == "250起"


def test_every_figure_is_in_its_unit_row_exactly_as_written(tmp_path: Path) -> None:
    units = write_units(tmp_path, 20, seed=7)
    sheet = main_sheet(_summary(units))
    rows = {row[0]: row for row in sheet.rows}
    for unit in units:
        row = rows[unit.name]
        for figure in unit.figures:
            column = (
                figure.standard if figure.how in ("standard", "alias", "rate") else figure.written
            )
            assert row[sheet.header.index(column)] == figure.text, (unit.name, figure)


def test_a_near_miss_keeps_its_own_column_and_an_alias_joins_the_standard_one(
    tmp_path: Path,
) -> None:
    units = write_units(tmp_path, 30, seed=3)
    summary = _summary(units)
    keys = [c.key for c in summary.columns]
    near = {f.written for u in units for f in u.figures if f.how == "near"}
    aliases = {f.written for u in units for f in u.figures if f.how == "alias"}
    assert near and aliases
    assert near <= set(keys)
    assert not aliases & set(keys)
    standard = [k for k in keys if summary.columns[keys.index(k)].indicator is not None]
    assert keys[: len(standard)] == standard  # catalogue indicators first …
    from fazhi_report.catalogue import load

    assert standard == sorted(standard, key=load().order)  # … in catalogue order


def test_deadline_and_mandated_items(tmp_path: Path) -> None:
    units = write_units(tmp_path, 20, seed=11)
    sheet = main_sheet(_summary(units))
    rows = {row[0]: row for row in sheet.rows}
    for unit in units:
        row = rows[unit.name]
        assert row[5] == ("是" if unit.on_time else "否")
        assert row[6:11] == ["有" if present else "缺" for present in unit.items]
    total = sheet.rows[-1]
    assert total[0] == TOTAL_LABEL
    assert total[5] == f"{sum(u.on_time for u in units)}/{len(units)}"


def test_yoy_per_unit_and_total(tmp_path: Path) -> None:
    units = write_units(tmp_path, 25, seed=5)
    summary = summarize(collect(expand([tmp_path]).files))  # the 上年度 files are in the folder too
    with_previous = [u for u in units if u.previous is not None]
    assert with_previous
    assert [str(p) for p in sorted(summary.previous_only)] == sorted(
        str(u.previous_path) for u in with_previous
    )
    for index, row in enumerate(summary.rows):
        unit = next(u for u in units if u.name == row.name)
        changes = summary.unit_changes.get(index, {})
        if unit.previous is None:
            assert not changes
            continue
        before = {f.standard: f for f in unit.previous}
        for figure in unit.figures:
            old = before.get(figure.standard)
            if figure.how in ("standard", "alias") and old and not figure.approx and old.value:
                assert figure.standard is not None and figure.standard in changes


def test_a_broken_file_is_a_row_and_the_run_fails(invoke: Invoke, tmp_path: Path) -> None:
    units = write_units(tmp_path / "units", 5, seed=2)
    bad = tmp_path / "units" / "broken.yaml"
    bad.write_text("单位: 坏镇人民政府\n年度: 2024\n成文日期: 2025-02-30\n", encoding="utf-8")
    out = tmp_path / "汇总.csv"
    result = invoke("summary", str(tmp_path / "units"), "-o", str(out))
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr and "不是有效日期" in result.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 1 + len(units) + 1 + 1  # header, units, the broken file, 合计
    broken = next(r for r in rows if r[0] == "broken")
    assert broken[1] == "有误"


def test_unknown_format_and_missing_output(invoke: Invoke, tmp_path: Path) -> None:
    example = str(example_files()[0])
    result = invoke("summary", example, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1 and "不支持的汇总格式" in result.stderr
    from fazhi_report.cli.program import main

    with pytest.raises(SystemExit) as info:
        import sys

        sys.argv = ["fazhi-report", "summary", example]
        main()
    assert info.value.code == 2


# --- the examples plus generated units, in every format -----------------------------------------


@pytest.fixture(scope="module")
def county(
    invoke: Invoke, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Unit], Path]:
    root = tmp_path_factory.mktemp("county")
    for path in example_files():
        shutil.copy(path, root)
    units = write_units(root / "units", 24, seed=2024)
    out = root / "out"
    for fmt in ("xlsx", "csv", "html", "docx"):
        # The examples are of 2019, 2023 and 2024: their figures are added up only when asked.
        result = invoke("summary", root, "-o", out / f"汇总.{fmt}", "--years", "2019-2024")
        assert result.exit_code == 0, result.stderr
    return root, units, out


def _rows_expected(units: Sequence[Unit]) -> int:
    # Five examples, of which official-2023 is official-2024's 上年度, plus the generated units.
    return len(example_files()) - 1 + len(units)


def test_csv_has_a_bom_a_header_one_row_per_unit_and_the_total_last(
    county: tuple[Path, list[Unit], Path],
) -> None:
    _, units, out = county
    data = (out / "汇总.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # hongling-2024 has a 发文字号: the summary lists them (issue 19), after the 成文日期.
    assert rows[0][: FIXED + 1] == unit_columns(file_numbers=True)
    assert "发文字号" not in unit_columns()
    numbers = {r[0]: r[rows[0].index("发文字号")] for r in rows[1:-1]}
    assert numbers["红岭镇人民政府"] == "红政〔2025〕6号"
    assert numbers["青山镇人民政府"] == ""
    assert len(rows) == 1 + _rows_expected(units) + 1
    assert rows[-1][0] == TOTAL_LABEL
    assert {r[0] for r in rows[1:-1]} >= {u.name for u in units}


def test_xlsx_opens_with_openpyxl(county: tuple[Path, list[Unit], Path]) -> None:
    from openpyxl import load_workbook

    _, units, out = county
    book = load_workbook(out / "汇总.xlsx")
    assert book.sheetnames[:2] == ["汇总", "同比"] and "说明" in book.sheetnames
    sheet = book["汇总"]
    assert sheet.freeze_panes == "B2"
    assert sheet.max_row == 1 + _rows_expected(units) + 1
    header = [c.value for c in sheet[1]]
    column = header.index("调解矛盾纠纷") + 1
    numbers = [sheet.cell(r, column) for r in range(2, sheet.max_row)]
    assert any(isinstance(c.value, int) and '"' in c.number_format for c in numbers)


def _as_libreoffice_shows_it(workbook: Path, folder: Path) -> list[list[str]]:
    """The first sheet's cells as LibreOffice Calc shows them (its .csv export “as shown”)."""
    soffice = soffice_or_skip()
    return calc_as_csv(soffice, workbook, folder)


def test_xlsx_shows_in_libreoffice_exactly_what_the_facts_say(
    county: tuple[Path, list[Unit], Path], tmp_path: Path
) -> None:
    _, _, out = county
    seen = _as_libreoffice_shows_it(out / "汇总.xlsx", tmp_path)
    written = list(csv.reader(io.StringIO((out / "汇总.csv").read_bytes().decode("utf-8-sig"))))
    width = len(seen[0])
    assert [row[:width] for row in written] == seen


def test_html_has_every_table(county: tuple[Path, list[Unit], Path]) -> None:
    _, units, out = county
    page = (out / "汇总.html").read_text(encoding="utf-8")
    assert page.count("<table>") == page.count("</table>") >= 3
    for name in ("汇总", "同比", "指标", "说明"):
        assert f"<h2>{name}</h2>" in page
    assert all(u.name in page for u in units)
    assert "<script" not in page and "http" not in page


def test_docx_passes_the_layout_rules(county: tuple[Path, list[Unit], Path]) -> None:
    _, _, out = county
    results = {r.id: r for r in audit(out / "汇总.docx")}
    failed = {rid: r.found for rid, r in results.items() if not r.ok and rid != "mandated"}
    assert not failed


# --- numbers in the workbook print as written ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "code"),
    [
        ("2300余起", 2300, '0"余起"'),
        ("98%以上", 0.98, '0%"以上"'),
        ("97.5%", 0.975, "0.0%"),
        ("约50件", 50, '"约"0"件"'),
        ("1,234人次", 1234, '#,##0"人次"'),
        ("0件", 0, '0"件"'),
        ("12.50万元", 12.5, '0.00"万元"'),
    ],
)
def test_as_number(text: str, value: float, code: str) -> None:
    assert as_number(text) == (value, code)


@pytest.mark.parametrize("text", ["92%～100%", "2025年2月20日", '3"件', "5‰", "", "同比"])
def test_as_number_leaves_text_that_would_not_print_back(text: str) -> None:
    assert as_number(text) is None


def test_render_is_deterministic_for_text_formats(tmp_path: Path) -> None:
    units = write_units(tmp_path, 6, seed=9)
    one, two = _summary(units), _summary(units)
    for fmt in ("csv", "html"):
        assert render(one, fmt) == render(two, fmt)


@pytest.mark.parametrize("args", [["--help"], ["summary", "--help"], ["indicators"]])
def test_commands_that_write_no_workbook_do_not_import_openpyxl(args: list[str]) -> None:
    import json
    import sys

    code = (
        "import json, sys\nfrom fazhi_report.cli.program import main\n"
        f"sys.argv = ['fazhi-report', *{json.dumps(args)}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('@@' + json.dumps(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    modules = set(json.loads(done.stdout.rpartition("@@")[2]))
    assert not modules & {"openpyxl", "docx", "lxml"}, done.stderr


# --- what the 合计 adds up, and what the workbook stores (issue 22) -------------------------------


def _units(folder: Path, figures: Sequence[tuple[str, int, str]], name: str = "法律咨询") -> Path:
    """One facts file per (unit, 年度, figure) in ``folder``."""
    folder.mkdir(exist_ok=True)
    for unit, year, figure in figures:
        (folder / f"{unit}.yaml").write_text(
            f"单位: {unit}人民政府\n年度: {year}\n成文日期: {year + 1}-02-20\n"
            f"数据:\n  {name}: {figure}\n",
            encoding="utf-8",
        )
    return folder


def test_the_workbook_stores_each_figure_s_full_value_so_excel_adds_up_the_truth(
    invoke: Invoke, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    folder = _units(
        tmp_path / "units",
        [("甲镇", 2024, "1.2万余人次"), ("乙镇", 2024, "8000人次"), ("丙镇", 2024, "两千余人次")],
    )
    code, _, err = invoke("summary", folder, "-o", tmp_path / "汇总.xlsx")
    assert code == 0, err
    sheet = load_workbook(tmp_path / "汇总.xlsx")["汇总"]
    column = [c.value for c in sheet[1]].index("法律咨询") + 1
    cells = {sheet.cell(r, 1).value: sheet.cell(r, column) for r in range(2, sheet.max_row + 1)}
    units = [cells[f"{u}镇人民政府"] for u in "甲乙丙"]
    assert [c.value for c in units] == [12000, 8000, 2000]
    # What Excel's SUM over the column gives is the true total, and the 合计 row holds it.
    assert sum(c.value for c in units) == 22000 == cells["合计"].value
    assert [c.number_format for c in units] == ['0"."0,"万余人次"', '0"人次"', '"两千余人次"']
    assert cells["合计"].number_format == '0"人次以上"'
    assert units[0].comment.text == "单元格中的数值是 12000；原文“1.2万余人次”实际多于此数。"
    assert units[1].comment is None


def test_the_workbook_shows_in_libreoffice_what_the_clerks_wrote(
    invoke: Invoke, tmp_path: Path
) -> None:
    written = ["1.2万余人次", "8000人次", "两千余人次", "逾20万人次", "1.2345万人次", "约3.5万人次"]
    folder = _units(
        tmp_path / "units",
        [(f"{n}镇", 2024, f) for n, f in zip("甲乙丙丁戊己", written, strict=True)],
    )
    assert invoke("summary", folder, "-o", tmp_path / "汇总.xlsx")[0] == 0
    rows = _as_libreoffice_shows_it(tmp_path / "汇总.xlsx", tmp_path)
    column = rows[0].index("法律咨询")
    seen = {row[0]: row[column] for row in rows[1:-1]}
    assert seen == {f"{n}镇人民政府": f for n, f in zip("甲乙丙丁戊己", written, strict=True)}


def test_figures_in_different_units_are_not_added_and_the_screen_says_why(
    invoke: Invoke, tmp_path: Path
) -> None:
    """The issue's 45场 + 30次 + 45场: not 120场, unless asked for."""
    folder = _units(
        tmp_path / "units",
        [("甲镇", 2024, "45场"), ("乙镇", 2024, "30次"), ("丙镇", 2024, "45场")],
        "普法宣传活动",
    )
    code, out, err = invoke("summary", folder, "-o", tmp_path / "汇总.csv")
    assert code == 0
    assert out == f"已写入 {tmp_path / '汇总.csv'}（3 个单位）\n"
    assert err == (
        "注意：“普法宣传活动”：各单位所写的单位不一（场、次），未合计；"
        "加 --merge-units 可把同类单位（如“场”与“次”、“件”与“起”）相加\n"
    )
    total = list(csv.reader(io.StringIO((tmp_path / "汇总.csv").read_text(encoding="utf-8-sig"))))[
        -1
    ]
    assert total[0] == TOTAL_LABEL and total[FIXED] == ""
    code, _, err = invoke("summary", folder, "-o", tmp_path / "并.csv", "--merge-units")
    assert code == 0 and err == ""
    rows = list(csv.reader(io.StringIO((tmp_path / "并.csv").read_text(encoding="utf-8-sig"))))
    assert rows[-1][FIXED] == "120场"


def test_files_of_several_years_are_refused_unless_years_says_which(
    invoke: Invoke, tmp_path: Path
) -> None:
    folder = _units(
        tmp_path / "units",
        [("甲镇", 2024, "10人次"), ("乙镇", 2024, "20人次"), ("丙镇", 2023, "30人次")],
    )
    out = tmp_path / "汇总.csv"
    code, _, err = invoke("summary", folder, "-o", out)
    assert code == 1 and not out.exists()
    assert err == (
        f"错误：汇总的事实文件不是同一年度的：2024年度 2 个，2023年度 1 个（不是 2024 年度的："
        f"{folder / '丙镇.yaml'}）；不同年度的数字不能加在一起\n"
        "  提示：请只汇总同一年度的文件；或加 --years 2024 只汇总 2024 年度的文件（其余的列出、不计入），"
        "确要把几个年度的数字加在一起时写 --years 2023,2024。\n"
    )
    code, stdout, err = invoke("summary", folder, "-o", out, "--years", "2024")
    assert code == 0 and "（2 个单位）" in stdout
    assert err == f"注意：按 --years 未汇总 1 个文件：{folder / '丙镇.yaml'}（2023年度）\n"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[-1][FIXED] == "30人次" and rows[-1][3] == "2024"
    err = invoke("summary", folder, "-o", out, "--years", "2023-2024")[2]
    assert err == "注意：合计把 2023、2024 这几个年度的数字加在了一起（--years）\n"
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[-1][FIXED] == "60人次" and rows[-1][3] == "2023—2024"
