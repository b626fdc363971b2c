"""One facts file open in the editor: what the page shows of it, checking it as the clerk types,
saving it safely, and building the report from it.

The page sends the whole form (or, for a file the form cannot hold, the whole text) with every
change; the session turns it into the file's text (:mod:`.yamldoc`), checks that text the way
``validate`` and ``build`` do (``build.prepare``, which runs validate's own loading, then the
template), and answers with the notes and the html writer's page. Nothing is written until the
clerk saves; a build saves first and then runs the library's ``build_file``, the very path
``fazhi-report build`` takes, so the bytes are the same.

Saving refuses when the file changed on disk since it was read (another editor, a sync client):
the page offers to reload. The previous version is kept as ``<name>.bak``; both writes are atomic.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..batch import build_file
from ..build import for_edition, prepare
from ..errors import FactsError, FazhiError, InputFileError, Problem, UserError, describe
from ..load import parse_text
from ..load.encoding import decode, read_bytes
from ..tree import Document
from ..writers import DEFAULT_EDITIONS
from ..writers.html import render_html
from ..writing import atomic_write
from .form import form_spec, indicator_names, template_names
from .notes import Note, field_note, problem_note
from .yamldoc import NotEditable, YamlDoc

#: What the page may ask to build: the formats a clerk hands in or prints.
BUILD_FORMATS = ("docx", "pdf")


class ChangedOnDisk(UserError):
    """The file is not what the editor read: saving would overwrite someone else's changes."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} 在打开之后已被其他程序修改（或删除），为免覆盖，没有保存",
            hint="点击“重新载入”读取磁盘上的版本（本页未保存的修改会丢失）；"
            "要保留本页的修改，请先把它们抄下来。",
        )


class BadRequest(UserError):
    """The page sent something the session cannot use (not the clerk's doing)."""


Opener = Callable[[Path], None]


def open_folder(folder: Path) -> None:
    """Show ``folder`` in the system's file manager."""
    try:
        if sys.platform == "win32":
            os.startfile(folder)  # type: ignore[attr-defined]
        else:
            command = "open" if sys.platform == "darwin" else "xdg-open"
            subprocess.Popen([command, str(folder)], start_new_session=True)
    except OSError as exc:
        raise UserError(
            f"无法打开文件夹 {folder}（{exc.strerror or exc}）",
            hint="请在文件管理器中自行打开该文件夹。",
        ) from None


