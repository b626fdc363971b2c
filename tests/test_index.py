"""``index.html``: ``build … -f html -o site/`` lists every report built, for the county's column on
its government website. Read back with html.parser, every link followed to its file."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from fazhi_report.facts import load
from fazhi_report.load import expand

from .conftest import EXAMPLES, Invoke


class _Index(HTMLParser):
    """The index's table rows (cells as text, with each cell's links) and anything external."""

    def __init__(self) -> None:
        super().__init__()
        self.header: list[str] = []
        self.rows: list[list[tuple[str, list[str]]]] = []
        self.external: list[str] = []
        self._cell: tuple[str, list[str]] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "link", "img", "iframe") or any(
            (v or "").startswith(("http:", "https:", "//")) for v in values.values()
        ):
            self.external.append(tag)
        if tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = ("", [])
        elif tag == "a" and self._cell is not None:
            self._cell[1].append(values["href"] or "")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell = (self._cell[0] + data, self._cell[1])

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None:
            if self._in_head:
                self.header.append(self._cell[0])
            else:
                self.rows[-1].append(self._cell)
            self._cell = None


def _parse(path: Path) -> _Index:
    parser = _Index()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_index_links_every_report_built_from_the_examples(
    invoke: Invoke, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, stdout, stderr = invoke("build", EXAMPLES, "-f", "html,docx,md", "-o", site, "-j", "2")
    assert code == 0, stderr
    facts = expand([EXAMPLES]).files
    assert f"已生成报告目录 {site / 'index.html'}（列出 {len(facts)} 份报告）" in stdout
    index = _parse(site / "index.html")
    assert index.external == []
    assert index.header == [
        "单位",
        "年度",
        "报告",
        "成文日期",
        "索引号",
        "发布机构",
        "公开方式",
        "公开时限",
        "文件编号",  # hongling-2024's 发文字号 (its 版头)
        "下载",
    ]
    assert len(index.rows) == len(facts)
    linked: set[Path] = set()
    for row in index.rows:
        for _, hrefs in row:
            for href in hrefs:
                target = site / unquote(href)
                assert target.is_file(), href
                linked.add(target)
    built = {p for p in site.iterdir() if p.name != "index.html"}
    assert linked == built  # every report, every format, and nothing else
    # What each row says is what its facts say.
    by_unit = {(row[0][0], row[1][0]): row for row in index.rows}
    for path in facts:
        loaded = load(path)
        row = by_unit[(loaded.facts.unit, str(loaded.facts.year))]
        date = loaded.facts.date
        assert row[3][0] == f"{date.year}年{date.month}月{date.day}日"
        publication = loaded.facts.publication
        assert row[4][0] == (publication.index_no or "" if publication else "")
        title = next(p for p in built if unquote(row[2][1][0]) == p.name)
        assert title.stem == row[2][0] and title.suffix == ".html"


def test_newest_year_first_the_county_before_its_units_then_as_filed(
    invoke: Invoke, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, _, stderr = invoke("build", EXAMPLES, "-f", "html", "-o", site, "-j", "1")
    assert code == 0, stderr
    index = _parse(site / "index.html")
    assert "下载" not in index.header  # the web pages are all there is: no empty 下载 column
    assert all(len(row) == len(index.header) for row in index.rows)
    shown = [(int(row[1][0]), row[0][0]) for row in index.rows]
    years = [year for year, _ in shown]
    assert years == sorted(years, reverse=True)
    units_2024 = [unit for year, unit in shown if year == 2024]
    assert units_2024[0] == "临川县人民政府"
    county = EXAMPLES / "county-2024" / "乡镇"
    filed = [load(p).facts.unit for p in expand([county]).files]  # the order the county files them
    towns = [u for u in units_2024 if u in filed]
    assert towns == filed


def test_a_failed_report_is_not_linked_and_the_build_fails(invoke: Invoke, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("official-2023.yaml", "official-2024.yaml"):
        shutil.copy(EXAMPLES / name, reports / name)
    (reports / "broken.yaml").write_text("单位: 青山镇人民政府\n年度: 二〇二四\n", encoding="utf-8")
    site = tmp_path / "site"
    code, stdout, _ = invoke("build", reports, "-f", "html", "-o", site, "-j", "1")
    assert code == 1
    assert "（列出 2 份报告；1 份失败，未列入）" in stdout
    rows = _parse(site / "index.html").rows
    assert sorted(row[1][0] for row in rows) == ["2023", "2024"]


def test_the_index_is_the_same_bytes_every_time(invoke: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        code, _, stderr = invoke(
            "build",
            EXAMPLES / "official-2023.yaml",
            EXAMPLES / "official-2024.yaml",
            "-f",
            "html",
            "-o",
            out,
        )
        assert code == 0, stderr
    assert (first / "index.html").read_bytes() == (second / "index.html").read_bytes()


def test_no_index_for_one_report_of_ones_own_or_without_html(
    invoke: Invoke, tmp_path: Path
) -> None:
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path)
    code, stdout, _ = invoke("build", tmp_path / "official-2023.yaml", "-f", "html")
    assert code == 0 and not (tmp_path / "index.html").exists() and "目录" not in stdout
    code, _, _ = invoke(
        "build", tmp_path / "official-2023.yaml", "-f", "html", "-o", tmp_path / "r.html"
    )
    assert code == 0 and not (tmp_path / "index.html").exists()
    code, _, _ = invoke(
        "build", tmp_path / "official-2023.yaml", "-f", "html", "-o", tmp_path / "one"
    )
    assert code == 0 and not (tmp_path / "one" / "index.html").exists()
    code, _, _ = invoke("build", EXAMPLES / "official-2023.yaml", "-o", tmp_path / "docx-only")
    assert code == 0 and not (tmp_path / "docx-only" / "index.html").exists()
    code, _, _ = invoke("build", EXAMPLES, "-f", "html", "--check")
    assert code == 0 and not (EXAMPLES / "index.html").exists()


def test_several_files_without_o_put_the_index_in_their_common_folder(
    invoke: Invoke, tmp_path: Path
) -> None:
    for year in ("2023", "2024"):
        folder = tmp_path / "reports" / year
        folder.mkdir(parents=True)
        shutil.copy(EXAMPLES / f"official-{year}.yaml", folder)
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path / "reports" / "2024")
    code, _, stderr = invoke("build", tmp_path / "reports", "-f", "html", "-j", "1")
    assert code == 0, stderr
    index = tmp_path / "reports" / "index.html"
    hrefs = [h for row in _parse(index).rows for _, links in row for h in links]
    assert hrefs and all((index.parent / unquote(h)).is_file() for h in hrefs)
    assert all(unquote(h).startswith(("2023/", "2024/")) for h in hrefs)


def test_a_title_with_url_characters_still_links(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    text = (EXAMPLES / "official-2023.yaml").read_text(encoding="utf-8")
    facts.write_text(
        text.replace("年度: 2023", '年度: 2023\n标题: "报告 #1 完成率 100%?"', 1), "utf-8"
    )
    code, _, stderr = invoke(
        "build", facts, EXAMPLES / "beishan-2019.yaml", "-f", "html", "-o", tmp_path / "s"
    )
    assert code == 0, stderr
    hrefs = [h for row in _parse(tmp_path / "s" / "index.html").rows for _, hs in row for h in hs]
    assert "报告%20%231%20完成率%20100%25_.html"  # ? is _ in a file name in hrefs
    assert all((tmp_path / "s" / unquote(h)).is_file() for h in hrefs)
