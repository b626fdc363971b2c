"""Stage 4, render: the chosen template + context → Markdown text.

Templates are found on an ordered search path (a user's folder first, then the built-ins), and the
built-ins are always reachable with the ``builtin:`` prefix, so a clerk's template can
``{% extends "builtin:official/report.md.j2" %}`` and override one block. Templates are untrusted:
sandboxed with a budget of time and memory (:mod:`.sandbox`), ``StrictUndefined``, no
file access outside their roots. A template's ``template.yaml`` is read with the facts loader, so
its mistakes are located like a facts file's, and its ``样式`` block checked (:mod:`fazhi_report.style`).
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from ..errors import FactsError, InputFileError, Problem, TemplateError
from ..load import Source, read_source
from ..schema import allowed_keys
from ..style import DEFAULT as DEFAULT_STYLE
from ..style import Style, Where, merge_styles, parse_style
from ..tree import chinese_number
from . import sandbox
from .budget import LimitExceeded, active_tracker
from .sandbox import LimitedEnvironment

ENTRY = "report.md.j2"
META = "template.yaml"
DEFAULT = "official"
BUILTIN_PREFIX = "builtin"


def builtin_root() -> Path:
    """Where the built-in templates live: inside the wheel, or the checkout's top-level folder."""
    packaged = resources.files("fazhi_report") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "templates"


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str
    folder: Path
    builtin: bool
    #: Facts keys the template's sections are built from; a build warns when one is empty.
    required: tuple[str, ...] = ()
    #: The template's 样式: fonts, forms and the points style (layout's defaults when empty).
    style: Style = DEFAULT_STYLE

    @property
    def points_style(self) -> str:
        return self.style.points


_META_KEYS = ("名称", "说明", "必填", "样式", "要点风格")


def _read_meta(folder: Path, name: str, builtin: bool) -> TemplateInfo:
    """The template's ``template.yaml``, checked: every problem located as ``文件:行:列``."""
    meta_file = folder / META
    if not meta_file.is_file():
        return TemplateInfo(name=name, description="", folder=folder, builtin=builtin)
    source = _load_meta(meta_file)
    data = source.data

    def problem(path: Where, message: str, hint: str | None, *, key: bool = False) -> Problem:
        return source.problem(path, message, hint, key=key)

    problems = list(source.problems)
    for key in data:
        if key not in _META_KEYS:
            close = difflib.get_close_matches(str(key), _META_KEYS, n=1, cutoff=0.4)
            hint = f"您是否想写“{close[0]}”？" if close else "可用的键：" + "、".join(_META_KEYS)
            problems.append(source.problem((key,), f"未知的键“{key}”", hint, key=True))
    style, style_problems = parse_style(data.get("样式"), problem)
    # 要点风格 was a top-level key before 样式 existed; it still works there.
    legacy, legacy_problems = parse_style(
        {"要点风格": data["要点风格"]} if "要点风格" in data else None, problem, ()
    )
    required, required_problems = _required(data.get("必填"), problem)
    problems += style_problems + legacy_problems + required_problems
    for key in ("名称", "说明"):
        if key in data and not isinstance(data[key], str):
            problems.append(problem((key,), f"“{key}”应是一行文字", None))
    if problems:
        raise _meta_error([p.render() for p in sorted(problems)])
    return TemplateInfo(
        name=str(data.get("名称") or name),
        description=str(data.get("说明") or ""),
        folder=folder,
        builtin=builtin,
        required=required,
        style=merge_styles(legacy, style),
    )


def _load_meta(meta_file: Path) -> Source:
    # The facts loader: positions for every value, every scalar kept as typed, hostile input
    # bounded. Its errors speak of a 事实文件; here the file is the template's description.
    try:
        return read_source(Path(shown(meta_file)))
    except FactsError as exc:
        raise _meta_error([p.render() for p in exc.problems]) from None
    except InputFileError as exc:
        raise TemplateError(f"模板说明文件无法读取：{exc.message}") from None


def _meta_error(problems: list[str]) -> TemplateError:
    error = TemplateError(f"模板说明文件有 {len(problems)} 处问题：\n" + "\n".join(problems))
    error.hint = None  # each problem carries its own hint (the allowed values, a likely key)
    return error


def _required(
    value: Any, problem: Callable[[Where, str, str | None], Problem]
) -> tuple[tuple[str, ...], list[Problem]]:
    """必填: the facts keys whose absence a build warns about; each must be a facts key."""
    if value is None or value == "":
        return (), []
    if not isinstance(value, list):
        return (), [problem(("必填",), "“必填”应是列表，如 [主要举措, 问题]", None)]
    keys = allowed_keys(())
    problems = []
    for i, key in enumerate(value):
        if key not in keys:
            close = difflib.get_close_matches(str(key), keys, n=1, cutoff=0.4)
            hint = f"您是否想写“{close[0]}”？" if close else None
            problems.append(problem(("必填", i), f"“{key}”不是事实文件的键", hint))
    return tuple(str(k) for k in value), problems


def list_builtin() -> list[TemplateInfo]:
    root = builtin_root()
    names = sorted(p.name for p in root.iterdir() if (p / ENTRY).is_file())
    # official first: it is the default and the one that follows the mandate.
    names.sort(key=lambda n: n != DEFAULT)
    return [_read_meta(root / n, n, True) for n in names]


def find_template(spec: str | None, *bases: Path) -> TemplateInfo:
    """``spec`` is a built-in name or a folder; a relative folder is looked for in each of
    ``bases`` in turn (the CLI passes the working folder, then the facts file's folder)."""
    spec = spec or DEFAULT
    root = builtin_root()
    if "/" not in spec and "\\" not in spec and (root / spec / ENTRY).is_file():
        return _read_meta(root / spec, spec, True)
    given = Path(spec).expanduser()
    candidates = (
        [given] if given.is_absolute() else [base / given for base in bases or (Path.cwd(),)]
    )
    for folder in candidates:
        if folder.is_dir() and (folder / ENTRY).is_file():
            return _read_meta(folder, folder.name, False)
    for folder in candidates:
        if folder.is_dir():
            raise TemplateError(f"文件夹 {folder} 中没有 {ENTRY}", template=spec)
    names = "、".join(t.name for t in list_builtin())
    raise TemplateError(f"找不到模板“{spec}”（内置模板：{names}；也可指定含 {ENTRY} 的文件夹）")


# --- Markdown-safe output -----------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


class Md(str):
    """Text already in Markdown: the finalizer leaves it alone."""


def md_escape(value: Any) -> str:
    """Facts are data: every ASCII mark Markdown could read is escaped, so it prints literally."""
    if isinstance(value, Md):
        return value
    text = "" if value is None else str(value)
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\r", "").replace("\n", ""))


_ORDINALS = "一二三四五六七八九十"


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


def shown(path: str | Path) -> str:
    """A template file's path as messages show it: relative to the working folder when inside
    it, as the clerk typed it (``我的模板/report.md.j2``), else in full."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
