#!/usr/bin/env python3
"""Render the first page of the sample report as docs/first-page.png (for the README).

Builds examples/official-2024.yaml, converts the .docx to PDF with LibreOffice and turns page 1
into a PNG about 800 px wide with pdftoppm. The fonts GB/T 9704 names are rarely installed on a
build machine, so a private fontconfig file maps them to the nearest Noto CJK faces (仿宋/宋体 →
Noto Serif CJK, 黑体 → Noto Sans CJK, 小标宋 → Noto Serif CJK Bold): only the preview's look
changes, never the .docx.

Usage: python scripts/render_preview.py [FACTS.yaml] [-o docs/first-page.png] [--width 800]
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (font the report names, face drawn in the preview, bold?)
SUBSTITUTES = (
    ("仿宋_GB2312", "Noto Serif CJK SC", False),
    ("方正小标宋简体", "Noto Serif CJK SC", True),
    ("黑体", "Noto Sans CJK SC", False),
    ("楷体_GB2312", "Noto Serif CJK SC", False),
    ("宋体", "Noto Serif CJK SC", False),
)


def fontconfig(folder: Path) -> Path:
    """A fontconfig file: the system's configuration plus the substitutes above."""
    matches = []
    for name, face, bold in SUBSTITUTES:
        weight = '<edit name="weight" mode="assign"><const>bold</const></edit>' if bold else ""
        matches.append(
            f'<match target="pattern"><test name="family"><string>{name}</string></test>'
            f'<edit name="family" mode="assign" binding="strong"><string>{face}</string></edit>'
            f"{weight}</match>"
        )
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "\n".join(matches)
        + "\n</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def render(facts: Path, out: Path, width: int) -> Path:
    from fazhi_report.build import prepare
    from fazhi_report.writers.docx import render_docx
    from fazhi_report.writers.pdf import convert_to_pdf, find_soffice

    if find_soffice() is None or shutil.which("pdftoppm") is None:
        raise SystemExit("需要 LibreOffice (soffice) 和 pdftoppm (poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="fazhi-preview-") as tmp:
        folder = Path(tmp)
        docx = folder / "report.docx"
        docx.write_bytes(render_docx(prepare(facts).document))
        # The preview maps the 公文 fonts to Noto CJK; LibreOffice reads this from its environment.
        os.environ["FONTCONFIG_FILE"] = str(fontconfig(folder))
        conversion = convert_to_pdf([docx], folder)
        if conversion.pdfs[docx] is None:
            raise SystemExit(conversion.failure())
        out.parent.mkdir(parents=True, exist_ok=True)
        # Grey levels only (a 公文 page is black on white): pdftoppm writes grey as PGM, and a
        # grey PNG is a third the size of a colour one.
        subprocess.run(
            [
                "pdftoppm",
                "-gray",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                "-scale-to-x",
                str(width),
                "-scale-to-y",
                "-1",
                str(folder / "report.pdf"),
                str(folder / "page"),
            ],
            capture_output=True,
            check=True,
        )
        out.write_bytes(pgm_to_png((folder / "page.pgm").read_bytes()))
    return out


def pgm_to_png(pgm: bytes) -> bytes:
    """A binary (P5) 8-bit PGM as a greyscale PNG, each row filtered against the one above."""
    fields = pgm.split(maxsplit=4)
    if fields[0] != b"P5" or int(fields[3]) != 255:
        raise ValueError("expected an 8-bit binary PGM")
    width, height, pixels = int(fields[1]), int(fields[2]), fields[4]
    rows = []
    previous = bytes(width)
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        rows.append(b"\x02" + bytes((a - b) & 0xFF for a, b in zip(row, previous, strict=True)))
        previous = row

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("facts", nargs="?", type=Path, default=ROOT / "examples/official-2024.yaml")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "docs/first-page.png")
    parser.add_argument("--width", type=int, default=800)
    args = parser.parse_args(argv)
    path = render(args.facts, args.out, args.width)
    print(f"{path} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
