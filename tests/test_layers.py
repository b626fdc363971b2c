"""Layers: only the CLI talks to the clerk, and imports point down the floors (below).

Only the CLI talks to the clerk: ``typer``, ``rich`` and printing appear in fazhi_report/cli/
alone. The core returns data (rows, skipped files, rule results) and raises errors; the CLI shows
them. Code is scanned token by token, so a word in a docstring or a comment does not count."""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "src" / "fazhi_report"
CLI = PACKAGE / "cli"
#: Names no module outside the CLI may use: its libraries and Python's own printing.
SPEAKING = {"typer", "rich", "print"}
STREAMS = {"stdout", "stderr"}


def _speaking(source: str) -> list[str]:
    """``line: code`` for every use of a speaking name, or of ``sys.stdout`` / ``sys.stderr``."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    tokens = [
        t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in skip
    ]
    found = []
    for n, token in enumerate(tokens):
        if token.type != tokenize.NAME:
            continue
        stream = (
            token.string in STREAMS
            and n >= 2
            and tokens[n - 1].string == "."
            and tokens[n - 2].string == "sys"
        )
        if token.string in SPEAKING or stream:
            found.append(f"{token.start[0]}: {token.line.strip()}")
    return found


def test_the_scan_finds_every_way_of_speaking() -> None:
    source = (
        '"""Docstrings may say print, typer and rich."""\n'
        "import typer  # a comment may say print too\n"
        "from rich.console import Console\n"
        "print('x')\n"
        "sys.stderr.write('x')\n"
        "run(stdout=PIPE)\n"
        "html = '@media print {}'\n"
    )
    assert [line.split(":")[0] for line in _speaking(source)] == ["2", "3", "4", "5"]


def test_only_the_cli_imports_typer_or_rich_or_prints() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert CLI / "__init__.py" in modules and PACKAGE / "batch" / "__init__.py" in modules
    offences = {
        str(path.relative_to(PACKAGE)): found
        for path in modules
        if CLI not in path.parents and (found := _speaking(path.read_text(encoding="utf-8")))
    }
    assert offences == {}


# --- imports point down -----------------------------------------------------------------------

#: The package's floors, bottom first; a module may import from its own floor or one below, never
#: from above, and the modules' import graph has no loop. Names are relative to fazhi_report (a
#: package stands for all of its modules). The README's architecture section tells the same story.
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "foundations",
        (
            "__init__",
            "errors",
            "chars",
            "columns",
            "confine",
            "writing",
            "layout",
            "namespaces",
            "collector",
            "patterns",
            "fonts",
            "soffice",
        ),
    ),
    (
        "the facts model and the report's conventions",
        ("quantity", "values", "model", "schema", "conventions"),
    ),
    ("reading files", ("load", "ooxml")),
    (
        "rules",
        ("mandate", "catalogue", "indicators", "explain", "validate", "gates", "style", "punct"),
    ),
    ("facts assembled", ("enrich", "previous", "summary", "rollup", "facts")),
    ("templates", ("templating",)),
    ("the document tree", ("tree", "parse", "typeset")),
    ("writers and the audit", ("writers", "check")),
    ("the build", ("build", "scaffold")),
    ("the importer", ("importer",)),
    ("the batch engine", ("batch",)),
    ("commands", ("commands", "edit")),
    ("the command line", ("cli", "console", "__main__")),
)

#: Imports written inside functions, each for start-up speed (said in a comment beside it, or in
#: its function's docstring): module → the modules it imports late. tests/test_startup.py pins
#: what ``--help`` and ``validate`` load as a result.
START_UP: dict[str, set[str]] = {
    "batch.runner": {"importer", "writers.index", "writers.pdf"},
    "batch.work": {"build", "importer", "writers.index", "writers.pdf"},
    "build": {
        "writers.docx",
        "writers.html",
        "writers.markdown",
        "writers.pdf",
        "writers.summary.document",
    },
    "cli": {
        "columns",
        "commands.fonts",
        "cli.reporters",
        "check",
        "commands.build",
        "commands.check",
        "commands.importing",
        "commands.init",
        "commands.reference",
        "commands.summary",
        "commands.templates",
        "edit",
    },
    "cli.program": {"cli.messages"},
    "edit.opening": {"commands.importing", "importer"},
    "facts": {"rollup"},
    "schema": {"model"},
    "writers.summary": {
        "writers.docx",
        "writers.summary.document",
        "writers.summary.flat",
        "writers.summary.xlsx",
    },
}


@dataclass(frozen=True)
class Import:
    module: str  # importer, relative to the package root ("batch.work")
    target: str  # the module imported
    line: int
    late: bool  # inside a function
    typing_only: bool  # under ``if TYPE_CHECKING:``
    said: bool  # a comment or docstring beside it says why (start-up)


def _modules(package: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(package).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module ``name`` (dotted, relative to the package) is, or the package it is in."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(package: Path) -> list[Import]:
    modules = _modules(package)
    root = package.name
    found = []
    for module, path in modules.items():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        if module == "__init__":
            here = []
        for node, function, typing_only in _walk(tree, None, False):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here[: len(here) - node.level + 1] if node.level > 1 else here
                    start = ".".join([*base, *([node.module] if node.module else [])])
                elif node.module and (node.module == root or node.module.startswith(root + ".")):
                    start = node.module[len(root) + 1 :]
                else:
                    continue
                names = [f"{start}.{a.name}".strip(".") for a in node.names]
                targets = [n if n in modules else start for n in names]
            else:
                targets = [
                    a.name[len(root) + 1 :] for a in node.names if a.name.startswith(root + ".")
                ]
            said = _said(lines, node.lineno, function)
            for target in targets:
                resolved = _resolve(target, modules) or "__init__"
                if resolved != module:
                    late = function is not None
                    found.append(Import(module, resolved, node.lineno, late, typing_only, said))
    return found


def _walk(
    node: ast.AST, function: ast.AST | None, typing_only: bool
) -> Iterator[tuple[ast.Import | ast.ImportFrom, ast.AST | None, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, function, typing_only
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, child, typing_only)
        elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            yield from _walk(child, function, True)
        else:
            yield from _walk(child, function, typing_only)


def _said(lines: list[str], line: int, function: ast.AST | None) -> bool:
    """“start-up” in a comment on the import's line or the line above, or in the docstring of
    the function it is in."""
    near = " ".join(lines[max(line - 2, 0) : line])
    doc = ast.get_docstring(function) if isinstance(function, ast.FunctionDef) else None
    return "start-up" in near or "start-up" in (doc or "")


def _floor(module: str) -> int:
    top = module.split(".")[0]
    for number, (_, names) in enumerate(FLOORS):
        if top in names:
            return number
    raise AssertionError(f"{module} is on no floor: add it to FLOORS (and to the README)")


def _cycles(imports: list[Import]) -> list[list[str]]:
    """The loops of the import graph (its strongly connected components of two or more)."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.module, set()).add(imp.target)
    graph = {m: targets for m, targets in graph.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def layering_offences(package: Path) -> list[str]:
    """Every import that points up a floor, closes a loop, or is written inside a function for
    no stated start-up reason."""
    imports = _imports(package)
    offences = [
        f"{i.module}:{i.line} imports {i.target} from a floor above"
        for i in imports
        if _floor(i.target) > _floor(i.module)
    ]
    offences += [f"loop: {' ↔ '.join(loop)}" for loop in _cycles(imports)]
    for i in imports:
        if not i.late or i.typing_only:
            continue
        if i.target not in START_UP.get(i.module, set()):
            offences.append(f"{i.module}:{i.line} imports {i.target} inside a function")
        elif not i.said:
            offences.append(f"{i.module}:{i.line} late import of {i.target} says no reason")
    return offences


def test_imports_point_down_and_close_no_loop() -> None:
    assert layering_offences(PACKAGE) == []


def test_every_late_import_listed_is_still_there() -> None:
    """The START_UP list shrinks with the code: a late import made top-level is struck off."""
    late = {(i.module, i.target) for i in _imports(PACKAGE) if i.late and not i.typing_only}
    listed = {(module, target) for module, targets in START_UP.items() for target in targets}
    assert listed - late == set()


def _plant(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "fazhi_report"
    for name, text in {**dict.fromkeys(["__init__.py"], '"""x"""\n'), **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_planted_upward_import_is_found(tmp_path: Path) -> None:
    package = _plant(
        tmp_path,
        {"errors.py": "from .cli import app\n", "cli/__init__.py": "app = 1\n"},
    )
    assert layering_offences(package) == ["errors:1 imports cli from a floor above"]


def test_a_planted_upward_import_inside_a_function_is_found(tmp_path: Path) -> None:
    package = _plant(
        tmp_path,
        {
            "gates.py": "def f():\n    from .build import x  # start-up\n",
            "build.py": "x = 1\n",
        },
    )
    assert layering_offences(package) == [
        "gates:2 imports build from a floor above",
        "gates:2 imports build inside a function",
    ]


def test_a_planted_loop_on_one_floor_is_found(tmp_path: Path) -> None:
    package = _plant(
        tmp_path,
        {
            "validate.py": "from . import gates\n",
            "gates.py": "def f():\n    from . import validate\n",
        },
    )
    assert layering_offences(package) == [
        "loop: gates ↔ validate",
        "gates:2 imports validate inside a function",
    ]


def test_typing_only_imports_count_for_direction(tmp_path: Path) -> None:
    package = _plant(
        tmp_path,
        {
            "model.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .tree import T\n",
            "tree.py": "T = 1\n",
        },
    )
    assert layering_offences(package) == ["model:3 imports tree from a floor above"]
