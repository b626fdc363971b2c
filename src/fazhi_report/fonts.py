"""The typefaces a report asks for, which of them a machine has, and what stands in for a missing one.

GB/T 9704 names 仿宋_GB2312, 黑体, 楷体_GB2312 and 方正小标宋简体 (and 宋体 for page numbers);
clerks' Windows machines have most of them, CI machines and 信创 desktops often none. When
LibreOffice lays out a report on a machine without them it picks a face by itself — on Debian
Noto Sans CJK JP for everything: a Japanese sans-serif for text that asks for serif 仿宋. So a
PDF run carries a replacement table (:func:`replacements`) that maps every missing face to the
best installed one, in this order: the face itself; a face of the same design under another name
(仿宋_GB2312 → 仿宋 / FangSong / STFangsong …); a free face of the same style made for
Simplified Chinese (:attr:`Kind.free`). Never a Japanese, Korean or Traditional-Chinese face.
Latin letters and digits stay Times New Roman or a face with its metrics (Liberation Serif),
which changes no line.

What is installed comes from fontconfig (``fc-list``) where it runs (Linux, 信创 desktops,
macOS with fontconfig) and from the registry on Windows; where neither answers, nothing is
known and LibreOffice is left to choose (:func:`installed` returns None).

A low-level module: the standard library only, nothing printed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from typing import Literal

from msgspec import Struct


class Kind(Struct, frozen=True):
    """One kind of typeface GB/T 9704 names, and the faces that can draw it."""

    name: str  # 仿宋, 黑体 …
    #: Faces of this design, under the names Windows, macOS and the 方正 fonts give them: any of
    #: them draws the text as the report's author saw it (the report's own face first).
    names: tuple[str, ...]
    #: Free faces of the same style for Simplified Chinese, best first; Debian package in DEBIAN.
    free: tuple[str, ...]
    #: The free faces have the same advance widths (a metric twin): nothing moves, no warning.
    twins: bool = False


#: Free Simplified-Chinese serif faces, best first. A face whose PDF name says it is Chinese comes
#: before the Noto CJK collection: Debian's .ttc gives its SC face the CFF table of the Japanese
#: one, so a PDF drawn with it names NotoSerifCJKjp — right glyphs, but a 公开 review or
#: ``pdffonts`` sees a Japanese face. Noto Serif SC (a single-region build) and Source Han Serif
#: SC/CN carry their own names; AR PL UMing CN (fonts-arphic-uming) is a 宋/明 face made for GB.
SERIF = (
    "Noto Serif SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "AR PL UMing CN",
    "Noto Serif CJK SC",
)

FANGSONG = Kind(
    "仿宋",
    (
        "仿宋_GB2312",
        "FangSong_GB2312",
        "仿宋",
        "FangSong",
        "STFangsong",
        "华文仿宋",
        "方正仿宋_GBK",
        "方正仿宋简体",
    ),
    ("FandolFang", *SERIF),
)
HEITI = Kind(
    "黑体",
    ("黑体", "SimHei", "STHeiti", "华文黑体", "方正黑体_GBK", "方正黑体简体"),
    (
        "Noto Sans SC",
        "Source Han Sans SC",
        "Source Han Sans CN",
        "FandolHei",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Noto Sans CJK SC",
    ),
)
KAITI = Kind(
    "楷体",
    (
        "楷体_GB2312",
        "KaiTi_GB2312",
        "楷体",
        "KaiTi",
        "STKaiti",
        "华文楷体",
        "方正楷体_GBK",
        "方正楷体简体",
    ),
    ("AR PL UKai CN", "LXGW WenKai", "FandolKai"),
)
XIAOBIAOSONG = Kind(
    "小标宋",
    ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "STZhongsong"),
    (*SERIF, "FandolSong"),
)
SONGTI = Kind(
    "宋体",
    ("宋体", "SimSun", "NSimSun", "STSong", "华文宋体", "方正书宋_GBK", "方正书宋简体"),
    (*SERIF, "FandolSong"),
)
ROMAN = Kind(
    "Times New Roman",
    ("Times New Roman", "TimesNewRomanPSMT"),
    ("Liberation Serif", "Tinos", "Nimbus Roman", "Nimbus Roman No9 L"),
    twins=True,
)
KINDS = (FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI, ROMAN)


class Face(Struct, frozen=True):
    """A face a report asks for by name, and what it sets."""

    name: str
    role: str
    kind: Kind


#: The four 公文 faces of a report built with the default style, and 宋体 for page numbers.
FACES = (
    Face("方正小标宋简体", "标题", XIAOBIAOSONG),
    Face("黑体", "一级标题", HEITI),
    Face("楷体_GB2312", "二级标题", KAITI),
    Face("仿宋_GB2312", "正文", FANGSONG),
    Face("宋体", "页码", SONGTI),
)

#: The Debian package of each free face (the ``fonts`` command's hint).
DEBIAN = {
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "AR PL UMing CN": "fonts-arphic-uming",
    "AR PL UKai CN": "fonts-arphic-ukai",
    "LXGW WenKai": "fonts-lxgw-wenkai",
    "WenQuanYi Zen Hei": "fonts-wqy-zenhei",
    "WenQuanYi Micro Hei": "fonts-wqy-microhei",
    "Liberation Serif": "fonts-liberation",
}

#: PostScript names (how a PDF names an embedded font) of faces fontconfig cannot ask about:
#: Windows' own, and the Noto CJK collections, whose faces share one CFF table named after the
#: Japanese face (a PDF says NotoSerifCJKjp for the SC face too; :func:`pdf_key` folds regions).
POSTSCRIPT = {
    "仿宋_GB2312": "FangSong_GB2312",
    "仿宋": "FangSong",
    "楷体_GB2312": "KaiTi_GB2312",
    "楷体": "KaiTi",
    "黑体": "SimHei",
    "宋体": "SimSun",
    "方正小标宋简体": "FZXBSJW--GB1-0",
    "方正小标宋_GBK": "FZXBSK--GBK1-0",
    "华文中宋": "STZhongsong",
    "AR PL UKai CN": "UKaiCN",
    "AR PL UMing CN": "UMingCN",
    "WenQuanYi Zen Hei": "WenQuanYiZenHei",
    "LXGW WenKai": "LXGWWenKai",
    "Liberation Serif": "LiberationSerif",
    "Times New Roman": "TimesNewRomanPSMT",
}


def kind_of(name: str) -> Kind | None:
    """The kind a face name belongs to (any of a kind's names), or None for another face."""
    key = _key(name)
    for kind in KINDS:
        if key in {_key(n) for n in kind.names}:
            return kind
    return None


# ---------------------------------------------------------------------------------------------
# What is installed


Families = frozenset[str]


def installed() -> Families | None:
    """The family names (every language's) of the installed fonts, folded by :func:`_key`;
    None when this machine cannot be asked (no fontconfig, no Windows registry)."""
    if sys.platform == "win32":
        return _windows_families()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, "--format", "%{family}\n"],
            capture_output=True,
            check=True,
            timeout=60,
            env=os.environ.copy(),
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_fc_list(listed.decode("utf-8", "replace"))


