"""Whatever a facts file holds, only the project's own errors come out, and they are located.

Random YAML structures (dumped by PyYAML, so they are valid YAML), random text made of the
characters that trouble YAML (full-width colons and spaces, tabs, brackets, anchors, control
characters…) and random bytes are fed to ``validate`` and ``build``. The property: the result is
facts (and, for ``build``, a report) or a :class:`FazhiError` subclass; a :class:`FactsError`
always has at least one problem and every problem has a line, because the input had lines.
"""

from __future__ import annotations

import codecs
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi_report import load
from fazhi_report.batch import build_file
from fazhi_report.errors import FactsError, FazhiError, InputFileError
from fazhi_report.schema import all_keys
from fazhi_report.validate import load_facts

from .conftest import EXAMPLES

pytestmark = [pytest.mark.slow]

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the repository; a failure prints its example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
HEAD = {"单位": "青山镇人民政府", "年度": "2024", "成文日期": "2025-02-20"}
HEAD_TEXT = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"
# What a terminal must never receive raw: the message spells these out as ⟨U+000B⟩.
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

TRICKY = [
    "",
    "~",
    "null",
    "on",
    "yes",
    "012",
    "5.20",
    "1_000",
    "2024-02-30",
    "2025-02-20",
    "2024",
    "-3次",
    "120%",
    "98%以上",
    "2300余起",
    "0件",
    "XX",
    "某某",
    "【待核实】",
    "TODO",
    "{调解矛盾纠纷}",
    "{不存在}",
    "单位：青山镇",
    "标题：加强领导",
    "\u3000",
    "a\tb",
    "\x0b",
    "\u2028",
    "\u200b",
    "!!python/object:os.system",
    "&a",
    "*a",
    "[",
    "{",
    "|",
    "- x",
    "a: b",
    "#",
    "调解成功率",
    "调解矛盾纠纷",
    "镇",
    "部门",
    "是",
    "否",
]
FRAGMENTS = [
    "单位",
    "年度",
    "成文日期",
    "数据",
    "主要举措",
    "标题",
    "内容",
    "条目",
    "调解成功",
    "青山镇",
    "2024",
    "2025-02-20",
    "12次",
    "-3次",
    "120%",
    ":",
    "：",
    ": ",
    " ",
    "  ",
    "\u3000",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!python/object ",
    "!foo ",
    "#",
    "'",
    '"',
    "\\",
    "|",
    ">",
    "---",
    "...",
    "? ",
    "%",
    "@",
    "`",
    "\x0b",
    "\x00",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ud7ff",
    "XX",
    "某某",
]

KEYS = sorted(all_keys())
scalars = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=12),
    st.from_regex(r"[逾约]?\d{1,5}(\.\d)?(余|多)?(次|件|起|人|%)(以上)?", fullmatch=True),
)
keys = st.one_of(
    st.sampled_from(KEYS), st.sampled_from(TRICKY[:30]), st.text(min_size=1, max_size=6)
)
values = st.recursive(
    st.none() | scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=12,
)
structures = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=6).map(lambda d: {**HEAD, **d}),
    st.dictionaries(keys, values, max_size=5).map(lambda d: {**HEAD, **d}),
    values,
)
#: Text hostile to the later stages: Jinja, Markdown, HTML, a backslash, numbering, brackets.
HOSTILE_PROSE = [
    "{{ 单位 }}",
    "{% if x %}",
    "# 标题",
    "1. 第一",
    "**粗体**",
    "| a | b |",
    "<b>x</b>",
    "\\",
    "（一）",
    "【注】",
]
# Mostly valid facts whose text is hostile to the later stages (Markdown, Jinja, brackets…).
prose = st.one_of(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=24,
    ),
    st.sampled_from([*HOSTILE_PROSE, "{调解矛盾纠纷}"]),
).filter(lambda t: t.strip() != "")
quantity = st.from_regex(r"[1-9]\d{0,4}(余|多)?(次|件|起|人|份)|[1-9]\d?(\.\d)?%", fullmatch=True)


