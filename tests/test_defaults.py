"""Every default and limit is defined once (engine/defaults.py) and the Scenario, the command line,
share links and the dashboard's widgets all agree with it."""

from __future__ import annotations

import dataclasses

import pytest

from engine import Scenario, scenario_from_params
from engine import defaults as d
from engine.cli import build_parser, main

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
    ],
)
def test_a_link_keeps_settings_within_the_same_limits(library, param, value, field, expected):
    scenario, *_ = scenario_from_params({"poll": POLL, param: value}, library, POLL)
    assert getattr(scenario, field) == expected
