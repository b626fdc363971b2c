"""Helpers the test modules share: a small valid facts file, renders in a fresh interpreter, and
parsing a command line as the CLI would."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

#: The three keys every facts file needs; tests append what they are about.
MINIMAL = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"


def write_facts(folder: Path, extra: str = "", name: str = "f.yaml") -> Path:
    """``MINIMAL`` + ``extra`` as a facts file in ``folder``."""
    path = folder / name
    path.write_text(MINIMAL + extra, encoding="utf-8")
    return path


# Runs in a new interpreter: imports ``module:function`` (a function returning documents by
# name), renders each in every format and prints the bytes as JSON.
_RENDER = """\
import base64, importlib, json, sys
from fazhi_report.writers.docx import render_docx
from fazhi_report.writers.html import render_html
from fazhi_report.writers.markdown import render_markdown
module, _, function = sys.argv[1].partition(":")
documents = getattr(importlib.import_module(module), function)()
out = {
    name: {
        "docx": render_docx(document),
        "html": render_html(document).encode("utf-8"),
        "md": render_markdown(document).encode("utf-8"),
    }
    for name, document in documents.items()
}
print(json.dumps({n: {f: base64.b64encode(b).decode() for f, b in r.items()} for n, r in out.items()}))
"""


@cache
def render_in_new_process(factory: str, hash_seed: int) -> dict[str, dict[str, bytes]]:
    """Every format of every document ``factory`` makes, rendered by another Python process.

    Determinism tests compare two of these: a render that depends on the process (string
    hashing and so set order, a module-level cache) shows up as different bytes, which two
    renders in one process would hide. Each process gets its own ``PYTHONHASHSEED``.
    """
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed)}
    done = subprocess.run(
        [sys.executable, "-c", _RENDER, factory],
        capture_output=True,
        check=False,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    rendered = json.loads(done.stdout)
    return {
        name: {fmt: base64.b64decode(data) for fmt, data in formats.items()}
        for name, formats in rendered.items()
    }


def parse_cli(argv: list[str]) -> dict[str, Any]:
    """Parse ``argv`` exactly as the CLI would, down to the subcommand; return its parameters.

    Raises Click's usage error on an unknown option, a missing argument or a bad value.
    """
    import typer

    from fazhi_report.cli import app

    command: Any = typer.main.get_command(app)
    name, args, parent = "fazhi-report", list(argv), None
    while True:
        ctx = command.make_context(name, args, parent=parent)
        if not hasattr(command, "resolve_command"):
            return dict(ctx.params)
        protected = getattr(ctx, "_protected_args", None)
        if protected is None:
            protected = getattr(ctx, "protected_args", [])
        rest = [*protected, *ctx.args]
        assert rest, f"no subcommand in {argv}"
        name, command, args = command.resolve_command(ctx, rest)
        parent = ctx
