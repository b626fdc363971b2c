"""``fazhi-report edit`` in a real browser (headless Chromium under Playwright): the clerk's flows
on a copy of examples/official-2024.yaml, on a .docx (imported first) and on a new file.

Each flow changes 单位 and sees the preview's title change without a page reload; adds a 数据 row,
references it in a 条目 with the page's own button and sees its figure in the preview; types an
invalid date and sees validate's message at that field; saves, and the file validates, differs
from before only in the edited lines and keeps every comment; builds from the page, and gets the
bytes ``fazhi-report build`` writes. The page loads nothing but this server's own files.
"""

from __future__ import annotations

import difflib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import launched, serving
from .conftest import EXAMPLES, Invoke

NEW_UNIT = "白沙镇人民政府"
FIGURE, VALUE = "新建调解室", "37个"
BAD_DATE = "2025-02-30"

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as running:
        yield running


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def _diff(before: str, after: str) -> tuple[list[str], list[str]]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    diff = [line for line in lines if not line.startswith(("---", "+++", "@@"))]
    return [d[1:] for d in diff if d[0] == "-"], [d[1:] for d in diff if d[0] == "+"]


def clerk_flow(browser: Any, source: Path, facts: Path, invoke: Invoke) -> None:
    """The flow of the issue, on the facts file ``edit source`` opens (``facts``)."""
    from playwright.sync_api import expect

    with serving(source) as editor:
        assert editor.session.path == facts
        before = facts.read_text(encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        failures: list[str] = []
        page.on("pageerror", lambda e: failures.append(str(e)))
        page.goto(editor.url)
        preview = page.frame_locator("#preview")
        expect(page.locator("#status")).to_have_text("已保存")
        expect(preview.locator("h1")).to_be_visible()
        page.evaluate("window.notReloaded = true")

        # 单位 → the preview's title, without a reload
        page.locator('[data-path="单位"] input').fill(NEW_UNIT)
        expect(preview.locator("h1")).to_contain_text(NEW_UNIT)
        expect(page.locator("#status")).to_have_text("有未保存的修改")

        # a 数据 row, referenced in the first 条目 with the page's button
        page.locator("#sec-数据 button.add").click()
        row = page.locator("#sec-数据 tr.field").last
        row.locator("input.name").fill(FIGURE)
        row.locator("input.value").fill(VALUE)
        text = page.locator('[data-path="主要举措[1].条目[1].内容"] textarea')
        old_text = text.input_value()
        text.click()
        text.evaluate("area => area.setSelectionRange(area.value.length, area.value.length)")
        page.locator("#ref-name").select_option(FIGURE)
        page.locator("#ref-insert").click()
        expect(text).to_have_value(old_text + "{" + FIGURE + "}")
        expect(preview.locator("p", has_text=VALUE)).to_have_count(1)

        # an invalid date: validate's message at the field, gone once it is right again
        date = page.locator('[data-path="成文日期"] input')
        good_date = date.input_value()
        date.fill(BAD_DATE)
        expect(page.locator('[data-path="成文日期"] .note.error')).to_contain_text(
            f"“{BAD_DATE}”不是有效日期：2025年2月只有 28 天"
        )
        expect(page.locator("#summary .counts")).to_contain_text("1 处错误")
        date.fill(good_date)
        expect(page.locator('[data-path="成文日期"] .note')).to_have_count(0)

        # save: valid, only the edited lines differ, every comment kept
        page.locator("#save").click()
        expect(page.locator("#message")).to_contain_text(f"已保存 {facts.name}")
        expect(page.locator("#status")).to_have_text("已保存")
        after = facts.read_text(encoding="utf-8")
        assert invoke("validate", facts)[0] == 0
        removed, added = _diff(before, after)
        unit_line = next(line for line in before.splitlines() if line.startswith("单位:"))
        text_line = next(line for line in before.splitlines() if line.endswith(" " + old_text))
        assert removed == [unit_line, text_line]
        assert added == [
            unit_line.replace(unit_line.split()[1], NEW_UNIT, 1),
            f"  {FIGURE}: {VALUE}",
            text_line + "{" + FIGURE + "}",
        ]
        assert _comments(after) == _comments(before)
        assert facts.with_name(facts.name + ".bak").read_text(encoding="utf-8") == before

        # build from the page: the bytes `fazhi-report build` writes
        page.locator("#build-docx").click()
        expect(page.locator("#message")).to_contain_text("已生成", timeout=60_000)
        message = page.locator("#message").inner_text()
        built = facts.parent / re.sub(r".*已生成 ", "", message).strip()
        assert built.suffix == ".docx" and built.is_file()
        out = facts.parent / "by-cli"
        assert invoke("build", facts, "-o", out)[0] == 0
        assert (out / built.name).read_bytes() == built.read_bytes()

        assert page.evaluate("window.notReloaded") is True
        origin = f"http://127.0.0.1:{editor.port}/"
        assert [u for u in requested if not u.startswith((origin, "about:", "data:"))] == []
        assert failures == []
        page.close()


def test_official_example(browser: Any, tmp_path: Path, invoke: Invoke) -> None:
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path)
    facts = tmp_path / "official-2024.yaml"
    clerk_flow(browser, facts, facts, invoke)


