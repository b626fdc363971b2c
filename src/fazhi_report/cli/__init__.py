"""The command line: parses arguments, calls one function of :mod:`fazhi_report.commands` per
command, maps errors to exit codes in one place (:func:`_handled`). Exit codes: 0 ok, 1 bad input
or failed check, 2 usage.

The CLI is the only part of fazhi-report that prints: :mod:`.reporters` shows a batch's progress
and summary, :mod:`.messages` puts Click's usage errors into Chinese; every other error reads as
:func:`errors.describe` says. Each command's module is imported inside its function: ``--help``
and ``validate`` pay only for what they use (tests/test_startup.py pins it). Running the program
(the entry point, the one-command app, the ending) is :mod:`.program`'s."""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .. import __version__
from ..errors import BatchFailed, CheckFailed, FazhiError, describe
from .helptext import ChineseCommand, ChineseGroup
from .options import (
    DraftOption,
    FilesArg,
    JobsOption,
    RootOption,
    StrictCheckOption,
    StrictOption,
    parse_years,
    years_option,
)

#: The program's settings, for the whole app and for the one-command app a run builds (see _run).
_APP: dict[str, Any] = {
    "cls": ChineseGroup,
    "name": "fazhi-report",
    "help": "法治政府建设年度报告生成工具：由一年的事实（YAML）生成符合 GB/T 9704-2012 的报告（.docx）。",
    "epilog": "fazhi-report init 2025.yaml\nfazhi-report build 2025.yaml",
    "no_args_is_help": True,
    "add_completion": False,
    "pretty_exceptions_enable": False,
    "rich_markup_mode": None,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**_APP)
