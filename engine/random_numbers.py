"""Random numbers for the kernel: numpy's SFC64 generator and numpy's exact samplers, in numba.

Each chunk of simulations runs its own SFC64 generator (Chris Doty-Humphrey's Small Fast Chaotic
generator, as numpy implements it), its 4 uint64 words of state expanded from the chunk seed by
splitmix64. On that stream we draw Gamma(shape, 1) variates with numpy's own
`Generator.standard_gamma` algorithm: Marsaglia–Tsang (2000) on a ziggurat normal, the ziggurat
exponential for shape 1. Both are exact samplers, 6–7 times faster than numba's legacy
`np.random.gamma` (Mersenne Twister and polar Box–Muller; see `bench/`). Given the state from
`chunk_generator_state`, the draws are bit for bit those of `numpy.random.Generator(SFC64)` with
that state, which is how the tests check them.

The state is a tuple of the 4 words, passed to and returned by every sampler
(``value, state = sampler(state, …)``), and the samplers of the common path are inlined: compiled
into the kernel's loop, the words stay in registers. Kept in an array, they went through memory at
every draw, and the normal sampler was a call per draw: the Gamma draws took about 1.5 times as
long (bench/run.py).

The ziggurat tables are computed here, at import, from their definition (Marsaglia & Tsang 2000,
"The Ziggurat Method for Generating Random Variables", 256 layers), reproducing numpy's
`ziggurat_constants.h` bit for bit: see `_normal_ziggurat` and `_exponential_ziggurat`.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext

import numpy as np
from numba import njit

# --- the ziggurat tables ---------------------------------------------------------------------
#
# The density f (decreasing on x ≥ 0) is covered by 256 layers of equal area v. Layer 0 is the
# base: the rectangle [0, r] × [0, f(r)] plus the tail beyond r. Layer i ≥ 1 is the rectangle
# [0, x_i] × [f(x_i), f(x_{i-1})], with x_255 = r, x_{i-1} = f⁻¹(f(x_i) + v / x_i) and x_0 = 0
# (r is the one value for which the top layer closes at x = 0). A draw picks a layer i and
# u = m-bit integer; numpy's tables per layer, for m random bits:
#   k_i = 2^m · x_{i-1} / x_i as an integer (u < k_i: accept u · w_i at once, the common case),
#   w_i = x_i / 2^m, f_i = f(x_i); for the base k_0 = 2^m · r f(r) / v, w_0 = v / f(r) / 2^m, f_0 = 1.

LAYERS = 256


def _exp(x: float) -> float:
    """e^x rounded to the nearest float64, whatever the platform's libm (in a precise context)."""
    return float(Decimal(x).exp())


def _log(x: float) -> float:
    """Return ln x rounded to the nearest float64 (in a precise context)."""
    return float(Decimal(x).ln())


# numpy's generator computed f(x_38) = exp(-x_38²/2) one ulp above the nearest float64 (the exact
# value lies 0.4983 ulp below that float, a near-tie its libm rounded up); layers 1–37 inherit it.
_NORMAL_LAYER_ROUNDED_UP = 38


def _normal_ziggurat() -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """Compute numpy's ziggurat tables for the standard normal: (ki uint64, wi, fi, r, 1/r).

    The density is f(x) = exp(-x²/2) and m = 52 bits. numpy's generator ran the recurrence in
    float64 arithmetic from r and v to 20 digits, so we do the same (with exp and log rounded to
    nearest), and rounded k_i to the nearest integer.
    """
    r = 3.6541528853610087963519472518
    v = 0.0049286732339746519  # r f(r) + ∫_r^∞ f
    x = [0.0] * LAYERS
    fx = [1.0] * LAYERS
    with localcontext(prec=28):
        x[-1], fx[-1] = r, _exp(-0.5 * r * r)
        for i in range(LAYERS - 2, 0, -1):
            x[i] = math.sqrt(-2.0 * _log(fx[i + 1] + v / x[i + 1]))
            fx[i] = _exp(-0.5 * x[i] * x[i])
            if i == _NORMAL_LAYER_ROUNDED_UP:
                fx[i] = math.nextafter(fx[i], 1.0)
    edges = np.array(x)
    k = np.zeros(LAYERS, dtype=np.uint64)
    k[1:] = np.round(edges[:-1] / edges[1:] * 2.0**52).astype(np.uint64)
    k[0] = round(r * fx[-1] / v * 2.0**52)
    w = edges / 2.0**52
    w[0] = v / fx[-1] / 2.0**52
    return k, w, np.array(fx), r, 1.0 / r