def facts_shape(
    text: st.SearchStrategy[str], title: st.SearchStrategy[str], **more: st.SearchStrategy[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    """A facts file's structure: ``text`` for prose, ``title`` for titles, names and addressees,
    ``more`` for further optional keys."""
    paragraphs = st.lists(text, max_size=2)
    return st.fixed_dictionaries(
        {k: st.just(v) for k, v in HEAD.items()},
        optional={
            "导语": st.lists(text, max_size=3),
            "主要举措": st.lists(
                st.fixed_dictionaries(
                    {"标题": title},
                    optional={
                        "条目": st.lists(
                            st.fixed_dictionaries(
                                {"标题": title}, optional={"内容": paragraphs, "要点": paragraphs}
                            ),
                            max_size=2,
                        ),
                        "内容": paragraphs,
                    },
                ),
                max_size=3,
            ),
            "问题": st.lists(
                st.fixed_dictionaries({"标题": title}, optional={"表现": paragraphs}), max_size=2
            ),
            "计划": st.lists(
                st.fixed_dictionaries({"标题": title}, optional={"举措": paragraphs}), max_size=2
            ),
            "活动": st.lists(
                st.fixed_dictionaries(
                    {"名称": title}, optional={"日期": title, "内容": paragraphs}
                ),
                max_size=2,
            ),
            "第一责任人": st.fixed_dictionaries(
                {}, optional={"导语": paragraphs, "要点": paragraphs}
            ),
            "附件": st.lists(
                st.fixed_dictionaries({"名称": title}, optional={"内容": paragraphs}), max_size=2
            ),
            "其他": paragraphs,
            "主送": title,
            "抄送": st.lists(title, max_size=2),
            "附注": title,
            "加盖印章": st.sampled_from(["是", "否"]),
            "数据附表": st.sampled_from(["是", "否"]),
            "单位类型": st.sampled_from(["乡", "镇", "街道", "县", "区", "市", "部门"]),
            **more,
        },
    )


facts_like = facts_shape(
    prose,
    prose,
    数据=st.dictionaries(
        st.sampled_from(["调解矛盾纠纷", "调解成功", "法律咨询", "普法宣传活动", "受理", "办结"]),
        quantity,
        max_size=4,
    ),
)

# Facts valid by construction: what each field accepts, prose as hostile to the later stages as
# above but without what the rules refuse by design (the README's placeholders XX/某某/待补充/
# TODO…, a {引用} of a name 数据 lacks, characters XML cannot hold), 数据 whose parts never
# exceed their wholes and whose rates are percentages. These must validate and build.
PLACEHOLDER_WORDS = ("TODO", "TBD", "FIXME", "XX", "xxx", "ＸＸ", "ｘｘｘ", "××", "???", "？？？")
valid_prose = st.one_of(
    st.text(
        st.characters(
            codec="utf-8",
            exclude_categories=("Cs", "Cc", "Cn", "Zl", "Zp"),
            exclude_characters="{}某待",
        ),
        min_size=1,
        max_size=24,
    ),
    st.sampled_from([*HOSTILE_PROSE, "有待补充完善", "对待核实的线索逐一核查"]),
).filter(lambda t: t.strip() != "" and not any(w in t for w in PLACEHOLDER_WORDS))


@st.composite
def valid_data(draw: st.DrawFn) -> dict[str, str]:
    """数据 a validator must accept: counts in their catalogue units, parts within wholes."""
    whole = draw(st.integers(0, 99_999))
    part = draw(st.integers(0, whole))
    data = {
        "调解矛盾纠纷": f"{whole}{draw(st.sampled_from(['起', '件']))}",
        "调解成功": f"{part}起",
        "调解成功率": f"{draw(st.integers(0, 100))}%",
        "法律咨询": f"{draw(st.integers(0, 9_999))}人次",
        "普法宣传活动": f"{draw(st.integers(1, 99))}{draw(st.sampled_from(['', '余', '多']))}次",
    }
    names = draw(st.lists(st.sampled_from(list(data)), unique=True, max_size=len(data)))
    return {name: data[name] for name in names}


@st.composite
def valid_facts(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(valid_data())
    references = [f"{{{name}}}" for name in data]
    prose = (
        st.tuples(valid_prose, st.sampled_from(references), valid_prose).map("".join) | valid_prose
        if references
        else valid_prose
    )
    facts: dict[str, Any] = draw(facts_shape(prose, valid_prose))
    if data:
        facts["数据"] = data
    return facts


texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=40).map("".join),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=25).map(
        lambda parts: HEAD_TEXT + "".join(parts)
    ),
    st.text(max_size=200),
)
encodings = st.sampled_from(
    ["utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030", "big5", "latin-1", "utf-32"]
)
blobs = st.one_of(
    st.binary(max_size=400),
    st.tuples(encodings, st.binary(max_size=40)).map(
        lambda t: HEAD_TEXT.encode(t[0], "replace") + t[1]
    ),
    st.tuples(
        st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"PK\x03\x04", b"%PDF"]),
        st.binary(max_size=60),
    ).map(lambda t: t[0] + t[1]),
)


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fazhi-prop-") as name:
        yield Path(name)


