"""fazhi-report's speed and memory against pandoc and the bare import floor, side by side.

Run by hand (not in CI), from the repository with fazhi-report installed (pip install -e .):

    python benchmarks/run.py            # the full run, ~3-5 minutes on 2 cores
    python benchmarks/run.py --quick    # fewer runs and a 200-report memory batch: a smoke test

It builds everything in a temporary folder and prints the machine, the raw times (median of
several runs, interleaved so a busy machine slows both sides alike), and a table of the six
targets with PASS/FAIL (issue 23's limits; earlier rounds set (a) 0.5, (b) 1.3 x the import floor,
(c) 0.5 and (e) 250 MB):

  (a) 100 reports in one ``fazhi-report build`` call   <= 0.15 x 100 ``pandoc report.md -o report.docx``
  (b) one report, ``fazhi-report build`` subprocess   <= 1.1 x  the *stack floor* (below)
  (c) ``fazhi-report --help``                          <= 0.25 x one report build
  (d) a facts file 10x larger (sections x10)           <= 10 x   the time of the original (in-process build)
  (e) peak RSS, parent + workers, 1000-report batch    <= 150 MB
  (i) 1000 reports vs 100 reports (docx,html)         <= 11 x  (linear: 10x, and a batch's start-up once)
  (f) ``fazhi-report summary`` of the 1000 units         <  10 x   ``fazhi-report validate`` of them
  (g) one report, the standalone bundle in dist/       <= 1.5 x  the venv build of (b) (if built)
  (h) ``fazhi-report edit FILE --no-browser``          <  1.5 s  from the start to the first page
      (the page and its state, the preview included, served)

After the targets' figures it prints more without a target of their own, some once time limits
inside the tests (a busy machine failed those): ``render_docx`` of a body 10x as long (linear: at most
~10x the time), a 数据附表 of 3,000/6,000/9,000 figures and a county report summing 1,500/3,000
units (linear: 2x and 3x), and hostile facts files (20 000 nesting levels, a billion-laughs alias tree, 30 000
values) refused by the loader and by ``fazhi-report validate``; and ``import`` of a report of 1,000,
5,000 and 20,000 paragraphs (linear: 5x and 20x), with a 20,000-paragraph .docx and a 4 MB .txt
refused at the command line (a facts file could not hold them).

Beside (b) it times a *stack floor*: the import floor plus markdown-it-py and one one-field pydantic
model validated, the least that a build validating with pydantic and reading Markdown must run. The
floor's ``import pydantic`` loads almost nothing (pydantic imports lazily), so the distance between
the two floors is the part of (b) that no code of fazhi-report's can remove.

pandoc gets the Markdown export of the very report fazhi-report builds (``--format md``), so both
sides turn the same text into a .docx. The CLI is run as ``python -m fazhi_report`` with the same
interpreter as the floor, and the package's bytecode is compiled first (as a wheel install does),
so neither side pays for a shell shim or for compiling source on every start.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BASE = "official-2024.yaml"
PREVIOUS = "official-2023.yaml"
CLI = [sys.executable, "-m", "fazhi_report"]
FLOOR = [sys.executable, "-c", "import docx, jinja2, pydantic, yaml, typer"]
#: What the mandated stack costs before any of fazhi-report's own code runs: ``import pydantic`` in
#: the floor is lazy (pydantic.main and pydantic_core load on first use), and the card also requires
#: pydantic to validate and markdown-it-py to read the templates' Markdown. One one-field model and
#: one validation are the least a build that validates with pydantic can do. Plugin discovery is
#: off, as in the CLI.
STACK_FLOOR = [
    sys.executable,
    "-c",
    "import os\n"
    "os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
    "import docx, jinja2, pydantic, yaml, typer, markdown_it\n"
    "class Facts(pydantic.BaseModel):\n    year: int\n"
    "Facts.model_validate({'year': 2024})",
]
MB = 1024 * 1024
#: The standalone bundle ``python packaging/build.py`` leaves in dist/, timed beside the venv build.
BUNDLE = (
    ROOT / "dist" / "fazhi-report" / ("fazhi-report.exe" if os.name == "nt" else "fazhi-report")
)


def edit_first_page(facts: Path) -> float:
    """Wall time from starting ``fazhi-report edit FILE --no-browser`` until the page and its
    state (the form's data, the notes and the preview) have been served."""
    import http.client
    from urllib.parse import urlsplit

    start = time.perf_counter()
    command = [str(c) for c in [*CLI, "edit", facts, "--no-browser"]]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        assert proc.stdout is not None
        found = None
        while found is None:
            line = proc.stdout.readline()
            if not line:
                sys.exit("fazhi-report edit printed no address")
            found = re.search(rb"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
        url = urlsplit(found.group().decode("ascii"))
        token = url.query.removeprefix("token=")

        def fetch(method: str, path: str) -> None:
            connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=60)
            body = b"{}" if method == "POST" else None
            headers = {"X-Fazhi-Token": token, "Content-Type": "application/json"}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            connection.close()
            if response.status != 200:
                sys.exit(f"fazhi-report edit: {method} {path} gave {response.status}")

        fetch("GET", f"/?{url.query}")
        fetch("GET", "/api/state")
        seconds = time.perf_counter() - start
        fetch("POST", "/api/stop")
        proc.wait(timeout=60)
    return seconds


def bundle_build(facts: Path, out: Path) -> dict[str, Callable[[], float]]:
    """The standalone bundle's build of the same example, to interleave with the venv build."""
    if not BUNDLE.is_file():
        return {}
    return {"bundle": lambda: run([BUNDLE, "build", facts, "-o", out, "--format", "docx"])}


@dataclass
class Target:
    name: str
    measured: str
    ratio: float
    limit: float
    strict: bool = False  # "<" rather than "<="

    @property
    def passed(self) -> bool:
        return self.ratio < self.limit if self.strict else self.ratio <= self.limit


# --- running and timing ---------------------------------------------------------------------------


def run(command: Sequence[str | Path], cwd: Path | None = None) -> float:
    """Wall time of one run; a failing command stops the benchmark (a broken build is no result)."""
    start = time.perf_counter()
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(
            f"failed ({done.returncode}): {' '.join(map(str, command))}\n{done.stderr.decode(errors='replace')}"
        )
    return seconds


class Timing(float):
    """A median in seconds that remembers the spread of the runs it was taken from."""

    low: float
    high: float
    runs: int

    def __new__(cls, values: Sequence[float]) -> Timing:
        timing = super().__new__(cls, statistics.median(values))
        timing.low, timing.high, timing.runs = min(values), max(values), len(values)
        return timing

    def spread(self) -> str:
        return f"[{self.low:.3f}–{self.high:.3f} s in {self.runs} runs]"


def medians(commands: dict[str, Callable[[], float]], runs: int) -> dict[str, Timing]:
    """Median of ``runs`` timings each, the commands interleaved (load spikes hit all of them)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        command()  # warm-up: file cache, bytecode, LibreOffice-free first start
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(command())
    return {name: Timing(values) for name, values in times.items()}


class PeakRss:
    """Samples the summed RSS of a process and all its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            pids = _tree(self.pid)
            total = sum(_rss(pid) for pid in pids)
            if total > self.peak:
                self.peak, self.processes = total, len(pids)
            self._stop.wait(0.02)


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# --- inputs -----------------------------------------------------------------------------------------


def township(folder: Path, prev: Path, i: int) -> Path:
    """Copy the example as township ``i`` (its own name, title and previous year)."""
    name = f"青山{i:04d}镇"
    before = prev / f"{i:04d}.yaml"
    before.write_text(
        (EXAMPLES / PREVIOUS).read_text(encoding="utf-8").replace("青山镇", name), encoding="utf-8"
    )
    text = (EXAMPLES / BASE).read_text(encoding="utf-8").replace("青山镇", name)
    text = re.sub(r"(?m)^上年度:.*$", f"上年度: {os.path.relpath(before, folder)}", text)
    facts = folder / f"{i:04d}.yaml"
    facts.write_text(text, encoding="utf-8")
    return facts


def townships(root: Path, count: int) -> Path:
    """``count`` townships in one folder, their 上年度 files in another beside it (so the runs
    over them pass ``--root`` the folder above both)."""
    folder, prev = root / f"reports-{count}", root / f"prev-{count}"
    folder.mkdir()
    prev.mkdir()
    for i in range(count):
        township(folder, prev, i)
    return folder


def ten_times_larger(source: Path, target: Path) -> float:
    """The example with every list (sections, items, points) and every count repeated 10x.

    Returns the size ratio in bytes. Repeated titles and counts get a “（k）” suffix, so no rule
    sees a duplicate; every copy is written out in full (no YAML aliases).
    """
    import copy

    import yaml

    data: dict[str, Any] = yaml.load(source.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for key, value in list(data.items()):
        if isinstance(value, list) and key not in ("抄送", "主送"):
            data[key] = [_renamed(copy.deepcopy(item), k) for k in range(10) for item in value]
    duties = data.get("第一责任人")
    if isinstance(duties, dict):
        for key, value in duties.items():
            if isinstance(value, list):
                duties[key] = [_renamed(item, k) for k in range(10) for item in value]
    counts = data.get("数据")
    if isinstance(counts, dict):
        data["数据"] = {_suffix(name, k): v for k in range(10) for name, v in counts.items()}
    dumper = type("NoAliases", (yaml.SafeDumper,), {"ignore_aliases": lambda self, data: True})
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False)
    target.write_text(text, encoding="utf-8")
    return target.stat().st_size / source.stat().st_size


def _suffix(text: str, k: int) -> str:
    return text if k == 0 else f"{text}（{k + 1}）"


def _renamed(item: Any, k: int) -> Any:
    """A repetition whose 标题/名称 (or text) differs from the others."""
    if isinstance(item, str):
        return _suffix(item, k)
    if isinstance(item, dict):
        for key in ("标题", "名称"):
            if isinstance(item.get(key), str):
                item[key] = _suffix(item[key], k)
    return item


IN_PROCESS = """
import json, statistics, sys, time
from pathlib import Path
from fazhi_report.batch import build_file
runs, out, *files = sys.argv[1:]
result = {}
for name in files:
    build_file(Path(name), out=Path(out), formats=("docx",))  # warm-up
for name in files:
    times = []
    for _ in range(int(runs)):
        start = time.perf_counter()
        build_file(Path(name), out=Path(out), formats=("docx",))
        times.append(time.perf_counter() - start)
    result[name] = statistics.median(times)
print(json.dumps(result))
"""


def in_process(files: Sequence[Path], out: Path, runs: int) -> list[float]:
    import json

    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(runs), str(out), *map(str, files)],
        capture_output=True,
        text=True,
        check=True,
    )
    times: dict[str, float] = json.loads(done.stdout)
    return [times[str(f)] for f in files]