class Session:
    """The facts file at ``path``, as read, as edited, and as last checked."""

    def __init__(self, path: Path, opener: Opener = open_folder) -> None:
        self.path = path
        self.display = str(path)
        self.opener = opener
        self.lock = threading.Lock()
        self._read()

    # --- reading ----------------------------------------------------------------------------

    def _read(self) -> None:
        raw = read_bytes(self.path)
        text, warnings = decode(raw, self.display)
        self.digest = hashlib.sha256(raw).hexdigest()
        self.bom = raw.startswith(codecs.BOM_UTF8)
        self.crlf = "\r\n" in text
        #: Said about the file as a whole (read as GBK, saved as UTF-8), before any check.
        self.notices = list(warnings)
        if warnings:
            self.notices.append(Problem.about(self.display, "保存时将以 UTF-8 编码写入。"))
        text = text.removeprefix("\ufeff").replace("\r\n", "\n")
        self.saved = self.text = text
        self.doc = self._form_document(text)

    def _form_document(self, text: str) -> YamlDoc | None:
        """The document the form edits, or None when the form cannot hold the file exactly
        (a syntax error, a tag, a duplicated key…): the page then edits the text itself."""
        try:
            source = parse_text(text, self.path)
            doc = YamlDoc(text, self.path)
        except (FactsError, NotEditable):
            return None
        return doc if doc.data() == source.data else None

    @property
    def mode(self) -> str:
        return "form" if self.doc is not None else "text"

    @property
    def dirty(self) -> bool:
        return self.text != self.saved

    # --- what the page asks -------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """Everything the page needs to draw itself."""
        with self.lock:
            return {
                "mode": self.mode,
                "file": self.display,
                "name": self.path.name,
                "folder": str(self.path.parent),
                "data": self.doc.data() if self.doc is not None else None,
                "text": self.text,
                "form": form_spec(),
                "indicators": indicator_names(),
                "templates": template_names(),
                **self._checked(),
            }

    def update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Take the page's form (or text) and check it; nothing is written."""
        with self.lock:
            self._apply(payload)
            return self._checked()

    def save(self, payload: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self._apply(payload)
            message = self._save()
            return {"message": message, **self._checked()}

    def reload(self) -> dict[str, Any]:
        with self.lock:
            self._read()
        return self.state()

    def build(self, payload: dict[str, Any], formats: Sequence[str]) -> dict[str, Any]:
        """Save if need be, then build next to the facts file as ``fazhi-report build`` does."""
        unknown = [f for f in formats if f not in BUILD_FORMATS]
        if unknown or not formats:
            raise BadRequest(f"不能从编辑页面生成的格式：{'、'.join(unknown) or '（未指定）'}")
        with self.lock:
            self._apply(payload)
            saved = self._save() if self.dirty else None
            self._check_disk()
            outputs = build_file(self.path, formats=tuple(formats))
            names = "、".join(p.name for p in outputs)
            message = (saved + "；" if saved else "") + f"已生成 {names}"
            return {"message": message, "outputs": [str(p) for p in outputs], **self._checked()}

    def open_folder(self) -> dict[str, Any]:
        self.opener(self.path.parent)
        return {"message": f"已打开文件夹 {self.path.parent}"}

    # --- editing, checking, writing -----------------------------------------------------------

    def _apply(self, payload: dict[str, Any]) -> None:
        if "text" in payload:
            text = payload["text"]
            if not isinstance(text, str):
                raise BadRequest("text 应为文字")
            self.text = text.replace("\r\n", "\n")
        elif "data" in payload:
            if self.doc is None:
                raise BadRequest("此文件只能按文本编辑")
            data = payload["data"]
            if not _plain(data) or not isinstance(data, dict):
                raise BadRequest("data 应为事实文件的映射")
            try:
                self.text = self.doc.render(data)
            except NotEditable:
                raise UserError(
                    "这次修改无法按原样写回事实文件，没有采用",
                    hint="请撤销最后一处修改后重试；若问题仍在，请用记事本等编辑器修改该文件。",
                ) from None

    def _checked(self) -> dict[str, Any]:
        notes, preview = check(self.path, self.text, self.notices)
        return {
            "notes": [n.as_json() for n in notes],
            "errors": sum(n.level == "error" for n in notes),
            "warnings": sum(n.level == "warning" for n in notes),
            "preview": preview,
            "dirty": self.dirty,
        }

    def _check_disk(self) -> bytes:
        """The file's bytes now, which must be the ones read (or last saved)."""
        try:
            raw = read_bytes(self.path)
        except InputFileError:
            raise ChangedOnDisk(self.path) from None
        if hashlib.sha256(raw).hexdigest() != self.digest:
            raise ChangedOnDisk(self.path)
        return raw

    def _save(self) -> str:
        if not self.dirty:
            return f"没有需要保存的修改（{self.path.name}）"
        before = self._check_disk()
        backup = self.path.with_name(self.path.name + ".bak")
        atomic_write(backup, before)
        atomic_write(self.path, self._encoded(self.text))
        self._read()
        return f"已保存 {self.path.name}（原文件保留为 {backup.name}）"

    def _encoded(self, text: str) -> bytes:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")


def _plain(value: Any) -> bool:
    """JSON the form may send: mappings of text keys, lists, text and null only."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def check(path: Path, text: str, notices: Sequence[Problem] = ()) -> tuple[list[Note], str | None]:
    """The notes ``validate`` and ``build`` give for ``text`` (the unsaved content of ``path``),
    and the report's page from the html writer — a draft's when the facts still have errors."""
    notes = [problem_note(n) for n in notices]
    try:
        prepared = prepare(path, text=text)
    except FactsError as exc:
        notes += [problem_note(p) for p in exc.problems]
        notes += [problem_note(w) for w in exc.warnings if w not in notices]
        return notes, _draft(path, text)
    except FazhiError as exc:  # 模板, 上年度 or 汇总 cannot be used: said once, for the file
        text_of = exc.message if isinstance(exc, UserError) else str(exc)
        hint = exc.hint if isinstance(exc, UserError) else None
        return [*notes, field_note("", text_of, hint)], None
    except Exception as exc:  # a bug: said as the CLI says it, never a traceback
        return [*notes, field_note("", describe(exc), None)], None
    notes += [problem_note(w) for w in prepared.source.warnings if w not in notices]
    return notes, _page(prepared.document)


def _page(document: Document) -> str:
    """The preview: the web page ``build`` writes (its edition, the 公开版)."""
    return render_html(for_edition(document, DEFAULT_EDITIONS["html"]))


def _draft(path: Path, text: str) -> str | None:
    """The preview of facts that ``validate`` refuses only for placeholders (``--draft``)."""
    try:
        return _page(prepare(path, text=text, draft=True).document)
    except Exception:  # the errors are already in the notes; the page keeps its last preview
        return None
