"""``fazhi-report edit``: the server's guards, the session (check, save, conflicts, build), what a
path opens as, and the command itself. The page's flows are in tests/test_edit_browser.py."""

from __future__ import annotations

import codecs
import http.client
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from fazhi_report.edit import start
from fazhi_report.edit.notes import field_note, problem_note
from fazhi_report.edit.server import CSP, Editor, PortInUse
from fazhi_report.edit.session import ChangedOnDisk, Session
from fazhi_report.errors import Problem, UserError

from .browser import Opened, serving
from .conftest import EXAMPLES, Invoke

STATIC = Path(__file__).resolve().parents[1] / "src" / "fazhi_report" / "edit" / "static"


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path)
    return tmp_path / "official-2024.yaml"


@pytest.fixture
def editor(facts: Path) -> Iterator[Editor]:
    with serving(facts) as running:
        yield running


def request(
    editor: Editor,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    *,
    token: str | None = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes, http.client.HTTPResponse]:
    """One request as the page makes it (token header, JSON), with ``headers`` overriding."""
    sent = {"Host": f"127.0.0.1:{editor.port}"}
    if token is not None:
        sent["X-Fazhi-Token"] = token or editor.token
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        sent["Content-Type"] = "application/json"
        sent["Origin"] = f"http://127.0.0.1:{editor.port}"
    sent.update(headers or {})
    connection = http.client.HTTPConnection("127.0.0.1", editor.port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True)
        for name, value in sent.items():
            connection.putheader(name, value)
        if data is not None:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        return response.status, response.read(), response
    finally:
        connection.close()


# --- the guards ---------------------------------------------------------------------------------


def test_the_server_listens_on_the_loopback_address_only(editor: Editor) -> None:
    assert editor.httpd.server_address[0] == "127.0.0.1"
    assert re.fullmatch(rf"http://127\.0\.0\.1:{editor.port}/\?token=[\w-]{{32}}", editor.url)


def test_the_page_with_the_token_is_served_with_a_strict_policy(editor: Editor) -> None:
    status, body, response = request(editor, "GET", f"/?token={editor.token}", token=None)
    assert status == 200
    assert response.getheader("Content-Security-Policy") == CSP
    assert "default-src 'none'" in CSP and "connect-src 'self'" in CSP
    assert editor.token in body.decode("utf-8")


@pytest.mark.parametrize("path", ["/", "/api/state", "/static/edit.js"])
def test_no_token_is_403(editor: Editor, path: str) -> None:
    assert request(editor, "GET", path, token=None)[0] == 403
    assert request(editor, "GET", path, token="wrong-token")[0] == 403


def test_a_post_without_the_token_is_403_and_writes_nothing(editor: Editor, facts: Path) -> None:
    before = facts.read_bytes()
    status, body, _ = request(editor, "POST", "/api/save", {"text": "单位: 改\n"}, token=None)
    assert (status, body.decode("utf-8")) == (
        403,
        "拒绝访问：缺少或错误的访问令牌；请使用启动时显示的完整地址。",
    )
    assert facts.read_bytes() == before


@pytest.mark.parametrize(
    "host", ["evil.example", f"evil.example:{0}", "127.0.0.2:{port}", "localhost:1", ""]
)
def test_a_host_other_than_the_loopback_address_is_403(editor: Editor, host: str) -> None:
    """A page that points its own domain at 127.0.0.1 (DNS rebinding) sends its own Host."""
    status, body, _ = request(
        editor, "GET", "/api/state", headers={"Host": host.format(port=editor.port)}
    )
    assert (status, body.decode("utf-8")) == (403, "拒绝访问：只接受本机地址（127.0.0.1）的访问。")


def test_localhost_is_the_loopback_address_too(editor: Editor) -> None:
    assert (
        request(editor, "GET", "/api/state", headers={"Host": f"localhost:{editor.port}"})[0] == 200
    )


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Content-Type": "text/plain"},
    ],
    ids=["other-origin", "null-origin", "cross-site", "same-site", "not-json"],
)
def test_a_cross_origin_post_is_403_and_writes_nothing(
    editor: Editor, facts: Path, headers: dict[str, str]
) -> None:
    before = facts.read_bytes()
    status, _, _ = request(editor, "POST", "/api/save", {"text": "单位: 改\n"}, headers=headers)
    assert status == 403
    assert facts.read_bytes() == before


