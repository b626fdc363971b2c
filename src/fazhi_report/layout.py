"""GB/T 9704-2012 layout numbers: the one place the writer and ``check`` both read them from.

Source: shared/reference/gbt9704-layout.md. Lengths are in twips (1/20 pt) unless named otherwise,
because that is the unit OOXML stores; ``MM`` converts.
"""

from __future__ import annotations

from msgspec import Struct

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4  # 56.69…

# Font sizes in half-points (OOXML w:sz) and points.
SIZE_ER = 22.0  # 二号
SIZE_SAN = 16.0  # 三号
SIZE_SI = 14.0  # 四号


def mm(value: float) -> int:
    """Millimetres → twips, rounded to the nearest twip."""
    return round(value * TWIPS_PER_MM)


class Page(Struct, frozen=True):
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
    # Footer distance from the paper edge: with the 20 pt page-number line below, the dashes of
    # “— N —” sit about 7 mm below the 版心 (measured in LibreOffice's PDF: 7.2 mm).
    footer_mm: float = 25.0
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

# The document grid: "lines" (line pitch only; the 28 characters come from the condensed
# spacing above) rather than "linesAndChars" with charSpace -849, which Word and WPS honour but
# LibreOffice 7.4 does not: measured on examples/official-2024.yaml, the chars grid gave 14
# characters a line in LibreOffice (9 pages), the condensed spacing 28 (6 pages).
GRID_TYPE = "lines"
GRID_CHAR_SPACE = 0

# OOXML unit conversions the writer needs.
HALF_POINTS_PER_PT = 2  # w:sz
CHAR_UNITS = 100  # w:firstLineChars / w:rightChars are hundredths of a character


def half_points(size_pt: float) -> int:
    """Points → OOXML half-points (w:sz)."""
    return round(size_pt * HALF_POINTS_PER_PT)


def char_twips(chars: float, size_pt: float = SIZE_SAN) -> int:
    """A width of ``chars`` full-width characters of ``size_pt`` in twips (1 char of 三号 = 320)."""
    return round(chars * size_pt * TWIPS_PER_PT)


def char_units(chars: float) -> int:
    """Characters → w:*Chars units (hundredths of a character)."""
    return round(chars * CHAR_UNITS)


class TextStyle(Struct, frozen=True):
    """One kind of text: its East Asian font, Latin font, size in points, and placement."""

    key: str
    east_asia: str
    size_pt: float
    latin: str = "Times New Roman"
    align: str = "both"  # OOXML w:jc
    first_line_chars: int = 200  # hundredths of a character (w:firstLineChars)
    bold: bool = False
    keep_next: bool = False

    @property
    def char_spacing_twips(self) -> int:
        """三号 text is condensed onto the 28-character grid; other sizes are set as they are."""
        return BODY_CHAR_SPACING_TWIPS if self.size_pt == SIZE_SAN else PLAIN_CHAR_SPACING_TWIPS

    @property
    def first_line_twips(self) -> int:
        return char_twips(self.first_line_chars / CHAR_UNITS, self.size_pt)


TITLE = TextStyle(
    "title", "方正小标宋简体", SIZE_ER, align="center", first_line_chars=0, keep_next=True
)
HEADING1 = TextStyle("heading1", "黑体", SIZE_SAN, keep_next=True)
HEADING2 = TextStyle("heading2", "楷体_GB2312", SIZE_SAN, keep_next=True)
HEADING3 = TextStyle("heading3", "仿宋_GB2312", SIZE_SAN, keep_next=True)
HEADING4 = TextStyle("heading4", "仿宋_GB2312", SIZE_SAN, keep_next=True)
BODY = TextStyle("body", "仿宋_GB2312", SIZE_SAN)
ADDRESSEE = TextStyle("addressee", "仿宋_GB2312", SIZE_SAN, align="left", first_line_chars=0)
SIGNATURE = TextStyle("signature", "仿宋_GB2312", SIZE_SAN, align="right", first_line_chars=0)
PAGE_NUMBER = TextStyle("page_number", "宋体", SIZE_SI, latin="宋体", first_line_chars=0)
TABLE = TextStyle("table", "仿宋_GB2312", SIZE_SI, align="center", first_line_chars=0)
TABLE_HEADER = TextStyle("table_header", "黑体", SIZE_SI, align="center", first_line_chars=0)
COPY_NOTE = TextStyle("copy_note", "仿宋_GB2312", SIZE_SI, align="left", first_line_chars=0)
# “附件1”: 黑体, its number included (GB/T 9704 8.3), so the Latin font is 黑体 too.
ATTACHMENT_LABEL = TextStyle(
    "attachment_label",
    "黑体",
    SIZE_SAN,
    latin="黑体",
    align="left",
    first_line_chars=0,
    keep_next=True,
)

#: Every style the base document defines, keyed by TextStyle.key (the writer fills styles.xml).
TEXT_STYLES = (
    BODY,
    TITLE,
    HEADING1,
    HEADING2,
    HEADING3,
    HEADING4,
    ADDRESSEE,
    SIGNATURE,
    ATTACHMENT_LABEL,
    TABLE,
    TABLE_HEADER,
    COPY_NOTE,
    PAGE_NUMBER,
)

HEADING_STYLES = {1: HEADING1, 2: HEADING2, 3: HEADING3, 4: HEADING4}

