"""The HTML plan in a real browser (Debian's Chromium, driven by Playwright), as a reader
opens it on a phone: nothing makes the page wider than the screen (a wide table scrolls in
its own box), and the chart shrinks to fit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plan_fixtures import load_catalogue, make_inputs, make_result, needs_response

from s3engine.export import render_all
from s3engine.plan.recommend import build_plan


def test_the_html_plan_fits_a_phone_and_a_desktop(browser: Any, tmp_path: Path) -> None:
    responses = [
        needs_response("ITC4", "industry", ["access_to_finance"], comment="Too slow.", number=1),
        needs_response("AT31", "industry", ["rd_partners"], number=2),
    ]
    plan = build_plan(make_result(), load_catalogue(tmp_path), make_inputs(responses), lang="en")
    page_file = tmp_path / "plan.html"
    page_file.write_bytes(render_all(plan, ["html"])["plan.html"])
    for width in (390, 1280):
        page = browser.new_page(viewport={"width": width, "height": 800})
        try:
            page.goto(page_file.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") == width
            wide = page.evaluate(
                """Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                             && !e.closest('div.table'))
                .map(e => e.tagName + '.' + e.className)"""
            )
            assert wide == [], width
            charts = page.evaluate(
                "Array.from(document.querySelectorAll('svg')).map("
                "s => s.getBoundingClientRect().width)"
            )
            assert charts and max(charts) <= width - 20
        finally:
            page.close()