@pytest.mark.parametrize(
    "path",
    [
        "/official-2024.yaml",
        "/official-2023.yaml",
        "/static/edit.html",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/server.py",
        "/etc/passwd",
        "/api/nothing",
        "//etc/passwd",
    ],
)
def test_any_other_path_is_404_with_the_token_and_403_without(editor: Editor, path: str) -> None:
    assert request(editor, "GET", path)[0] == 404
    assert request(editor, "GET", path, token=None)[0] == 403
    assert request(editor, "POST", path, {})[0] == 404


def test_the_page_loads_nothing_from_elsewhere() -> None:
    """No URL in the page, its script or its style points away from this server."""
    for name in ("edit.html", "edit.js", "edit.css"):
        text = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[\w.-]+\.\w", text.replace("data:,", "")), name
        assert "@import" not in text and "url(" not in text, name


def test_a_port_in_use_is_said_in_chinese(facts: Path, editor: Editor) -> None:
    with pytest.raises(PortInUse) as caught:
        start(facts, port=editor.port)
    assert caught.value.render() == (
        f"端口 {editor.port} 已被占用，无法启动编辑页面\n"
        "  提示：换一个端口（--port），或不写 --port 让程序自动选择空闲端口。"
    )


# --- the API ------------------------------------------------------------------------------------


def test_the_state_holds_the_facts_the_form_and_the_preview(editor: Editor) -> None:
    status, body, _ = request(editor, "GET", "/api/state")
    state = json.loads(body)
    assert status == 200 and state["mode"] == "form" and not state["dirty"]
    assert state["data"]["单位"] == "青山镇人民政府"
    assert (
        "<h1>中共青山镇委员会 青山镇人民政府<br>关于2024年度法治政府建设情况的报告</h1>"
        in state["preview"]
    )
    fields = {f["key"]: f["kind"] for f in state["form"]["models"]["ReportFacts"]["fields"]}
    assert (fields["数据"], fields["主要举措"], fields["导语"], fields["公开"]) == (
        "figures",
        "objects",
        "lines",
        "object",
    )
    assert "调解矛盾纠纷" in [i["name"] for i in state["indicators"]]
    assert sorted(t["name"] for t in state["templates"]) == [
        "beishan",
        "huanzhu",
        "official",
        "shezhu",
    ]


def test_an_update_is_checked_and_previewed_but_not_written(editor: Editor, facts: Path) -> None:
    before = facts.read_bytes()
    data = json.loads(request(editor, "GET", "/api/state")[1])["data"]
    data["成文日期"] = "2025-02-30"
    answer = json.loads(request(editor, "POST", "/api/update", {"data": data})[1])
    assert answer["dirty"] and answer["errors"] == 1
    (note,) = [n for n in answer["notes"] if n["level"] == "error"]
    assert (note["path"], note["parts"], note["message"]) == (
        "成文日期",
        ["成文日期"],
        "“2025-02-30”不是有效日期：2025年2月只有 28 天",
    )
    assert note["where"] == f"{facts}:8:7"
    assert facts.read_bytes() == before


def test_a_request_that_is_not_json_is_400(editor: Editor) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", editor.port, timeout=30)
    headers = {"Content-Type": "application/json", "X-Fazhi-Token": editor.token}
    connection.request("POST", "/api/update", body=b"{not json", headers=headers)
    response = connection.getresponse()
    assert (response.status, json.loads(response.read())) == (400, {"error": "请求不是 JSON"})
    connection.close()
    status, body, _ = request(editor, "POST", "/api/update", {"data": {"单位": 5}})
    assert status == 400 and json.loads(body)["error"] == "data 应为事实文件的映射"


def test_stop_ends_the_server(facts: Path) -> None:
    from fazhi_report.edit import start

    editor = start(facts, opener=Opened())
    thread = threading.Thread(target=editor.serve, daemon=True)
    thread.start()
    try:
        answer = json.loads(request(editor, "POST", "/api/stop", {})[1])
        assert answer["message"].startswith("编辑页面已关闭")
        thread.join(timeout=10)  # serve() returns: the CLI then closes the socket and exits
        assert not thread.is_alive(), "the server still serves after /api/stop"
    finally:
        editor.close()


# --- the session: saving, conflicts, building ---------------------------------------------------


def test_save_writes_the_edit_keeps_a_backup_and_changes_one_line(facts: Path) -> None:
    before = facts.read_text(encoding="utf-8")
    session = Session(facts, Opened())
    data = session.state()["data"]
    data["主送"] = "中共临川县委、临川县人民政府、县法治办"
    answer = session.save({"data": data})
    assert answer["message"] == "已保存 official-2024.yaml（原文件保留为 official-2024.yaml.bak）"
    assert not answer["dirty"]
    after = facts.read_text(encoding="utf-8")
    assert facts.with_name("official-2024.yaml.bak").read_text(encoding="utf-8") == before
    old, new = before.splitlines(), after.splitlines()
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [5]
    assert new[5] == "主送: 中共临川县委、临川县人民政府、县法治办"


