"""The facts schema: the JSON Schema, and the keys the facts model allows at each place."""

from __future__ import annotations

import json
import subprocess
import sys

from fazhi_report.model import Item, Publication, ReportFacts, Section
from fazhi_report.schema import (
    all_keys,
    allowed_keys,
    inner_model,
    keys_in,
    model_at,
    publication_keys,
    schema_json,
    top_keys,
    written_key,
)


def test_model_at_follows_chinese_keys_english_names_and_list_indices() -> None:
    assert model_at(()) is ReportFacts
    assert model_at(("主要举措", 0)) is Section
    assert model_at(("measures", 2, "条目", 0, "子项", 1)) is Item
    assert model_at(("公开",)) is Publication


def test_model_at_is_none_for_free_form_mappings_and_unknown_paths() -> None:
    assert model_at(("数据",)) is None
    assert model_at(("章节标题",)) is None
    assert model_at(("主要举措", 0, "没有这个键")) is None
    assert model_at(("单位", "下一层")) is None  # text has no keys


def test_allowed_keys_are_the_chinese_keys_of_that_mapping() -> None:
    # In the order the portals print them (the web version's table follows it).
    assert allowed_keys(("公开",)) == [
        "索引号",
        "公开方式",
        "公开时限",
        "文件编号",
        "发布机构",
        "公开范围",
    ]
    assert {"标题", "导语", "条目", "内容", "要点"} <= set(allowed_keys(("主要举措", 0)))
    assert allowed_keys(("数据",)) == []


def test_inner_model_looks_through_lists_and_optionals_but_not_dicts() -> None:
    assert inner_model(list[Item]) is Item
    assert inner_model(Publication | None) is Publication
    assert inner_model(dict[str, Item]) is None
    assert inner_model(str) is None


def test_all_keys_reach_every_level() -> None:
    keys = all_keys()
    assert {"单位", "主要举措", "条目", "子项", "索引号", "原因", "名称"} <= keys
    assert "调解矛盾纠纷" not in keys  # 数据's keys are the clerk's own


def test_schema_json_has_the_chinese_keys_and_a_title() -> None:
    schema = json.loads(schema_json())
    assert schema["title"] == "法治政府建设年度报告事实文件"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"单位", "年度", "成文日期", "数据", "主要举措"} <= set(schema["properties"])


def test_importing_the_loader_and_the_schema_leaves_the_model_unimported() -> None:
    """The model (and pydantic) load only when a question is asked: start-up stays cheap."""
    code = (
        "import sys, fazhi_report.load, fazhi_report.schema\n"
        "print(sorted(m for m in sys.modules if m == 'pydantic' or m == 'fazhi_report.model'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


def test_the_key_lists_are_the_models() -> None:
    assert top_keys()[:5] == ("单位", "简称", "单位类型", "党委名称", "年度")
    assert set(top_keys()) == {f.alias for f in ReportFacts.model_fields.values()}
    assert publication_keys() == tuple(allowed_keys(("公开",)))


def test_written_key_is_the_chinese_or_the_english_key_the_clerk_wrote() -> None:
    assert written_key({"年度": "2024"}, "年度") == "年度"
    assert written_key({"year": "2024"}, "年度") == "year"
    assert written_key({}, "年度") is None
    assert written_key({"data": {}}, "数据", ("活动", 0)) == "data"
    assert written_key({"title": "x"}, "标题", ("主要举措", 0)) == "title"
    assert written_key({"x": 1}, "名称", ("数据",)) is None  # a free-form mapping has no fields


def test_every_top_level_fact_says_which_part_of_the_report_it_is() -> None:
    parts = ("公文要素", "设置", "数据", "正文")
    assert set(top_keys()) == set().union(*(keys_in(p) for p in parts))
    assert sum(len(keys_in(p)) for p in parts) == len(top_keys())  # each in exactly one
    assert keys_in("数据") == {"数据"}
    assert {"主要举措", "问题", "计划", "其他", "第一责任人"} <= keys_in("正文")
    assert json.loads(schema_json())["properties"]["单位"]["部分"] == "公文要素"
