"""An axe-core audit in the browser (axe-core from npm, installed by `make test`)."""

from __future__ import annotations

import os

from playwright.sync_api import Page

AXE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "node_modules", "axe-core",
                   "axe.min.js")


def audit(page: Page) -> list[dict]:
    """The page's serious and critical accessibility violations (id, impact, help, where).

    axe is injected as a script tag, which the site's CSP rightly forbids: tests that audit
    give their browser context `bypass_csp`. Pages load exactly as they would otherwise."""
    assert os.path.exists(AXE), "axe-core is missing: run `npm install` (make test does)"
    page.add_script_tag(path=AXE)
    violations = page.evaluate(
        "async () => (await axe.run()).violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " where: v.nodes.map(n => n.target.join(' '))}))")
    return [v for v in violations if v["impact"] in ("serious", "critical")]
