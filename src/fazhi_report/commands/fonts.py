"""``fonts``: the 公文 faces on this machine, and what a PDF would be set in instead."""

from __future__ import annotations

from ..fonts import Overview, this_machine


def fonts() -> Overview:
    """Each face the report asks for: installed or not, its stand-in, and how to install it."""
    return this_machine()