templates_app = typer.Typer(
    cls=ChineseGroup,
    help="查看、导出和检查模板。",
    epilog="fazhi-report templates list\nfazhi-report templates export official 我的模板",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(templates_app, name="templates")

_state = {"debug": False}

F = TypeVar("F", bound=Callable[..., Any])


def _handled(func: F) -> F:
    """The one place where errors become messages and exit codes; no traceback reaches a user."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except KeyboardInterrupt:
            typer.echo("已中断。", err=True)
            raise typer.Exit(130) from None
        except Exception as exc:
            if _state["debug"]:
                traceback.print_exc()
            # A bug's text already says 内部错误; the clerk's own errors read 错误：….
            code, prefix = (exc.exit_code, "错误：") if isinstance(exc, FazhiError) else (1, "")
            message = describe(exc)
            if message:
                typer.echo(prefix + message, err=True)
            raise typer.Exit(code) from None

    return wrapper  # type: ignore[return-value]


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"fazhi-report {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    debug: Annotated[
        bool, typer.Option("--debug", help="出错时显示完整的调试信息（给维护人员）。")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="显示版本号。", callback=_show_version, is_eager=True),
    ] = False,
) -> None:
    _state["debug"] = debug


@app.command(
    cls=ChineseCommand,
    epilog="fazhi-report build 2025.yaml"
    "\nfazhi-report build 各单位/ -o 报告/ -f docx,html --edition 报送版,公开版",
)
@_handled
def build(
    files: FilesArg,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="输出文件或文件夹；默认与事实文件同一文件夹，以报告标题命名。"
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "-t", "--template", help="模板名称（official/huanzhu/beishan/shezhu）或模板文件夹。"
        ),
    ] = None,
    formats: Annotated[
        str, typer.Option("-f", "--format", help="输出格式，逗号分隔：docx,html,md,pdf。")
    ] = "docx",
    jobs: Annotated[int | None, JobsOption] = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="只校验全部事实文件，不写文件。")
    ] = False,
    draft: Annotated[bool, DraftOption] = False,
    strict: Annotated[bool, StrictOption] = False,
    pdfa: Annotated[
        bool,
        typer.Option("--pdfa", help="PDF 按 PDF/A-2b 生成（嵌入全部字体，供存档）。"),
    ] = False,
    root: Annotated[Path | None, RootOption] = None,
    edition: Annotated[
        str | None,
        typer.Option(
            "--edition",
            help="版本：报送版（版头、签发人、版记）或公开版（无红头和签发人，标题下印发文字号），"
            "两个都要写“报送版,公开版”；默认 .docx、.pdf、.md 为报送版，.html 为公开版。",
        ),
    ] = None,
) -> None:
    """由事实文件生成报告（默认 .docx，写在事实文件旁，以报告标题命名）。"""
    from ..commands.build import build as run_build  # start-up
    from .reporters import Watcher  # start-up: batch and rich for commands over files

    run_build(
        files,
        Watcher(),
        output=output,
        template=template,
        formats=formats,
        jobs=jobs,
        check_only=check_only,
        draft=draft,
        strict=strict,
        pdfa=pdfa,
        root=root,
        editions=edition,
    )


@app.command(
    cls=ChineseCommand,
    epilog="fazhi-report validate 2025.yaml\nfazhi-report validate 各单位/ --strict",
)
@_handled
def validate(
    files: FilesArg,
    draft: Annotated[bool, DraftOption] = False,
    strict: Annotated[bool, StrictCheckOption] = False,
    root: Annotated[Path | None, RootOption] = None,
) -> None:
    """校验事实文件：做生成报告时的全部检查，列出全部错误和警告，但不写文件。"""
    from ..commands.build import validate as run_validate  # start-up
    from .reporters import Watcher  # start-up: batch and rich for commands over files

    run_validate(files, Watcher(), draft=draft, strict=strict, root=root)


@app.command(
    "import",
    cls=ChineseCommand,
    epilog="fazhi-report import 2024年报告.docx\nfazhi-report import 各单位报告/ -o 事实文件/",
)
@_handled
def import_(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="报告或文件夹",
            help="已有的报告（.docx、.doc、.wps、.txt、.md）或包含报告的文件夹，可多个。",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="输出的事实文件（.yaml）或文件夹；默认与报告同一文件夹，名为“报告文件名.yaml”。",
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "-t",
            "--template",
            help="模板：不写时自动选用与原文结构最接近的内置模板；也可指定 official/huanzhu/beishan/shezhu 或模板文件夹。",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的同名事实文件。")] = False,
    jobs: Annotated[int | None, JobsOption] = None,
) -> None:
    """把已有的报告（.docx、.doc、.wps 或文字稿）导入为事实文件。"""
    from ..commands.importing import import_reports  # start-up
    from .reporters import Watcher  # start-up: batch and rich for commands over files

    import_reports(files, Watcher(), output=output, template=template, force=force, jobs=jobs)


@app.command(
    cls=ChineseCommand,
    epilog="fazhi-report init 2025.yaml\nfazhi-report init 2026.yaml --from 2025.yaml",
)
@_handled
def init(
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="文件",
            help="要创建的事实文件；不写时为“年度.yaml”（如 2025.yaml）。",
            show_default=False,
        ),
    ] = None,
    from_last: Annotated[
        Path | None,
        typer.Option("--from", help="以上一年度的事实文件为底稿（年度、成文日期顺延一年）。"),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="报告年度；不写时取文件名中的年份（2025.yaml），"
            "再不然是接下来要写的那份（10 月起为当年，此前为上一年）。",
            min=2004,
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="覆盖已存在的同名文件；在独立版的程序文件夹中也写入。"),
    ] = False,
) -> None:
    """生成一份带注释的事实文件样例（可直接校验和生成）。"""
    from ..commands.init import init as create  # start-up

    created = create(file, from_last=from_last, force=force, year=year)
    for warning in created.warnings:
        typer.echo(f"警告：{warning.render()}", err=True)
    typer.echo(
        f"已创建 {created.path}（{created.year} 年度）；"
        f"修改其中的内容后运行：fazhi-report build {created.path}"
    )


@app.command(
    cls=ChineseCommand,
    epilog="fazhi-report edit 2025.yaml\nfazhi-report edit 2024年报告.docx --no-browser",
)
@_handled
def edit(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="文件",
            help="事实文件（.yaml；不存在时以 init 的样例新建），或已有的报告（.docx 等，先导入）。",
        ),
    ],
    port: Annotated[
        int | None,
        typer.Option("--port", help="端口（默认自动选择空闲端口）。", min=1, max=65535),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="不自动打开浏览器，只显示页面地址。")
    ] = False,
) -> None:
    """在浏览器中以表单填写事实文件，旁边即时显示报告。"""
    from ..edit import start  # start-up: a web server only for edit

    editor = start(file, port=port)
    for note in editor.notes:
        typer.echo(note)
    typer.echo(f"编辑页面：{editor.url}")
    typer.echo("（只有本机能访问；按 Ctrl+C 或点击页面上的“关闭”结束）")
    if not no_browser:
        import webbrowser

        if not webbrowser.open(editor.url):
            typer.echo("未能自动打开浏览器，请把上面的地址复制到浏览器的地址栏中。")
    try:
        editor.serve()
    except KeyboardInterrupt:
        pass
    finally:
        editor.close()
    typer.echo("编辑页面已关闭。")


@app.command(cls=ChineseCommand, epilog="fazhi-report schema -o 事实文件.schema.json")
@_handled
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="写入文件（默认输出到屏幕）。")
    ] = None,
) -> None:
    """输出事实文件的 JSON Schema（供编辑器自动补全和校验）。"""
    from ..commands.reference import schema as schema_text  # start-up

    text = schema_text(output)
    if text is not None:
        sys.stdout.write(text)
    else:
        typer.echo(f"已写入 {output}")


@app.command(
    cls=ChineseCommand, epilog="fazhi-report check 报告.docx\nfazhi-report check 报告.docx --json"
)
@_handled
def check(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="报告", help="要检查的 .docx 报告（本工具生成的或手工排版的均可）。"
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出（供 CI 使用）。")] = False,
    template: Annotated[
        str | None,
        typer.Option(
            "-t",
            "--template",
            help="按此模板的样式检查字体（默认按文档中声明的样式或标准默认值）。",
        ),
    ] = None,
) -> None:
    """按 GB/T 9704-2012 和年度报告的法定内容检查任意 .docx。"""
    from ..check import render_json, render_text  # start-up
    from ..commands.check import check as audit  # start-up

    report = audit(file, template)
    typer.echo(render_json(report) if as_json else render_text(report))
    if not report.ok:
        raise CheckFailed([r.id for r in report.failed])


@app.command(
    cls=ChineseCommand, epilog="fazhi-report indicators\nfazhi-report indicators --area 执法"
)
@_handled
def indicators(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
    area: Annotated[
        str | None, typer.Option("--area", help="只列出一个领域的指标，如“执法”。")
    ] = None,
) -> None:
    """列出标准指标目录（名称、别名、单位、类型、领域、所属总数和能否相加）。"""
    from ..commands.reference import indicators as listing  # start-up

    sys.stdout.write(listing(area, as_json=as_json))


@app.command("fonts", cls=ChineseCommand, epilog="fazhi-report fonts")
@_handled
def fonts_() -> None:
    """列出报告用到的字体：本机是否安装，生成 PDF 时用什么字体代替。"""
    from ..columns import plain_table  # start-up
    from ..commands.fonts import fonts  # start-up

    shown = fonts()
    typer.echo("\n".join([*plain_table(shown.rows), "", *shown.hints]))


@app.command(
    cls=ChineseCommand,
    epilog="fazhi-report summary 各单位/ -o 汇总.xlsx\n"
    "fazhi-report summary 各单位/ -o 汇总.xlsx --years 2025",
)
@_handled
def summary(
    files: FilesArg,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="汇总表文件：.xlsx、.csv、.html 或 .docx（GB/T 9704 版式的附表）。",
        ),
    ],
    title: Annotated[
        str | None,
        typer.Option("--title", help="汇总表标题（默认“各单位X年度法治政府建设主要数据汇总表”）。"),
    ] = None,
    draft: Annotated[bool, DraftOption] = False,
    years: Annotated[
        str | None,
        typer.Option(
            "--years",
            callback=years_option,
            help="只汇总这些年度的文件，如 2025；写几个年度（2024,2025）时把它们的数字加在一起。"
            "不写时各文件须是同一年度。",
        ),
    ] = None,
    merge_units: Annotated[
        bool,
        typer.Option(
            "--merge-units",
            help="把同类单位（“场”与“次”、“件”与“起”等，见 indicators）的数字相加；"
            "不写时单位不同的不合计。",
        ),
    ] = False,
    root: Annotated[Path | None, RootOption] = None,
) -> None:
    """汇总各单位的事实文件：每个单位一行、每项数据一列，最后一行为合计。"""
    from ..commands.summary import run_summary  # start-up
    from .reporters import Watcher  # start-up: batch and rich for commands over files

    result = run_summary(
        files,
        output,
        Watcher(),
        title=title,
        draft=draft,
        years=parse_years(years),
        merge_units=merge_units,
        root=root,
    )
    for path, message in result.problems:
        typer.echo(f"错误：{path}：{message}", err=True)
    typer.echo(f"已写入 {result.written}（{result.units} 个单位）")
    for line in _left_out(result):
        typer.echo(f"注意：{line}", err=True)
    if result.problems:
        raise BatchFailed(len(result.problems), result.units + len(result.problems))


def _left_out(result: Any) -> list[str]:
    """What the summary's 合计 did not add, and why (the 说明 sheet says it too)."""
    lines = [f"“{column}”：{why}" for column, why in result.left_out]
    if result.other_years:
        files = "、".join(f"{path}（{year}年度）" for path, year in result.other_years)
        lines.append(f"按 --years 未汇总 {len(result.other_years)} 个文件：{files}")
    if result.years_added:
        years = "、".join(map(str, result.years_added))
        lines.append(f"合计把 {years} 这几个年度的数字加在了一起（--years）")
    return lines


@templates_app.command("list", cls=ChineseCommand, epilog="fazhi-report templates list")
@_handled
def templates_list() -> None:
    """列出内置模板。"""
    from ..commands.templates import listing  # start-up

    for info in listing():
        typer.echo(f"{info.name:<10}{info.description}")


@templates_app.command("show", cls=ChineseCommand, epilog="fazhi-report templates show official")
@_handled
def templates_show(
    name: Annotated[str, typer.Argument(metavar="模板", help="模板名称。")],
) -> None:
    """显示模板的源文件。"""
    from ..commands.templates import source  # start-up

    sys.stdout.write(source(name))


@templates_app.command(
    "export", cls=ChineseCommand, epilog="fazhi-report templates export official 我的模板"
)
@_handled
def templates_export(
    name: Annotated[str, typer.Argument(metavar="模板", help="内置模板名称。")],
    folder: Annotated[
        Path,
        typer.Argument(metavar="文件夹", help="导出到的文件夹（随后可用 --template 该文件夹）。"),
    ],
) -> None:
    """把内置模板复制到一个文件夹，以便修改。"""
    from ..commands.templates import export  # start-up

    target = export(name, folder)
    typer.echo(f"已导出到 {target}；修改后用 fazhi-report build 事实.yaml --template {target}")


@templates_app.command(
    "check",
    cls=ChineseCommand,
    epilog="fazhi-report templates check 我的模板\n"
    "fazhi-report templates check 我的模板 2025.yaml 乙镇.yaml",
)
@_handled
def templates_check(
    template: Annotated[str, typer.Argument(metavar="模板", help="模板文件夹或内置模板名称。")],
    facts: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="事实文件",
            help="用来检查的事实文件，可多个（默认：全部示例）。",
            show_default=False,
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option("--time-limit", help="每次渲染的时限（秒），默认 5 秒。", min=0.001),
    ] = None,
) -> None:
    """用事实文件试生成报告，检查模板：模板错误、空标题、漏印的法定内容、没用到的事实。"""
    from ..commands.templates import run_templates_check  # start-up

    report = run_templates_check(template, facts or [], time_limit)
    for line in report.lines():
        typer.echo(line)
    if report.errors:
        raise CheckFailed([f.text for r in report.files for f in r.findings if f.error])
