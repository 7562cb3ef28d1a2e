"""The state-space model of one region's share of one party (docs/poll-average.md).

States: the party's share (percent) and one house effect (points) per polling firm. Step ``t`` is
one measurement, or a day the average is wanted on (no observation); steps are in time order.

- The share follows a random walk: from step ``t`` to ``t + 1`` it moves by ``N(0, σ² Δ_t)``,
  ``Δ_t`` the days between them (0 between two measurements of one day: the walk does not move).
  ``σ² = ω² × 10⁴ × p̄(1 − p̄)``, with ``p̄`` the party's mean measured share (a fraction) and ω, the
  drift per day on the scale of a proportion, the model's one parameter (``log ω``).
- House effects are constant states, each ``N(0, τ²)`` a priori.
- A poll by firm ``f`` observes ``share + house_f + ε``; an election observes ``share + ε``;
  ``Var ε`` is the measurement's own variance (`Measurement.variance`).

The share's initial state is diffuse (statsmodels' exact diffuse initialisation): a new party
starts wherever its first measurement puts it.
"""

from __future__ import annotations

import warnings

import numpy as np

with warnings.catch_warnings():
    # statsmodels 0.14.6 decorates its docstrings with pandas helpers that pandas 3 deprecates
    # (a Pandas4Warning per decorator on import); nothing we call depends on them.
    warnings.filterwarnings("ignore", message="(Appender|Substitution) is deprecated", category=DeprecationWarning)
    from statsmodels.tsa.statespace.initialization import Initialization
    from statsmodels.tsa.statespace.mlemodel import MLEModel


class HouseEffectWalk(MLEModel):
    """A random-walk share observed by polls with house effects, and by elections without.

    Parameters
    ----------
    shares : numpy.ndarray of shape (n_steps,), float
        Measured share per step (percent), NaN on a step without a measurement.
    variances : numpy.ndarray of shape (n_steps,), float
        The measurement's variance (points²); ignored where `shares` is NaN.
    firm_index : numpy.ndarray of shape (n_steps,), int
        The house effect a step's measurement carries (0 to n_firms − 1), or −1 (an election, or
        no measurement).
    step_days : numpy.ndarray of shape (n_steps,), float
        Days from each step to the next (the last one is not used).
    n_firms : int
        Number of house effects.
    binomial_scale : float
        ``10⁴ p̄(1 − p̄)`` (points²): the walk's variance per day is ``ω²`` times it.
    house_sd : float
        τ, the prior standard deviation of a house effect (points).
    """

    def __init__(
        self,
        shares: np.ndarray,
        variances: np.ndarray,
        firm_index: np.ndarray,
        step_days: np.ndarray,
        n_firms: int,
        binomial_scale: float,
        house_sd: float,
    ):
        n_steps = len(shares)
        k_states = 1 + n_firms
        super().__init__(endog=np.asarray(shares, dtype=float), k_states=k_states, k_posdef=1)
        design = np.zeros((1, k_states, n_steps))
        design[0, 0, :] = 1.0
        polled = np.flatnonzero(firm_index >= 0)
        design[0, 1 + firm_index[polled], polled] = 1.0
        self["design"] = design
        self["obs_cov"] = np.where(np.isnan(shares), 1.0, variances).reshape(1, 1, n_steps)
        self["transition"] = np.eye(k_states)
        selection = np.zeros((k_states, 1))
        selection[0, 0] = 1.0
        self["selection"] = selection
        self["state_cov"] = np.zeros((1, 1, n_steps))
        self._walk_days = np.asarray(step_days, dtype=float) * binomial_scale
        initialization = Initialization(k_states)
        initialization.set(0, "diffuse")
        if n_firms:
            initialization.set(
                (1, k_states), "known", constant=np.zeros(n_firms), stationary_cov=house_sd**2 * np.eye(n_firms)
            )
        self.ssm.initialize(initialization)

    @property
    def param_names(self) -> list[str]:
        """The one parameter: ``log_drift``, the log of ω."""
        return ["log_drift"]

    @property
    def start_params(self) -> np.ndarray:
        """ω = 0.003: a party at 20 % drifts by 0.12 point per √day, about 2.3 points a year."""
        return np.array([np.log(3e-3)])

    def update(self, params, **kwargs) -> np.ndarray:
        """Set the walk's variance per step from ``params = [log ω]``.

        Parameters
        ----------
        params : array_like of shape (1,)
            ``log ω``.
        **kwargs
            As `statsmodels.tsa.statespace.mlemodel.MLEModel.update`.

        Returns
        -------
        numpy.ndarray of shape (1,)
            The parameters as given.
        """
        params = super().update(params, **kwargs)
        drift_variance = float(np.exp(2.0 * params[0]))
        self["state_cov"] = (drift_variance * self._walk_days).reshape(1, 1, -1)
        return params
