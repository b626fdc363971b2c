"""Finding a template, and reading what its ``template.yaml`` says about it.

Templates are found on an ordered search path (a user's folder first, then the built-ins, which
live inside the wheel or at the checkout's top level). A template's ``template.yaml`` is read with
the facts loader, so its mistakes are located like a facts file's, and its ``样式`` block checked
(:mod:`fazhi_report.style`). The result is a :class:`TemplateInfo`, which
:mod:`.rendering` renders.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from msgspec import Struct

from ..confine import outside, real, within
from ..errors import FactsError, InputFileError, Problem, TemplateError
from ..load import Source, read_source
from ..schema import allowed_keys
from ..style import DEFAULT as DEFAULT_STYLE
from ..style import Style, Where, merge_styles, parse_style

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


class TemplateInfo(Struct, frozen=True):
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
    """The template's ``template.yaml``, checked: every problem located as ``文件:行:列``; read
    once per process while the file stays the same (a batch builds many reports with one)."""
    meta_file = folder / META
    try:
        stamp = meta_file.stat()
    except OSError:
        return _parsed_meta(folder, name, builtin, None)
    return _parsed_meta(folder, name, builtin, (stamp.st_mtime_ns, stamp.st_size, stamp.st_ino))


@functools.lru_cache(maxsize=32)
def _parsed_meta(
    folder: Path, name: str, builtin: bool, stamp: tuple[int, int, int] | None
) -> TemplateInfo:
    meta_file = folder / META
    if not meta_file.is_file():
        return TemplateInfo(name=name, description="", folder=folder, builtin=builtin)
    if not within(meta_file, folder):  # a link out of the folder: named, never read
        raise TemplateError(
            f"模板说明文件 {META} 指向模板文件夹之外（实际位置 {real(meta_file)}），不予读取",
            template=str(folder),
        )
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


def find_template(spec: str | None, *bases: Path, inside: Path | None = None) -> TemplateInfo:
    """``spec`` is a built-in name or a folder; a relative folder is looked for in each of
    ``bases`` in turn (the CLI passes the working folder, then the facts file's folder).

    ``inside``: the folder a facts file's ``模板`` must stay in (:mod:`fazhi_report.confine`);
    one that leads out of it is refused, never read.
    """
    spec = spec or DEFAULT
    root = builtin_root()
    if "/" not in spec and "\\" not in spec and (root / spec / ENTRY).is_file():
        return _read_meta(root / spec, spec, True)
    given = Path(spec).expanduser()
    candidates = (
        [given] if given.is_absolute() else [base / given for base in bases or (Path.cwd(),)]
    )
    for folder in candidates:
        if inside is not None and not within(folder, inside):
            raise TemplateError(outside(spec, folder, inside), template=spec)
        if folder.is_dir() and (folder / ENTRY).is_file():
            return _read_meta(folder, folder.name, False)
    for folder in candidates:
        if folder.is_dir():
            raise TemplateError(f"文件夹 {folder} 中没有 {ENTRY}", template=spec)
    names = "、".join(t.name for t in list_builtin())
    raise TemplateError(f"找不到模板“{spec}”（内置模板：{names}；也可指定含 {ENTRY} 的文件夹）")


def shown(path: str | Path) -> str:
    """A template file's path as messages show it: relative to the working folder when inside
    it, as the clerk typed it (``我的模板/report.md.j2``), else in full."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
