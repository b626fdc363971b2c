"""Seed fidelity: the three seed examples reproduce their published reports.

Each of examples/huanzhu-2023.yaml, beishan-2019.yaml and shezhu-2023.yaml holds the facts of one
seed report (tests/fixtures/seeds/, copies of shared/seeds/). We build the document tree and compare
it with the seed text after normalising both sides:

* list numbering at the start of a line is dropped (一、 （一） (一) 1、 1. （1）), then every
  punctuation mark (ASCII and full-width, incl. ·—…“”) and all whitespace; ``%`` is kept.

Four measures, each printed in the assertion message (``python -m tests.test_seed_fidelity``
prints them all):

* headings: a seed line is a *heading* when it starts with a numbering mark and, after dropping one
  trailing 。, has no sentence end (。；！？) left and is at most 60 characters. So 001's
  ``1. 健全机制体系,强化制度保障`` is a heading, while 003/004's ``1、标题。正文`` are numbered
  items. A seed heading counts when the output has a heading of the same level (一、=1, （一）=2,
  1.=3, （1）=4) with the same normalised text.
* numbered items: each seed item ``1、标题。正文`` is a numbered paragraph of the output starting
  with the same text up to its first sentence end (so it is neither a heading nor plain prose).
* facts: every number+unit quantity in the seed (``2300余起``, ``98%以上``, ``合格率100%`` …) must
  appear in the normalised output, and must be a quantity in the example's 数据 (not pasted
  into prose); the prose of the example may hold no bare quantity at all.
* sentences: the seed body split on 。；！？ and line breaks; each sentence must appear in the
  normalised output.

Lines before the report proper (web-page menus, 政府信息公开 metadata tables) are skipped: each seed
names the opening words of its first paragraph below.

A measure is only tested on the seeds that have something of it: 环渚's report has no numbered
items and no quantities, so it has no case in those tests (a score over nothing is no pass, and
``Score.percent`` refuses it); ``test_each_seed_declares_what_it_has`` keeps the declarations true.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from fazhi_report.build import prepare
from fazhi_report.load import read_source
from fazhi_report.tree import Heading, NumberedItem, body_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"


MEASURES = ("headings", "items", "facts", "sentences")


@dataclass(frozen=True)
class Seed:
    example: str
    seed_file: str
    starts_with: str  # the opening words of the report's first paragraph
    measures: tuple[str, ...] = MEASURES  # what the seed report has any of

    @property
    def name(self) -> str:
        return self.example.removesuffix(".yaml")

    @property
    def example_path(self) -> Path:
        return ROOT / "examples" / self.example

    @property
    def seed_path(self) -> Path:
        return SEEDS / self.seed_file


CASES = [
    # No “1、标题。正文” items and no counted quantities in 环渚's report: its headings go down to
    # “1.” and its achievements are told without figures.
    Seed(
        "huanzhu-2023.yaml",
        "001_b55f08a1c168cc38.txt",
        "2023年,环渚街道",
        measures=("headings", "sentences"),
    ),
    Seed("beishan-2019.yaml", "003_9ccd4417f8e47fd5.txt", "2019年,北山镇"),
    Seed("shezhu-2023.yaml", "004_6b3547709f4b0d2b.txt", "社渚镇法治建设工作在"),
]

CN = "一二三四五六七八九十"
# Numbering at the start of a line, with the heading level it stands for.
NUMBERING = [
    (1, re.compile(rf"^[{CN}]+、")),
    (2, re.compile(rf"^[(（][{CN}]+[)）]")),
    (3, re.compile(r"^\d+(?:、|[.．](?!\d))")),
    (4, re.compile(r"^[(（]\d+[)）]")),
]
SENTENCE_END = re.compile(r"[。；！？;!?]")
# A counted quantity: number, optional 余/多, a unit, optional 以上; with a rate or 达/逾 before it.
QUANTITY = re.compile(
    r"(?:合格率|成功率|覆盖率|满意率|办结率|持证率|[达逾超近约])?"
    r"(\d+(?:\.\d+)?(?:余|多)?(?:%|[个次件起份幅条名人宗场项村])(?:以上)?)"
)
MAX_HEADING = 60


def strip_numbering(line: str) -> tuple[int | None, str]:
    line = line.strip()
    for level, pattern in NUMBERING:
        match = pattern.match(line)
        if match:
            return level, line[match.end() :].strip()
    return None, line


def normalise(text: str) -> str:
    """Numbering at each line's start, punctuation and whitespace dropped; ``%`` kept."""
    out = []
    for line in text.splitlines():
        _, rest = strip_numbering(line)
        out.append(
            "".join(
                ch
                for ch in rest
                if ch == "%" or not (ch.isspace() or unicodedata.category(ch)[0] in "PZ")
            )
        )
    return "".join(out)


def seed_body(seed: Seed) -> list[str]:
    lines = seed.seed_path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(seed.starts_with))
    return [line.strip() for line in lines[start:] if line.strip()]


def heading_text(rest: str) -> str | None:
    """The heading's text if a numbered line's remainder is a bare heading, else None."""
    core = rest[:-1] if rest.endswith(("。", ".")) else rest
    if SENTENCE_END.search(core) or len(core) > MAX_HEADING:
        return None
    return core


def seed_headings(lines: list[str]) -> list[tuple[int, str]]:
    found = []
    for line in lines:
        level, rest = strip_numbering(line)
        if level is not None and (text := heading_text(rest)) is not None:
            found.append((level, normalise(text)))
    return found


def seed_items(lines: list[str]) -> list[str]:
    """Numbered items (``1、标题。正文``, not headings): their text up to the first sentence end."""
    items = []
    for line in lines:
        level, rest = strip_numbering(line)
        if level == 3 and heading_text(rest) is None:
            items.append(normalise(SENTENCE_END.split(rest, maxsplit=1)[0]))
    return items


