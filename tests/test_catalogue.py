"""The indicator catalogue: its data file keeps its own rules, names resolve one way everywhere,
the listing command, and the part/whole bounds (pinned against deliberate mutations)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi_report import catalogue, indicators
from fazhi_report.errors import FactsError
from fazhi_report.quantity import parse_quantity
from fazhi_report.validate import load_facts

from .conftest import Invoke

CAT = catalogue.load()
RAW = json.loads(catalogue.DATA_FILE.read_text(encoding="utf-8"))
HEAD = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"


# --- the data file ------------------------------------------------------------------------------


def test_at_least_sixty_indicators_in_every_area_named_in_the_issue() -> None:
    assert len(CAT.indicators) >= 60
    wanted = {"职能", "制度", "决策", "执法", "监督", "矛盾化解", "普法", "队伍", "数字法治"}
    assert wanted <= {i.area for i in CAT.indicators.values()}


def test_every_part_of_and_ratio_names_an_indicator() -> None:
    for ind in CAT.indicators.values():
        if ind.part_of is not None:
            assert ind.part_of in CAT.indicators, ind.name
        if ind.ratio is not None:
            part, whole = ind.ratio
            assert CAT.indicators[part].part_of == whole, ind.name


def test_aliases_are_unique_and_never_a_standard_name() -> None:
    seen = [a for ind in CAT.indicators.values() for a in ind.aliases]
    assert len(seen) == len(set(seen))
    assert not set(seen) & set(CAT.indicators)


def test_every_unit_is_known_and_rates_are_percentages_that_never_add_up() -> None:
    for ind in CAT.indicators.values():
        assert set(ind.units) <= set(CAT.units), ind.name
        if ind.is_rate:
            assert not ind.additive and {CAT.units[u].group for u in ind.units} == {"%"}


def _broken(change: Any) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


def _first(raw: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = raw["indicators"][1]
    return item


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda r: _first(r).update(part_of="没有这个指标"), "part_of names no indicator"),
        (lambda r: _first(r).update(aliases=["调解纠纷"]), "alias"),
        (lambda r: _first(r).update(aliases=[r["indicators"][0]["name"]]), "alias"),
        (lambda r: _first(r).update(units=["斤"]), "unknown or no units"),
        (lambda r: _first(r).update(kind="other"), "unknown kind"),
        (lambda r: _first(r).update(area="外交"), "unknown area"),
        (lambda r: _first(r).pop("additive"), "needs exactly the fields"),
        (lambda r: r["indicators"].append(dict(r["indicators"][0])), "named twice"),
        (lambda r: _first(r).update(ratio=["调解成功", "调解矛盾纠纷"]), "only a rate"),
    ],
)
def test_a_broken_catalogue_fails_loudly(change: Any, words: str) -> None:
    with pytest.raises(catalogue.CatalogueError, match=words):
        catalogue.parse(_broken(change))


def test_part_of_may_not_go_round_in_a_circle() -> None:
    def circle(raw: dict[str, Any]) -> None:
        by_name = {i["name"]: i for i in raw["indicators"]}
        by_name["调解矛盾纠纷"]["part_of"] = "调解成功"

    with pytest.raises(catalogue.CatalogueError, match="circle"):
        catalogue.parse(_broken(circle))


# --- names ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "how", "standard"),
    [
        ("调解矛盾纠纷", "standard", "调解矛盾纠纷"),
        ("调解纠纷", "alias", "调解矛盾纠纷"),
        ("矛盾纠纷调解", "alias", "调解矛盾纠纷"),
        ("化解积案", "alias", "化解信访积案"),
        ("调解矛盾纠分", "near", "调解矛盾纠纷"),  # one character off
        ("纠纷矛盾调解", "near", "调解矛盾纠纷"),  # the same characters in another order
        ("调解纠份", "near", "调解矛盾纠纷"),  # one off an alias: the standard name is suggested
        ("收集积案", "custom", None),
        ("纠纷", "custom", None),  # too short to be taken for a slip
    ],
)
def test_match_name(name: str, how: str, standard: str | None) -> None:
    match = catalogue.match_name(name)
    assert (match.how, match.standard) == (how, standard)


def test_an_alias_joins_the_standard_column_only_when_that_column_is_free() -> None:
    alone = catalogue.match_names(["调解纠纷", "调解成功"])
    assert [m.column for m in alone.values()] == ["调解矛盾纠纷", "调解成功"]
    both = catalogue.match_names(["调解纠纷", "调解矛盾纠纷"])
    assert both["调解纠纷"].how == "duplicate" and both["调解纠纷"].column == "调解纠纷"
    two_aliases = catalogue.match_names(["调解纠纷", "矛盾纠纷调解"])
    assert two_aliases["调解纠纷"].column == "调解矛盾纠纷"
    assert two_aliases["矛盾纠纷调解"].column == "矛盾纠纷调解"


@pytest.mark.slow
@given(st.text(min_size=1, max_size=8))
def test_a_near_miss_never_takes_a_column_of_the_catalogue(name: str) -> None:
    match = catalogue.match_names([name])[name]
    assert match.column == name or match.how in ("standard", "alias")
    if match.column in CAT.indicators:
        assert name == match.column or CAT.aliases.get(name) == match.column


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one substituted, inserted or deleted character."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _near_miss_by_scanning(name: str) -> str | None:
    """The rule as written, by scanning the whole catalogue (names, then aliases) in order."""
    if name in CAT.indicators or name in CAT.aliases or len(name) < catalogue.NEAR_MIN_LENGTH:
        return None
    for candidate, standard in [(n, n) for n in CAT.indicators] + list(CAT.aliases.items()):
        if len(candidate) < catalogue.NEAR_MIN_LENGTH or candidate in name or name in candidate:
            continue
        if _one_edit(name, candidate) or sorted(name) == sorted(candidate):
            return standard
    return None


_KNOWN = sorted([*CAT.indicators, *CAT.aliases])
_CHARS = [*sorted({c for name in _KNOWN for c in name}), "甲", "乙"]


@st.composite
def _slips(draw: st.DrawFn) -> str:
    """A catalogue name or alias with a few characters replaced, inserted, deleted or swapped."""
    name = list(draw(st.sampled_from(_KNOWN)))
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, len(name)))
        how = draw(st.sampled_from(["replace", "insert", "delete", "swap"]))
        char = draw(st.sampled_from(_CHARS))
        if how == "insert" or not name:
            name.insert(i, char)
        elif how == "delete":
            del name[min(i, len(name) - 1)]
        elif how == "replace":
            name[min(i, len(name) - 1)] = char
        else:
            j = draw(st.integers(0, len(name) - 1))
            k = min(i, len(name) - 1)
            name[j], name[k] = name[k], name[j]
    return "".join(name)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(_slips())
def test_the_near_miss_index_finds_what_scanning_the_catalogue_finds(name: str) -> None:
    assert catalogue.near_miss(name) == _near_miss_by_scanning(name)


def _warnings(tmp_path: Path, data: str) -> list[str]:
    facts = tmp_path / "f.yaml"
    facts.write_text(HEAD + "数据:\n" + data, encoding="utf-8")
    _, source = load_facts(facts)
    return [w.render().replace(str(facts), "F") for w in source.warnings]


def test_alias_warning_text(tmp_path: Path) -> None:
    assert _warnings(tmp_path, "  调解纠纷: 12起\n") == [
        "F:5:3  数据.调解纠纷  这是标准指标“调解矛盾纠纷”的别名；建议改用标准名称，以便县里汇总"
    ]


def test_reordered_name_warning_text(tmp_path: Path) -> None:
    assert _warnings(tmp_path, "  纠纷矛盾调解: 12起\n") == [
        "F:5:3  数据.纠纷矛盾调解  数据项“纠纷矛盾调解”与标准指标“调解矛盾纠纷”用字相同、顺序不同，"
        "是否为同一指标？（若是同一指标，请改为“调解矛盾纠纷”，以便核对单位和总数；若确是另一指标，可忽略此提醒。）"
    ]


def test_alias_written_beside_its_standard_name_warning_text(tmp_path: Path) -> None:
    assert _warnings(tmp_path, "  调解矛盾纠纷: 12起\n  调解纠纷: 12起\n") == [
        "F:6:3  数据.调解纠纷  “调解纠纷”是标准指标“调解矛盾纠纷”的别名，而本组数据中已有“调解矛盾纠纷”或它的另一个别名"
        "（同一指标只写一次；若确是另一项数据，请换一个名称。汇总时这一项单列一栏。）"
    ]


def test_a_custom_name_gets_no_hint(tmp_path: Path) -> None:
    assert _warnings(tmp_path, "  收集积案: 14起\n") == []


def test_an_alias_is_checked_as_its_indicator(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(HEAD + "数据:\n  信访积案: 5起\n  化解积案: 9起\n", encoding="utf-8")
    with pytest.raises(FactsError) as info:
        load_facts(facts)
    assert [p.render().replace(str(facts), "F") for p in info.value.problems] == [
        "F:6:9  数据.化解积案  “化解积案”（9起）大于“信访积案”（5起）：部分不能大于总数\n"
        "    提示：“化解积案”是“信访积案”的一部分；请核对这两个数字。"
    ]


# --- part and whole at their bounds (issue 12, item 9) -------------------------------------------


def _errors(data: dict[str, str]) -> list[str]:
    quantities = {k: parse_quantity(v) for k, v in data.items()}
    return [f.message for f in indicators.check(quantities) if f.error]


def test_a_part_equal_to_its_whole_is_no_error() -> None:
    """Pins ``low > high``: with ``>=`` 调解成功 100起 of 100起 would be refused."""
    assert _errors({"调解矛盾纠纷": "100起", "调解成功": "100起"}) == []
    assert _errors({"执法人员": "30人", "持证执法人员": "30人"}) == []


def test_yu_means_more_than_the_number_up_to_the_next_step() -> None:
    """Pins 2300余 as “below 2400”, not “at most 2300”."""
    assert _errors({"调解矛盾纠纷": "2300余起", "调解成功": "2350起"}) == []
    assert _errors({"调解矛盾纠纷": "20多起", "调解成功": "25起"}) == []
    assert _errors({"调解矛盾纠纷": "2300余起", "调解成功": "2401起"}) != []


@pytest.mark.parametrize("prefix", ["约", "近"])
def test_an_about_figure_proves_nothing(prefix: str) -> None:
    """Pins that 约/近 give no lower bound: 约120起 might be 99."""
    assert _errors({"调解矛盾纠纷": "100起", "调解成功": f"{prefix}120起"}) == []
    assert _errors({"调解矛盾纠纷": "100起", "调解成功": "120起"}) != []


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_exact_figures_conflict_exactly_when_the_part_is_larger(part: int, whole: int) -> None:
    errors = _errors({"受理": f"{whole}件", "办结": f"{part}件"})
    assert bool(errors) == (part > whole)


@given(st.integers(1, 999), st.integers(0, 4), st.integers(0, 10**7))
def test_yu_bound_is_the_next_step_of_the_last_digit(lead: int, zeros: int, part: int) -> None:
    """2300余 is below 2400, 20余 below 30, 25余 below 26."""
    whole = lead * 10**zeros
    text = str(whole)
    step = 10 ** (len(text) - len(text.rstrip("0")))
    errors = _errors({"受理": f"{whole}余件", "办结": f"{part}件"})
    assert bool(errors) == (Decimal(part) > whole + step)


# --- whatever the magnitude, and rates against their parts (issue 21) ----------------------------


def test_a_part_in_wan_is_compared_as_what_it_counts(tmp_path: Path) -> None:
    """2.4万起 is 24,000 起: it cannot be part of 2300余起 (3000起 already was refused)."""
    facts = tmp_path / "f.yaml"
    facts.write_text(
        HEAD + "数据:\n  调解矛盾纠纷: 2300余起\n  调解成功: 2.4万起\n", encoding="utf-8"
    )
    with pytest.raises(FactsError) as info:
        load_facts(facts)
    assert [p.render().replace(str(facts), "F") for p in info.value.problems] == [
        "F:6:9  数据.调解成功  “调解成功”（2.4万起）大于“调解矛盾纠纷”（2300余起）：部分不能大于总数\n"
        "    提示：“调解成功”是“调解矛盾纠纷”的一部分；请核对这两个数字。"
    ]
    assert info.value.warnings == []  # 万起 counts 起: no “unusual unit” warning either


@pytest.mark.parametrize(
    ("whole", "part", "refused"),
    [
        ("2.3万起", "23000起", False),
        ("2.3万起", "23001起", True),
        ("2万余起", "29999起", False),  # 2万余 is below 3万
        ("2万余起", "3.1万起", True),
        ("3千件", "2999件", False),
        ("3千件", "3.5千件", True),
        ("1.2万人次", "12001人次", True),
        ("两万余人次", "2.9万人次", False),
    ],
)
def test_part_and_whole_hold_whatever_the_magnitude(whole: str, part: str, refused: bool) -> None:
    assert bool(_errors({"调解矛盾纠纷": whole, "调解成功": part})) == refused


def _rate_warnings(data: dict[str, str]) -> list[str]:
    quantities = {k: parse_quantity(v) for k, v in data.items()}
    return [f.message for f in indicators.check(quantities) if not f.error and "不符" in f.message]


def test_a_rate_that_disagrees_with_its_parts_is_a_warning_naming_both(tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(
        HEAD + "数据:\n  调解矛盾纠纷: 2300余起\n  调解成功: 100起\n  调解成功率: 98%\n",
        encoding="utf-8",
    )
    _, source = load_facts(facts)
    assert [w.render().replace(str(facts), "F") for w in source.warnings] == [
        "F:7:10  数据.调解成功率  “调解成功率”（98%）与“调解成功”（100起）÷“调解矛盾纠纷”（2300余起）"
        "= 4.2%～4.3% 不符（“调解成功率”应等于“调解成功”除以“调解矛盾纠纷”（可四舍五入）；请核对这三个数字。）"
    ]


@pytest.mark.parametrize(
    ("parts", "rate", "warned"),
    [
        (("2300起", "2254起"), "98%", False),  # 98.0%
        (("2300起", "2254起"), "98.0%", False),
        (("2300起", "2254起"), "97%", True),
        (("2300起", "2266起"), "98.5%", False),  # 98.52%: rounds to 98.5
        (("2300起", "2266起"), "98%以上", False),
        (("2300起", "2254起"), "99%以上", True),
        (("2300起", "2254起"), "约97%", False),  # within a point of 98
        (("2300余起", "2254起"), "95%", False),  # 2254 of 2300–2400: 93.9–98.0%
        (("2.3万起", "2254起"), "98%", True),  # 2254 of 23,000: 9.8%
        (("2.3万起", "2.254万起"), "98%", False),
        (("2300起", "约2254起"), "50%", False),  # 约 proves no lower bound: nothing to compare
    ],
)
def test_a_rate_is_its_parts_ratio_within_its_rounding(
    parts: tuple[str, str], rate: str, warned: bool
) -> None:
    whole, part = parts
    found = _rate_warnings({"调解矛盾纠纷": whole, "调解成功": part, "调解成功率": rate})
    assert bool(found) == warned, found


@given(st.integers(1, 10**6), st.data())
def test_a_rate_rounded_from_its_parts_never_warns(whole: int, data: st.DataObject) -> None:
    part = data.draw(st.integers(0, whole))
    decimals = data.draw(st.integers(0, 2))
    rate = (Decimal(part) * 100 / whole).quantize(Decimal(1).scaleb(-decimals))
    figures = {"受理": f"{whole}件", "办结": f"{part}件", "办结率": f"{rate}%"}
    assert _rate_warnings(figures) == []
    wan = {**figures, "受理": f"{Decimal(whole) / 10000}万件"}  # the same whole, in 万
    assert _rate_warnings(wan) == []


# --- the command ----------------------------------------------------------------------------------


def test_indicators_command_lists_the_catalogue(invoke: Invoke) -> None:
    result = invoke("indicators")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(CAT.indicators) + 2  # header and rule
    row = next(line.split() for line in lines if line.startswith("调解成功率"))
    assert row == ["调解成功率", "矛盾化解", "比率", "%", "否", "调解成功÷调解矛盾纠纷"]


def test_indicators_json_has_every_field(invoke: Invoke) -> None:
    result = invoke("indicators", "--json")
    items = json.loads(result.stdout)
    assert len(items) == len(CAT.indicators)
    by_name = {i["name"]: i for i in items}
    assert by_name["化解信访积案"] == {
        "name": "化解信访积案",
        "aliases": ["化解积案"],
        "units": ["件", "起", "宗", "个", "例"],
        "kind": "count",
        "area": "矛盾化解",
        "part_of": "信访积案",
        "additive": True,
        "ratio": None,
    }
    assert by_name["执法人员持证率"]["ratio"] == ["持证执法人员", "执法人员"]


def test_indicators_of_one_area(invoke: Invoke) -> None:
    result = invoke("indicators", "--json", "--area", "执法")
    items = json.loads(result.stdout)
    assert items and {i["area"] for i in items} == {"执法"}
    assert [i["name"] for i in items] == [
        i.name for i in CAT.indicators.values() if i.area == "执法"
    ]


def test_an_unknown_area_is_a_usage_problem_in_chinese(invoke: Invoke) -> None:
    result = invoke("indicators", "--area", "外交")
    assert result.exit_code == 1
    assert "没有“外交”这个领域" in result.stderr and "执法" in result.stderr


def test_the_readme_counts_the_catalogue_right() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"（{len(CAT.indicators)} 项" in readme


@pytest.mark.parametrize(
    "name", ["八五普法宣传", "九五普法宣传", "“九五”普法宣传活动", "八五普法宣传活动", "普法宣传"]
)
def test_a_pufa_period_before_a_name_does_not_change_the_indicator(name: str) -> None:
    """八五 (2021—2025) and 九五 (from 2026): the plan in force for 年度 names the same figure."""
    assert catalogue.match_name(name).column == "普法宣传活动"


def test_the_pufa_period_follows_the_year() -> None:
    from fazhi_report.conventions import pufa_period, pufa_years, year_references

    assert [pufa_period(y) for y in (2020, 2021, 2025, 2026, 2030)] == [
        "七五",
        "八五",
        "八五",
        "九五",
        "九五",
    ]
    assert pufa_years(2026) == (2026, 2030) and pufa_years(2025) == (2021, 2025)
    assert year_references(2026) == {
        "年度": "2026",
        "下一年度": "2027",
        "普法规划": "“九五”普法规划",
    }
