"""Vote shares per party from the poll model's Dirichlet draws, the way a journalist reads them:
a pair counts for its larger partner, a list the poll does not name keeps its baseline share
(docs/method.md §3.2), a removed party has none, and national shares weight the regions by their
valid votes at the baseline (§2.3). Shares here are fractions (0–1).
"""

from __future__ import annotations

import numpy as np

from .domain import OTHER, REGIONS, Election
from .model import Model, vote_party_for


def party_vote_shares(
    entries: tuple[str, ...], theta: np.ndarray, region: str, baseline: Election, removed: tuple[str, ...] = ()
) -> dict[str, np.ndarray]:
    """Vote shares per party (fractions, one per row of `theta`) in `region`, from shares of the
    region's poll entries (`theta`: Dirichlet draws or the poll's own shares, columns as
    `entries`, OTHER included).

    A pair counts for its larger partner; a list the pollster folded into Other keeps its
    baseline share, taken out of Other (scaled down when Other is smaller): docs/method.md §3.2.
    A party in `removed` has no share at all.
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
    """(kept, regions, parties) vote shares as fractions, from `share_draws` ((kept, categories)
    Dirichlet draws); a region the poll does not cover keeps its baseline shares."""
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
    """(kept, parties) national vote shares as fractions: regions weighted by valid votes."""
    return np.einsum("nrp,r->np", regional, model.region_weight.astype(np.float32))
