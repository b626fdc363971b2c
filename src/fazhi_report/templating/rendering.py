"""Stage 4, render: the chosen template + context → Markdown text.

One Jinja environment per template: its own folder first, then the built-ins by bare path, and
the built-ins always reachable with the ``builtin:`` prefix, so a clerk's template can
``{% extends "builtin:official/report.md.j2" %}`` and override one block. Templates are
untrusted: sandboxed with a budget of time and memory (:mod:`.sandbox`), ``StrictUndefined``, no
file access outside their roots, compiled code cached on disk. Facts print Markdown-safe
(:func:`md_escape`); the filters 要点/一是/第一/句/md write points and run-in leads. Every failure
is a :class:`~fazhi_report.errors.TemplateError` naming the template file and line.
"""

from __future__ import annotations

import functools
import os
import traceback
from pathlib import Path
from typing import Any

import jinja2

from ..conventions import chinese_number
from ..errors import TemplateError
from ..patterns import lazy
from . import sandbox
from .budget import LimitExceeded, active_tracker
from .lookup import BUILTIN_PREFIX, ENTRY, TemplateInfo, builtin_root, shown
from .sandbox import LimitedEnvironment

# --- Markdown-safe output -----------------------------------------------------------------------

_MD_SPECIAL = lazy(r"([\\`*_{}\[\]<>()#+\-.!|~])")


class Md(str):
    """Text already in Markdown: the finalizer leaves it alone."""


def md_escape(value: Any) -> str:
    """Facts are data: every ASCII mark Markdown could read is escaped, so it prints literally."""
    if isinstance(value, Md):
        return value
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\r", "").replace("\n", ""))


def _ensure_end(text: str) -> str:
    return (
        text if text.endswith(("。", "；", "！", "？", "：", ".", ";", "!", "?")) else text + "。"
    )


def join_points(points: list[str], style: str = "一是") -> Md:
    """Points as one run of prose: “一是…。二是…。” or “第一，…。第二，…。”."""
    out = []
    for i, point in enumerate(points):
        label = chinese_number(i + 1)
        prefix = f"{label}是" if style == "一是" else f"第{label}，"
        out.append(prefix + md_escape(_ensure_end(point)))
    return Md("".join(out))


def sentence(text: str) -> Md:
    """A title used as a run-in lead: “落实责任” → “落实责任。”."""
    return Md(md_escape(_ensure_end(text)))


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates cached on disk: a one-report build skips Jinja's compile step.

    Entries are keyed by template name and source checksum, so an edited template is recompiled.
    ``FAZHI_REPORT_CACHE=off`` disables it; an unwritable cache folder silently means no cache.
    """
    setting = os.environ.get("FAZHI_REPORT_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    try:
        home_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = Path(setting) if setting else Path(home_cache) / "fazhi-report"
        # The compiled code carries the sandbox's budget hooks: a cache written by a version
        # without them (or with others) must never be loaded, so the hooks' version names it.
        folder = base / f"jinja-{jinja2.__version__}-{sandbox.HOOKS_VERSION}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, or not writable: build without the cache
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


@functools.lru_cache(maxsize=16)
def make_environment(info: TemplateInfo) -> LimitedEnvironment:
    """One environment per template and process: batches compile each template once."""
    root = builtin_root()
    # The template's own folder, then the built-ins by bare path, then the explicit "builtin:" prefix.
    search: list[jinja2.BaseLoader] = [
        sandbox.bounded_loader(str(info.folder)),
        sandbox.bounded_loader(str(root)),
        jinja2.PrefixLoader({BUILTIN_PREFIX: sandbox.bounded_loader(str(root))}, delimiter=":"),
    ]
    env = LimitedEnvironment(
        loader=jinja2.ChoiceLoader(search),
        undefined=jinja2.StrictUndefined,
        finalize=md_escape,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["要点"] = lambda points, style=info.points_style: join_points(list(points), style)
    env.filters["一是"] = lambda points: join_points(list(points), "一是")
    env.filters["第一"] = lambda points: join_points(list(points), "第一")
    env.filters["句"] = sentence
    env.filters["md"] = Md
    env.guard_filters()
    return env


def render(info: TemplateInfo, context: dict[str, Any]) -> str:
    """Render the template's entry file to Markdown within the sandbox's limits.

    Every failure is a :class:`TemplateError` naming the template file and line, whatever the
    template did: a syntax error, an unknown variable, a refused operation, a limit passed,
    runaway recursion.
    """
    env = make_environment(info)
    headings: dict[str, str] = context.get("章节标题") or {}
    tracker = active_tracker()

    def section(key: str, default: str) -> str:
        if tracker is not None:
            tracker.resolve(f"章节标题.{key}")
        return headings.get(key, default)

    context = {**context, "章节": section}
    try:
        template = env.get_template(ENTRY)
        return sandbox.render_limited(template, context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板语法错误：{exc.message}",
            template=shown(exc.filename or exc.name or ENTRY),
            line=exc.lineno,
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"找不到模板文件 {exc.name}", template=str(info.folder)) from exc
    except TemplateError:  # the loader's own refusal (a file outside the template's folder)
        raise
    except Exception as exc:
        # Everything else a template can cause while it runs; a user's template is code we do
        # not control, so no exception from it may surface as an internal error.
        raise _runtime_error(exc) from exc


def _runtime_error(exc: Exception) -> TemplateError:
    file, line = _template_frame(exc)
    if line is None and isinstance(exc, LimitExceeded) and exc.location:
        file, line = shown(exc.location[0]), exc.location[1]
    if isinstance(exc, jinja2.UndefinedError):
        message = f"模板使用了不存在的变量：{exc.message}"
    elif isinstance(exc, jinja2.exceptions.SecurityError):
        message = f"模板执行了不允许的操作：{exc}"
    elif isinstance(exc, LimitExceeded):
        message = f"{exc}（渲染已停止）"
    elif isinstance(exc, RecursionError):
        message = "模板的宏或包含关系无限递归（调用层次过深）"
    elif isinstance(exc, MemoryError):
        message = "模板生成的内容过多，内存不足"
    else:
        message = f"模板渲染失败：{exc}"
    return TemplateError(message, template=file, line=line)


def _template_frame(exc: BaseException) -> tuple[str, int | None]:
    # The innermost frame in a template file: Jinja rewrites tracebacks to name the template
    # file and line; for a runaway recursion that is where it was still recursing.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or (
            "template" in frame.filename and frame.filename.endswith(".md")
        ):
            return shown(frame.filename), frame.lineno
    return ENTRY, None
