"""The polling error (docs/method.md §8): its fit, its file, and what it does to a run."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from engine import Scenario, load_library, simulate
from engine.data import DATA_DIR, DataError, load_polling_error
from engine.model import region_counts
from engine.polling_error_fit import (
    CHOSEN,
    Observations,
    cycle_polls,
    final_polls,
    fit,
    fit_polling_error,
    observations,
)

REPO = Path(__file__).resolve().parent.parent
POLL = "2025-06-03-Ipsos"


@pytest.fixture(scope="module")
def library():
    return load_library()


def _cli(*args: str, data: Path = DATA_DIR) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", "--data", str(data), *args], cwd=REPO, capture_output=True, text=True
    )


def test_the_stored_parameters_are_what_the_command_fits_on_the_data():
    done = _cli("fit-polling-error", "--check")
    assert done.returncode == 0, done.stderr


def test_a_hand_edited_parameter_is_caught_and_the_command_rewrites_it(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "polling_error.toml"
    text = path.read_text(encoding="utf-8")
    value = tomllib.loads(text)["growth"]
    path.write_text(text.replace(f"growth = {value}", f"growth = {value * 1.01}"), encoding="utf-8")
    assert _cli("fit-polling-error", "--check", data=data).returncode == 2
    assert _cli("fit-polling-error", data=data).returncode == 0
    assert path.read_text(encoding="utf-8") == text


def test_the_fit_recovers_known_parameters_from_simulated_polls():
    # Polls drawn from the model itself with known κ and γ: the fit must find the effective
    # sample sizes they imply again (κ and γ trade off against each other; n_eff is what counts).
    rng = np.random.default_rng(7)
    kappa, gamma, size = 0.006, 0.008, 20_000
    share = rng.uniform(0.03, 0.35, size)
    n = rng.choice([600.0, 1000.0, 2000.0], size)
    years = rng.uniform(0.0, 4.0, size)
    n_eff = 1 / (1 / n + kappa + gamma * np.sqrt(years))
    result = rng.beta(share * n_eff + 1, (1 - share) * n_eff + 1)
    data = Observations(("test",), ("p",) * size, np.zeros(size, dtype=np.int64), share, result, n, years)
    fitted = fit(CHOSEN, data).error
    for horizon in (0.0, 0.5, 1.0, 4.0):
        truth = 1 / (1 / 1000 + kappa + gamma * np.sqrt(horizon))
        assert fitted.effective_sample_size("VLG", 1000, horizon) == pytest.approx(truth, rel=0.08), horizon


def test_a_backtest_fit_leaves_the_scored_election_out(library):
    for election in ("2019-05-26", "2024-06-09"):
        left_out = fit_polling_error(library, leave_out=election).error
        assert election not in left_out.fitted_on and left_out.fitted_on
    assert fit_polling_error(library).error.fitted_on == ("2019-05-26", "2024-06-09")


def test_observations_pair_a_poll_with_the_result_by_hand(library):
    # 2024-06-04-Ipsos in Flanders, N-VA: its share as the model reads the poll, and N-VA's
    # share of Flanders' valid votes on 9 June 2024, both summed here without the engine's help.
    poll = library.polls["2024-06-04-Ipsos"]
    data = observations(library, "2024-06-09", (poll,))
    region = poll.region("VLG")
    counts = region_counts(region)
    expected_poll = counts.counts[counts.keys.index("NVA")] / counts.counts.sum()
    election = library.elections["2024-06-09"]
    flemish = {c.name for c in election.constituencies if c.region == "VLG"}
    votes = [row for row in election.results if row.constituency in flemish]
    expected_result = sum(r.votes for r in votes if r.party == "NVA") / sum(r.votes for r in votes)
    nva = [i for i in range(len(data)) if data.region[i] == 0 and abs(data.poll_share[i] - expected_poll) < 1e-12]
    assert len(nva) == 1
    assert data.result_share[nva[0]] == pytest.approx(expected_result, rel=1e-12)
    # The middle day of the fieldwork (rounded toward its start) to election day.
    days = (date(2024, 6, 9) - poll.fieldwork_start).days - (poll.fieldwork_end - poll.fieldwork_start).days // 2
    assert data.years[nva[0]] == pytest.approx(days / 365.25)


def test_final_polls_are_the_last_month_we_hold(library):
    # 2024: the month before the election; 2019: the polls of January–May 2019 are kept aside,
    # so the last month of polls we hold (December 2018).
    in_2024 = final_polls(library, "2024-06-09")
    assert in_2024 and all(0 < (date(2024, 6, 9) - p.fieldwork_end).days <= 31 for p in in_2024)
    in_2019 = final_polls(library, "2019-05-26")
    last = max(p.fieldwork_end for p in cycle_polls(library, "2019-05-26"))
    assert in_2019 and all((last - p.fieldwork_end).days < 31 for p in in_2019)
    assert all(p.fieldwork_end.year == 2018 for p in in_2019)


def test_the_dirichlet_reads_the_effective_sample_size_from_the_file(library):
    # The formula applied to the file's own numbers (read with tomllib, not our loader).
    stored = tomllib.loads((DATA_DIR / "polling_error.toml").read_text(encoding="utf-8"))
    poll = library.polls[POLL]
    result = simulate(Scenario(poll, simulations=4096), library)
    model = result.model
    for rp in poll.regions:
        middle = poll.fieldwork_start + (poll.fieldwork_end - poll.fieldwork_start) / 2
        years = (poll.fieldwork_end - middle).days / 365.25
        kappa = stored["extra_variance"][rp.region]
        n_eff = 1 / (1 / rp.sample_size + kappa + stored["growth"] * years ** stored["growth_exponent"])
        assert model.effective_sample_size[rp.region] == pytest.approx(n_eff, rel=1e-9)
        index = ("VLG", "WAL", "BRU").index(rp.region)
        lo, hi = model.category_start[index], model.category_start[index + 1]
        counts = region_counts(rp).counts
        assert np.allclose(model.alpha[lo:hi], counts * n_eff / rp.sample_size + 1)


def test_the_polling_error_widens_intervals_and_tempers_probabilities(library):
    poll = library.polls[POLL]
    honest = simulate(Scenario(poll, simulations=2**16), library)
    narrow = simulate(Scenario(poll, simulations=2**16, polling_error="none"), library)
    for key in ("NVA", "VB", "MR", "PS"):
        (a, b), (c, d) = honest.party(key).seats.interval(90), narrow.party(key).seats.interval(90)
        assert a <= c and d <= b and b - a > d - c, key
    for wide, sharp in zip(honest.coalitions, narrow.coalitions, strict=True):
        assert abs(wide.majority_probability.value - 0.5) <= abs(sharp.majority_probability.value - 0.5) + 0.02


def test_a_later_election_day_means_a_wider_reading(library):
    poll = library.polls[POLL]
    now = simulate(Scenario(poll, simulations=4096), library).model.effective_sample_size
    later = simulate(Scenario(poll, simulations=4096, election_day=date(2029, 6, 10)), library)
    assert all(later.model.effective_sample_size[r] < now[r] for r in now)
    with pytest.raises(ValueError, match="election day"):
        Scenario(poll, election_day=date(2025, 1, 1))
    with pytest.raises(ValueError, match="election day"):
        Scenario(poll, election_day=date(2040, 1, 1))
    with pytest.raises(ValueError, match="polling error"):
        Scenario(poll, polling_error="magic")


@pytest.mark.parametrize("polling_error", ["historical", "none"])
def test_same_seed_same_numbers_in_engine_cli_and_link(library, polling_error):
    from engine import render, scenario_from_params, scenario_to_params

    scenario = Scenario(library.polls[POLL], seed=11, simulations=4096, polling_error=polling_error)
    first = render(simulate(scenario, library), "json")
    assert render(simulate(replace(scenario), library), "json") == first
    shared = scenario_from_params(scenario_to_params(scenario, POLL, library), library, POLL)
    assert shared.scenario == scenario and not shared.warnings
    done = _cli(
        "report", "--poll", POLL, "--seed", "11", "--simulations", "4096", "--polling-error", polling_error, "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    assert hashlib.sha256(done.stdout.encode()).hexdigest() == hashlib.sha256(first.encode()).hexdigest()


def test_cli_help_names_the_default_polling_error():
    done = subprocess.run(
        [sys.executable, "-m", "engine", "report", "--help"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert "--polling-error" in done.stdout and "historical (default)" in " ".join(done.stdout.split())


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda t: t.replace("growth_exponent = 0.5", "growth_exponent = 2"), "growth_exponent"),
        (lambda t: t.replace("\nVLG = ", "\nVLG = -"), "extra_variance.VLG"),
        (lambda t: t.replace("\nBRU = ", "\nBRX = "), "extra_variance.BRU"),
        (lambda t: t.replace("growth = ", "growth = '"), ""),
    ],
)
def test_a_broken_polling_error_file_names_its_field(tmp_path, edit, field):
    path = tmp_path / "polling_error.toml"
    path.write_text(edit((DATA_DIR / "polling_error.toml").read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_polling_error(path)
    assert str(path) in str(raised.value) and raised.value.field == field


def test_without_the_file_only_the_sampling_model_runs(tmp_path, library):
    bare = replace(library, polling_error=None)
    poll = library.polls[POLL]
    with pytest.raises(ValueError, match="fit-polling-error"):
        simulate(Scenario(poll, simulations=4096), bare)
    assert simulate(Scenario(poll, simulations=4096, polling_error="none"), bare).simulations == 4096
