"""Only the CLI talks to the clerk: ``typer``, ``rich`` and printing appear in fazhi_report/cli/
alone. The core returns data (rows, skipped files, rule results) and raises errors; the CLI shows
them. Code is scanned token by token, so a word in a docstring or a comment does not count."""

from __future__ import annotations

import io
import tokenize

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
