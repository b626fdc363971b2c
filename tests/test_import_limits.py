"""``import`` of long inputs: a report the facts file cannot hold is refused in Chinese with the
limit and how to split the report — never “程序的问题” — and the pieces that made import
quadratic stay linear: the outline comparison, the YAML scalars decided without PyYAML's analysis,
quantities read as quantity.py reads them. The timings themselves are in benchmarks/run.py."""

from __future__ import annotations

import difflib
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi_report.importer import import_report
from fazhi_report.importer.align import DIRECT, matches, ratio
from fazhi_report.importer.emit import _PLAIN, scalar
from fazhi_report.importer.limits import count_values
from fazhi_report.importer.quantities import find
from fazhi_report.load.builder import Builder
from fazhi_report.load.source import Lines

from .conftest import Invoke

HINT = (
    "  提示：一份年度报告通常只有几十到几百段、几十 KB。请确认选择的是报告本身；"
    "如确是一份报告，请在 Word 中把它拆成几个文件（如正文一个、篇幅长的附件或附表各一个），分别导入。"
)


def test_a_text_over_the_facts_file_size_is_refused_before_the_work(
    tmp_path: Path, invoke: Invoke
) -> None:
    source = tmp_path / "长.txt"
    source.write_text("推进法治政府建设。\n" * 20_000, encoding="utf-8")  # 27 bytes a line
    ran = invoke("import", source)
    assert ran.exit_code == 1
    assert ran.stderr.splitlines() == [
        f"错误：{source}：报告过长，无法导入：原文的文字约 540,000 字节，"
        "超过事实文件的上限 524,288 字节（512 KB）",
        HINT,
    ]
    assert not source.with_suffix(".yaml").exists()


def test_a_report_whose_facts_would_pass_the_value_limit_is_refused(
    tmp_path: Path, invoke: Invoke
) -> None:
    """2,600 short lines with four figures each: 140 KB of text, but more values than a facts
    file may hold once every figure is a 数据 entry (the issue's “程序的问题”)."""
    source = tmp_path / "多.txt"
    lines = ["一、主要举措和成效"] + [f"办{k}件，调{k}起，训{k}场，宣{k}次。" for k in range(2600)]
    source.write_text("\n".join(lines), encoding="utf-8")
    ran = invoke("import", source)
    assert ran.exit_code == 1
    assert ran.stderr.splitlines() == [
        f"错误：{source}：报告过长，无法导入：导入后的事实文件有 23,420 个值，"
        "超过事实文件的上限 20,000 个值",
        HINT,
    ]


def test_the_values_counted_are_the_loader_s(tmp_path: Path) -> None:
    source = tmp_path / "r.txt"
    source.write_text(
        "青山镇人民政府关于2024年度法治政府建设情况的报告\n一、主要举措和成效\n"
        "（一）加强组织领导\n全年召开专题会议4次，调解矛盾纠纷2300余起。\n",
        encoding="utf-8",
    )
    result = import_report(source, target=tmp_path / "r.yaml")
    builder = Builder("r.yaml", Lines(result.text))
    builder.run(result.text)
    assert count_values(result.data) == builder.nodes


def test_超_is_read_as_quantity_py_reads_it(tmp_path: Path) -> None:
    (spot,) = find("全年接待群众超500人次")
    assert (spot.quantity.text, spot.quantity.prefix, spot.before) == (
        "超500人次",
        "超",
        "全年接待群众",
    )
    source = tmp_path / "r.txt"
    source.write_text("一、主要举措和成效\n全年接待群众超500人次。\n", encoding="utf-8")
    data = import_report(source, target=tmp_path / "r.yaml").data
    assert list(data["数据"].values()) == ["超500人次"]


def test_outlines_compare_as_difflib_does_at_a_report_s_size() -> None:
    a = [("H", 1, f"标题{i % 7}") for i in range(150)]
    b = [("H", 2 if i % 5 else 1, f"标题{i % 7}") for i in range(140)]
    assert len(a) * len(b) <= DIRECT
    assert ratio(a, b) == difflib.SequenceMatcher(None, a, b, False).ratio()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=400),
    st.lists(st.integers(0, 40), max_size=400),
)
def test_long_outlines_never_count_more_than_they_share(a: list[int], b: list[int]) -> None:
    """Beyond difflib's size the count stays a count of shared items: at most the multiset
    bound, at least what difflib's own matching finds on the stretches it cut."""
    found = matches(a, b)
    common = sum(min(a.count(x), b.count(x)) for x in set(a))
    assert 0 <= found <= min(common, len(a), len(b))


def test_a_long_repetitive_outline_is_compared_in_linear_time() -> None:
    unit = [("H", 2, "加强组织领导")] + [("P", 0, "一是落实学法制度二是")] * 3
    a = [t for i in range(5000) for t in (("H", 3, f"第{i}项"), *unit)]
    b = [t if n % 5 else ("N", 0, t[2]) for n, t in enumerate(a)]
    assert 0.7 < ratio(a, b) < 1.0  # 20,000 tokens: difflib took minutes


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20))
def test_text_decided_plain_is_plain_for_pyyaml_too(text: str) -> None:
    if not _PLAIN.fullmatch(text) or text[-1].isspace():
        return
    assert scalar(text) == text
    assert yaml.safe_load(f"k: {text}\n") == {"k": text}
