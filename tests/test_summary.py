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
from typer.testing import CliRunner

from fazhi_report.check import audit
from fazhi_report.cli import app
from fazhi_report.load import expand
from fazhi_report.summary.collect import collect
from fazhi_report.summary.compute import Summary, summarize
from fazhi_report.writers.summary import render_summary as render
from fazhi_report.writers.summary.tables import TOTAL_LABEL, main_sheet, unit_columns
from fazhi_report.writers.summary.xlsx import as_number

from .conftest import example_files
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
    assert "丙镇人民政府、丁镇人民政府 未同时填报两项" in summary.totals["调解成功率"].note
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


def test_a_broken_file_is_a_row_and_the_run_fails(runner: CliRunner, tmp_path: Path) -> None:
    units = write_units(tmp_path / "units", 5, seed=2)
    bad = tmp_path / "units" / "broken.yaml"
    bad.write_text("单位: 坏镇人民政府\n年度: 2024\n成文日期: 2025-02-30\n", encoding="utf-8")
    out = tmp_path / "汇总.csv"
    result = runner.invoke(app, ["summary", str(tmp_path / "units"), "-o", str(out)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.stderr and "不是有效日期" in result.stderr
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 1 + len(units) + 1 + 1  # header, units, the broken file, 合计
    broken = next(r for r in rows if r[0] == "broken")
    assert broken[1] == "有误"


def test_unknown_format_and_missing_output(runner: CliRunner, tmp_path: Path) -> None:
    example = str(example_files()[0])
    result = runner.invoke(app, ["summary", example, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "不支持的汇总格式" in result.stderr
    from fazhi_report.cli import main

    with pytest.raises(SystemExit) as info:
        import sys

        sys.argv = ["fazhi-report", "summary", example]
        main()
    assert info.value.code == 2


# --- the examples plus generated units, in every format -----------------------------------------


@pytest.fixture(scope="module")
def county(
    runner: CliRunner, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[Unit], Path]:
    root = tmp_path_factory.mktemp("county")
    for path in example_files():
        shutil.copy(path, root)
    units = write_units(root / "units", 24, seed=2024)
    out = root / "out"
    for fmt in ("xlsx", "csv", "html", "docx"):
        result = runner.invoke(app, ["summary", str(root), "-o", str(out / f"汇总.{fmt}")])
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
    assert rows[0][:FIXED] == unit_columns()
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


def test_xlsx_shows_in_libreoffice_exactly_what_the_facts_say(
    county: tuple[Path, list[Unit], Path], tmp_path: Path
) -> None:
    soffice = soffice_or_skip()
    _, _, out = county
    seen = calc_as_csv(soffice, out / "汇总.xlsx", tmp_path)
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
        "import json, sys\nfrom fazhi_report.cli import main\n"
        f"sys.argv = ['fazhi-report', *{json.dumps(args)}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('@@' + json.dumps(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    modules = set(json.loads(done.stdout.rpartition("@@")[2]))
    assert not modules & {"openpyxl", "docx", "lxml"}, done.stderr
