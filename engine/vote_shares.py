"""Vote shares per party from the poll model's Dirichlet draws, the way a journalist reads them.

A pair counts for its larger partner (docs/method.md §2.5), a list the poll does not name keeps its
baseline share (docs/method.md §3.2), a removed party has none, and national shares weight the
regions by their valid votes at the baseline (docs/method.md §2.3). Shares here are fractions (0–1).
"""

from __future__ import annotations

import numpy as np

from .domain import OTHER, REGIONS, Election
from .model import Model, vote_party_for


def party_vote_shares(
    entries: tuple[str, ...], theta: np.ndarray, region: str, baseline: Election, removed: tuple[str, ...] = ()
) -> dict[str, np.ndarray]:
    """Turn shares of a region's poll entries into vote shares per party.

    A pair counts for its larger partner (docs/method.md §2.5); a list the pollster folded into
    Other keeps its baseline share, taken out of Other (all scaled down together when Other is
    smaller than their total, docs/method.md §3.2). A party in `removed` has no share at all.

    Parameters
    ----------
    entries : tuple of str
        The region's poll entries (registry keys, pairs such as ``"PS+VOORUIT"``, and `OTHER`),
        in the order of `theta`'s columns.
    theta : numpy.ndarray of shape (n_rows, len(entries)), float
        Shares of the entries as fractions (0–1), each row summing to 1: Dirichlet draws, or one
        row of the poll's own shares.
    region : str
        Region key, one of `REGIONS`.
    baseline : Election
        The baseline election, for the larger partner of a pair and the shares of unnamed lists.
    removed : tuple of str, default ()
        Registry keys taken out of the scenario in `region` (`RegionPoll.removed`).

    Returns
    -------
    dict of str to numpy.ndarray of shape (n_rows,)
        Vote share (fraction, 0–1) per party key, `OTHER` included (what is left of Other).
    """
    regional = baseline.regional_votes(region)
    shares: dict[str, np.ndarray] = {}
    for k, entry in enumerate(entries):
        key = OTHER if entry == OTHER else vote_party_for(entry, region, baseline, regional)
        shares[key] = shares.get(key, 0.0) + theta[:, k]
    valid = sum(regional.values())
    kept = {
        key: votes / valid for key, votes in regional.items() if key not in shares and key not in (OTHER, *removed)
    }
    if kept:
        wanted = sum(kept.values())
        factor = np.minimum(1.0, shares.get(OTHER, 0.0) / wanted)
        for key, share in kept.items():
            shares[key] = share * factor
        shares[OTHER] = shares.get(OTHER, 0.0) - wanted * factor
    return shares


def regional_share_draws(model: Model, share_draws: np.ndarray) -> np.ndarray:
    """Turn the kernel's Dirichlet draws into regional vote shares per party.

    Parameters
    ----------
    model : Model
        The run's model (categories, parties, baseline and poll).
    share_draws : numpy.ndarray of shape (n_kept, n_categories), float32
        The first simulations' Dirichlet draws (fractions), as `engine.kernel.simulate_seats`
        keeps them.

    Returns
    -------
    numpy.ndarray of shape (n_kept, n_regions, n_parties), float32
        Vote shares as fractions (0–1), parties as `Model.parties`, regions as `REGIONS`. A region
        the poll does not cover keeps its baseline shares in every row (docs/method.md §2.6).
    """
    baseline = model.baseline
    out = np.zeros((share_draws.shape[0], len(REGIONS), len(model.parties)), dtype=np.float32)
    for r, region in enumerate(REGIONS):
        regional = baseline.regional_votes(region)
        lo, hi = model.category_start[r], model.category_start[r + 1]
        if lo == hi:
            valid = sum(regional.values())
            for key, votes in regional.items():
                out[:, r, model.parties.index(key)] = votes / valid
            continue
        entries = model.category_keys[lo:hi]
        removed = model.poll.region(region).removed
        for key, share in party_vote_shares(entries, share_draws[:, lo:hi], region, baseline, removed).items():
            out[:, r, model.parties.index(key)] = share
    return out


def national_share_draws(model: Model, regional: np.ndarray) -> np.ndarray:
    """Weight regional vote shares into national ones (docs/method.md §2.3).

    Parameters
    ----------
    model : Model
        The run's model; `Model.region_weight` is each region's share of the baseline's valid
        votes.
    regional : numpy.ndarray of shape (n_kept, n_regions, n_parties), float32
        Regional vote shares (fractions), as `regional_share_draws` returns them.

    Returns
    -------
    numpy.ndarray of shape (n_kept, n_parties), float32
        National vote shares as fractions (0–1).
    """
    return np.einsum("nrp,r->np", regional, model.region_weight.astype(np.float32))