def _exponential_ziggurat() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Compute numpy's ziggurat tables for the standard exponential: (ke uint64, we, fe, r).

    The density is f(x) = e^-x and m = 53 bits. numpy's generator computed these in high precision
    from r to 29 digits (v = r f(r) + ∫_r^∞ f = (r + 1) e^-r), rounding each entry to the nearest
    float64, and k_i down to an even integer (2 ⌊2^52 x_{i-1} / x_i⌋).
    """
    # 36 digits are ample: the tables need 17, and the recurrence loses about 2.
    with localcontext(prec=36):
        r = Decimal("7.6971174701310497140446280481")
        v = (r + 1) * (-r).exp()
        x = [Decimal(0)] * LAYERS
        fx = [Decimal(1)] * LAYERS
        x[-1], fx[-1] = r, (-r).exp()
        for i in range(LAYERS - 2, 0, -1):
            x[i] = -(fx[i + 1] + v / x[i + 1]).ln()
            fx[i] = (-x[i]).exp()
        k = [2 * int(r / (r + 1) * 2**52)] + [2 * int(x[i - 1] / x[i] * 2**52) for i in range(1, LAYERS)]
        w = [(r + 1) / 2**53] + [x[i] / 2**53 for i in range(1, LAYERS)]
        return np.array(k, dtype=np.uint64), np.array([float(d) for d in w]), np.array([float(d) for d in fx]), float(r)


_NOR_K, _NOR_W, _NOR_F, _NOR_R, _NOR_INV_R = _normal_ziggurat()
_EXP_K, _EXP_W, _EXP_F, _EXP_R = _exponential_ziggurat()

# --- SFC64 -----------------------------------------------------------------------------------

_U1 = np.uint64(1)
_TWO_POW_53_INV = 1.0 / 9007199254740992.0


@njit(cache=True, nogil=True, inline="always")
def _next_uint64(state):
    """Advance SFC64 (Doty-Humphrey's Small Fast Chaotic generator) as numpy does: (64 bits, next state)."""
    a, b, c, counter = state
    out = a + b + counter
    rotated = (c << np.uint64(24)) | (c >> np.uint64(40))
    return out, (b ^ (b >> np.uint64(11)), c + (c << np.uint64(3)), rotated + out, counter + _U1)


@njit(cache=True, nogil=True, inline="always")
def _next_double(state):
    """Draw a double in [0, 1) as numpy's `next_double` does: (value, next state)."""
    bits, state = _next_uint64(state)
    # Below 2^53, so the signed conversion (one instruction) is exact.
    return np.float64(np.int64(bits >> np.uint64(11))) * _TWO_POW_53_INV, state


@njit(cache=True, nogil=True, inline="always")
def _splitmix64(x):
    """Advance splitmix64 (Steele, Lea & Flood 2014) as numpy's seeding does: (next x, output)."""
    x = x + np.uint64(0x9E3779B97F4A7C15)
    z = x
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x, z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True)
def _seed_state(seed):
    """Return the SFC64 state of a chunk seed, as numpy's `sfc64_set_seed` sets it.

    splitmix64 fills the three words, the counter starts at 1 and 12 rounds are discarded.
    """
    x, a = _splitmix64(np.uint64(seed))
    x, b = _splitmix64(x)
    _, c = _splitmix64(x)
    state = (a, b, c, _U1)
    for _ in range(12):
        _, state = _next_uint64(state)
    return state


def chunk_generator_state(seed: int) -> np.ndarray:
    """Return the SFC64 state a chunk starts from, as numpy's `sfc64_set_seed` would set it.

    With it, ``numpy.random.Generator(SFC64)`` reproduces the kernel's stream (the tests'
    check): put the words in ``SFC64().state["state"]`` (a, b, c, counter).

    Parameters
    ----------
    seed : int
        The chunk's seed (0 to 2^64 − 1; the kernel's come from `numpy.random.SeedSequence`
        as uint32).

    Returns
    -------
    numpy.ndarray of shape (4,), uint64
        The words a, b, c and the counter, after splitmix64 seeding and 12 discarded rounds.
    """
    return np.array(_seed_state(np.uint64(seed)), dtype=np.uint64)


# --- numpy's samplers ------------------------------------------------------------------------


@njit(cache=True, nogil=True, inline="always")
def _standard_normal(state):
    """Draw a standard normal by numpy's ziggurat (`random_standard_normal`): (value, next state)."""
    while True:
        r, state = _next_uint64(state)
        idx = r & np.uint64(0xFF)
        r >>= np.uint64(8)
        sign = r & _U1
        rabs = (r >> _U1) & np.uint64(0x000FFFFFFFFFFFFF)
        x = np.float64(np.int64(rabs)) * _NOR_W[idx]
        x = -x if sign else x
        if rabs < _NOR_K[idx]:
            return x, state
        if idx == 0:
            while True:
                u, state = _next_double(state)
                xx = -_NOR_INV_R * np.log1p(-u)
                u, state = _next_double(state)
                yy = -np.log1p(-u)
                if yy + yy > xx * xx:
                    if (rabs >> np.uint64(8)) & _U1:
                        return -(_NOR_R + xx), state
                    return _NOR_R + xx, state
        else:
            u, state = _next_double(state)
            if (_NOR_F[idx - _U1] - _NOR_F[idx]) * u + _NOR_F[idx] < np.exp(-0.5 * x * x):
                return x, state


