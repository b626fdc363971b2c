"""The editor's local web server: the page, its script and style, and a small JSON API over one
:class:`~.session.Session`.

The standard library's ``ThreadingHTTPServer`` is enough for one clerk's browser on the same
machine, adds nothing to install or to the bundle, and starts in milliseconds. It is guarded as
a notebook server is:

- bound to 127.0.0.1 only, on a free port unless one is asked for;
- every request carries the random token from the URL (``?token=`` or the ``X-Fazhi-Token``
  header) or gets 403;
- the ``Host`` header must name the loopback address and this port (a web page that points its
  own domain at 127.0.0.1 — DNS rebinding — is refused);
- a POST must be JSON, and one sent by another site (``Origin``, ``Sec-Fetch-Site``) is refused;
- only the page, two files of the package and the API exist; any other path is 404. The server
  never maps a URL to a file: it reads and writes the facts file, and through the library what a
  build reads (its 上年度, its template, its 汇总) and writes (the reports next to it).

The page loads nothing from elsewhere: its Content-Security-Policy allows this server only.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..collector import collect_as_usual
from ..errors import UserError, describe
from .opening import facts_for
from .session import BadRequest, ChangedOnDisk, Opener, Session, open_folder

HOST = "127.0.0.1"
TOKEN_HEADER = "X-Fazhi-Token"
#: The page's state is a facts file (MAX_BYTES of the loader) as JSON, with room to spare.
MAX_BODY = 16 * 1024 * 1024
STATIC = {
    "edit.js": "text/javascript; charset=utf-8",
    "edit.css": "text/css; charset=utf-8",
}
#: Only this server; inline style for the report's own <style>; the preview is an iframe srcdoc.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; img-src 'self' data:; frame-src 'self' about:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


class PortInUse(UserError):
    def __init__(self, port: int) -> None:
        super().__init__(
            f"端口 {port} 已被占用，无法启动编辑页面",
            hint="换一个端口（--port），或不写 --port 让程序自动选择空闲端口。",
        )


class Editor:
    """The running editor: its address (with the token) and its server."""

    def __init__(self, session: Session, port: int | None = None) -> None:
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.notes: list[str] = []
        try:
            self.httpd = _Server((HOST, port or 0), _Handler)
        except OSError:
            raise PortInUse(port or 0) from None
        self.httpd.editor = self
        self.port = int(self.httpd.server_address[1])
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}
        self.origins = {f"http://{host}" for host in self.hosts}
        self.url = f"http://{HOST}:{self.port}/?token={self.token}"

    def serve(self) -> None:
        """Answer requests until the page asks to stop (or Ctrl+C)."""
        collect_as_usual()  # the editor serves for as long as the clerk types
        self.httpd.serve_forever(poll_interval=0.2)

    def stop(self) -> None:
        """Stop serving (from another thread: ``shutdown`` waits for the serving loop)."""
        threading.Thread(target=self.httpd.shutdown, daemon=True).start()

    def close(self) -> None:
        self.httpd.server_close()


def start(file: Path, *, port: int | None = None, opener: Opener = open_folder) -> Editor:
    """Open ``file`` for editing (creating or importing it first, see :mod:`.opening`) and bind
    the server; :meth:`Editor.serve` then answers the page."""
    path, notes = facts_for(file)
    editor = Editor(Session(path, opener), port)
    editor.notes = notes
    return editor


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    editor: Editor

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A connection the browser dropped is no news; nothing is printed from here."""


