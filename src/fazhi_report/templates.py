"""Stage 4, render: the chosen template + context → Markdown text.

Templates are found on an ordered search path (a user's folder first, then the built-ins), and the
built-ins are always reachable with the ``builtin:`` prefix, so a clerk's template can
``{% extends "builtin:official/report.md.j2" %}`` and override one block. Templates are untrusted:
sandboxed, ``StrictUndefined``, no file access outside their roots.
"""

from __future__ import annotations

import functools
import os
import re
import traceback
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from .errors import TemplateError
from .tree import chinese_number

ENTRY = "report.md.j2"
META = "template.yaml"
DEFAULT = "official"
BUILTIN_PREFIX = "builtin"


def builtin_root() -> Path:
    """Where the built-in templates live: inside the wheel, or the checkout's top-level folder."""
    packaged = resources.files("fazhi_report") / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    description: str
    folder: Path
    builtin: bool
    points_style: str = "一是"
    #: Facts keys the template's sections are built from; a build warns when one is empty.
    required: tuple[str, ...] = ()


def _read_meta(folder: Path, name: str, builtin: bool) -> TemplateInfo:
    meta: dict[str, Any] = {}
    meta_file = folder / META
    if meta_file.is_file():
        try:
            loaded = yaml.safe_load(meta_file.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
            raise TemplateError(f"模板说明文件无法读取：{exc}", template=str(meta_file)) from exc
        if isinstance(loaded, dict):
            meta = loaded
    return TemplateInfo(
        name=str(meta.get("名称", name)),
        description=str(meta.get("说明", "")),
        folder=folder,
        builtin=builtin,
        points_style=str(meta.get("要点风格", "一是")),
        required=tuple(str(k) for k in meta.get("必填") or ()),
    )


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
        folder = base / f"jinja-{jinja2.__version__}"
        folder.mkdir(parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # no home folder, or not writable: build without the cache
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


@functools.lru_cache(maxsize=16)
def make_environment(info: TemplateInfo) -> SandboxedEnvironment:
    """One environment per template and process: batches compile each template once."""
    root = builtin_root()
    # The template's own folder, then the built-ins by bare path, then the explicit "builtin:" prefix.
    search: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(info.folder)),
        jinja2.FileSystemLoader(str(root)),
        jinja2.PrefixLoader({BUILTIN_PREFIX: jinja2.FileSystemLoader(str(root))}, delimiter=":"),
    ]
    env = SandboxedEnvironment(
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
    return env


def render(info: TemplateInfo, context: dict[str, Any]) -> str:
    """Render the template's entry file to Markdown; errors name the template file and line."""
    env = make_environment(info)
    headings: dict[str, str] = context.get("章节标题") or {}
    context = {**context, "章节": lambda key, default: headings.get(key, default)}
    try:
        template = env.get_template(ENTRY)
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            f"模板语法错误：{exc.message}",
            template=exc.filename or exc.name or ENTRY,
            line=exc.lineno,
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"找不到模板文件 {exc.name}", template=str(info.folder)) from exc
    except jinja2.UndefinedError as exc:
        file, line = _template_frame(exc)
        raise TemplateError(
            f"模板使用了不存在的变量：{exc.message}", template=file, line=line
        ) from exc
    except jinja2.exceptions.SecurityError as exc:
        file, line = _template_frame(exc)
        raise TemplateError(f"模板执行了不允许的操作：{exc}", template=file, line=line) from exc
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ZeroDivisionError) as exc:
        file, line = _template_frame(exc)
        raise TemplateError(f"模板渲染失败：{exc}", template=file, line=line) from exc


def _template_frame(exc: BaseException) -> tuple[str, int | None]:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or (
            "template" in frame.filename and frame.filename.endswith(".md")
        ):
            return frame.filename, frame.lineno
    return ENTRY, None
