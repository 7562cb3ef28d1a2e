"""Ten sessions at once, each on its own scenario, each sees only its own numbers: the shared
result cache is keyed on the whole scenario, never on anything a session shares with another."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from streamlit.testing.v1 import AppTest

from engine import Scenario, simulate
from engine.formatting import percent

SIMS = 2048
ARIZONA = ("NVA", "MR", "LE", "VOORUIT", "CDV")


def arizona_on_screen(poll_id: str, seed: int) -> tuple[str, str]:
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.query_params.update({"poll": poll_id, "sims": str(SIMS), "seed": str(seed)})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    majority = next(m.value for m in at.metric if m.label.startswith("Arizona: majority"))
    median = next(m.value for m in at.metric if m.label.startswith("Arizona: median"))
    return majority, median


def test_ten_sessions_at_once_each_see_their_own_scenario(library):
    full = [p for p in library.polls.values() if p.covered_regions == ("VLG", "WAL", "BRU")]
    cases = [(poll.id, 100 + i) for i, poll in enumerate(full[:10])]
    with ThreadPoolExecutor(max_workers=10) as pool:
        shown = list(pool.map(lambda case: arizona_on_screen(*case), cases))
    for (poll_id, seed), (majority, median) in zip(cases, shown):
        expected = simulate(Scenario(library.polls[poll_id], seed=seed, simulations=SIMS), library).coalition(ARIZONA)
        assert (majority, median) == (percent(expected.majority_probability.value), str(expected.seats.median)), poll_id
    assert len({s for s in shown}) > 1  # the scenarios really differ
