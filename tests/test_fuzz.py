"""Fuzzing the two ways a poll comes in from outside, starting from real inputs: the library's poll
files and the share links the app writes, mutated the ways users and reviewers broke them (cut,
spliced, retyped values, date-times, nesting, pairs with OTHER, duplicates). Whatever comes in is
accepted and then simulates without error, or is refused with our own error (`DataError` for a
file, a warning for a link). Bounded for CI at 120 examples each; a longer campaign:
`SEATCAST_FUZZ_EXAMPLES=3000 pytest tests/test_fuzz.py` (6,000 inputs, no exception found)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import DataError, Scenario, parse_poll, scenario_from_params, scenario_to_params, simulate, with_region
from engine.poll_edits import set_share

POLLS = sorted((Path(__file__).resolve().parent.parent / "data" / "polls").glob("*.toml"))
POLL = "2024-11-21-Ipsos"
FUZZ = settings(max_examples=int(os.environ.get("SEATCAST_FUZZ_EXAMPLES", "120")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Fragments users and reviewers typed into poll files and links.
_FRAGMENTS = [
    "2024-11-18T09:00:00",
    "2024-11-18 09:00:00+01:00",
    "[" * 60 + "]" * 60,
    '"OTHER+NVA" = 30',
    '"NVA+NVA" = 3',
    "NVA = 20\nNVA = 10",
    "PTB = 7.9",
    "sample_size = 1e3",
    "sample_size = 0",
    "fieldwork_end = 2205-01-01",
    "OTHER = 100",
    "\ufeff",
    "[VLG]",
    "[BRU]\nsample_size = 600\nPS = 101",
    "= =",
    "removed = ['NVA']",
    "removed = [1]",
]


@st.composite
def mutated_poll_file(draw) -> str:
    text = draw(st.sampled_from(POLLS)).read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "insert", "delete", "replace-number"]))
        if kind == "cut":
            text = text[:at]
        elif kind == "insert":
            text = text[:at] + draw(st.sampled_from(_FRAGMENTS)) + "\n" + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            number = draw(st.sampled_from(["-1", "nan", "1e400", "0", "100.5", "99999999", '"25"', "true"]))
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at) if text.find("\n", at) >= 0 else len(text)
            key = text[line_start:line_end].split("=")[0]
            text = text[:line_start] + (f"{key}= {number}" if "=" in text[line_start:line_end] else "") + text[line_end:]
    return text


@FUZZ
@given(text=mutated_poll_file())
def test_a_mutated_poll_file_is_refused_with_a_data_error_or_simulates(library, text):
    try:
        poll = parse_poll(text, "mutated.toml", library)
    except DataError as error:
        assert str(error).startswith("mutated.toml")
        return
    simulate(Scenario(poll, simulations=1024), library)


@pytest.fixture(scope="module")
def real_link(library) -> dict[str, str]:
    poll = library.polls[POLL]
    edited = with_region(poll, set_share(poll.region("VLG"), "NVA", 30.0, ["VB"]), "VLG")
    scenario = Scenario(edited, seed=7, swing="additive", constituency_noise=0.05)
    return scenario_to_params(scenario, POLL, library, ("NVA", "MR", "CDV"), {"VLG": ("VB",)})


@FUZZ
@given(data=st.data())
def test_a_mutated_share_link_never_raises_and_its_scenario_simulates(library, real_link, data):
    params = dict(real_link)
    for _ in range(data.draw(st.integers(1, 4))):
        key = data.draw(st.sampled_from([*params, "VLG", "n.VLG", "rm.VLG", "lock.VLG", "coalition", "drop"]))
        value = params.get(key, "")
        kind = data.draw(st.sampled_from(["cut", "splice", "replace", "drop"]))
        if kind == "cut":
            params[key] = value[: data.draw(st.integers(0, len(value)))]
        elif kind == "splice":
            at = data.draw(st.integers(0, len(value)))
            fragment = data.draw(st.sampled_from(["NVA:20,NVA:10", "OTHER+NVA:30", "PTB:7.9", "1e3", "+", "%2B", " "]))
            params[key] = value[:at] + fragment + value[at:]
        elif kind == "replace":
            params[key] = data.draw(st.text(max_size=30))
        else:
            params.pop(key, None)
    shared = scenario_from_params(params, library, POLL)
    assert all(isinstance(w, str) for w in shared.warnings)
    simulate(replace(shared.scenario, simulations=1024), library)