Route = Callable[["_Handler", dict[str, Any]], dict[str, Any]]


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "fazhi-report"
    stopping = False
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """No request log: the terminal shows the address and nothing else."""

    # --- the guards -------------------------------------------------------------------------

    def _refusal(self, method: str) -> str | None:
        editor = self.server.editor
        if self.headers.get("Host", "") not in editor.hosts:
            return "只接受本机地址（127.0.0.1）的访问"
        query = parse_qs(urlsplit(self.path).query)
        given = self.headers.get(TOKEN_HEADER) or (query.get("token") or [""])[0]
        if not hmac.compare_digest(given.encode(), editor.token.encode()):
            return "缺少或错误的访问令牌；请使用启动时显示的完整地址"
        if method == "POST":
            origin = self.headers.get("Origin")
            if origin is not None and origin not in editor.origins:
                return "拒绝来自其他网站的请求"
            if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                return "拒绝来自其他网站的请求"
            if self.headers.get_content_type() != "application/json":
                return "请求格式不对"
        return None

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        refusal = self._refusal(method)
        if refusal is not None:
            self._drain()
            self._send(HTTPStatus.FORBIDDEN, f"拒绝访问：{refusal}。".encode(), "text/plain")
            return
        route = urlsplit(self.path).path
        if method == "GET":
            self._get(route)
        elif route in _POSTS:
            self._post(_POSTS[route])
            if self.stopping:  # only now: the page has its answer before the server goes
                self.wfile.flush()
                self.server.editor.stop()
        else:
            self._drain()
            self._not_found()

    # --- GET: the page, its two files, the state ------------------------------------------

    def _get(self, route: str) -> None:
        if route == "/":
            page = _asset("edit.html").replace("{{TOKEN}}", self.server.editor.token)
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8", page=True)
        elif route.startswith("/static/") and route.removeprefix("/static/") in STATIC:
            name = route.removeprefix("/static/")
            self._send(HTTPStatus.OK, _asset(name).encode("utf-8"), STATIC[name])
        elif route == "/api/state":
            self._json(lambda: self.server.editor.session.state())
        else:
            self._not_found()

    # --- POST: the API ----------------------------------------------------------------------

    def _post(self, route: Route) -> None:
        try:
            payload = self._body()
        except BadRequest as exc:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": exc.render()})
            return
        self._json(lambda: route(self, payload))

    def _body(self) -> dict[str, Any]:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            raise BadRequest("Content-Length 不是数字") from None
        if length < 0 or length > MAX_BODY:
            self.close_connection = True
            raise BadRequest("请求过大")
        try:
            payload = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            raise BadRequest("请求不是 JSON") from None
        if not isinstance(payload, dict):
            raise BadRequest("请求应为 JSON 对象")
        return payload

    def _json(self, answer: Callable[[], dict[str, Any]]) -> None:
        """The route's answer as JSON; an error as its Chinese text (409: changed on disk)."""
        try:
            body = answer()
        except ChangedOnDisk as exc:
            self._send_json(HTTPStatus.CONFLICT, {"error": exc.render(), "conflict": True})
        except BadRequest as exc:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": exc.render()})
        except UserError as exc:
            self._send_json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": exc.render()})
        except Exception as exc:  # a bug: the clerk reads what the CLI would say, no traceback
            self._send_json(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": describe(exc)})
        else:
            self._send_json(HTTPStatus.OK, body)

    # --- sending ----------------------------------------------------------------------------

    def _send_json(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self._send(status, data, "application/json; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str, *, page: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if page:
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Frame-Options", "DENY")
        self.end_headers()
        self.wfile.write(body)

    def _not_found(self) -> None:
        self._send(HTTPStatus.NOT_FOUND, "没有这个页面。".encode(), "text/plain; charset=utf-8")

    def _drain(self) -> None:
        """Read (and drop) a refused request's body, so the connection stays in step."""
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = 0
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        elif length:
            self.close_connection = True


def _asset(name: str) -> str:
    return (resources.files(__package__) / "static" / name).read_text(encoding="utf-8")


def _update(handler: _Handler, payload: dict[str, Any]) -> dict[str, Any]:
    return handler.server.editor.session.update(payload)


def _save(handler: _Handler, payload: dict[str, Any]) -> dict[str, Any]:
    return handler.server.editor.session.save(payload)


def _reload(handler: _Handler, payload: dict[str, Any]) -> dict[str, Any]:
    return handler.server.editor.session.reload()


def _build(handler: _Handler, payload: dict[str, Any]) -> dict[str, Any]:
    formats = payload.pop("formats", None)
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise BadRequest("formats 应为格式名称的列表")
    return handler.server.editor.session.build(payload, formats)


def _open_folder(handler: _Handler, payload: dict[str, Any]) -> dict[str, Any]:
    return handler.server.editor.session.open_folder()


def _stop(handler: _Handler, payload: dict[str, Any]) -> dict[str, Any]:
    handler.stopping = True
    handler.close_connection = True
    return {"message": "编辑页面已关闭，可以关闭这个浏览器标签页了。"}


_POSTS: dict[str, Route] = {
    "/api/update": _update,
    "/api/save": _save,
    "/api/reload": _reload,
    "/api/build": _build,
    "/api/open-folder": _open_folder,
    "/api/stop": _stop,
}
