"""Document tree → one self-contained HTML page for the government website (政府信息公开).

The 政府信息公开 metadata (索引号, 发布机构, 成文日期 …) comes first as a table, as the portals show
it; then the 版头 (the 报送版's; the 公开版, the page's default edition, has the 发文字号 under
the title instead), the title (``h1``), numbered headings as written (``h2``–``h5``), paragraphs,
附件说明, signature and date (right-aligned), attachments and the 版记. The style sheet is inline
and printable (A4, GB/T 9704 margins, 仿宋 三号): no script, font or image is fetched from anywhere.
Deterministic: the same tree always gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from typing import assert_never

from ..style import FALLBACK, Style
from ..tree import Attachment, Block, Document, Header, Heading, NumberedItem, Paragraph, Table
from ..typeset import title_lines

# 公文 heading level → HTML element: the title is the page's h1.
_TAGS = {1: "h2", 2: "h3", 3: "h4", 4: "h5"}

# GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm, body 仿宋 三号 (16 pt),
# title 小标宋 二号 (22 pt), 一级 黑体, 二级 楷体, 22 lines a page (≈ 28.95 pt pitch); one blank
# line (28.95 pt) under the title whatever follows it. The title's lines are the .docx's, at most
# 20 二号 characters: they fit the 156 mm column, and do not wrap again where the page is as wide.
STYLE = """\
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html { background: #fff; color: #000; }
body { margin: 0 auto; max-width: 156mm; padding: 1em;
  font-family: "仿宋_GB2312", "仿宋", FangSong, STFangsong, "FangSong_GB2312", serif;
  font-size: 16pt; line-height: 28.95pt; }
h1 { font-family: "方正小标宋简体", "方正小标宋_GBK", "小标宋", "华文中宋", STZhongsong, "宋体", SimSun, serif;
  font-size: 22pt; font-weight: normal; line-height: 1.5; text-align: center; margin: 1em 0 28.95pt; }
h2, h3, h4, h5 { font-size: 16pt; font-weight: normal; margin: 0; text-indent: 2em; }
h2 { font-family: "黑体", SimHei, STHeiti, sans-serif; }
h3 { font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.addressee { text-indent: 0; }
p.attachments { margin-top: 28.95pt; }
p.attachments span { display: block; padding-left: 5em; }
.signature { margin-top: 28.95pt; text-align: right; }
.signature p { text-indent: 0; text-align: right; padding-right: 2em; }
.signature p.date { padding-right: 2em; }
section.attachment { break-before: page; margin-top: 2em; }
section.attachment p.label { text-indent: 0; font-family: "黑体", SimHei, STHeiti, sans-serif; }
section.attachment h2 { text-indent: 0; text-align: center; font-family: inherit; margin: 0.5em 0; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; font-size: 14pt; line-height: 1.5; }
th, td { border: 1px solid #000; padding: 2pt 6pt; text-align: center; vertical-align: middle; }
caption { font-weight: bold; }
table.meta { font-size: 12pt; margin: 0 0 1.5em; }
table.meta th { background: #f2f2f2; white-space: nowrap; font-weight: normal; }
table.meta td { text-align: left; }
p.cc { margin-top: 28.95pt; text-indent: 0; font-size: 14pt;
  border-top: 1px solid #000; border-bottom: 1px solid #000; padding: 0.3em 1em; }
@media print { body { max-width: none; padding: 0; } }
@media print, (min-width: 180mm) { h1 { white-space: nowrap; } }
"""


# The 版头 (报送版: red 发文机关标志, 发文字号 and 签发人 on one line, a red rule), the 公开版's 发文字号
# under the title, and a 版记 with its 印发 line (thick outer rules, a thin one between): added to
# a page only when it has them, so the pages of reports without them stay as they were.
HEADER_STYLE = """\
header.issuer { border-bottom: 1pt solid #f00; margin-bottom: 57.9pt; padding-bottom: 4mm; }
header.issuer p.mark { color: #f00; text-align: center; text-indent: 0; font-size: 36pt;
  line-height: 1.25; margin: 0 0 57.9pt;
  font-family: "方正小标宋简体", "方正小标宋_GBK", "小标宋", "华文中宋", STZhongsong, "宋体", SimSun, serif; }
header.issuer p.number { display: flex; justify-content: space-between; text-indent: 0;
  padding: 0 1em; }
header.issuer .signer { font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; }
"""
NUMBER_STYLE = """\
p.file-number { text-indent: 0; text-align: center; margin-top: -28.95pt; margin-bottom: 28.95pt; }
"""
END_MATTER_STYLE = """\
div.end-matter { margin-top: 28.95pt; font-size: 14pt; border-top: 1.5px solid #000;
  border-bottom: 1.5px solid #000; }
div.end-matter p { text-indent: 0; padding: 0.3em 1em; }
div.end-matter p + p { border-top: 1px solid #000; }
div.end-matter p.printed { display: flex; justify-content: space-between; }
"""


def _edition_rules(document: Document) -> str:
    """The style of the 版头, the 发文字号 under the title and the 版记, where the page has them."""
    return (
        (HEADER_STYLE if document.red_header is not None else "")
        + (NUMBER_STYLE if document.number_under_title else "")
        + (END_MATTER_STYLE if document.end_matter[1] is not None else "")
    )


#: Elements whose font a template's 样式 may name, with the layout text style that names it.
_STYLED = (
    ("body", "body"),
    ("h1", "title"),
    ("h2", "heading1"),
    ("h3", "heading2"),
    ("h4", "heading3"),
    ("h5", "heading4"),
    ("section.attachment p.label", "attachment_label"),
)


def _style_rules(style: Style) -> str:
    """CSS that puts the fonts a template's 样式 names first, ahead of the usual stacks (the
    reader's machine may lack them); nothing for the default style."""
    rules = []
    for selector, key in _STYLED:
        named = style.declared_font(key)
        if named and (key == "body" or named != style.declared_font("body")):
            kind = FALLBACK.get(named, named)
            rules.append(f'{selector} {{ font-family: "{named}", "{kind}", serif; }}\n')
    return "".join(rules)


def page_head(title: str, style: str, meta: Iterable[str] = ()) -> list[str]:
    """The lines every page we write starts with, ``<body>`` included: HTML5, UTF-8, zh-CN, the
    style inline (the report, the summary table and the index of reports alike)."""
    return [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        *meta,
        f"<style>\n{style}</style>",
        "</head>",
        "<body>",
    ]


def render_html(document: Document) -> str:
    """The whole report as one HTML5 page ending in one newline."""
    head = [
        *page_head(
            document.title,
            STYLE + _edition_rules(document) + _style_rules(document.style),
            _meta_tags(document),
        ),
        '<article class="report">',
    ]
    tail = ["</article>", "</body>", "</html>"]
    return "\n".join([*head, *_article(document), *tail]) + "\n"


def _meta_tags(document: Document) -> Iterator[str]:
    """Search engines and the portals' crawlers read these; values are the same as the table's."""
    if document.meta.get("发布机构") or document.unit:
        yield f'<meta name="author" content="{_e(document.meta.get("发布机构") or document.unit)}">'
    if document.issued is not None:
        yield f'<meta name="date" content="{document.issued.isoformat()}">'


def _article(document: Document) -> Iterator[str]:
    yield from _meta_table(document.meta)
    if document.red_header is not None:
        yield from _red_header(document.red_header)
    yield f"<h1>{_title(document.title)}</h1>"
    if document.number_under_title:
        yield f'<p class="file-number">{_e(document.number_under_title)}</p>'

    if document.addressee:
        yield f'<p class="addressee">{_e(document.addressee)}：</p>'
    yield from _blocks(document.body)
    if document.attachments:
        yield _attachment_list(document.attachments)
    yield from _signature(document)
    if document.note:
        yield f'<p class="note">（{_e(document.note)}）</p>'
    for number, attachment in enumerate(document.attachments, 1):
        yield from _attachment(number, attachment)
    cc, printing = document.end_matter
    if printing is not None:
        yield '<div class="end-matter">'
        if cc:
            yield f"<p>抄送：{_e('，'.join(cc))}。</p>"
        yield (
            f'<p class="printed"><span>{_e(printing.organ)}</span>'
            f"<span>{_e(printing.date_text)}</span></p>"
        )
        yield "</div>"
    elif cc:
        yield f'<p class="cc">抄送：{_e("，".join(cc))}。</p>'


def _red_header(header: Header) -> Iterator[str]:
    """The 报送版's 版头: the red 发文机关标志, the 发文字号 beside the 签发人, the red rule."""
    yield '<header class="issuer">'
    yield from (f'<p class="mark">{_e(line)}</p>' for line in header.mark)
    names = "　".join(header.signers)
    signer = f'<span>签发人：<span class="signer">{_e(names)}</span></span>' if names else ""
    yield f'<p class="number"><span>{_e(header.number)}</span>{signer}</p>'
    yield "</header>"


def _meta_table(meta: dict[str, str]) -> Iterator[str]:
    """Two label–value pairs a row, like the 政府信息公开 block on the portals."""
    if not meta:
        return
    keys = list(meta)  # in the portals' order, as the build gives them
    yield '<table class="meta" aria-label="政府信息公开">'
    for start in range(0, len(keys), 2):
        cells = "".join(
            f'<th scope="row">{_e(k)}</th><td>{_e(meta[k])}</td>' for k in keys[start : start + 2]
        )
        if len(keys[start : start + 2]) == 1:
            cells += "<th></th><td></td>"
        yield f"<tr>{cells}</tr>"
    yield "</table>"


def _blocks(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        match block:
            case Heading():
                tag = _TAGS[block.level]
                yield f"<{tag}>{_e(block.number + block.text)}</{tag}>"
            case NumberedItem():
                yield f'<p class="item">{_e(block.number + block.text)}</p>'
            case Paragraph():
                yield f"<p>{_e(block.text)}</p>"
            case Table():
                yield from _table(block)
            case _:
                assert_never(block)


def _table(table: Table) -> Iterator[str]:
    yield "<table>"
    if table.caption:
        yield f"<caption>{_e(table.caption)}</caption>"
    for r, row in enumerate(table.rows):
        tag = "th" if r < table.header_rows else "td"
        scope = ' scope="col"' if tag == "th" else ""
        yield "<tr>" + "".join(f"<{tag}{scope}>{_e(cell)}</{tag}>" for cell in row) + "</tr>"
    yield "</table>"


def _attachment_list(attachments: list[Attachment]) -> str:
    if len(attachments) == 1:
        return f'<p class="attachments">附件：{_e(attachments[0].name)}</p>'
    # “附件：1. …” on one line, the other names aligned under the first (GB/T 9704 7.3.3).
    rest = "".join(f"<span>{i}. {_e(a.name)}</span>" for i, a in enumerate(attachments[1:], 2))
    return f'<p class="attachments">附件：1. {_e(attachments[0].name)}{rest}</p>'


def _signature(document: Document) -> Iterator[str]:
    yield '<div class="signature">'
    yield from (f"<p>{_e(line)}</p>" for line in document.signature)
    if document.date_text:
        yield f'<p class="date"><time{_datetime(document)}>{_e(document.date_text)}</time></p>'
    yield "</div>"


def _datetime(document: Document) -> str:
    return f' datetime="{document.issued.isoformat()}"' if document.issued else ""


def _attachment(number: int, attachment: Attachment) -> Iterator[str]:
    yield f'<section class="attachment" id="attachment-{number}">'
    yield f'<p class="label">附件{number}</p>'
    yield f"<h2>{_title(attachment.name)}</h2>"
    yield from _blocks(attachment.blocks)
    yield "</section>"


def _title(text: str) -> str:
    """A title broken where the .docx breaks it (梯形), one ``<br>`` between lines."""
    return "<br>".join(_e(line) for line in title_lines(text))


def _e(text: str) -> str:
    """Escaped for element text and attribute values; a hard line break stays a line break."""
    return escape(text, quote=True).replace("\n", "<br>")
