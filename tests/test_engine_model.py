"""The poll model and the simulation: Dirichlet, regions, joint lists, new parties, determinism."""

import hashlib
import os
import subprocess
import sys
from datetime import date

import numpy as np
import pytest

from engine import REGIONS, RegionPoll, Scenario, simulate, with_region
from engine.domain import Poll
from engine.model import build_model, point_estimate_votes, region_counts


def one_region_poll(region: str, shares: dict[str, float], n: int = 1000, day=date(2024, 11, 1)) -> Poll:
    return Poll("Test", (), day, day, (RegionPoll(region, n, tuple(shares.items())),))


def test_region_counts_fill_other_drop_undecided_and_rescale():
    assert region_counts(RegionPoll("VLG", 1000, (("NVA", 60.0), ("VB", 30.0)))).counts.tolist() == [600, 300, 100]
    # An explicit Other with a total under 100: the missing part is undecided and dropped.
    undecided = region_counts(RegionPoll("VLG", 1000, (("NVA", 50.0), ("OTHER", 30.0))))
    assert undecided.keys == ("NVA", "OTHER") and undecided.counts.tolist() == [500, 300]
    over = region_counts(RegionPoll("VLG", 1000, (("NVA", 60.0), ("VB", 50.0)))).counts
    assert over.sum() == pytest.approx(1000) and over[0] / over[1] == pytest.approx(1.2)


def test_regional_dirichlet_has_the_right_mean_and_spread(library):
    poll = one_region_poll("WAL", {"PS": 30.0, "MR": 25.0, "LE": 20.0, "PTB": 15.0})
    # Sampling error only: the poll's 1,000 respondents as they are (docs/method.md §2.2).
    result = simulate(Scenario(poll, simulations=2**20, polling_error="none"), library)  # keeps 2^16 share draws
    alpha = np.array([301.0, 251.0, 201.0, 151.0, 101.0])
    a0 = alpha.sum()
    mean, var = alpha / a0, alpha * (a0 - alpha) / (a0**2 * (a0 + 1))
    draws = result.share_draws.astype(np.float64)
    assert draws.shape == (2**16, 5)
    se = np.sqrt(var / draws.shape[0])
    assert np.all(np.abs(draws.mean(axis=0) - mean) < 4 * se)
    assert np.allclose(draws.var(axis=0), var, rtol=0.05)
    assert np.allclose(draws.sum(axis=1), 1.0, atol=1e-5)


def test_every_interval_contains_its_estimate(ipsos_2024):
    for party in ipsos_2024.parties:
        for level, (lo, hi) in party.vote_share.intervals.items():
            assert lo <= party.vote_share.estimate <= hi, (party.key, level)
        for share in party.regional_vote_share.values():
            assert all(lo <= share.estimate <= hi for lo, hi in share.intervals.values())
        for level in (80, 90, 95, 99):
            lo, hi = party.seats.interval(level)
            assert lo <= party.seats.median <= hi
    for coalition in ipsos_2024.coalitions:
        assert all(lo <= coalition.seats.median <= hi for lo, hi in coalition.seats.intervals.values())


def test_intervals_nest_and_widen_with_the_level(ipsos_2024):
    for party in ipsos_2024.parties:
        bounds = [party.seats.interval(level) for level in (80, 90, 95, 99)]
        for (lo1, hi1), (lo2, hi2) in zip(bounds, bounds[1:]):
            assert lo2 <= lo1 and hi1 <= hi2


def test_national_share_weights_regions_by_baseline_valid_votes(ipsos_2024):
    weights = ipsos_2024.model.region_weight
    assert weights.sum() == pytest.approx(1.0)
    nva = ipsos_2024.party("NVA")
    # N-VA: Flemish and Brussels poll shares, plus its small 2024 Walloon list kept at baseline.
    assert set(nva.regional_vote_share) == {"VLG", "WAL", "BRU"}
    weighted = sum(nva.regional_vote_share[r].estimate * w for r, w in zip(("VLG", "WAL", "BRU"), weights))
    assert nva.vote_share.estimate == pytest.approx(weighted, abs=0.1)


def seat_hash(result) -> str:
    return hashlib.sha256(result.seat_draws.tobytes() + result.list_histogram.tobytes()).hexdigest()


def test_same_seed_same_numbers_and_other_seed_other_numbers(library):
    poll = library.polls["2024-11-21-Ipsos"]
    first = simulate(Scenario(poll, seed=7, simulations=20_000), library)
    again = simulate(Scenario(poll, seed=7, simulations=20_000), library)
    other = simulate(Scenario(poll, seed=8, simulations=20_000), library)
    assert seat_hash(first) == seat_hash(again)
    assert np.array_equal(first.share_draws, again.share_draws)
    assert seat_hash(first) != seat_hash(other)


