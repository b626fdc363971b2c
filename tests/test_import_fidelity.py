"""``import`` measured: each seed report, as published text and as a .docx made from that text by
another tool, comes back as a facts file that validates and builds into the seed again; every
example's own .docx comes back as the same document tree.

Per seed (001 环渚, 003 北山, 004 社渚) and input kind (the .txt itself; a .docx pandoc made from
it, with its “1.” lines as Word lists; a .docx LibreOffice made from it, one paragraph a line):
import, validate (no errors), build with the detected template, and measure the built report
against the seed with tests/test_seed_fidelity.py's measures — headings, number+unit facts and
sentences at least 95% each, and at least 90% of the seed's facts in 数据 rather than digits in
prose. ``python -m tests.test_import_fidelity`` prints the figures.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from fazhi_report.build import prepare
from fazhi_report.importer import import_report
from fazhi_report.soffice import find_soffice
from fazhi_report.validate import load_facts
from fazhi_report.writers.docx import render_docx

from .conftest import COUNTY_EXAMPLE, ROOT, example_files
from .libreoffice import convert, pandoc_or_skip, soffice_or_skip
from .test_seed_fidelity import CASES, QUANTITY, Seed, measure, seed_body

pytestmark = [pytest.mark.slow, pytest.mark.libreoffice]

KINDS = ("txt", "pandoc", "libreoffice")
EXPECTED_TEMPLATE = {"001": "huanzhu", "003": "beishan", "004": "shezhu"}


def _seed_id(seed: Seed) -> str:
    return seed.seed_file[:3]


@pytest.fixture(scope="session")
def seed_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each seed as .txt, and as .docx made by pandoc and by LibreOffice (one soffice run for
    the three texts); a kind whose tool is missing is absent (its tests skip)."""
    folder = tmp_path_factory.mktemp("seeds")
    made: dict[tuple[str, str], Path] = {}
    for seed in CASES:
        text = folder / f"{_seed_id(seed)}.txt"
        shutil.copyfile(seed.seed_path, text)
        made[_seed_id(seed), "txt"] = text
    if shutil.which("pandoc"):  # without it, the pandoc cases say so (in CI: fail)
        for seed in CASES:
            # pandoc reads Markdown: a blank line between lines keeps each line a paragraph.
            source = folder / f"{_seed_id(seed)}-pandoc.md"
            lines = seed.seed_path.read_text(encoding="utf-8").splitlines()
            source.write_text("\n\n".join(lines), encoding="utf-8")
            target = folder / f"{_seed_id(seed)}-pandoc.docx"
            subprocess.run(["pandoc", "-f", "markdown", str(source), "-o", str(target)], check=True)
            made[_seed_id(seed), "pandoc"] = target
    soffice = find_soffice()
    if soffice is None:  # the LibreOffice cases say so (in CI: fail)
        return made
    sources = []
    for seed in CASES:
        source = folder / "lo" / f"{_seed_id(seed)}-libreoffice.txt"
        source.parent.mkdir(exist_ok=True)
        shutil.copyfile(seed.seed_path, source)
        sources.append(source)
    convert(
        soffice,
        sources,
        "docx:MS Word 2007 XML",
        folder,
        profile=folder / "profile",
        options=("--norestore", "--infilter=Text (encoded):UTF8,LF,,,"),
    )
    for seed in CASES:
        made[_seed_id(seed), "libreoffice"] = folder / f"{_seed_id(seed)}-libreoffice.docx"
    return made


@dataclass
class Imported:
    seed: Seed
    kind: str
    template: str
    facts_path: Path
    scores: dict[str, Any]
    in_data: tuple[int, int]  # seed quantities found as 数据 values, of all


