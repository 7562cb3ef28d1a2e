"""Every default and limit is defined once (engine/defaults.py) and the Scenario, the command line,
share links and the dashboard's widgets all agree with it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from engine import Scenario, scenario_from_params
from engine import defaults as d
from engine.cli import build_parser, main
from ui import labels

POLL = "2024-11-21-Ipsos"


@pytest.fixture(scope="module")
def ipsos(library):
    return library.polls[POLL]


def test_scenario_defaults_are_the_defaults_module(ipsos):
    scenario = Scenario(ipsos)
    assert (scenario.seed, scenario.simulations, scenario.swing, scenario.constituency_noise) == (
        d.DEFAULT_SEED,
        d.DEFAULT_SIMULATIONS,
        d.DEFAULT_SWING,
        d.DEFAULT_CONSTITUENCY_NOISE,
    )
    assert (scenario.polling_error, scenario.election_day) == (d.DEFAULT_POLLING_ERROR, None)


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("seed", d.SEED_RANGE, (d.SEED_RANGE[0] - 1, d.SEED_RANGE[1] + 1)),
        ("simulations", d.SIMULATIONS_RANGE, (d.SIMULATIONS_RANGE[0] - 1, d.SIMULATIONS_RANGE[1] + 1)),
        ("constituency_noise", d.CONSTITUENCY_NOISE_RANGE, (-0.01, d.CONSTITUENCY_NOISE_RANGE[1] + 0.01)),
        ("swing", d.SWING_MODELS, ("uniform", "")),
    ],
)
def test_scenario_accepts_exactly_its_range(ipsos, field, good, bad):
    for value in good:
        assert getattr(dataclasses.replace(Scenario(ipsos), **{field: value}), field) == value
    for value in bad:
        with pytest.raises(ValueError, match=field.split("_")[-1]):
            dataclasses.replace(Scenario(ipsos), **{field: value})


def test_command_line_defaults_and_choices_are_the_defaults_module():
    parser = build_parser()
    for command in ("report", "backtest"):
        args = parser.parse_args([command, "--poll", POLL] if command == "report" else [command])
        assert (args.seed, args.simulations, args.swing, args.constituency_noise) == (
            d.DEFAULT_SEED,
            d.DEFAULT_SIMULATIONS,
            d.DEFAULT_SWING,
            d.DEFAULT_CONSTITUENCY_NOISE,
        )
    for swing in d.SWING_MODELS:
        assert parser.parse_args(["report", "--poll", POLL, "--swing", swing]).swing == swing


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("--simulations", d.SIMULATIONS_RANGE[1] + 1),
        ("--simulations", d.SIMULATIONS_RANGE[0] - 1),
        ("--seed", d.SEED_RANGE[0] - 1),
        ("--constituency-noise", d.CONSTITUENCY_NOISE_RANGE[1] + 0.1),
    ],
)
def test_command_line_refuses_what_the_scenario_refuses(capsys, argument, value):
    assert main(["report", "--poll", POLL, argument, str(value)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and ("between" in error or "from" in error)


def test_a_link_without_settings_gives_the_defaults(library):
    scenario, *_ = scenario_from_params({"poll": POLL}, library, POLL)
    assert scenario == Scenario(library.polls[POLL])


@pytest.mark.parametrize(
    ("param", "value", "field", "expected"),
    [
        ("sims", str(d.SIMULATIONS_RANGE[1] * 2), "simulations", d.SIMULATIONS_RANGE[1]),
        ("sims", str(d.SIMULATIONS_RANGE[0] // 2), "simulations", d.SIMULATIONS_RANGE[0]),
        ("seed", str(d.SEED_RANGE[1] + 1), "seed", d.SEED_RANGE[1]),
        ("noise", str(d.CONSTITUENCY_NOISE_RANGE[1]), "constituency_noise", d.CONSTITUENCY_NOISE_RANGE[1]),
        ("noise", str(d.CONSTITUENCY_NOISE_RANGE[1] + 0.01), "constituency_noise", d.DEFAULT_CONSTITUENCY_NOISE),
        ("swing", d.SWING_MODELS[1], "swing", d.SWING_MODELS[1]),
        ("error", d.POLLING_ERROR_MODELS[1], "polling_error", d.POLLING_ERROR_MODELS[1]),
        ("error", "magic", "polling_error", d.DEFAULT_POLLING_ERROR),
        ("eday", "2024-11-21", "election_day", date(2024, 11, 21)),  # the fieldwork's last day
        ("eday", f"{2024 + d.MAX_YEARS_TO_ELECTION}-11-22", "election_day", None),
    ],
)
def test_a_link_keeps_settings_within_the_same_limits(library, param, value, field, expected):
    scenario, *_ = scenario_from_params({"poll": POLL, param: value}, library, POLL)
    assert getattr(scenario, field) == expected


@pytest.fixture(scope="module")
def poll_page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["sims"] = "4096"  # a link's run size; every other setting at its default
    at.run()
    assert not at.exception
    return at


def _widget(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def test_the_poll_pages_widgets_offer_the_defaults_and_limits(poll_page, library):
    noise = _widget(poll_page.slider, "Local noise")
    assert (noise.min, noise.max, noise.step, noise.value) == (
        *d.CONSTITUENCY_NOISE_RANGE,
        d.CONSTITUENCY_NOISE_STEP,
        d.DEFAULT_CONSTITUENCY_NOISE,
    )
    seed = _widget(poll_page.number_input, "Seed")
    assert (seed.min, seed.max, seed.value) == (*d.SEED_RANGE, d.DEFAULT_SEED)
    sample = next(w for w in poll_page.number_input if w.label == "Sample size")
    assert (sample.min, sample.max) == d.SAMPLE_SIZE_RANGE
    shares = [w for w in poll_page.slider if w.label != "Local noise"]
    assert shares and all((w.min, w.max) == d.SHARE_RANGE for w in shares)
    simulations = _widget(poll_page.selectbox, "Simulations").options
    assert [int(o.split()[0].replace(",", "")) for o in simulations] == sorted({4096, *d.SIMULATION_CHOICES})
    assert f"{d.DEFAULT_SIMULATIONS:,} (default)" in simulations
    swing = _widget(poll_page.radio, "Swing model").options
    assert [o.split()[0].lower() for o in swing] == list(d.SWING_MODELS) and "(default)" in swing[0]
    polling_error = _widget(poll_page.radio, "Polling error")
    assert polling_error.options == [labels.polling_error_name(m) for m in d.POLLING_ERROR_MODELS]
    assert polling_error.value == d.DEFAULT_POLLING_ERROR and "(recommended)" in polling_error.options[0]
    assert sum("(recommended)" in o for o in polling_error.options) == 1
    election_day = _widget(poll_page.date_input, "Election day (optional)")
    end = next(iter(library.polls.values())).fieldwork_end  # the newest poll opens the app
    assert election_day.value is None and (election_day.min, election_day.max) == (
        end,
        end.replace(year=end.year + d.MAX_YEARS_TO_ELECTION, day=min(end.day, 28)),
    )
