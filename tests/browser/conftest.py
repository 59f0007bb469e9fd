"""Headless Debian Chromium driven by Playwright, with axe-core injected. Runnable alone: pytest tests/browser."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop vs. the DB teardown

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_FR = ROOT / "node_modules" / "axe-core" / "locales" / "fr.json"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not AXE.exists() or not Path(CHROMIUM).exists():
        pytest.fail("Chromium ou axe-core absent : lancez `make browser-deps` (make test le fait).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


class Page:
    def __init__(self, browser, base_url: str, session_cookie: str | None = None):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        if session_cookie:
            self.context.add_cookies([{"name": "sessionid", "value": session_cookie, "url": base_url}])
        self.page = self.context.new_page()
        self.base_url = base_url
        self.console_errors: list[str] = []  # kept across navigations; Chromium reports CSP refusals here
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.console_errors.append(f"exception : {error}"))

    def csp_violations(self) -> list[str]:
        return [text for text in self.console_errors if "Content Security Policy" in text]

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path, wait_until="networkidle")
        return response

    def axe_violations(self) -> list[dict]:
        # Evaluated by the browser's debugging protocol, not as an inline <script>: the page's CSP refuses those.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        self.page.evaluate("l => axe.configure({locale: l})", json.loads(AXE_FR.read_text()))
        result = self.page.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
               values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
        )
        return [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]

    def close(self):
        self.context.close()


@pytest.fixture
def open_page(browser, live_server):
    pages = []

    def _open(user=None) -> Page:
        cookie = None
        if user is not None:
            from django.test import Client

            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
        page = Page(browser, live_server.url, cookie)
        pages.append(page)
        return page

    yield _open
    violations = [text for page in pages for text in page.csp_violations()]
    for page in pages:
        page.close()
    # Every browser test also checks the Content-Security-Policy: nothing the pages need may be refused.
    assert violations == [], f"Violations de la Content-Security-Policy : {violations}"