def test_a_docx_imported_first(browser: Any, tmp_path: Path, invoke: Invoke) -> None:
    report = tmp_path / "青山镇2024年报告.docx"
    assert invoke("build", EXAMPLES / "official-2024.yaml", "-o", report)[0] == 0
    clerk_flow(browser, report, tmp_path / "青山镇2024年报告.yaml", invoke)


def test_a_new_file_from_inits_sample(browser: Any, tmp_path: Path, invoke: Invoke) -> None:
    facts = tmp_path / "2025.yaml"
    clerk_flow(browser, facts, facts, invoke)


def test_a_section_is_added_moved_and_removed(browser: Any, tmp_path: Path) -> None:
    """The list widgets: a new 小节 with a 条目 and a 要点, moved up, then removed again."""
    from playwright.sync_api import expect

    facts = tmp_path / "2025.yaml"
    with serving(facts) as editor:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(editor.url)
        preview = page.frame_locator("#preview")
        expect(page.locator("#status")).to_have_text("已保存")
        sections = page.locator("#sec-主要举措 > .field > .objects > .card")
        count = sections.count()
        page.locator("#sec-主要举措 > .field > .objects > button.add").click()
        new = f'[data-path="主要举措[{count + 1}]"]'
        page.locator(f'{new} > [data-path="主要举措[{count + 1}].标题"] input').fill("强化法治宣传")
        page.locator(f"{new} button.add", has_text="添加条目").click()
        item = f'[data-path="主要举措[{count + 1}].条目[1]"]'
        page.locator(f'{item} [data-path="主要举措[{count + 1}].条目[1].标题"] input').fill(
            "开展宪法宣传"
        )
        page.locator(f"{item} [data-path$='要点'] button.add").click()
        page.locator(f'[data-path="主要举措[{count + 1}].条目[1].要点[1]"] textarea').fill(
            "进村入户"
        )
        expect(preview.locator("body")).to_contain_text("强化法治宣传")
        expect(preview.locator("body")).to_contain_text("一是进村入户")
        page.locator(f"{new} > .head button[title='上移']").click()
        expect(page.locator(f'[data-path="主要举措[{count}].标题"] input')).to_have_value(
            "强化法治宣传"
        )
        page.locator(f'[data-path="主要举措[{count}]"] > .head button[title="删除"]').click()
        expect(sections).to_have_count(count)
        expect(preview.locator("body")).not_to_contain_text("强化法治宣传")
        page.close()


def test_a_file_changed_on_disk_is_not_overwritten_and_can_be_reloaded(
    browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    facts = tmp_path / "2025.yaml"
    with serving(facts) as editor:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(editor.url)
        expect(page.locator("#status")).to_have_text("已保存")
        elsewhere = re.sub(
            r"(?m)^单位: 青山镇人民政府", "单位: 石桥乡人民政府", facts.read_text(encoding="utf-8")
        )
        facts.write_text(elsewhere, encoding="utf-8")
        page.locator('[data-path="单位"] input').fill(NEW_UNIT)
        page.locator("#save").click()
        dialog = page.locator("#conflict")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("在打开之后已被其他程序修改（或删除），为免覆盖，没有保存")
        assert facts.read_text(encoding="utf-8") == elsewhere
        page.locator("#conflict-reload").click()
        expect(page.locator('[data-path="单位"] input')).to_have_value("石桥乡人民政府")
        expect(page.locator("#status")).to_have_text("已保存")
        expect(page.frame_locator("#preview").locator("h1")).to_contain_text("石桥乡人民政府")
        page.close()


def test_without_chromium_the_browser_tests_fail_in_ci_and_skip_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from . import browser as helpers

    monkeypatch.setattr(helpers.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        helpers.chromium_or_skip()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="Chromium is not installed"):
        helpers.chromium_or_skip()