def _check(raw: bytes, *, has_lines: bool) -> None:
    """Validate, then build if valid: only FazhiError may escape, and FactsError is located."""
    with _folder() as folder:
        path = folder / "facts.yaml"
        path.write_bytes(raw)
        out = folder / "out" / "r.docx"
        for command in ("validate", "build"):
            try:
                if command == "validate":
                    load_facts(path)
                else:
                    build_file(path, out=out)
                    assert out.is_file()
            except FactsError as exc:
                assert exc.problems, "a FactsError must list its problems"
                if has_lines:
                    unlocated = [p.render() for p in exc.problems if p.line is None]
                    assert not unlocated, unlocated
                _assert_printable(exc.render())
                break  # the build stops at the same problems
            except InputFileError as exc:
                assert not has_lines or exc.line is not None or "过大" in exc.render(), exc.render()
                _assert_printable(exc.render())
                break
            except FazhiError as exc:
                _assert_printable(str(exc))
                break
        leftovers = [p.name for p in folder.rglob("*") if p.name.startswith(".~")]
        assert not leftovers, leftovers


def _assert_printable(message: str) -> None:
    assert message.strip()
    assert not RAW_CONTROL.search(message), repr(message)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


@settings(SETTINGS, max_examples=150)
@given(structures)
def test_random_yaml_structures(data: Any) -> None:
    _check(_dump(data).encode("utf-8"), has_lines=True)


def _has_lines(raw: bytes) -> bool:
    """Text, as the loader defines it: UTF-8 with at most 5 % NUL bytes (BOMs aside)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom) and not raw.startswith(codecs.BOM_UTF32_LE):
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                return False
            return True
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return raw.count(0) * 20 <= len(raw)


@settings(SETTINGS, max_examples=100)
@given(facts_like)
def test_random_valid_looking_facts_build_or_fail_cleanly(data: Any) -> None:
    _check(_dump(data).encode("utf-8"), has_lines=True)


@settings(SETTINGS, max_examples=100)
@given(valid_facts())
def test_facts_valid_by_construction_validate_and_build(data: dict[str, Any]) -> None:
    """Only a wrong rejection fails here: the input is valid, so any error is the validator's."""
    with _folder() as folder:
        path = folder / "facts.yaml"
        path.write_text(_dump(data), encoding="utf-8")
        out = folder / "out" / "r.docx"
        facts, _ = load_facts(path)
        assert facts.unit == HEAD["单位"]
        build_file(path, out=out)
        assert out.is_file()


@SETTINGS
@given(texts)
def test_random_text(text: str) -> None:
    raw = text.encode("utf-8")
    _check(raw, has_lines=_has_lines(raw))


@SETTINGS
@given(blobs)
def test_random_bytes(raw: bytes) -> None:
    _check(raw, has_lines=_has_lines(raw))


# --------------------------------------------------------------------------------------------
# libyaml and the pure-Python parser read the texts the loader gives libyaml alike
# --------------------------------------------------------------------------------------------

#: Pieces that make YAML parsers disagree if anything does: indicators, flow brackets, quotes,
#: anchors, document markers, CR line ends, full-width and non-breaking spaces, CJK text.
YAML_PIECES = [
    *" \n\r:-#'\"[]{},|>&*?%@`.\\ab1中：，\u3000\xa0",
    *["---", "...", "- ", ": ", "  ", "\n  ", "a: ", "&x ", "*x", "\n- ", "k: |\n  ", '"\\u4e2d"'],
    *["\t", "!", "!!str ", "|#", ">#", "|-", "|+", ">2", "\ufeff", "\u200b", "𠀀", "😀", "é"],
]


def _events(text: str, loader: type[yaml.SafeLoader]) -> list[tuple[Any, ...]] | None:
    try:
        return [
            (
                type(e).__name__,
                *(getattr(e, a, None) for a in ("value", "tag", "implicit", "anchor")),
                getattr(e, "style", None) or None,  # plain: None from PyYAML, "" from libyaml
                (e.start_mark.index, e.start_mark.line, e.start_mark.column),
                (e.end_mark.index, e.end_mark.line, e.end_mark.column),
            )
            for e in yaml.parse(text, Loader=loader)
        ]
    except yaml.YAMLError:
        return None


@settings(SETTINGS, max_examples=3000)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_libyaml_reads_what_it_is_given_as_pyyaml_does(text: str) -> None:
    """Where libyaml accepts a text the loader lets it read, PyYAML gives the same events.

    (Where libyaml refuses one, the loader reads it again with PyYAML, so that side is free.)
    """
    text += "\n"
    if not load.fast_loader_fits(text):
        return
    fast = _events(text, load.FAST_LOADER)
    if fast is not None:
        assert _events(text, yaml.SafeLoader) == fast


def test_the_loader_reads_the_examples_with_libyaml() -> None:
    """The speed-up applies to real facts files, not only in theory."""
    assert load.FAST_LOADER is yaml.CSafeLoader
    for facts in EXAMPLES.glob("*.yaml"):
        assert load.fast_loader_fits(facts.read_text(encoding="utf-8")), facts.name