@njit(cache=True, nogil=True)
def _standard_exponential(state):
    """Draw a standard exponential by numpy's ziggurat (`random_standard_exponential`): (value, next state)."""
    while True:
        ri, state = _next_uint64(state)
        ri >>= np.uint64(3)
        idx = ri & np.uint64(0xFF)
        ri >>= np.uint64(8)
        x = np.float64(np.int64(ri)) * _EXP_W[idx]
        if ri < _EXP_K[idx]:
            return x, state
        if idx == 0:
            u, state = _next_double(state)
            return _EXP_R - np.log1p(-u), state
        u, state = _next_double(state)
        if (_EXP_F[idx - _U1] - _EXP_F[idx]) * u + _EXP_F[idx] < np.exp(-x):
            return x, state


@njit(cache=True, nogil=True)
def _standard_gamma(state, shape):
    """Draw Gamma(shape, 1) as numpy's `random_standard_gamma` does (exact): (value, next state).

    Marsaglia & Tsang (2000) for shape > 1, the ziggurat exponential for shape 1, and numpy's
    rejection method for shape < 1.
    """
    if shape == 1.0:
        return _standard_exponential(state)
    if shape == 0.0:
        return 0.0, state
    if shape < 1.0:
        while True:
            u, state = _next_double(state)
            v, state = _standard_exponential(state)
            if u <= 1.0 - shape:
                x = u ** (1.0 / shape)
                if x <= v:
                    return x, state
            else:
                y = -np.log((1.0 - u) / shape)
                x = (1.0 - shape + shape * y) ** (1.0 / shape)
                if x <= v + y:
                    return x, state
    b = shape - 1.0 / 3.0
    return _marsaglia_tsang(state, b, 1.0 / np.sqrt(9.0 * b))


@njit(cache=True, nogil=True, inline="always")
def _marsaglia_tsang(state, b, c):
    """Draw Gamma(b + 1/3, 1) for b + 1/3 > 1 by Marsaglia & Tsang (2000): (value, next state).

    c = 1/sqrt(9b) is computed once per shape (numpy recomputes it per draw; the same expression
    gives the same bits).
    """
    while True:
        while True:
            x, state = _standard_normal(state)
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u, state = _next_double(state)
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v, state
        if np.log(u) < 0.5 * x * x + b * (1.0 - v + np.log(v)):
            return b * v, state


@njit(cache=True, nogil=True, inline="always")
def _gamma_fast(state, shape, b, c):
    """Draw as `_standard_gamma(state, shape)`, with b, c from `_gamma_constants`: same draws.

    The common case (shape > 1) is inlined into the caller; shapes of at most 1 take the call.
    """
    if shape > 1.0:
        return _marsaglia_tsang(state, b, c)
    return _standard_gamma(state, shape)


@njit(cache=True, nogil=True)
def _gamma_constants(shapes):
    """Compute b and c of `_marsaglia_tsang` per shape (unused where the shape is at most 1)."""
    b = np.zeros(shapes.shape[0])
    c = np.zeros(shapes.shape[0])
    for k in range(shapes.shape[0]):
        if shapes[k] > 1.0:
            b[k] = shapes[k] - 1.0 / 3.0
            c[k] = 1.0 / np.sqrt(9.0 * b[k])
    return b, c


@njit(cache=True, nogil=True)
def draw_gamma(seed, shapes, n):
    """Draw `n` rounds of one Gamma(shape, 1) per shape from a chunk's stream, as the kernel does.

    Exposed so that the tests can check the kernel's draws bit for bit against numpy's
    ``Generator(SFC64).standard_gamma`` (numpy's algorithm: Marsaglia & Tsang 2000 on a ziggurat
    normal for shape > 1, the ziggurat exponential for shape 1; docs/method.md §3.6).

    Parameters
    ----------
    seed : int
        The chunk's seed (see `chunk_generator_state`).
    shapes : numpy.ndarray of shape (n_shapes,), float64
        Gamma shapes (non-negative; the kernel's are ``k + 1 ≥ 1``).
    n : int
        Rounds.

    Returns
    -------
    numpy.ndarray of shape (n, n_shapes), float64
        ``out[s, k]``: round s's draw for ``shapes[k]``, drawn in row-major order.
    """
    state = _seed_state(np.uint64(seed))
    b, c = _gamma_constants(shapes)
    out = np.empty((n, shapes.shape[0]))
    for s in range(n):
        for k in range(shapes.shape[0]):
            out[s, k], state = _gamma_fast(state, shapes[k], b[k], c[k])
    return out
