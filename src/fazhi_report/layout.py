"""GB/T 9704-2012 layout numbers: the one place the writer and ``check`` both read them from.

Source: shared/reference/gbt9704-layout.md. Lengths are in twips (1/20 pt) unless named otherwise,
because that is the unit OOXML stores; ``MM`` converts.
"""

from __future__ import annotations

from dataclasses import dataclass

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4  # 56.69…

# Font sizes in half-points (OOXML w:sz) and points.
SIZE_ER = 22.0  # 二号
SIZE_SAN = 16.0  # 三号
SIZE_SI = 14.0  # 四号


def mm(value: float) -> int:
    """Millimetres → twips, rounded to the nearest twip."""
    return round(value * TWIPS_PER_MM)


@dataclass(frozen=True)
class Page:
    width_mm: float = 210.0
    height_mm: float = 297.0
    top_mm: float = 37.0
    bottom_mm: float = 35.0
    left_mm: float = 28.0
    right_mm: float = 26.0
    tolerance_mm: float = 1.0
    lines_per_page: int = 22
    chars_per_line: int = 28
    # 225 mm / 22 lines = 10.227 mm = 28.99 pt; Word stores the grid pitch in twips.
    line_pitch_twips: int = 579
    # Footer distance from the paper edge: places the “— N —” line about 7 mm below the 版心.
    footer_mm: float = 24.5
    header_mm: float = 15.0

    @property
    def text_width_twips(self) -> int:
        return mm(self.width_mm - self.left_mm - self.right_mm)

    @property
    def text_height_twips(self) -> int:
        return mm(self.height_mm - self.top_mm - self.bottom_mm)


PAGE = Page()

# Body characters are condensed so that 28 三号 characters (28 × 16 pt = 448 pt) fit the 442 pt
# text block in Word, WPS and LibreOffice alike: w:spacing w:val is in twips (-5 = -0.25 pt).
BODY_CHAR_SPACING_TWIPS = -5


@dataclass(frozen=True)
class TextStyle:
    """One kind of text: its East Asian font, Latin font, size in points, and placement."""

    key: str
    east_asia: str
    size_pt: float
    latin: str = "Times New Roman"
    align: str = "both"  # OOXML w:jc
    first_line_chars: int = 200  # hundredths of a character (w:firstLineChars)
    bold: bool = False
    keep_next: bool = False


TITLE = TextStyle("title", "方正小标宋简体", SIZE_ER, align="center", first_line_chars=0, keep_next=True)
HEADING1 = TextStyle("heading1", "黑体", SIZE_SAN, keep_next=True)
HEADING2 = TextStyle("heading2", "楷体_GB2312", SIZE_SAN, keep_next=True)
HEADING3 = TextStyle("heading3", "仿宋_GB2312", SIZE_SAN, keep_next=True)
HEADING4 = TextStyle("heading4", "仿宋_GB2312", SIZE_SAN, keep_next=True)
BODY = TextStyle("body", "仿宋_GB2312", SIZE_SAN)
ADDRESSEE = TextStyle("addressee", "仿宋_GB2312", SIZE_SAN, align="left", first_line_chars=0)
SIGNATURE = TextStyle("signature", "仿宋_GB2312", SIZE_SAN, align="right", first_line_chars=0)
PAGE_NUMBER = TextStyle("page_number", "宋体", SIZE_SI, latin="宋体", first_line_chars=0)
TABLE = TextStyle("table", "仿宋_GB2312", SIZE_SI, align="center", first_line_chars=0)
COPY_NOTE = TextStyle("copy_note", "仿宋_GB2312", SIZE_SI, align="left", first_line_chars=0)

HEADING_STYLES = {1: HEADING1, 2: HEADING2, 3: HEADING3, 4: HEADING4}

# Tables (附表) use their own, smaller exact line spacing (in twips), not the 28.95 pt body grid.
TABLE_LINE_TWIPS = 400

# The signature block (without a seal): right-indented 2 characters; the date's first character
# 2 characters right of the signature's first character (GB/T 9704 7.3.5.2).
SIGNATURE_RIGHT_CHARS = 2
SEALED_DATE_RIGHT_CHARS = 4

LANGUAGE = "zh-CN"
PAGE_NUMBER_DASH = "—"

#: The five mandated content items, as keywords a heading must contain (check and the template).
MANDATED_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("主要举措和成效", ("举措", "成效", "做法")),
    ("不足和原因", ("不足", "问题")),
    ("第一责任人职责", ("第一责任人",)),
    ("下一年度安排", ("安排", "计划", "打算", "思路")),
    ("其他需要报告的情况", ("其他",)),
)
