"""Every built-in template gives a well-formed report for any facts, not only the examples'.

Hypothesis draws facts files with any subset of the report's sections and builds each with each
built-in template: no heading stands empty, none holds only the closing paragraphs (the shezhu
plan heading once did), a plan heading appears only with plans, and ``check``'s layout rules
(everything but the content rule, which a facts file without some section rightly fails) pass.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi_report.build import prepare, render_format
from fazhi_report.check import audit
from fazhi_report.templating import list_builtin
from fazhi_report.tree import Block, Document, Heading

from .support import MINIMAL

pytestmark = [pytest.mark.slow]

TEMPLATES = [t.name for t in list_builtin()]
CLOSING = "总之，这是结语第{}段。"

_counter = st.integers(min_value=1, max_value=3)


def _texts(label: str) -> st.SearchStrategy[list[str]]:
    return _counter.map(lambda n: [f"{label}第{i}段内容。" for i in range(1, n + 1)])


def _item(label: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={"标题": st.just(f"{label}标题"), "内容": _texts(label), "要点": _texts(label)},
    ).filter(bool)


_section = st.fixed_dictionaries(
    {"标题": st.just("小节标题")},
    optional={
        "导语": _texts("小节导语"),
        "条目": st.lists(_item("条目"), min_size=1, max_size=2),
        "要点": _texts("小节要点"),
        "内容": _texts("小节正文"),
    },
).filter(lambda s: len(s) > 1)  # a section without anything under its title is not a section
_duties = st.fixed_dictionaries(
    {},
    optional={
        "导语": _texts("履职导语"),
        "要点": _texts("履职要点"),
        "条目": st.lists(_item("履职"), min_size=1, max_size=2),
    },
).filter(bool)
_issue = st.fixed_dictionaries(
    {"标题": st.just("问题标题")}, optional={"表现": _texts("表现"), "原因": _texts("原因")}
)
_plan = st.fixed_dictionaries(
    {}, optional={"标题": st.just("计划标题"), "内容": _texts("计划"), "举措": _texts("举措")}
).filter(bool)
_event = st.fixed_dictionaries({"名称": st.just("宪法宣传周")}, optional={"内容": _texts("活动")})

FACTS = st.fixed_dictionaries(
    {},
    optional={
        "主送": st.just("临川县人民政府"),
        "导语": _texts("导语"),
        "主要举措": st.lists(_section, min_size=1, max_size=2),
        "活动": st.lists(_event, min_size=1, max_size=2),
        "问题导语": _texts("问题导语"),
        "问题": st.lists(_issue, min_size=1, max_size=2),
        "第一责任人": _duties,
        "计划导语": _texts("计划导语"),
        "计划": st.lists(_plan, min_size=1, max_size=2),
        "其他": _texts("其他"),
        "结语": _counter.map(lambda n: [CLOSING.format(i) for i in range(1, n + 1)]),
        "附件": st.just([{"名称": "附件名称", "内容": ["附件正文。"]}]),
    },
)


def _under(blocks: list[Block], index: int) -> list[Block]:
    """The blocks under the heading at ``index``: up to the next heading of its level or higher."""
    heading = blocks[index]
    assert isinstance(heading, Heading)
    out = []
    for block in blocks[index + 1 :]:
        if isinstance(block, Heading) and block.level <= heading.level:
            break
        out.append(block)
    return out


def malformed(document: Document, closing: set[str]) -> list[str]:
    """What is wrong with the body's headings (empty list: well-formed)."""
    problems = []
    for i, block in enumerate(document.body):
        if not isinstance(block, Heading):
            continue
        under = _under(document.body, i)
        text = [b for b in under if not isinstance(b, Heading)]
        if not under:
            problems.append(f"heading without content: {block}")
        elif text and all(getattr(b, "text", "") in closing for b in text):
            problems.append(f"only the closing paragraph under: {block}")
    return problems


def _build(facts: dict[str, Any], template: str, folder: Path) -> tuple[Document, Path]:
    path = folder / f"{template}.yaml"
    text = yaml.safe_dump(facts, allow_unicode=True) if facts else ""
    path.write_text(MINIMAL + text, encoding="utf-8")
    prepared = prepare(path, template)
    out = folder / f"{template}.docx"
    out.write_bytes(render_format(prepared, "docx"))
    return prepared.document, out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts=FACTS)
def test_every_builtin_template_is_well_formed_for_any_facts(facts: dict[str, Any]) -> None:
    closing = set(facts.get("结语", []))
    plans = bool(facts.get("计划") or facts.get("计划导语"))
    with tempfile.TemporaryDirectory() as tmp:
        for template in TEMPLATES:
            document, out = _build(facts, template, Path(tmp))
            assert malformed(document, closing) == [], (template, str(document))
            plan_headings = [h for h in document.headings() if h.text.endswith("计划")]
            assert plans or not plan_headings, (template, plan_headings)
            if any(not isinstance(b, Heading) for b in document.body):  # else nothing to measure
                failed = [r for r in audit(out) if not r.ok and r.id != "mandated"]
                assert failed == [], (template, failed, str(document))


def test_shezhu_closing_without_plans_has_no_plan_heading(tmp_path: Path) -> None:
    """The regression the property test found first: 结语 but no 计划 under the shezhu template
    gave “七、2024年法治建设工作计划” with only the closing paragraph under it."""
    facts = {
        "主要举措": [{"标题": "以齐抓共建为重点，机制渐趋完善", "条目": [{"内容": ["做法。"]}]}],
        "结语": [CLOSING.format(1)],
    }
    document, _ = _build(facts, "shezhu", tmp_path)
    assert not [h for h in document.headings() if "计划" in h.text], str(document)
    assert malformed(document, {CLOSING.format(1)}) == []
    assert str(document.body[-1]) == f"[P] {CLOSING.format(1)}"
