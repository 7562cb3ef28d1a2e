"""`python -m engine batch` (engine/batch.py): a Dask cluster computes what the app would, with
the same numbers as the scenarios run one by one, into the store the app reads."""

import numpy as np
import pytest

from engine import batch, scenario_from_params, simulate
from engine import track_record as track
from engine.cli import main
from engine.data import DATA_DIR
from engine.poll_average.seats_over_time import AVERAGE_SOURCE, load_seats_over_time, seats_over_time_csv
from engine.result_store import CACHE_DIR_VARIABLE, DiskStore, cached_result, scenario_key, value_key

POLLS = ("2024-11-21-Ipsos", "2025-06-03-Ipsos", "2014-09-09-Dedicated")
SIMULATIONS = 2**12
BACKTEST_SIMULATIONS = 1024  # the smallest run a scenario takes: the numbers only need to match


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    # The workers open the store from their environment, inherited when they are spawned.
    directory = tmp_path_factory.mktemp("store")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_DIR_VARIABLE, str(directory))
        patch.delenv("SEATCAST_REDIS_URL", raising=False)
        yield directory


@pytest.fixture(scope="module")
def client(store_dir):
    from distributed import Client

    cluster = batch.local_cluster(workers=2)
    with Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def polls_batch(client, library):
    return batch.run_batch(client, library, jobs=[batch.POLLS], simulations=SIMULATIONS, poll_ids=POLLS, progress=None)


def test_batch_runs_the_scenario_a_link_to_the_poll_opens(polls_batch, library):
    for run in polls_batch.polls:
        link_scenario, *_ = scenario_from_params({"poll": run.poll_id, "sims": str(SIMULATIONS)}, library, run.poll_id)
        assert run.scenario == link_scenario
        assert run.key == scenario_key(link_scenario, library)


def test_batch_gives_the_numbers_of_the_scenarios_run_one_by_one(polls_batch, library):
    assert [run.poll_id for run in polls_batch.polls] == list(POLLS)
    for run in polls_batch.polls:
        alone = simulate(batch.poll_scenario(library.polls[run.poll_id], SIMULATIONS), library)
        assert list(run.seat_counts) == [party.key for party in alone.parties]
        for party in alone.parties:
            np.testing.assert_array_equal(run.seat_counts[party.key], party.seats.counts)
        assert run.majority == {c.name: c.majority_probability.value for c in alone.coalitions}


def test_a_poll_the_batch_ran_is_read_from_the_store_afterwards(polls_batch, client, library, store_dir):
    store = DiskStore(store_dir)
    assert not any(run.was_stored for run in polls_batch.polls)
    for run in polls_batch.polls:
        assert store.get(run.key) is not None
    first = polls_batch.polls[0]
    for party in cached_result(first.scenario, library, store).parties:
        np.testing.assert_array_equal(party.seats.counts, first.seat_counts[party.key])
    again = batch.run_batch(client, library, jobs=[batch.POLLS], simulations=SIMULATIONS, poll_ids=POLLS, progress=None)
    assert all(run.was_stored for run in again.polls)


def _same_scores(got, want):
    assert len(got) == len(want)
    for score, expected in zip(got, want):
        assert (score.swing, score.constituency_noise, score.polling_error, score.election) == (
            expected.swing,
            expected.constituency_noise,
            expected.polling_error,
            expected.election,
        )
        assert [b.label for b in score.backtests] == [b.label for b in expected.backtests]
        for run, alone in zip(score.backtests, expected.backtests):
            assert [entry.party for entry in run.lists] == [entry.party for entry in alone.lists]
            for entry, other in zip(run.lists, alone.lists):
                np.testing.assert_array_equal(entry.seats.counts, other.seats.counts)


def test_batch_backtest_grids_are_the_track_records_run_one_by_one(client, library, store_dir):
    report = batch.run_batch(
        client, library, jobs=[batch.BACKTESTS], backtest_simulations=BACKTEST_SIMULATIONS, progress=None
    )
    store = DiskStore(store_dir)
    parts = (BACKTEST_SIMULATIONS, batch.DEFAULT_SEED)
    assert report.grids == ((batch.COVERAGE_SCORES, parts), (batch.MODEL_COMPARISON, parts))
    for name, _ in report.grids:
        assert store.get(value_key(library, name, parts)) is not None
    coverage = track.coverage_scores(library, simulations=BACKTEST_SIMULATIONS)
    _same_scores(batch.cached_coverage_scores(library, store, BACKTEST_SIMULATIONS), coverage)
    assert track.render_coverage(batch.cached_coverage_scores(library, store, BACKTEST_SIMULATIONS)) == (
        track.render_coverage(coverage)
    )
    comparison = track.compare_models(library, simulations=BACKTEST_SIMULATIONS)
    _same_scores(batch.cached_model_comparison(library, store, BACKTEST_SIMULATIONS), comparison)


@pytest.mark.parametrize("source", ["2024-11-21-Ipsos", AVERAGE_SOURCE])
def test_a_seats_over_time_task_gives_the_stored_table_rows(source, store_dir, library):
    stored = load_seats_over_time()
    day = max(r.day for r in stored if r.source == source)
    rows = batch.projection(str(DATA_DIR), day, source)
    expected = tuple(r for r in stored if (r.day, r.source) == (day, source))
    assert seats_over_time_csv(rows) == seats_over_time_csv(expected)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["batch", "--only", "polls,everything"], "--only"),
        (["batch", "--workers", "0"], "--workers"),
        (["batch", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"], "--workers"),
        (["batch", "--only", "polls", "--simulations", "10"], "simulations"),
    ],
)
def test_batch_command_refuses_bad_arguments_in_one_line(capsys, argv, message):
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: ") and message in error and error.count("\n") == 1