HOSTILE = {
    "20 000 nested flow sequences": "a: " + "[" * 20_000 + "]" * 20_000 + "\n",
    "20 000 nested flow mappings": "a: " + "{a: " * 20_000 + "}" * 20_000 + "\n",
    "20 000 nested block sequences": "- " * 20_000 + "x\n",
    "300 nested block mappings": "".join(" " * i + "a:\n" for i in range(300)),
    "billion laughs (9 levels of 9 aliases)": "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
    ),
    "30 000 values (over the node limit)": "数据:\n"
    + "".join(f"  项{i}: {i}次\n" for i in range(30_000)),
}


def hostile_inputs(root: Path, runs: int) -> None:
    """Hostile facts files are refused fast: what tests once asserted with a stopwatch (<= 2 s;
    a busy machine failed them), measured here. In-process loading, then ``validate`` by CLI."""
    import yaml

    from fazhi_report.errors import FactsError
    from fazhi_report.load import MAX_DEPTH, parse_text

    def events_to_limit() -> float:
        start = time.perf_counter()
        depth = 0
        for event in yaml.parse("[" * 20_000 + "]" * 20_000, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    break
        return time.perf_counter() - start

    def load(text: str) -> float:
        start = time.perf_counter()
        with contextlib.suppress(FactsError):  # refused is the point
            parse_text(text, Path("hostile.yaml"))
        return time.perf_counter() - start

    loads: dict[str, Callable[[], float]] = {
        f"load: {name}": (lambda t=text: load(t)) for name, text in HOSTILE.items()
    }
    timed = medians({"yaml": events_to_limit, **loads}, runs)
    row(
        "yaml.parse of 20 000 nested levels, read up to MAX_DEPTH",
        timed.pop("yaml"),
        "expected < 2 s",
    )
    for name, seconds in timed.items():
        row(name, seconds, "expected < 2 s")
    folder = root / "hostile"
    folder.mkdir()
    commands: dict[str, Callable[[], float]] = {}
    for i, text in enumerate(HOSTILE.values()):
        facts = folder / f"{i}.yaml"
        facts.write_text(text, encoding="utf-8")
        commands[str(i)] = lambda f=facts: run_failing([*CLI, "validate", f])
    slowest = max(medians(commands, max(3, runs // 2)).values())
    row("fazhi-report validate, slowest of these files (CLI)", slowest, "expected < 5 s")


def run_failing(command: Sequence[str | Path]) -> float:
    """Wall time of a run that must refuse its input (exit code 1), not crash."""
    start = time.perf_counter()
    done = subprocess.run([str(c) for c in command], capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 1:
        sys.exit(f"expected exit code 1, got {done.returncode}: {' '.join(map(str, command))}")
    return seconds


def docx_body_scaling(runs: int) -> None:
    """render_docx of a body 10x as long takes at most ~10x as long (was a test's assertion)."""
    import copy

    from fazhi_report.build import prepare
    from fazhi_report.writers.docx import render_docx

    small = prepare(EXAMPLES / BASE).document
    small.body = small.body * 20
    big = copy.deepcopy(small)
    big.body = small.body * 10

    def render(document: Any) -> Callable[[], float]:
        def timed() -> float:
            start = time.perf_counter()
            render_docx(document)
            return time.perf_counter() - start

        return timed

    t = medians({"small": render(small), "big": render(big)}, runs)
    row("render_docx, the example's body x20 (in-process)", t["small"])
    row(
        "render_docx, 10x that body",
        t["big"],
        f"{t['big'] / t['small']:.2f}x (expected <= 10: linear in the body)",
    )


def data_table_facts(path: Path, figures: int) -> Path:
    """A facts file with ``figures`` 数据 and ``数据附表: 是`` (the report's 附件 lists them all)."""
    lines = ["单位: 青山镇人民政府", "年度: 2024", "成文日期: 2025-02-20", "数据附表: 是", "数据:"]
    lines += [f"  指标{i}: {i + 1}件" for i in range(figures)]
    lines += ["主要举措:", "  - 标题: 加强组织领导", "    内容: 全年办理{指标1}。"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def data_table_scaling(root: Path, runs: int) -> None:
    """A 数据附表 of 3,000/6,000/9,000 figures, built in-process to .docx: linear means the 6k and
    9k builds take about 2x and 3x the 3k one (moving the table into the base document was
    quadratic: 1.7/7.0/19.0 s)."""
    from fazhi_report.build import prepare
    from fazhi_report.writers.docx import render_docx

    folder = root / "data-table"
    folder.mkdir()
    sizes = (3000, 6000, 9000)
    files = {n: data_table_facts(folder / f"{n}.yaml", n) for n in sizes}

    def build(path: Path) -> Callable[[], float]:
        def timed() -> float:
            start = time.perf_counter()
            render_docx(prepare(path).document)
            return time.perf_counter() - start

        return timed

    t = medians({str(n): build(files[n]) for n in sizes}, max(3, runs // 2))
    first = t[str(sizes[0])]
    for n in sizes:
        note = f"{t[str(n)] / first:.2f}x the 3k build (linear: {n / sizes[0]:.0f}x)"
        row(f"数据附表 of {n:,} figures, in-process build (.docx)", t[str(n)], note)


def county(root: Path, units: int) -> Path:
    """The county example's facts file over ``units`` copies of one of its townships."""
    folder = root / f"county-{units}"
    (folder / "units").mkdir(parents=True)
    unit = (EXAMPLES / "county-2024" / "乡镇" / "白沙镇.yaml").read_text(encoding="utf-8")
    for i in range(units):
        text = unit.replace("白沙镇", f"白沙{i:04d}镇")
        (folder / "units" / f"{i:04d}.yaml").write_text(text, encoding="utf-8")
    text = (EXAMPLES / "county-2024" / "临川县.yaml").read_text(encoding="utf-8")
    facts = folder / "county.yaml"
    facts.write_text(text.replace("汇总: 乡镇/", "汇总: units/"), encoding="utf-8")
    return facts


def rollup_scaling(root: Path) -> None:
    """A county report summing 1,500 and 3,000 units' files (one CLI build each): wall time, CPU
    time (what compares on a shared machine, where the wall time follows the load) and peak RSS."""
    import resource

    cpu = {}
    for units in (1500, 3000):
        facts = county(root, units)
        command = [str(c) for c in [*CLI, "build", facts, "-o", facts.with_suffix(".docx")]]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with (
            subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc,
            PeakRss(proc.pid) as rss,
        ):
            _, err = proc.communicate()
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            sys.exit(f"the county roll-up failed:\n{err.decode(errors='replace')[-2000:]}")
        cpu[units] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        note = f"CPU {cpu[units]:.1f} s, peak RSS {rss.peak / MB:.0f} MB"
        if units != 1500:
            note += f"; CPU {cpu[units] / cpu[1500]:.2f}x the 1,500 units' (linear: 2x)"
        row(f"county report summing {units:,} units (CLI build, .docx)", seconds, note)


# --- import of long reports --------------------------------------------------------------------------

_CN = "一二三四五六七八九十"


def long_report_lines(paragraphs: int) -> list[str]:
    """A report of ``paragraphs`` paragraphs: the five items, the first made of numbered sections
    of items, each with a paragraph of five figures and a run of points."""
    head = [
        "青山镇人民政府关于2024年度法治政府建设情况的报告",
        "县委、县政府：",
        "2024年，我镇坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下：",
        "一、2024年度推进法治政府建设的主要举措和成效",
    ]
    tail = [
        "二、存在的不足和原因",
        "执法力量相对薄弱。",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况",
        "镇长认真履行第一责任人职责。",
        "四、2025年度推进法治政府建设的主要安排",
        "深化行政执法规范化建设。",
        "五、其他需要报告的情况",
        "无。",
        "青山镇人民政府",
        "2025年2月20日",
    ]
    body: list[str] = []
    k = 0
    while len(head) + len(body) + len(tail) < paragraphs:
        k += 1
        body.append(f"（{_CN[(k - 1) % 10]}）加强第{k}项工作")
        for j in range(1, 4):
            body.append(f"{j}.健全第{k}-{j}项机制")
            body.append(
                f"全年办理第{k}类案件{k * 3 + j}件，调解矛盾纠纷{k + j}00余起，接待群众超{k}00人次，"
                f"培训{j * 7}场次，成功率达{90 + j}%以上。"
            )
            body.append("一是落实学法制度。二是开展述法。")
    return head + body[: paragraphs - len(head) - len(tail)] + tail


def long_report_docx(path: Path, paragraphs: int) -> Path:
    import docx

    document = docx.Document()
    for line in long_report_lines(paragraphs):
        document.add_paragraph(line)
    document.save(str(path))
    return path


#: Imports one report in a process of its own with the loader's limits raised, so the whole
#: pipeline runs at any length; prints the seconds the import took.
_IMPORT_UNLIMITED = """
import sys, time
from pathlib import Path
import fazhi_report.load.builder as builder
import fazhi_report.importer.limits as limits
builder.MAX_NODES = limits.MAX_NODES = 10**9
limits.MAX_BYTES = 10**12
from fazhi_report.importer import import_report
source = Path(sys.argv[1])
start = time.perf_counter()
import_report(source, target=source.with_suffix(".yaml"))
print(time.perf_counter() - start)
"""


def import_scaling(root: Path, runs: int) -> None:
    """Import throughput at 1k/5k/20k paragraphs (linear: 5x and 20x the 1k import), in-process
    with the loader's limits lifted, its peak RSS; and what a clerk meets at the command line:
    a 20k-paragraph .docx and a 4 MB .txt refused (the facts file could not hold them)."""
    folder = root / "import"
    folder.mkdir()
    sizes = (1000, 5000, 20000)
    files = {n: long_report_docx(folder / f"{n}.docx", n) for n in sizes}
    seconds: dict[int, list[float]] = {n: [] for n in sizes}
    peak: dict[int, int] = dict.fromkeys(sizes, 0)
    for _ in range(max(1, runs // 3)):
        for n in sizes:
            command = [sys.executable, "-c", _IMPORT_UNLIMITED, str(files[n])]
            with (
                subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc,
                PeakRss(proc.pid) as rss,
            ):
                out, err = proc.communicate()
            if proc.returncode != 0:
                sys.exit(
                    f"import of {n} paragraphs failed:\n{err.decode(errors='replace')[-2000:]}"
                )
            seconds[n].append(float(out.decode().split()[-1]))
            peak[n] = max(peak[n], rss.peak)
    first = statistics.median(seconds[sizes[0]])
    for n in sizes:
        t = statistics.median(seconds[n])
        note = (
            f"{n / t:,.0f} paragraphs/s, {t / first:.2f}x the 1k ({n // sizes[0]}x linear), "
            f"peak RSS {peak[n] / MB:.0f} MB"
        )
        row(f"import {n:,} paragraphs (.docx, in-process, limits lifted)", t, note)
    text = folder / "4mb.txt"
    block = "\n".join(long_report_lines(1000)) + "\n"
    copies = 4_000_000 // len(block.encode("utf-8")) + 1
    text.write_text(block * copies, encoding="utf-8")  # just over 4 MB of report text
    commands = {
        "docx": lambda: run_failing([*CLI, "import", files[20000], "-o", folder / "cli"]),
        "txt": lambda: run_failing([*CLI, "import", text, "-o", folder / "cli"]),
    }
    t = medians(commands, max(3, runs // 2))
    row("fazhi-report import, 20,000-paragraph .docx (refused: over the limits)", t["docx"])
    row("fazhi-report import, 4 MB .txt (refused: over the limits)", t["txt"], "expected < 10 s")


# --- the benchmark ----------------------------------------------------------------------------------


def machine() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = platform.processor() or "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            model,
        )
    pandoc = subprocess.run(
        ["pandoc", "--version"], capture_output=True, text=True, check=False
    ).stdout.split("\n")[0]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    from fazhi_report import __version__

    return (
        f"machine: {cpus} CPUs usable ({os.cpu_count()} online), {model}\n"
        f"         Python {platform.python_version()} ({sys.executable}), {platform.system()} {platform.release()}\n"
        f"         fazhi-report {__version__}, {pandoc}, load average {load}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs, 200-report memory batch (smoke test)"
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="runs per measurement (default 11, quick 3)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder and print it"
    )
    args = parser.parse_args(argv)
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not on PATH (apt-get install pandoc)")
    runs = args.runs or (3 if args.quick else 11)
    batch_runs = max(1, runs // 2)
    big = 200 if args.quick else 1000

    compileall.compile_dir(str(ROOT / "src" / "fazhi_report"), quiet=1)
    root = Path(tempfile.mkdtemp(prefix="fazhi-bench-"))
    try:
        print(machine())
        print(f"runs: median of {runs} (batches: {batch_runs}), work folder {root}\n")
        targets = measure(root, runs, batch_runs, big)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print_targets(targets, quick=args.quick)
    return 0 if all(t.passed for t in targets) else 1


def measure(root: Path, runs: int, batch_runs: int, big: int) -> list[Target]:
    single = root / "single"
    single.mkdir()
    for name in (BASE, PREVIOUS):
        shutil.copy(EXAMPLES / name, single)
    facts = single / BASE
    out = root / "out"
    run([*CLI, "build", facts, "-o", root / "md", "--format", "md"])
    markdown = next((root / "md").glob("*.md"))
    report_md = root / "report.md"
    shutil.copy(markdown, report_md)

    # (b) and (c): one build, the import floor, --help, and one pandoc run, interleaved.
    t = medians(
        {
            "floor": lambda: run(FLOOR),
            "stack": lambda: run(STACK_FLOOR),
            "build": lambda: run([*CLI, "build", facts, "-o", out, "--format", "docx"]),
            "help": lambda: run([*CLI, "--help"]),
            "pandoc": lambda: run(["pandoc", report_md, "-o", root / "report.docx"]),
            **bundle_build(facts, root / "out-bundle"),  # (g), if a bundle has been built
        },
        runs,
    )
    row("import floor: python -c 'import docx, jinja2, pydantic, yaml, typer'", t["floor"])
    row(
        "stack floor: the same + markdown_it + one pydantic model validated",
        t["stack"],
        f"{t['stack'] / t['floor']:.2f}x the import floor",
    )
    row(
        "fazhi-report build 1 report (.docx)",
        t["build"],
        f"{t['build'] / t['stack']:.2f}x the stack floor",
    )
    row("fazhi-report --help", t["help"])
    row("pandoc report.md -o report.docx (1 run)", t["pandoc"])
    if "bundle" in t:
        row(
            "standalone bundle (dist/fazhi-report) build 1 report (.docx)",
            t["bundle"],
            f"{t['bundle'] / t['build']:.2f}x the venv build",
        )
    else:
        print(f"  (no standalone bundle at {BUNDLE}: python packaging/build.py to time it)")

    # (a) 100 reports in one call against 100 pandoc runs of the same text.
    reports = townships(root, 100)
    a = medians(
        {
            "ours": lambda: run(
                [*CLI, "build", reports, "-o", root / "out-100", "--format", "docx", "--root", root]
            ),
            "pandoc": lambda: sum(
                run(["pandoc", report_md, "-o", root / "p.docx"]) for _ in range(100)
            ),
        },
        runs,  # issue 23: the targets' medians are of >= 11 interleaved rounds
    )
    row(f"fazhi-report build 100 reports, one call (--jobs {os.cpu_count()})", a["ours"])
    row("pandoc x100, one run per report", a["pandoc"])

    # (d) a facts file 10x larger, in-process (start-up would hide a non-linear cost) and by CLI.
    large = single / "large-2024.yaml"
    size = ten_times_larger(facts, large)
    base_s, large_s = in_process([facts, large], root / "out-large", runs)
    cli = medians(
        {
            "base": lambda: run([*CLI, "build", facts, "-o", root / "out-l1", "--format", "docx"]),
            "large": lambda: run([*CLI, "build", large, "-o", root / "out-l2", "--format", "docx"]),
        },
        max(3, runs // 2),
    )
    row("in-process build, example (.docx)", base_s)
    row(f"in-process build, 10x larger facts ({size:.1f}x the bytes)", large_s)
    row(
        "CLI build, 10x larger facts",
        cli["large"],
        f"{cli['large'] / cli['base']:.2f}x the example's CLI build",
    )

    # (e) peak memory of a big batch: the CLI process and every worker, summed.
    many = townships(root, big)
    start = time.perf_counter()
    command = [
        str(c)
        for c in [*CLI, "build", many, "-o", root / f"out-{big}", "-f", "docx,html", "--root", root]
    ]
    with (
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as proc,
        PeakRss(proc.pid) as rss,
    ):
        _, err = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"the {big}-report batch failed:\n{err.decode(errors='replace')[-2000:]}")
    row(
        f"fazhi-report build {big} reports (docx,html), 1 run",
        seconds,
        f"peak RSS {rss.peak / MB:.0f} MB in {rss.processes} processes",
    )
    # (i) linear in the number of reports: the same batch of a tenth as many files.
    tenth = medians(
        {
            "tenth": lambda: run(
                [
                    *CLI,
                    "build",
                    reports,
                    "-o",
                    root / "out-tenth",
                    "-f",
                    "docx,html",
                    "--root",
                    root,
                ]
            )
        },
        batch_runs,
    )["tenth"]
    row(
        "fazhi-report build 100 reports (docx,html), one call",
        tenth,
        f"the {big}-report batch is {seconds / tenth:.2f}x this ({big // 100}x the reports)",
    )

    # (f) the county's table of the same units (each with its 上年度 file) vs validating them.
    f = medians(
        {
            "validate": lambda: run([*CLI, "validate", many, "--root", root]),
            "summary": lambda: run(
                [*CLI, "summary", many, "-o", root / "summary.xlsx", "--root", root]
            ),
        },
        max(3, runs // 4),
    )
    row(f"fazhi-report validate {big} facts files", f["validate"])
    row(f"fazhi-report summary {big} units -o .xlsx (reads 上年度 too)", f["summary"])

    # (h) the editor's start-up, to the first page with its preview.
    edit = medians({"edit": lambda: edit_first_page(facts)}, runs)["edit"]
    row("fazhi-report edit --no-browser: start to first page (page + state + preview)", edit)

    # Figures without a target of their own: linear rendering, hostile input refused fast.
    docx_body_scaling(runs)
    data_table_scaling(root, runs)
    rollup_scaling(root)
    import_scaling(root, runs)
    hostile_inputs(root, runs)
    print()

    bundle = (
        [
            Target(
                "(g) standalone bundle build vs venv build",
                f"{t['bundle']:.3f}s vs {t['build']:.3f}s",
                t["bundle"] / t["build"],
                1.5,
            )
        ]
        if "bundle" in t
        else []
    )
    return [
        Target(
            "(a) 100 reports, one call vs 100 pandoc runs",
            f"{a['ours']:.2f}s vs {a['pandoc']:.2f}s",
            a["ours"] / a["pandoc"],
            0.15,
        ),
        Target(
            "(b) one build vs the stack floor",
            f"{t['build']:.3f}s vs {t['stack']:.3f}s",
            t["build"] / t["stack"],
            1.1,
        ),
        Target(
            "(c) --help vs one build",
            f"{t['help']:.3f}s vs {t['build']:.3f}s",
            t["help"] / t["build"],
            0.25,
        ),
        Target(
            "(d) 10x larger facts vs example (in-process)",
            f"{large_s:.3f}s vs {base_s:.3f}s",
            large_s / base_s,
            10.0,
        ),
        Target(
            f"(e) peak RSS, {big}-report batch (MB)",
            f"{rss.peak / MB:.0f} MB",
            rss.peak / MB,
            150.0,
            strict=True,
        ),
        Target(
            f"(f) summary of {big} units vs validate",
            f"{f['summary']:.2f}s vs {f['validate']:.2f}s",
            f["summary"] / f["validate"],
            10.0,
        ),
        *bundle,
        Target("(h) edit: start-up to first page (s)", f"{edit:.3f}s", edit, 1.5, strict=True),
        Target(
            f"(i) {big} reports vs 100 (docx,html)",
            f"{seconds:.2f}s vs {tenth:.2f}s",
            seconds / tenth,
            1.1 * big / 100,
        ),
    ]


def row(label: str, seconds: float, note: str = "") -> None:
    if isinstance(seconds, Timing):
        note = f"{note} {seconds.spread()}".strip()
    print(f"  {label:<72} {seconds:8.3f} s  {note}")


def print_targets(targets: Sequence[Target], *, quick: bool) -> None:
    width = max(len(t.name) for t in targets)
    print(f"{'target':<{width}}  {'measured':<24} {'ratio':>8}  {'limit':<8} result")
    for t in targets:
        limit = f"{'<' if t.strict else '<='} {t.limit:g}"
        print(
            f"{t.name:<{width}}  {t.measured:<24} {t.ratio:8.2f}  {limit:<8} {'PASS' if t.passed else 'FAIL'}"
        )
    if quick:
        print(
            "(--quick: fewer runs and a smaller memory batch; run without --quick for the real figures)"
        )


if __name__ == "__main__":
    sys.exit(main())