def test_save_refuses_when_the_file_changed_on_disk_and_reload_reads_it(facts: Path) -> None:
    session = Session(facts, Opened())
    data = session.state()["data"]
    facts.write_text(facts.read_text(encoding="utf-8").replace("12次", "13次"), encoding="utf-8")
    data["单位"] = "白沙镇人民政府"
    with pytest.raises(ChangedOnDisk) as caught:
        session.save({"data": data})
    assert caught.value.render() == (
        f"{facts} 在打开之后已被其他程序修改（或删除），为免覆盖，没有保存\n"
        "  提示：点击“重新载入”读取磁盘上的版本（本页未保存的修改会丢失）；要保留本页的修改，请先把它们抄下来。"
    )
    assert "白沙镇" not in facts.read_text(encoding="utf-8")
    assert not facts.with_name("official-2024.yaml.bak").exists()
    state = session.reload()
    assert state["data"]["数据"]["领导班子学法"] == "13次" and not state["dirty"]


def test_build_saves_first_and_gives_the_bytes_build_gives(facts: Path, invoke: Invoke) -> None:
    session = Session(facts, Opened())
    data = session.state()["data"]
    data["主送"] = "中共临川县委"
    answer = session.build({"data": data}, ["docx"])
    (written,) = [Path(p) for p in answer["outputs"]]
    assert answer["message"].startswith("已保存 official-2024.yaml") and answer["message"].endswith(
        f"已生成 {written.name}"
    )
    out = facts.parent / "cli"
    assert invoke("build", facts, "-o", out)[0] == 0
    assert (out / written.name).read_bytes() == written.read_bytes()


def test_build_refuses_a_format_the_page_does_not_offer(facts: Path) -> None:
    with pytest.raises(UserError, match="不能从编辑页面生成的格式：md"):
        Session(facts, Opened()).build({}, ["md"])


def test_open_folder_asks_the_file_manager_for_the_facts_folder(facts: Path) -> None:
    opened = Opened()
    assert Session(facts, opened).open_folder() == {"message": f"已打开文件夹 {facts.parent}"}
    assert opened.folders == [facts.parent]


def test_crlf_and_bom_stay_as_the_file_has_them(tmp_path: Path) -> None:
    facts = tmp_path / "2024.yaml"
    text = (
        (EXAMPLES / "official-2024.yaml")
        .read_text(encoding="utf-8")
        .replace("上年度: official-2023.yaml\n", "")
    )
    facts.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    session = Session(facts, Opened())
    data = session.state()["data"]
    data["主送"] = "县委"
    session.save({"data": data})
    raw = facts.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and raw.count(b"\r\n") == raw.count(b"\n")
    assert raw.decode("utf-8-sig").replace("\r\n", "\n") == text.replace(
        "主送: 中共临川县委、临川县人民政府", "主送: 县委"
    )


def test_a_gbk_file_is_read_and_saved_as_utf8_with_a_notice(tmp_path: Path) -> None:
    facts = tmp_path / "2024.yaml"
    facts.write_bytes("单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n".encode("gbk"))
    session = Session(facts, Opened())
    state = session.state()
    general = [n["message"] for n in state["notes"] if not n["path"]]
    assert "保存时将以 UTF-8 编码写入。" in general  # the page edits one file: not named
    assert any(m.startswith("文件编码为 GBK") for m in general)
    data = state["data"]
    data["单位"] = "白沙镇人民政府"
    session.save({"data": data})
    assert facts.read_text(encoding="utf-8").startswith("单位: 白沙镇人民政府\n")


def test_a_file_the_form_cannot_hold_is_edited_as_text(tmp_path: Path) -> None:
    facts = tmp_path / "2024.yaml"
    facts.write_text(
        "单位: 青山镇人民政府\n年度: 2024\n年度: 2025\n成文日期: 2025-02-20\n", encoding="utf-8"
    )
    session = Session(facts, Opened())
    state = session.state()
    assert state["mode"] == "text" and state["data"] is None
    (note,) = [n for n in state["notes"] if n["level"] == "error"]
    assert note["message"] == "键“年度”重复：第 2 行已有“年度”，这里（第 3 行）又写了一次"
    fixed = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"
    session.save({"text": fixed})
    assert facts.read_text(encoding="utf-8") == fixed
    assert session.state()["mode"] == "form"