@pytest.fixture(scope="session")
def imported(
    seed_inputs: dict[tuple[str, str], Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Imported]:
    out = tmp_path_factory.mktemp("imported")
    results: dict[tuple[str, str], Imported] = {}
    for seed in CASES:
        for kind in KINDS:
            source = seed_inputs.get((_seed_id(seed), kind))
            if source is None:
                continue
            target = out / f"{source.stem}.yaml"
            result = import_report(source, target=target)
            target.write_text(result.text, encoding="utf-8")
            prepared = prepare(target)
            values = {q.text for q in prepared.facts.data.values()}
            cores = [m.group(1) for line in seed_body(seed) for m in QUANTITY.finditer(line)]
            in_data = (sum(1 for c in cores if c in values), len(cores))
            scores = measure(seed, prepared.document)
            results[_seed_id(seed), kind] = Imported(
                seed, kind, result.template, target, scores, in_data
            )
    return results


def _case(imported: dict[tuple[str, str], Imported], seed: str, kind: str) -> Imported:
    found = imported.get((seed, kind))
    if found is None:
        if kind == "pandoc":
            pandoc_or_skip()
        soffice_or_skip()
        raise AssertionError(f"{seed} from {kind} was not imported")
    return found


def _figures(case: Imported) -> str:
    have, total = case.in_data
    parts = [
        f"{k} {v.percent:.1f}% of {v.total}" if v.total else f"{k} — (none in the seed)"
        for k, v in case.scores.items()
    ]
    missing = {k: v.missing[:3] for k, v in case.scores.items() if v.missing}
    return (
        f"{case.seed.seed_file} from {case.kind} ({case.template}): "
        + "; ".join(parts)
        + f"; in 数据 {have}/{total}; missing {missing}"
    )


CASE_IDS = [(s, k) for s in EXPECTED_TEMPLATE for k in KINDS]


@pytest.mark.parametrize(("seed", "kind"), CASE_IDS, ids=[f"{s}-{k}" for s, k in CASE_IDS])
def test_import_validates_and_rebuilds_the_seed(
    imported: dict[tuple[str, str], Imported], seed: str, kind: str
) -> None:
    case = _case(imported, seed, kind)
    load_facts(case.facts_path)  # raises FactsError on any error
    for measure_name in ("headings", "facts", "sentences"):
        if measure_name in case.seed.measures:  # 001 has no counted quantities to measure
            assert case.scores[measure_name].percent >= 95, _figures(case)
    have, total = case.in_data
    assert total == 0 or have / total >= 0.9, _figures(case)


@pytest.mark.parametrize(("seed", "kind"), CASE_IDS, ids=[f"{s}-{k}" for s, k in CASE_IDS])
def test_the_detected_template_is_the_seeds_own(
    imported: dict[tuple[str, str], Imported], seed: str, kind: str
) -> None:
    case = _case(imported, seed, kind)
    assert case.template == EXPECTED_TEMPLATE[seed], _figures(case)


# --- every example's own .docx -------------------------------------------------------------------


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each example built to .docx the way ``build`` writes it, in one folder (so official-2024's
    import finds official-2023's facts file for its 上年度 once that is imported, and the
    county's finds its units' files in the folder beside it for its 汇总)."""
    folder = tmp_path_factory.mktemp("examples")
    made = {}
    for example in example_files():
        path = folder / f"{example.stem}.docx"
        path.write_bytes(render_docx(prepare(example).document))
        made[example.stem] = path
    shutil.copytree(COUNTY_EXAMPLE.parent / "乡镇", folder / "乡镇")
    return made


@pytest.mark.parametrize("example", [p.stem for p in example_files()])
def test_an_examples_docx_imports_back_to_the_same_document(
    example_docx: dict[str, Path], example: str
) -> None:
    """The golden comparison: the rebuilt report's tree is the example's, line for line (the 数据
    names may differ; they are not printed, except in a 数据附表, whose names are read back)."""
    if example == "official-2024":  # its 上年度 is official-2023: import that one first
        _import_beside(example_docx["official-2023"])
    facts = _import_beside(example_docx[example])
    golden = (ROOT / "tests" / "golden" / f"{example}.txt").read_text(encoding="utf-8")
    assert str(prepare(facts).document) == golden


def _import_beside(docx: Path) -> Path:
    target = docx.with_suffix(".yaml")
    if not target.exists():
        target.write_text(import_report(docx, target=target).text, encoding="utf-8")
    return target


if __name__ == "__main__":  # python -m tests.test_import_fidelity: print the figures
    import tempfile

    class _Factory:
        def __init__(self) -> None:
            self.base = Path(tempfile.mkdtemp())

        def mktemp(self, name: str) -> Path:
            path = self.base / name
            path.mkdir()
            return path

    factory: Any = _Factory()
    inputs = seed_inputs.__wrapped__(factory)  # type: ignore[attr-defined]
    for case in imported.__wrapped__(inputs, factory).values():  # type: ignore[attr-defined]
        print(_figures(case))
