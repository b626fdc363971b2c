"""``validate`` runs every check ``build`` runs, except writing (issue 21): a file ``validate``
passes is one ``build`` builds, and a file ``build`` refuses ``validate`` refuses with the same
words — 上年度, 汇总, the template and its rendering included."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Invoke
from .support import MINIMAL

PREVIOUS_2022 = "单位: 青山镇人民政府\n年度: 2022\n成文日期: 2023-02-20\n"
PREVIOUS_BROKEN = "单位: 青山镇人民政府\n年度: 2023\n成文日期: 2024-02-30\n"

CASES = {
    "上年度 of another year": (MINIMAL + "上年度: prev.yaml\n", {"prev.yaml": PREVIOUS_2022}),
    "上年度 with a mistake": (MINIMAL + "上年度: prev.yaml\n", {"prev.yaml": PREVIOUS_BROKEN}),
    "a template with a syntax error": (
        MINIMAL + "模板: tpl\n",
        {"tpl/report.md.j2": "## 一节\n\n{% if %}\n"},
    ),
    "a template using an unknown variable": (
        MINIMAL + "模板: tpl\n",
        {"tpl/report.md.j2": "## 一节\n\n{{ 不存在的变量 }}\n"},
    ),
    "a template's description with a mistake": (
        MINIMAL + "模板: tpl\n",
        {
            "tpl/report.md.j2": "## 一节\n\n正文。\n",
            "tpl/template.yaml": "样式:\n  正文字体: 宋体\n",
        },
    ),
    "a good file": (
        MINIMAL + "上年度: prev.yaml\n",
        {"prev.yaml": PREVIOUS_2022.replace("2022", "2023").replace("2023-02-20", "2024-02-20")},
    ),
}


def _case(folder: Path, name: str) -> Path:
    facts, files = CASES[name]
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    path = folder / "f.yaml"
    path.write_text(facts, encoding="utf-8")
    return path


def _said(text: str) -> list[str]:
    """What a run says about the file, without the lines about files written."""
    return [line for line in text.splitlines() if not line.startswith(("已生成", "✓"))]


@pytest.mark.parametrize("name", list(CASES))
def test_validate_says_what_build_says(invoke: Invoke, tmp_path: Path, name: str) -> None:
    facts = _case(tmp_path, name)
    built = invoke("build", facts, "-o", tmp_path / "r.docx")
    checked = invoke("validate", facts)
    assert checked[0] == built[0]
    assert _said(checked[1] + checked[2]) == _said(built[1] + built[2])
    assert (tmp_path / "r.docx").exists() == (built[0] == 0)
    if name != "a good file":
        assert checked[0] == 1


def test_validate_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    facts = _case(tmp_path, "a good file")
    before = sorted(tmp_path.rglob("*"))
    code, _, err = invoke("validate", facts)
    assert code == 0, err
    assert sorted(tmp_path.rglob("*")) == before
