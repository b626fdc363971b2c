"""A template cannot hang a build or exhaust memory: every way of spending time or memory ends in
a template error naming the file and line (exit 1, no output file), and a batch builds the rest.

The three cases from the issue run through the CLI in a child process whose peak memory is read
back; their variations run in-process, where the error is what is checked. Times are not
asserted beyond “ends” (a generous subprocess timeout): the limits are counted in steps, so the
errors are the same on a slow machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi_report.build import prepare
from fazhi_report.errors import TemplateError
from fazhi_report.templating import find_template, render
from fazhi_report.templating.budget import Limits, watched

from .conftest import EXAMPLES, Invoke
from .support import write_facts

pytestmark = [pytest.mark.slow]

#: The issue's three hostile templates.
HOSTILE = {
    "nested-range": "{% for x in range(99999) %}{% for y in range(99999) %}{% endfor %}{% endfor %}",
    "string-multiplication": '{{ "x" * 100000000 }}',
    "range-1e9": "{% for x in range(10**9) %}{{ x }}{% endfor %}",
}

# A child process runs the CLI and reports its exit code, stderr and the CLI's peak memory
# (ru_maxrss of the only child it waited for: kilobytes on Linux, bytes on macOS).
_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True, encoding="utf-8", timeout=120)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
peak_mb = peak / 2**20 if sys.platform == "darwin" else peak / 1024
print(json.dumps({"code": done.returncode, "stderr": done.stderr, "peak_mb": peak_mb}))
"""


def _template(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "report.md.j2").write_text("# 标题\n\n" + body + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", HOSTILE)
def test_the_hostile_templates_end_with_a_located_error_in_little_memory(
    name: str, tmp_path: Path
) -> None:
    pytest.importorskip("resource")
    folder = _template(tmp_path / name, HOSTILE[name])
    facts = write_facts(tmp_path)
    cli = [sys.executable, "-m", "fazhi_report", "build", str(facts), "-t", str(folder)]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cli], capture_output=True, text=True, timeout=150
    )
    result = json.loads(done.stdout)
    assert result["code"] == 1, result
    assert f"{folder / 'report.md.j2'}:3  " in result["stderr"], result
    assert "内部错误" not in result["stderr"]
    assert result["peak_mb"] < 500, result
    assert not list(tmp_path.glob("*.docx"))


# Each line: a template body, and the words its error must contain.
VARIATIONS = [
    ("{% for x in range(99999) %}{{ x }}{% endfor %}" * 4, "步骤超过上限"),
    (
        "{% macro m() %}{% for x in range(99999) %}{{ x }}{% endfor %}{% endmacro %}"
        "{% for i in range(99999) %}{{ m() }}{% endfor %}",
        "步骤超过上限",
    ),
    ("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", "无限递归"),
    ('{% include "report.md.j2" %}', "无限递归"),
    ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "无限递归"),
    ('{{ range(99999)|join("x" * 99999) }}', "文字过长"),
    ("{{ lipsum(10**9) }}", "不存在的变量"),
    ('{{ "x".center(10**9) }}', "宽度过大"),
    ('{{ "x"|center(10**9) }}', "宽度过大"),
    ('{{ "{:>999999999}".format(1) }}', "格式化"),
    ('{{ ("{0}" * 600000).format("x" * 1000000) }}', "格式化"),
    ('{{ "%0999999999d" % 1 }}', "格式化"),
    ('{{ "%s"|format("x") * 10**8 }}', "乘法"),
    ("{{ 9 ** (9 ** 9) }}", "数字过大"),
    (
        '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
        "{% endfor %}",
        "连接的文字过长",
    ),
    ("{% set l = [1] %}{% for i in range(40) %}{% set _ = l.extend(l) %}{% endfor %}", "列表过长"),
    ("{% set l = [1] %}{% for i in l %}{% set _ = l.append(i) %}{% endfor %}", "上限"),
    ("{% set big = range(99999)|join %}{{ [big] * 99999 }}", "文字过长"),
    ("{% set big = range(99999)|join %}{{ ([big] * 99999)|string }}", "文字过长"),
    ("{% set big = range(99999)|list %}{{ ([big] * 99999)|sum(start=[]) }}", "列表过长"),
    (
        "{% set keep = [] %}{% set big = range(99999)|join %}{% for i in range(9999) %}"
        "{% set _ = keep.append(big ~ i) %}{% endfor %}",
        "超过上限",
    ),
    (
        "{% set big = range(99999)|join %}{% set x %}{% for i in range(9999) %}{{ big }}"
        "{% endfor %}{% endset %}",
        "超过上限",
    ),
    ('{{ [1]|batch(10**9, "x")|list }}', "参数过大"),
    ('{{ ("a" * 1999999).replace("a", "bb") }}', "replace"),
    ('{{ ("a\\n" * 999999)|indent(100) }}', "indent"),
    (
        "{% set ns = namespace(x=[]) %}{% for i in range(1000) %}{% set ns.x = [ns.x] %}"
        "{% endfor %}{{ ns.x }}",
        "嵌套过深",
    ),
    ("{{ range(10**9)|list }}", "range()"),
]