# Tables (附表) use their own, smaller exact line spacing (in twips), not the 28.95 pt body grid.
TABLE_LINE_TWIPS = 400
# The page-number line: 20 pt exact, so where “— N —” sits depends on PAGE.footer_mm only.
PAGE_NUMBER_LINE_TWIPS = 400

# The signature block (without a seal): right-indented 2 characters; the date's first character
# 2 characters right of the signature's first character (GB/T 9704 7.3.5.2).
SIGNATURE_RIGHT_CHARS = 2
SIGNATURE_DATE_SHIFT_CHARS = 2  # the date starts this many characters right of the signature
SEALED_DATE_RIGHT_CHARS = 4
# Blank lines between the body (or 附件说明) and the signature: one without a seal; with a seal two,
# so that the seal's top edge stays within one line of the text above it while it presses on the
# signature and the date (GB/T 9704 7.3.5.1).
SIGNATURE_GAP_LINES = 1
SEALED_GAP_LINES = 2
ATTACHMENT_NOTE_GAP_LINES = 1  # 附件说明: one blank line below the body
ATTACHMENT_NOTE_INDENT_CHARS = 2
TITLE_GAP_LINES = 1  # one blank line under the title, whether 主送机关 or the body follows
ATTACHMENT_TITLE_LINE = 3  # an attachment's title sits on the 版心's third line
NOTE_INDENT_CHARS = 2  # 附注
PAGE_NUMBER_INDENT_CHARS = 1  # odd pages one character in from the right, even from the left
COPY_NOTE_INDENT_CHARS = 1  # 版记: one character in on each side
# 版记 rules: the first and last are thick (0.35 mm ≈ 1 pt), those between thin (0.25 mm ≈ 0.75 pt).
# OOXML border widths are in eighths of a point: 8 = 1 pt = 0.353 mm, 6 = 0.75 pt = 0.265 mm.
RULE_THICK_EIGHTHS = 8
RULE_THIN_EIGHTHS = 6

# 版头 (GB/T 9704-2012 7.2), the 报送版's: the 发文机关标志 in red 小标宋, centred, its upper edge
# 35 mm below the 版心's; the 发文字号 two lines below it, for an upward document left-aligned one
# character in, on one line with the last 签发人 (right-aligned one character in, two names a
# line); a red rule as wide as the 版心 4 mm below the 发文字号; the title two lines below the rule.
#: The red of the 发文机关标志 and the rule under the 发文字号: pure red, as 公文 are printed
#: (the standard says only “红色”); ``check`` accepts any clearly red colour.
RED = "FF0000"
MARK_TOP_MM = 35.0
#: The mark's size: 初号 (42 pt) when its longest line fits the 版心 at that size, else as large as
#: fits (a long joint name); GB/T 9704 leaves the size to the office (“醒目、美观、庄重”).
MARK_MAX_PT = 42.0
#: The mark's lines are set at least this many times their size apart (the glyphs' em boxes
#: touch nothing above or below), and as much more as keeps the text below on the 22-line grid.
MARK_LINE_FACTOR = 1.1
FILE_NUMBER_GAP_LINES = 2  # blank lines between the mark and the 发文字号
FILE_NUMBER_INDENT_CHARS = 1  # upward documents: the 发文字号 one character in from the left
SIGNER_INDENT_CHARS = 1  # the 签发人 one character in from the right
SIGNERS_PER_LINE = 2
SIGNER_LABEL = "签发人："
HEADER_RULE_GAP_MM = 4.0  # the red rule below the 发文字号
HEADER_RULE_EIGHTHS = RULE_THICK_EIGHTHS
TITLE_AFTER_RULE_LINES = 2  # the title two lines below the red rule (7.3.1)
# 版记 (7.4): 抄送 and 印发 lines one character in on each side; the 版记 of a 公文 with a 印发 line
# goes on the last page, an even one (封四): a section of its own that starts on an even page
# (``w:type evenPage``; Word and LibreOffice insert the blank page when one is needed) and has
# no page number, so neither the blank page nor the 版记 page carries one (7.5).
PRINTED_INDENT_CHARS = 1
RULE_SPACE_PT = 1  # gap between a rule and the 版记 text
# The empty paragraph that ends a document whose last paragraph is the framed 版记: 1 pt high.
HAIRLINE_TWIPS = 20
HAIRLINE_PT = 1
TABLE_BORDER_EIGHTHS = 4  # ½ pt
TABLE_CELL_MARGIN_TWIPS = 85  # ≈ 1.5 mm left and right inside each cell
TABLE_MIN_COLUMN_CHARS = 3  # no column narrower than 3 characters of the table font
# Text set in other sizes is not condensed: 20 二号 (title) or 31 四号 (tables, 版记) characters
# fit a line as they are.
PLAIN_CHAR_SPACING_TWIPS = 0
DEFAULT_TAB_STOP_CHARS = 2
# Times New Roman advance widths in full-width characters (em): digits ½, “.” and space ¼; used
# to line up the names of several attachments after “1. ”.
LATIN_DIGIT_WIDTH = 0.5
LATIN_NARROW_WIDTH = 0.25

# Dates of the file itself (zip entries, core properties) when there is no 成文日期: the zip
# format's own epoch, so builds stay reproducible.
FALLBACK_DATE = (1980, 1, 1)
ZIP_FILE_MODE = 0o644  # rw-r--r-- for every entry, whoever builds
ZIP_CREATE_SYSTEM = 3  # “made on Unix”, so unzip reads ZIP_FILE_MODE, on every platform

LANGUAGE = "zh-CN"
PAGE_NUMBER_DASH = "—"
