#!/usr/bin/env python3
"""Updates the pictures in docs/img from the real commands, as the analyst sees them.

From the demo district: the report page's top (report.png), a low school's card (card.png), the
groups chart (groups.png), the map (map.png) and a group ranked (group.png). From a generated
district of 3,000 schools: the page's search filtered to the low schools (report-3000.png), the
map as a density (map-3000.png) and its largest group's chart (group-3000.png).

    python3 scripts/screenshots.py [--out docs/img] [--binary target/release/schoolpeers]

Needs headless Chromium and ChromeDriver (/usr/bin/chromium and /usr/bin/chromedriver, or the
CHROMIUM and CHROMEDRIVER variables); builds the release binary when it is missing.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from webdriver import Browser  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def run(binary, *args):
    subprocess.run([str(binary), *args], check=True, stdout=subprocess.DEVNULL)


def largest_group(out):
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return max(results["groups"], key=lambda g: g["size"])["peer_group"]


def pictures(browser, work, out):
    """Every picture, written into `out`; their names."""
    demo, big = work / "demo", work / "out-3000"
    browser.open(demo / "report.html")
    browser.screenshot(out / "report.png")
    # A card whole: a window taller than it.
    browser.window(1280, 2400)
    browser.screenshot(out / "card.png", "#low article")
    browser.window(1280, 1000)
    for chart in ["groups", "map"]:
        shutil.copy(demo / "charts" / f"{chart}.png", out / f"{chart}.png")
    shutil.copy(demo / "charts" / "group-1.png", out / "group.png")
    browser.open(big / "report.html")
    browser.script(
        "const s = document.getElementById('find-status'); s.value = 'low';"
        "s.dispatchEvent(new Event('change'));"
        "document.getElementById('find').scrollIntoView();"
    )
    browser.screenshot(out / "report-3000.png")
    shutil.copy(big / "charts" / "map.png", out / "map-3000.png")
    group = largest_group(big)
    shutil.copy(big / "charts" / f"group-{group}.png", out / "group-3000.png")
    return ["report.png", "card.png", "groups.png", "map.png", "group.png",
            "report-3000.png", "map-3000.png", "group-3000.png"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "schoolpeers"))
    args = parser.parse_args()
    binary, out = Path(args.binary), Path(args.out)
    if not binary.exists():
        subprocess.run(["cargo", "build", "--release", "--locked", "-q"], cwd=ROOT, check=True)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    chromedriver = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    for needed in [chromium, chromedriver]:
        if not Path(needed).exists():
            sys.exit(f"screenshots: {needed} is missing (apt install chromium chromium-driver)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        run(binary, "demo", "--out", work / "demo")
        run(binary, "generate", "--schools", "3000", "--shape", "schools", "--seed", "8",
            "--out", work / "district-3000")
        run(binary, "run", work / "district-3000", "--out", work / "out-3000")
        browser = Browser(chromium, chromedriver, work / "profile", 1280, 1000)
        try:
            written = pictures(browser, work, out)
        finally:
            browser.close()
    for name in written:
        print(out / name)


if __name__ == "__main__":
    main()