@pytest.mark.parametrize(("body", "words"), VARIATIONS, ids=[w for _, w in VARIATIONS])
def test_variations_end_in_a_located_template_error(body: str, words: str, tmp_path: Path) -> None:
    info = find_template(str(_template(tmp_path / "t", body)))
    with pytest.raises(TemplateError) as caught:
        render(info, {})
    message = caught.value.render()
    assert words in message
    assert "report.md.j2:3  " in message


def test_a_report_too_long_in_total_names_the_line_writing_it(tmp_path: Path) -> None:
    body = "{% for i in range(99999) %}\n{{ '长' * 100 }}\n{% endfor %}"
    info = find_template(str(_template(tmp_path / "t", body)))
    with pytest.raises(TemplateError, match=r"report\.md\.j2:4  模板生成的报告过长"):
        render(info, {})


def test_a_huge_template_file_is_refused_unread(tmp_path: Path) -> None:
    folder = _template(tmp_path / "t", "x" * (Limits().source_bytes + 1))
    with pytest.raises(TemplateError, match=r"模板文件 .* 过大"):
        render(find_template(str(folder)), {})


def test_the_time_limit_is_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Legal but slow work: 60 000 loop steps with some arithmetic each.
    body = "{% for i in range(60000) %}{% set x = i * i + i %}{% endfor %}done"
    info = find_template(str(_template(tmp_path / "t", body)))
    assert render(info, {}).endswith("done\n")
    with watched(Limits(seconds=0.001)), pytest.raises(TemplateError, match=r"时限（0\.001 秒）"):
        render(info, {})
    monkeypatch.setenv("FAZHI_REPORT_TEMPLATE_SECONDS", "0.001")
    with pytest.raises(TemplateError, match="时限"):
        render(info, {})


def test_a_batch_with_one_hostile_template_builds_the_other_reports(
    invoke: Invoke, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(EXAMPLES / "official-2023.yaml", reports)
    _template(reports / "恶意模板", HOSTILE["nested-range"])
    write_facts(reports, "模板: 恶意模板\n", name="hostile.yaml")
    dist = tmp_path / "dist"
    result = invoke("build", str(reports), "-o", str(dist), "-j", "2")
    assert result.exit_code == 1, result.output
    assert "步骤超过上限" in result.output and "内部错误" not in result.output
    built = sorted(p.name for p in dist.iterdir())
    assert len(built) == 1 and built[0].endswith(".docx"), built


def test_the_examples_render_far_inside_the_limits() -> None:
    """Real templates use a hundredth of the room the limits leave them."""
    small = Limits(steps=2_500, chars=20_000, memory=2**20)
    for template in ("official", "huanzhu", "beishan", "shezhu"):
        for example in sorted(EXAMPLES.glob("*.yaml")):
            with watched(small):
                assert prepare(example, template).markdown
