"""In headless Chromium: a share link whose uploaded poll names its firm and commissioners in
Markdown, HTML and bare links shows them as plain text on every page, at desktop and phone width
(no link out of the app, no image fetched, no bold made from them); and at phone width every table
shows all its columns."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

SIMS = 2**16  # one run (no quick-then-full rerun): the page settles at once
TIMEOUT_MS = 60_000
PAGES = ["", "seats", "coalitions", "voting_intentions", "constituencies", "report", "poll_of_polls", "track_record"]
PAGES += ["method"]
FIRM = "[Official results](http://evil.example)"
COMMISSIONERS = ["![p](http://evil.example/p.png)", "**FAKE** | x | <b>y</b>"]
SOURCE = ":material/warning: www.evil.example"
INJECTION = urlencode(
    {
        "poll": "custom",
        "firm": FIRM,
        "by": ";".join(COMMISSIONERS),
        "src": SOURCE,
        "from": "2025-03-01",
        "to": "2025-03-05",
        "VLG": "NVA:30,VB:25,VOORUIT:15,CDV:12,OTHER:18",
        "sims": SIMS,
    }
)
WIDTHS = {"desktop": 1280, "phone": 390}
WORD_JOINER = "\u2060"  # what breaks a bare link or an icon shortcode, invisibly
# A phone as Streamlit recognises one: by its user agent (the width alone does not say it).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
    "is_mobile": True,
    "has_touch": True,
}


def open_page(page: Page, base_url: str, path: str, query: str) -> None:
    page.goto(f"{base_url}/{path}?{query}")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT_MS)


def links_and_images_out_of(page: Page, app_host: str) -> list[str]:
    """Every link (HTML or SVG) and image of the page that points outside the app."""
    targets = page.evaluate(
        """() => [
            ...[...document.querySelectorAll('a')].map(a => a.href.baseVal ?? a.href),
            ...[...document.querySelectorAll('a')].map(a => a.getAttribute('xlink:href') || ''),
            ...[...document.querySelectorAll('img, image')].map(i => i.currentSrc || i.getAttribute('src') || i.getAttribute('href') || ''),
        ].filter(Boolean)"""
    )
    return [t for t in targets if urlsplit(t).hostname not in (None, "", app_host)]


def emphasis_from_user(page: Page) -> list[str]:
    """Bold or italic text that comes from the link's names."""
    emphasised = page.evaluate("() => [...document.querySelectorAll('strong, b, em, i')].map(e => e.textContent)")
    return [text for text in emphasised if "FAKE" in text or "Official" in text or text.strip() == "y"]


@pytest.mark.e2e
@pytest.mark.parametrize("width", WIDTHS)
def test_a_links_names_are_plain_text_on_every_page(app_url: str, browser: Browser, width: str):
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    app_host = urlsplit(app_url).hostname
    fetched: list[str] = []
    context.on("request", lambda request: fetched.append(request.url))
    try:
        page = context.new_page()
        for path in PAGES:
            open_page(page, app_url, path, INJECTION)
            assert page.get_by_test_id("stException").count() == 0, path
            assert links_and_images_out_of(page, app_host) == [], path
            assert emphasis_from_user(page) == [], path
            # Under the title (the Method page has no scenario line): the firm as it was written.
            if path != "method":
                shown = page.get_by_test_id("stCaptionContainer").first.inner_text().replace(WORD_JOINER, "")
                assert FIRM in shown and COMMISSIONERS[0] in shown, path
        # Nothing was fetched from outside the app (a tracking pixel would be).
        assert [url for url in fetched if urlsplit(url).hostname != app_host] == []
    finally:
        context.close()


@pytest.mark.e2e
def test_the_report_preview_shows_the_names_as_written(app_url: str, page: Page):
    open_page(page, app_url, "report", INJECTION)
    page.get_by_text("Preview the report").click()
    preview = page.get_by_test_id("stExpander").last
    expect(preview).to_contain_text("Polling firm", timeout=TIMEOUT_MS)
    text = preview.inner_text().replace(WORD_JOINER, "")
    assert FIRM in text and COMMISSIONERS[0] in text and "**FAKE** | x | <b>y</b>" in text
    assert preview.locator("img").count() == 0
    # Its only links are the headings' own anchors.
    assert all(
        href.startswith("#")
        for href in preview.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    )


def cut_tables(page: Page) -> list[str]:
    """Tables wider than their place on the page: columns a reader cannot see."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stTable]')]
            .filter(t => [t, ...t.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
            .map(t => t.innerText.split('\\n')[0])"""
    )


@pytest.mark.e2e
def test_every_table_shows_all_its_columns_on_a_phone(app_url: str, browser: Browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        for path in PAGES:
            open_page(page, app_url, path, f"sims={SIMS}")
            for expander in page.get_by_test_id("stExpander").all():  # tables inside expanders too
                expander.locator("summary").click()
            page.wait_for_timeout(300)
            assert cut_tables(page) == [], path
    finally:
        context.close()


@pytest.mark.e2e
def test_the_page_menu_closes_after_a_choice_on_a_phone(app_url: str, browser: Browser):
    """Streamlit closes its menu after a choice when the browser says it is a phone."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        open_page(page, app_url, "", f"sims={SIMS}")
        page.get_by_test_id("stExpandSidebarButton").click()
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="Seats").click()
        expect(page.get_by_role("heading", name="Seats", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true", timeout=TIMEOUT_MS)
        assert re.search(r"/seats\?", page.url)
    finally:
        context.close()