def parse_fc_list(listed: str) -> Families:
    """``fc-list --format '%{family}\\n'`` → folded family names (a line lists a font's names in
    every language, comma-separated: ``LXGW WenKai,霞鹜文楷``)."""
    return frozenset(
        _key(name) for line in listed.splitlines() for name in line.split(",") if name.strip()
    )


def _windows_families() -> Families | None:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return None
    import winreg

    names: list[str] = []
    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(hive, key_path) as key:
                count = winreg.QueryInfoKey(key)[1]
                names += [winreg.EnumValue(key, i)[0] for i in range(count)]
        except OSError:
            continue
    return parse_windows_fonts(names) if names else None


def parse_windows_fonts(value_names: Iterable[str]) -> Families:
    """The registry's font entries (``SimSun & NSimSun (TrueType)``) → folded family names."""
    families: set[str] = set()
    for entry in value_names:
        entry = re.sub(r"\s*\((TrueType|OpenType|All res)\)\s*$", "", entry)
        families.update(_key(name) for name in entry.split("&") if name.strip())
    return frozenset(families)


def _key(name: str) -> str:
    """A name as fontconfig and LibreOffice match it: case and spaces do not count."""
    return re.sub(r"\s+", "", name).casefold()


# ---------------------------------------------------------------------------------------------
# Choosing


How = Literal["itself", "same", "twin", "free", "none"]


class Choice(Struct, frozen=True):
    """What draws ``face`` on this machine."""

    face: str
    use: str | None  # the installed face that draws it; None: nothing suitable is installed
    how: How  # itself · same design under another name · metric twin · free face · none

    @property
    def replaced(self) -> bool:
        """The PDF will not look as in Word on a machine with the face (a metric twin does)."""
        return self.how in ("same", "free", "none")


def choose(face: str, families: Families | None) -> Choice:
    """The best installed face for ``face`` (see the module's doc for the order)."""
    if families is None:
        return Choice(face, None, "none")
    if _key(face) in families:
        return Choice(face, face, "itself")
    kind = kind_of(face)
    if kind is None:
        return Choice(face, None, "none")
    for name in kind.names:
        if _key(name) in families:
            return Choice(face, name, "same")
    for name in kind.free:
        if _key(name) in families:
            return Choice(face, name, "twin" if kind.twins else "free")
    return Choice(face, None, "none")


def replacements(families: Families | None) -> dict[str, str]:
    """LibreOffice's replacement table: every face of every kind that is missing → the face that
    stands in for it (empty when nothing is known)."""
    table: dict[str, str] = {}
    for kind in KINDS:
        for name in kind.names:
            choice = choose(name, families)
            if choice.how != "itself" and choice.use is not None:
                table[name] = choice.use
    return table


