"""Debian's Chromium as the browser tests and benchmarks drive it, and the screens they use."""

from __future__ import annotations

# Debian's headless shell: the browser without the desktop one's user interface, for two fifths less CPU.
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # No name but loopback resolves: nothing a test does can reach another machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
PHONE = {"width": 360, "height": 740}
NARROW = {"width": 320, "height": 640}
# A 1280x720 window zoomed to 200% lays pages out in 640x360 CSS pixels.
ZOOM_200 = {"width": 640, "height": 360}
DESKTOP = {"width": 1280, "height": 900}