def seed_sentences(lines: list[str]) -> list[str]:
    sentences = []
    for line in lines:
        _, rest = strip_numbering(line)
        sentences += [s for s in (normalise(p) for p in SENTENCE_END.split(rest)) if s]
    return sentences


def seed_quantities(lines: list[str]) -> list[str]:
    return [m.group(0) for line in lines for m in QUANTITY.finditer(line)]


def prose_strings(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[str, str]]:
    """Every text a clerk typed, except the quantities themselves (数据) and the metadata."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("数据", "公开", "成文日期", "年度"):
                continue
            yield from prose_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from prose_strings(value, (*path, i))
    elif isinstance(data, str):
        yield ".".join(str(p) for p in path), data


@dataclass(frozen=True)
class Score:
    total: int
    missing: list[str]

    @property
    def percent(self) -> float:
        if self.total == 0:  # 100 % of nothing would pass every threshold
            raise ValueError("nothing to measure: a seed without any has no case for this measure")
        return 100.0 * (self.total - len(self.missing)) / self.total

    def message(self, seed: Seed, what: str) -> str:
        shown = self.missing[:5]
        return f"{seed.example}: {what} {self.percent:.1f}% of {self.total}; missing {shown}"


def measure(seed: Seed, document: Any) -> dict[str, Score]:
    """Headings, numbered items, facts and sentences of the seed found in the built document."""
    lines = seed_body(seed)
    output = normalise(body_text(document))
    headings = seed_headings(lines)
    have_headings = {(b.level, normalise(b.text)) for b in document.body if isinstance(b, Heading)}
    items = seed_items(lines)
    have_items = [normalise(b.text) for b in document.body if isinstance(b, NumberedItem)]
    facts = seed_quantities(lines)
    sentences = seed_sentences(lines)
    return {
        "headings": Score(len(headings), [t for lv, t in headings if (lv, t) not in have_headings]),
        "items": Score(
            len(items), [w for w in items if not any(h.startswith(w) for h in have_items)]
        ),
        "facts": Score(len(facts), [q for q in facts if normalise(q) not in output]),
        "sentences": Score(len(sentences), [s for s in sentences if s not in output]),
    }


Case = tuple[Seed, Any, dict[str, Score]]


@cache
def measured(seed: Seed) -> Case:
    prepared = prepare(seed.example_path)
    return seed, prepared, measure(seed, prepared.document)


def cases(what: str) -> list[Any]:
    """The seeds that have anything of ``what`` to measure, as parameters of ``case``."""
    return [pytest.param(seed, id=seed.name) for seed in CASES if what in seed.measures]


@pytest.fixture
def case(request: pytest.FixtureRequest) -> Case:
    return measured(request.param)


@pytest.mark.parametrize("seed", CASES, ids=lambda s: s.name)
def test_each_seed_declares_what_it_has(seed: Seed) -> None:
    _, _, scores = measured(seed)
    assert {what for what, score in scores.items() if score.total} == set(seed.measures)


def test_a_score_over_nothing_is_no_pass() -> None:
    with pytest.raises(ValueError, match="nothing to measure"):
        _ = Score(0, []).percent


@pytest.mark.parametrize("case", cases("headings"), indirect=True)
def test_headings(case: Case) -> None:
    seed, _, scores = case
    assert scores["headings"].percent >= 95, scores["headings"].message(seed, "headings")


@pytest.mark.parametrize("case", cases("items"), indirect=True)
def test_numbered_items(case: Case) -> None:
    seed, _, scores = case
    assert scores["items"].percent >= 95, scores["items"].message(seed, "numbered items")


@pytest.mark.parametrize("case", cases("facts"), indirect=True)
def test_facts(case: Case) -> None:
    seed, _, scores = case
    assert scores["facts"].percent >= 95, scores["facts"].message(seed, "facts")


@pytest.mark.parametrize("case", cases("facts"), indirect=True)
def test_seed_quantities_are_data(case: Case) -> None:
    """Every quantity of the seed is a structured fact in 数据 (printed from there)."""
    seed, prepared, _ = case
    data = {q.text for q in prepared.facts.data.values()}
    cores = [m.group(1) for line in seed_body(seed) for m in QUANTITY.finditer(line)]
    assert cores, f"{seed.example}: no quantities in the seed"
    assert len(data) >= len(set(cores))
    not_data = [q for q in cores if q not in data]
    assert not not_data, f"{seed.example}: seed quantities not in 数据: {not_data}"


@pytest.mark.parametrize("seed", CASES, ids=lambda s: s.name)
def test_prose_has_no_pasted_quantities(seed: Seed) -> None:
    source = read_source(seed.example_path)
    prose = list(prose_strings(source.data))
    assert prose, f"{seed.example}: no prose"
    pasted = [f"{where}: {m.group(0)}" for where, text in prose for m in QUANTITY.finditer(text)]
    assert not pasted, f"{seed.example}: quantities pasted into prose (put them in 数据): {pasted}"


@pytest.mark.parametrize("case", cases("sentences"), indirect=True)
def test_sentences(case: Case) -> None:
    seed, _, scores = case
    assert scores["sentences"].percent >= 90, scores["sentences"].message(seed, "sentences")


if __name__ == "__main__":  # python -m tests.test_seed_fidelity: print the measured fidelity
    for seed in CASES:
        scores = measure(seed, prepare(seed.example_path).document)
        print(
            seed.example,
            "  ".join(
                f"{k} {v.percent:.1f}% ({v.total})" if v.total else f"{k} — (0)"
                for k, v in scores.items()
            ),
        )
