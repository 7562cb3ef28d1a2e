"""The polling error: how much further from the result a poll falls than its sample size says.

A poll is read as a Dirichlet posterior (docs/method.md §2.2) of an *effective sample size*
n_eff rather than of its n respondents:

    1 / n_eff = 1 / n + κ_region + γ × years^e, years from the middle of the fieldwork to election day

κ is the variance (per unit of p(1 − p)) that every poll of a region carries however large it
is: who answers polls, who turns out, late swings; γ adds the drift of opinion when a poll is
read as a forecast of a later election, growing as a power e of the time (e = ½: fast at
first, then slower, as opinion partly returns to where it was). Both are fitted on past elections by
``python -m engine fit-polling-error`` (`engine.polling_error_fit`) and stored in
``data/polling_error.toml``; docs/method.md §8 gives the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # domain imports this module
    from .domain import Poll

DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class PollingError:
    """Fitted polling-error parameters (fractions: variances per unit of p(1 − p)).

    Parameters
    ----------
    extra_variance : dict of str to float
        κ per region key: ``1 / n_eff − 1 / n`` on election eve.
    growth : float
        γ: how much ``1 / n_eff`` grows between fieldwork and election day, per year^e.
    growth_exponent : float
        e, the power of the years in the growth (½ or 1, chosen by the evidence).
    fitted_on : tuple of str
        The elections whose poll cycles the parameters were fitted on (ids).
    polls : int
        Number of polls in the fit.
    observations : int
        Number of (poll, region, list) shares in the fit.
    """

    extra_variance: dict[str, float]
    growth: float
    growth_exponent: float
    fitted_on: tuple[str, ...]
    polls: int
    observations: int

    def effective_sample_size(self, region: str, sample_size: float, years: float = 0.0) -> float:
        """Return the respondents a poll of `sample_size` in `region` counts as.

        Parameters
        ----------
        region : str
            Region key.
        sample_size : float
            Respondents (> 0).
        years : float, default 0.0
            From the middle of the fieldwork to election day (≥ 0).

        Returns
        -------
        float
            n_eff, at most `sample_size`.
        """
        drift = self.growth * max(years, 0.0) ** self.growth_exponent
        return 1.0 / (1.0 / sample_size + self.extra_variance[region] + drift)


def years_to_election(poll: Poll, election_day: date | None) -> float:
    """Return the years from the middle of `poll`'s fieldwork to `election_day`.

    Parameters
    ----------
    poll : Poll
        The poll.
    election_day : datetime.date or None
        None reads the poll as of its last fieldwork day (an election held then).

    Returns
    -------
    float
        Years (365.25 days), at least 0.
    """
    day = election_day or poll.fieldwork_end
    middle = poll.fieldwork_start + (poll.fieldwork_end - poll.fieldwork_start) / 2
    return max((day - middle).days, 0) / DAYS_PER_YEAR


def effective_sample_sizes(poll: Poll, error: PollingError, election_day: date | None = None) -> dict[str, float]:
    """Return the respondents each covered region of `poll` counts as under `error`.

    Parameters
    ----------
    poll : Poll
        The poll; its regions' sample sizes in respondents.
    error : PollingError
        The fitted polling error.
    election_day : datetime.date or None, default None
        As `years_to_election`.

    Returns
    -------
    dict of str to float
        n_eff per covered region key.
    """
    years = years_to_election(poll, election_day)
    return {rp.region: error.effective_sample_size(rp.region, rp.sample_size, years) for rp in poll.regions}
