"""Screenshot every registered page at desktop and phone width in headless Chromium.

    python scripts/screenshots.py [--scheme light|dark|both] [OUT_DIR]      (default: light, screenshots/)

The app is started on a free loopback port with its bundled data. The browser asks for the light or the dark
colour scheme, as a reader's system setting does; dark screenshots end in '-dark.png'. The home page at desktop
width in light is also written to docs/screenshot.png for the README.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evidence.ui.registry import PAGES  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, AppPage, _serve  # noqa: E402

EXTRA_VIEWS = {
    "studies-filtered": "studies?outcome=running_economy&design=rct&sort=year_newest",
    "present-slide": "present?talk=C01&talk=C18&talk=guide-injuries&talk=headline-denadai2017-01&slide=1&present=1",
    "present-guide-slide": "present?talk=C01&talk=C18&talk=guide-injuries&slide=3&present=1",
}


def main() -> None:
    import argparse

    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description="Screenshot every page at desktop and phone width.")
    parser.add_argument("--scheme", choices=("light", "dark", "both"), default="light")
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "screenshots")
    arguments = parser.parse_args()
    schemes = ("light", "dark") if arguments.scheme == "both" else (arguments.scheme,)
    out = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    server = _serve(None)
    url = next(server)
    views = {p.url_path: p.url_path for p in PAGES} | EXTRA_VIEWS
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scheme, width_name, viewport in [
            (scheme, *size) for scheme in schemes for size in (("desktop", DESKTOP), ("phone", PHONE))
        ]:
            context = browser.new_context(viewport=viewport, device_scale_factor=1, color_scheme=scheme)
            for name, path in views.items():
                view = AppPage(context.new_page())
                view.goto(f"{url}/{path}")
                view.page.wait_for_timeout(1500)
                # Streamlit scrolls inside its main block: grow the window to the content to capture it all.
                height = view.page.evaluate(
                    "Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain], "
                    "[data-testid=stSidebarContent]')).map(e => e.scrollHeight))"
                )
                view.page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 40, 6000)})
                charts = view.page.locator('[data-testid="stPlotlyChart"]').count()
                if charts:  # plotly.js loads lazily: wait until every chart has drawn its SVG
                    view.page.wait_for_function(
                        f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {charts}", timeout=30000
                    )
                view.page.wait_for_timeout(1000)
                target = out / f"{name}-{width_name}{'-dark' if scheme == 'dark' else ''}.png"
                view.page.screenshot(path=str(target))
                view.page.set_viewport_size(viewport)
                print(target)
            context.close()
        browser.close()
    from PIL import Image

    if "light" not in schemes:
        next(server, None)
        return
    with Image.open(out / "home-desktop.png") as home:  # the README shows the first screen
        home.crop((0, 0, home.width, min(home.height, 1100))).save(ROOT / "docs" / "screenshot.png")
    next(server, None)


if __name__ == "__main__":
    main()