def test_results_do_not_depend_on_the_number_of_threads(library):
    code = (
        "import hashlib; from engine import *;"
        "lib = load_library(); r = simulate(Scenario(lib.polls['2024-11-21-Ipsos'], seed=3, simulations=50_000), lib);"
        "print(hashlib.sha256(r.seat_draws.tobytes() + r.list_histogram.tobytes()).hexdigest())"
    )
    env = dict(os.environ, NUMBA_NUM_THREADS="1")
    single = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    here = simulate(Scenario(library.polls["2024-11-21-Ipsos"], seed=3, simulations=50_000), library)
    assert single.stdout.strip() == seat_hash(here)


def test_a_quick_run_is_the_start_of_the_full_run(library):
    poll = library.polls["2024-11-21-Ipsos"]
    quick = simulate(Scenario(poll, simulations=2**12), library)
    full = simulate(Scenario(poll, simulations=2**14), library)
    assert np.array_equal(quick.seat_draws, full.seat_draws[:, :, : 2**12])


def test_more_simulations_shrink_the_monte_carlo_error(library):
    poll = library.polls["2024-11-21-Ipsos"]
    vivaldi = ["MR", "OPENVLD", "PS", "VOORUIT", "ECOLO", "GROEN", "CDV"]

    def spread(n: int) -> float:
        estimates = [
            simulate(Scenario(poll, seed=s, simulations=n), library).coalition(vivaldi).majority_probability.value
            for s in range(8)
        ]
        return float(np.std(estimates))

    small, large = spread(2**10), spread(2**14)
    assert large < small / 2  # 16× the simulations: about 4× less spread


def test_standard_error_is_reported_for_probabilities(ipsos_2024):
    p = ipsos_2024.coalition(["NVA", "MR", "LE", "VOORUIT", "CDV"]).majority_probability
    assert p.standard_error == pytest.approx(np.sqrt(p.value * (1 - p.value) / ipsos_2024.simulations))


def test_joint_lists_give_a_partys_brussels_share_to_the_list_it_ran_with(library):
    poll = one_region_poll("BRU", {"ECOLO": 10.0, "GROEN": 10.0, "PS": 20.0, "MR": 20.0, "PTB": 20.0})
    model = build_model(poll, library.elections["2024-06-09"], library.parties)
    units = {model.category_keys[k]: model.unit_labels[u] for k, u in enumerate(model.category_unit) if u >= 0}
    assert units["GROEN"] == ("BRU", "ECOLO") and units["ECOLO"] == ("BRU", "ECOLO")
    result = simulate(Scenario(poll, simulations=2**12), library)
    assert result.party("GROEN").regional_vote_share["BRU"].estimate == pytest.approx(10.0, abs=1.5)
    assert (result.seats(["GROEN"], ("BRU",)) == 0).all()


def test_a_pair_reported_together_counts_for_the_larger_partner(library):
    poll = one_region_poll("BRU", {"PS+VOORUIT": 25.0, "MR+OPENVLD": 25.0, "PTB": 20.0})
    model = build_model(poll, library.elections["2024-06-09"], library.parties)
    targets = {model.category_keys[k]: model.unit_labels[u][1] for k, u in enumerate(model.category_unit) if u >= 0}
    assert targets == {"PS+VOORUIT": "PS", "MR+OPENVLD": "MR", "PTB": "PTB"}


def test_a_new_party_gets_its_regional_share_in_every_constituency(library):
    poll = one_region_poll("VLG", {"NVA": 25.0, "VB": 25.0, "TFA": 10.0})
    model = build_model(poll, library.elections["2024-06-09"], library.parties)
    votes = point_estimate_votes(model)
    for d, region in enumerate(model.constituency_region):
        lo, hi = model.constituency_start[d], model.constituency_start[d + 1]
        tfa = [j for j in range(lo, hi) if model.parties[model.list_party[j]] == "TFA"]
        if region == 0:
            baseline_total = model.list_baseline_votes[lo:hi].sum()
            assert len(tfa) == 1 and votes[tfa[0]] == pytest.approx(0.10 * baseline_total, rel=1e-9)
        else:  # only its own baseline list (Brussels), which this Flemish poll does not swing
            assert all(model.list_baseline_votes[j] > 0 and model.list_unit[j] == -1 for j in tfa)


def test_multiplicative_swing_scales_each_list_by_its_regional_change(library):
    poll = library.polls["2024-11-21-Ipsos"]
    model = build_model(poll, library.elections["2024-06-09"], library.parties)
    votes = point_estimate_votes(model)
    antwerp_nva = model.list_names.index("Nieuw-Vlaamse Alliantie")  # Antwerpen comes first
    regional = library.elections["2024-06-09"].regional_votes("VLG")
    ratio = (24.6 / 100) / (regional["NVA"] / sum(regional.values()))
    assert votes[antwerp_nva] == pytest.approx(model.list_baseline_votes[antwerp_nva] * ratio, rel=1e-9)


def test_the_baseline_is_the_last_election_before_fieldwork(library):
    assert library.baseline_for(library.polls["2024-06-04-Ipsos"]).id == "2019-05-26"
    assert library.baseline_for(library.polls["2024-09-17-Ipsos"]).id == "2024-06-09"


