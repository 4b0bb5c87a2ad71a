"""What contact sheets and preview strips are drawn with: their background and font."""

from __future__ import annotations

import functools
import subprocess

from PIL import ImageFont

__all__ = ["SHEET_BACKGROUND", "sheet_font"]

SHEET_BACKGROUND = "#1c1f26"
"""A sheet's own dark background: its light texts read whatever the frames' theme."""


@functools.cache
def sheet_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans at ``size`` pixels (captions hold Greek, sub- and superscripts).

    PIL's own font when fontconfig does not find it.
    """
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{file}", "DejaVu Sans"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return ImageFont.truetype(found, size)
    except (OSError, subprocess.CalledProcessError):
        return ImageFont.load_default(size)
