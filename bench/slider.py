"""Slider to result in headless Chromium: `streamlit run app.py`, the Poll page, one slider change.

The Poll page shows the coalition's majority probability (`st.metric`, the first one) and a
caption "… · 65,536 simulations (quick estimate, refining…) · …" while the quick run is on screen,
then "1,048,576 simulations · …" once the full run has replaced it. We move the N-VA slider in
Flanders by one keyboard PageUp (one value change, one rerun) and time, in the page itself
(requestAnimationFrame polling, so the browser's clock is read when the frame is drawn):

- quick: the caption says the edited scenario's quick estimate and the probability shown changed;
- full: the caption says the edited scenario's 2^20 simulations and the script is idle.

Both uncertainty models are timed: the historical polling error (the default, with its
sampling-only comparison beside the majority probability) and the sampling error only. The
server gets a shared result cache of its own, empty, so that no result comes from an earlier run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.app_server import CHROMIUM, CHROMIUM_ARGS, running_app

POLL = "2024-11-21-Ipsos"
REPEATS = 3
TIMEOUT_MS = 120_000

_WAIT = """([before, stage]) => {
  const caption = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .map(e => e.innerText).find(t => t.includes(' simulations')) || '';
  const metric = document.querySelector('[data-testid="stMetricValue"]');
  const value = metric ? metric.innerText : '';
  const idle = document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning';
  if (stage === 'quick') {
    return caption.includes('edited') && caption.includes('quick estimate') && value !== before
      ? performance.now() : false;
  }
  return caption.includes('edited') && caption.includes('1,048,576 simulations ·') && idle
    ? performance.now() : false;
}"""


def _one_change(page, url: str) -> tuple[float, float]:
    page.goto(url)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
             .some(e => e.innerText.includes('1,048,576 simulations ·'))
           && document.querySelector('[data-testid="stApp"]')
             ?.getAttribute('data-test-script-state') === 'notRunning'""",
        timeout=TIMEOUT_MS,
    )
    before = page.get_by_test_id("stMetricValue").first.inner_text()
    slider = page.get_by_role("slider", name="N-VA")
    slider.focus()
    start = page.evaluate("performance.now()")
    slider.press("PageUp")
    quick = page.wait_for_function(_WAIT, arg=[before, "quick"], polling="raf", timeout=TIMEOUT_MS).json_value()
    full = page.wait_for_function(_WAIT, arg=[before, "full"], polling="raf", timeout=TIMEOUT_MS).json_value()
    return (quick - start) / 1000.0, (full - start) / 1000.0


# The link parameter of each uncertainty model ("" is the default, the historical polling error).
MODELS = {"": "", "_no_polling_error": "&error=none"}


def slider_measures() -> dict[str, str]:
    if not os.access(CHROMIUM, os.X_OK):
        return {"slider_to_quick_result_s": f"n/a ({CHROMIUM} missing)", "slider_to_full_result_s": "n/a"}
    from playwright.sync_api import sync_playwright

    measures = {}
    with tempfile.TemporaryDirectory() as logs:
        environ = {"SEATCAST_CACHE_DIR": str(Path(logs) / "cache")}
        with running_app(Path(logs) / "server.log", environ) as base_url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                for name, model in MODELS.items():
                    quick, full = [], []
                    for attempt in range(REPEATS + 1):
                        # A fresh session and seed each time, so no result comes from the server's
                        # cache; the first attempt (discarded) warms the server.
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        try:
                            url = f"{base_url}/?poll={POLL}&seed={7000 + attempt}{model}"
                            q, f = _one_change(context.new_page(), url)
                        finally:
                            context.close()
                        if attempt:
                            quick.append(q)
                            full.append(f)
                    measures[f"slider_to_quick_result{name}_s"] = f"{min(quick):.3f}"
                    measures[f"slider_to_full_result{name}_s"] = f"{min(full):.3f}"
            finally:
                browser.close()
    return measures
