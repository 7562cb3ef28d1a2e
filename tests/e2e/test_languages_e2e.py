"""A Dutch and a French share link in headless Chromium: the page opens in the link's language,
with the coalition's majority probability written with a decimal comma and equal to the English
page's (and the engine's)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from engine import Scenario, simulate
from engine.formatting import percent
from engine.i18n import language
from tests.e2e.test_app_e2e import SIMS, metric_values

POLL = "2024-11-21-Ipsos"
TRANSLATED_SEATS = {"nl": "Zetels", "fr": "Sièges"}  # the Seats page in the navigation


@pytest.fixture(scope="module")
def coalition_with_decimals(library) -> tuple[str, float]:
    """A preset coalition whose majority probability is written with a decimal (under 10 % or over 90 %)."""
    result = simulate(Scenario(library.polls[POLL], simulations=SIMS), library)
    for coalition in library.coalitions:
        probability = result.coalition(coalition.parties).majority_probability.value
        if "." in percent(probability):
            return "+".join(coalition.parties), probability
    pytest.fail("no preset coalition has a probability written with a decimal for this poll")


@pytest.mark.e2e
@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_dutch_or_french_link_writes_the_majority_probability_with_a_decimal_comma(
    app_url: str, page: Page, coalition_with_decimals, lang: str
):
    parties, probability = coalition_with_decimals
    link = f"{app_url}/?poll={POLL}&sims={SIMS}&coalition={parties.replace('+', '%2B')}"
    page.goto(f"{link}&lang=en")
    english = metric_values(page)[0]
    page.goto(f"{link}&lang={lang}")
    translated = metric_values(page)[0]
    with language(lang):
        expected = percent(probability)
    assert english == percent(probability)
    assert translated == expected and "," in translated
    assert translated.replace(",", ".").replace("\u00a0", "").replace(" ", "") == english
    # The navigation is in the link's language too.
    expect(page.get_by_test_id("stSidebarNav").get_by_text(TRANSLATED_SEATS[lang], exact=True)).to_be_visible()