def test_an_unknown_key_is_noted_at_its_path_with_the_hint(tmp_path: Path) -> None:
    facts = tmp_path / "2024.yaml"
    facts.write_text(
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n主要举措:\n  - 标题: 加强组织领导\n    条木: []\n",
        encoding="utf-8",
    )
    notes = Session(facts, Opened()).state()["notes"]
    (note,) = [n for n in notes if n["level"] == "error"]
    assert (note["parts"], note["message"], note["hint"]) == (
        ["主要举措", 0, "条木"],
        "未知的键“条木”",
        "您是否想写“条目”？",
    )


# --- notes: a problem or a warning → the field ----------------------------------------------------


def test_field_note_splits_the_path_as_validate_prints_it() -> None:
    note = field_note("主要举措[2].条目[10].内容", "说明", "提示")
    assert note.parts == ("主要举措", 1, "条目", 9, "内容")
    assert field_note("数据.调解矛盾纠纷", "x", None).parts == ("数据", "调解矛盾纠纷")
    assert field_note("", "x", None).parts == ()


def test_a_warning_is_a_note_at_its_field_and_a_file_warning_is_the_files() -> None:
    display = "我的 报告/2024.yaml"
    note = problem_note(Problem(display, 9, 3, "数据.调解纠纷", "这是别名", None).warning())
    assert (note.parts, note.where, note.level) == (
        ("数据", "调解纠纷"),
        f"{display}:9:3",
        "warning",
    )
    general = problem_note(Problem.about(display, "按 GBK 编码读取"))
    assert (general.parts, general.message, general.where, general.level) == (
        (),
        "按 GBK 编码读取",
        "",
        "warning",
    )


# --- what a path opens as -------------------------------------------------------------------------


def test_a_new_file_starts_from_inits_sample(tmp_path: Path) -> None:
    editor = start(tmp_path / "2025.yaml", opener=Opened())
    try:
        assert editor.notes == [
            f"已创建 {tmp_path / '2025.yaml'}（init 的样例），请在页面中改为本单位的实际情况"
        ]
        assert (
            (tmp_path / "2025.yaml")
            .read_text(encoding="utf-8")
            .startswith("# 法治政府建设年度报告")
        )
    finally:
        editor.close()


def test_a_docx_is_imported_first_and_not_again(tmp_path: Path, invoke: Invoke) -> None:
    report = tmp_path / "2024年报告.docx"
    assert invoke("build", EXAMPLES / "official-2024.yaml", "-o", report)[0] == 0
    editor = start(report, opener=Opened())
    editor.close()
    facts = tmp_path / "2024年报告.yaml"
    assert editor.notes == [f"已由 {report} 导入为 {facts}，请按页面上的提示逐条核对"]
    assert editor.session.path == facts
    again = start(report, opener=Opened())
    again.close()
    assert again.notes == [f"{facts} 已存在，直接编辑它（没有重新导入 {report.name}）"]


def test_edit_refuses_a_file_it_cannot_edit(tmp_path: Path, invoke: Invoke) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    code, _out, err = invoke("edit", tmp_path / "a.pdf", "--no-browser")
    assert code == 1
    assert err == (
        f"错误：{tmp_path / 'a.pdf'}：不是事实文件（.yaml），也不是可以导入的报告\n"
        "  提示：请指定事实文件（如 2024.yaml），或已有的报告（.docx、.doc、.wps、.txt、.md）。\n"
    )


def test_the_command_prints_the_address_serves_and_stops_when_the_page_asks(facts: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "fazhi_report", "edit", str(facts), "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = re.fullmatch(r"编辑页面：(http://127\.0\.0\.1:\d+/\?token=\S+)\n", first)
        assert url, first
        parts = urlsplit(url[1])
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        connection.request("GET", f"/?{parts.query}")
        assert connection.getresponse().status == 200
        connection.close()
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        token = parts.query.removeprefix("token=")
        connection.request(
            "POST",
            "/api/stop",
            body=b"{}",
            headers={"Content-Type": "application/json", "X-Fazhi-Token": token},
        )
        assert connection.getresponse().status == 200
        connection.close()
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert out.splitlines()[-1] == "编辑页面已关闭。"


def test_build_a_pdf_from_the_page(facts: Path) -> None:
    from .libreoffice import soffice_or_skip

    soffice_or_skip()
    answer = Session(facts, Opened()).build({}, ["pdf"])
    (written,) = [Path(p) for p in answer["outputs"]]
    assert written.suffix == ".pdf" and written.read_bytes().startswith(b"%PDF")
    assert answer["message"] == f"已生成 {written.name}"
