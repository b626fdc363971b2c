"""Running the program: the app with only the command a run names, the one error and exit-code
ending (usage errors in Chinese, closed or broken streams), and the installed command's quick
exit. The commands themselves are declared in :mod:`fazhi_report.cli`."""

from __future__ import annotations

import atexit
import contextlib
import inspect
import os
import sys
from collections.abc import Sequence

import typer
from typer.main import get_command_name
from typer.models import CommandInfo, TyperInfo

from . import _APP, app, streams


def _tolerant_streams() -> None:
    # A Windows console or a redirected file may be GBK: a character it cannot hold (✓, ✗)
    # is shown as "?" rather than ending the run with an encoding traceback.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a stream closed under us
                reconfigure(errors="replace")


def main(*, exit_now: bool = False) -> None:
    """Entry point: runs the app so that even usage errors reach the user in Chinese, and ends
    cleanly whatever became of standard output and error (:mod:`.streams`).

    ``exit_now`` (the installed command, :func:`entry`): once the work is done and the output
    flushed, the process ends without Python's teardown — collecting every module's objects at
    exit costs a build as much as its own work (~50 ms), and nothing is left to finalise: files
    are written and closed atomically, a batch's pool is shut down and its staging removed before
    the command returns. In-process callers (tests) get ``SystemExit`` as usual.
    """
    # No third-party pydantic plugin has any business watching a clerk's facts being validated,
    # and looking for them (an entry-point scan of every installed package) costs each run ~15 ms.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    out, err = streams.guard()
    _tolerant_streams()
    try:
        code = streams.settle(_run(), out, err)
    finally:
        streams.restore(out, err)
    if exit_now:
        # What registered to run at exit still runs (the bundle's module log, a library's own
        # clean-up); only the collection of every module's objects is skipped.
        atexit._run_exitfuncs()
        _flush()
        os._exit(code)
    sys.exit(code)


def entry() -> None:
    """The installed ``fazhi-report`` command (and ``python -m fazhi_report``), through
    :mod:`fazhi_report.console`."""
    main(exit_now=True)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        # closed or full: streams.settle has said what it could
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


def for_command(args: Sequence[str]) -> typer.Typer:
    """The app a run needs: typer builds every registered command's options before it runs one,
    so a run pays only for its own. With the command named, the app holds that command alone;
    otherwise (the program's own help, no command, an unknown one) it holds every command as
    the list of commands shows it, by name and help, without their options."""
    name = next((arg for arg in args if not arg.startswith("-")), None)
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        commands = [_listed(c) for c in app.registered_commands]
        groups = [_listed_group(g) for g in app.registered_groups]
    lean = typer.Typer(**_APP)
    lean.registered_callback = app.registered_callback
    lean.registered_commands = commands
    lean.registered_groups = groups
    return lean


def _listed(info: CommandInfo) -> CommandInfo:
    """A command as the list shows it: its name and help, no options to build."""
    return CommandInfo(
        _command_name(info),
        cls=info.cls,
        callback=_listed_only,
        help=info.help or inspect.getdoc(info.callback),
        short_help=info.short_help,
        hidden=info.hidden,
    )


def _listed_group(info: TyperInfo) -> TyperInfo:
    group = typer.Typer()
    assert isinstance(info.typer_instance, typer.Typer)
    group.info = info.typer_instance.info  # its help and settings; no commands to build
    return TyperInfo(group, name=info.name)


def _listed_only() -> None:
    """Never run: an app of listed commands only shows them, or says a name is unknown."""


def _command_name(info: CommandInfo) -> str:
    return info.name or get_command_name(info.callback.__name__ if info.callback else "")


def _run() -> int:
    """The command's exit code."""
    from typer.main import get_command

    command = get_command(for_command(sys.argv[1:]))
    try:
        code = command.main(prog_name="fazhi-report", standalone_mode=False)
    except typer.Abort:
        typer.echo("已中断。", err=True)
        return 130
    except typer.TyperException as exc:
        context = getattr(exc, "ctx", None)
        if context is not None and exc.exit_code == 2 and type(exc).__name__ == "NoArgsIsHelpError":
            typer.echo(context.get_help())
            return 0
        from .messages import usage_message  # start-up: only a usage error needs it

        typer.echo(f"错误：{usage_message(exc.format_message())}", err=True)
        if context is not None:
            typer.echo(f"  提示：运行 `{context.command_path} --help` 查看用法。", err=True)
        return exc.exit_code
    return code if isinstance(code, int) else 0