def test_coalition_seats_are_summed_within_each_simulation(ipsos_2024):
    arizona = ["NVA", "MR", "LE", "VOORUIT", "CDV"]
    seats = ipsos_2024.seats(arizona)
    by_party = sum(ipsos_2024.seats([k]).astype(int) for k in arizona)
    assert np.array_equal(seats, by_party)
    assert ipsos_2024.coalition(arizona).majority_probability.value == pytest.approx((seats >= 76).mean())


def test_dutch_language_group_counts_flemish_seats_and_brussels_dutch_lists(ipsos_2024):
    draws = ipsos_2024.seat_draws.astype(int)
    parties = ipsos_2024.model.parties
    nl = [i for i, k in enumerate(parties) if k != "OTHER" and ipsos_2024.library.parties[k].language == "nl"]
    group = draws[0].sum(axis=0) + draws[2, nl].sum(axis=0)  # (regions, parties, simulations)
    arizona = [parties.index(k) for k in ("NVA", "VOORUIT", "CDV")]
    coalition = draws[0, arizona].sum(axis=0) + draws[2, arizona].sum(axis=0)
    expected = (2 * coalition > group).mean()
    got = ipsos_2024.coalition(["NVA", "MR", "LE", "VOORUIT", "CDV"]).dutch_majority_probability.value
    assert got == pytest.approx(expected)


def test_a_region_dropped_from_a_poll_is_not_simulated(library):
    poll = with_region(library.polls["2024-11-21-Ipsos"], None, "WAL")
    result = simulate(Scenario(poll, simulations=4096), library)
    wal = result.seats(result.model.parties, ("WAL",))
    assert (wal == 47).all()
    assert (result.seats(["MR"], ("WAL",)) == result.seats(["MR"], ("WAL",))[0]).all()


def test_pvda_ptb_is_also_offered_combined(ipsos_2024):
    (family,) = ipsos_2024.families
    assert family.name == "PVDA-PTB" and set(family.parties) == {"PVDA", "PTB"}
    assert family.last_result == 15  # 6 + 9 lists' seats in 2024
    both = ipsos_2024.seats(["PVDA"]).astype(int) + ipsos_2024.seats(["PTB"])
    assert family.seats.median == int(np.sort(both)[(len(both) - 1) // 2])
    lo, hi = family.vote_share.intervals[95]
    assert lo <= family.vote_share.estimate <= hi


def test_arizona_has_a_dutch_language_group_majority_in_the_newest_poll(library):
    # Flemish seats of N-VA, Vooruit and CD&V: about 50 of the group's 87-odd seats.
    scenario = Scenario(next(iter(library.polls.values())), simulations=2**14, polling_error="none")
    result = simulate(scenario, library)
    assert result.coalition(["NVA", "MR", "LE", "VOORUIT", "CDV"]).dutch_majority_probability.value > 0.9
    assert result.coalition(["PS", "MR", "LE"]).dutch_majority_probability.value == 0.0


def test_lists_the_poll_does_not_name_are_marked_as_held_at_their_last_result(library):
    poll = library.polls["2024-11-21-Ipsos"]
    wallonia = RegionPoll("WAL", 1000, (("PS", 25.0), ("MR", 27.0), ("LE", 20.0), ("PTB", 12.0), ("ECOLO", 6.0)))
    wallonia_only = with_region(with_region(with_region(poll, wallonia, "WAL"), None, "VLG"), None, "BRU")
    result = simulate(Scenario(wallonia_only, simulations=4096), library)
    baseline = library.elections["2024-06-09"]
    defi = result.party("DEFI")
    # DéFI is not in the Walloon table and Brussels is not polled: held wherever it had votes.
    assert set(defi.held_at_last_result) == {r for r in REGIONS if baseline.regional_votes(r).get("DEFI", 0) > 0}
    assert "WAL" in defi.held_at_last_result
    assert "WAL" not in result.party("PS").held_at_last_result and "BRU" in result.party("PS").held_at_last_result


def test_lists_carry_the_names_of_their_time(library):
    from engine import base_poll

    # The FPS Interior's 2019 lists: sp.a ran as "Socialistische Partij Anders", cdH as "Centre
    # démocrate humaniste" (data/elections/2019-05-26.csv, from the official results).
    rows = {row.party: row.list_name for row in library.elections["2019-05-26"].results if row.party}
    assert rows["VOORUIT"] == "Socialistische Partij Anders" and rows["LE"] == "Centre démocrate humaniste"
    in_2019 = simulate(Scenario(base_poll("election-2019-05-26", library), simulations=4096), library)
    names = {e.list_name for c in in_2019.constituencies for e in c.lists}
    assert {"Socialistische Partij Anders", "Centre démocrate humaniste"} <= names and "Vooruit" not in names
    # A 2023 poll on the same baseline projects the lists under the names they then had.
    in_2023 = simulate(Scenario(library.polls["2023-06-06-Ipsos"], simulations=4096), library)
    names = {e.list_name for c in in_2023.constituencies for e in c.lists}
    assert {"Vooruit", "Les Engagés"} <= names and "Socialistische Partij Anders" not in names
