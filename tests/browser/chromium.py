"""Debian's Chromium as the browser tests and benchmarks drive it, and the screens they use."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}
# A 1280x720 window zoomed to 200% lays pages out in 640x360 CSS pixels.
ZOOM_200 = {"width": 640, "height": 360}
DESKTOP = {"width": 1280, "height": 900}