# ---------------------------------------------------------------------------------------------
# Reading a PDF's fonts back


def pdf_key(base_font: str) -> str:
    """A PDF font's name (``BAAAAA+NotoSerifCJKjp-Regular``) folded for :func:`drawn_by`: the
    subset tag, case and punctuation dropped, a Noto/Source Han collection's region too."""
    name = base_font.lstrip("/").split("+", 1)[-1]
    return _fold(name)


def _fold(name: str) -> str:
    key = re.sub(r"[^0-9a-z\u3400-\u9fff]", "", name.casefold())
    return re.sub(r"(cjk|sourcehan(?:serif|sans))(jp|kr|sc|tc|hk|cn|tw)", r"\1", key)


def drawn_by(face: str, pdf_fonts: Iterable[str]) -> bool:
    """Whether one of ``pdf_fonts`` (PDF BaseFont names) is ``face``."""
    names = {_fold(face), _fold(POSTSCRIPT.get(face, face))}
    return any(key.startswith(name) for key in map(pdf_key, pdf_fonts) for name in names if name)


def foreign(base_font: str) -> bool:
    """A PDF font whose name marks it as a Japanese, Korean or Traditional-Chinese face."""
    name = base_font.lstrip("/").split("+", 1)[-1]
    return bool(re.search(r"(?i:cjk)(?i:jp|kr|tc|hk)|(JP|KR|TC|HK|TW)(?![a-z])", name))


def replacement_warnings(
    used: Iterable[str], pdf_fonts: Iterable[str], families: Families | None
) -> list[str]:
    """One warning per face the report uses that the PDF draws with another face."""
    fonts = list(pdf_fonts)
    warnings = []
    for face in dict.fromkeys(used):
        choice = choose(face, families)
        if not choice.replaced or drawn_by(face, fonts):
            continue
        if choice.use is not None and drawn_by(choice.use, fonts):
            instead = f"{choice.use} 代替"
        else:
            instead = "LibreOffice 自选的字体代替（PDF 中的字体：" + "、".join(_names(fonts)) + "）"
        warnings.append(f"PDF 中 {face} 以 {instead}；安装 {face} 后重新生成可与 Word 一致")
    return warnings


def _names(pdf_fonts: Iterable[str]) -> list[str]:
    return sorted({f.lstrip("/").split("+", 1)[-1] for f in pdf_fonts})


# ---------------------------------------------------------------------------------------------
# What to tell a person (the ``fonts`` command; cli/ prints it)

#: The faces the ``fonts`` command lists: the report's, then Latin letters and digits.
LISTED = (*FACES, Face("Times New Roman", "数字和字母", ROMAN))

_HOW = {
    "itself": "",
    "same": "（同一字体的另一版本）",
    "twin": "（字宽相同，版面不变）",
    "free": "（免费字体，字形与原字体不同）",
}


class Overview(Struct, frozen=True):
    """The ``fonts`` command's table (a header row first) and the hints under it."""

    rows: list[tuple[str, str, str, str]]
    hints: list[str]


def this_machine() -> Overview:
    """:func:`overview` of the fonts installed here."""
    return overview(installed())


def overview(families: Families | None) -> Overview:
    """Each face a report uses: installed or not, and what a PDF made here draws it with."""
    rows = [("用途", "字体", "本机", "PDF 中")]
    missing: list[Face] = []
    for face in LISTED:
        choice = choose(face.name, families)
        state = "已安装" if choice.how == "itself" else "未安装"
        if families is None:
            state = "无法查询"
        if choice.use is None:
            used = "无可代替的字体，由 LibreOffice 自选"
        else:
            used = choice.use + _HOW[choice.how]
        rows.append((face.role, face.name, state, used))
        if choice.replaced:
            missing.append(face)
    return Overview(rows, _hints(families, missing))


def _hints(families: Families | None, missing: list[Face]) -> list[str]:
    hints = []
    if families is None:
        hints.append("注意：无法查询本机安装了哪些字体（找不到 fontconfig 的 fc-list 命令）。")
    if not missing:
        return [*hints, "PDF 中的字体与 Word 中一致。"]
    names = "、".join(face.name for face in missing)
    # The best free face of each kind that has a Debian package.
    packages = sorted(
        {next((DEBIAN[n] for n in face.kind.free if n in DEBIAN), "") for face in missing} - {""}
    )
    return [
        *hints,
        f"提示：安装 {names} 后重新生成，PDF 即与 Word 中一致。",
        "  Windows：黑体、宋体、仿宋、楷体为系统自带；仿宋_GB2312、楷体_GB2312、方正小标宋简体"
        "须另装字体文件（右键字体文件，选“为所有用户安装”）。",
        "  Debian/Ubuntu、统信 UOS、银河麒麟：没有这些字体时可装免费的代替字体："
        f"apt-get install {' '.join(packages)}",
    ]
