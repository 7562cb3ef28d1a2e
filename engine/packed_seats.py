"""Seat draws kept exactly in a few bits per simulation, so that a cached run costs megabytes.

A party's national seats over 2^20 simulations span a dozen values at most: stored as the offset
from the run's lowest count in as many bit planes as the spread needs (`numpy.packbits`), a row of
draws takes 0–4 bits per simulation instead of 8, and unpacks exactly, so that any coalition a
reader types is still summed simulation by simulation (docs/method.md §3.5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class PackedRows:
    """Rows of non-negative whole numbers (seats), one per party, each stored in bit planes.

    Attributes
    ----------
    n : int
        Simulations per row.
    lowest : tuple of int
        Each row's smallest value.
    planes : tuple of tuple of bytes
        Each row's offsets from `lowest`, bit by bit from the least significant
        (``numpy.packbits`` of ``(offset >> b) & 1``); a constant row has none.
    """

    n: int
    lowest: tuple[int, ...]
    planes: tuple[tuple[bytes, ...], ...]

    @classmethod
    def pack(cls, rows: np.ndarray) -> PackedRows:
        """Pack an array of shape (n_rows, n_simulations) of non-negative integers (< 256).

        Raises
        ------
        ValueError
            When a value is negative or above 255.
        """
        rows = np.asarray(rows)
        if rows.size and (rows.min() < 0 or rows.max() > 255):
            raise ValueError("packed rows hold whole numbers from 0 to 255")
        lowest, planes = [], []
        for row in rows:
            low = int(row.min()) if row.size else 0
            offset = (row - low).astype(np.uint8)
            bits = int(offset.max()).bit_length() if row.size else 0
            lowest.append(low)
            planes.append(tuple(np.packbits((offset >> b) & 1).tobytes() for b in range(bits)))
        return cls(rows.shape[1], tuple(lowest), tuple(planes))

    def row(self, i: int) -> np.ndarray:
        """Unpack row `i`: shape (n,), uint8."""
        out = np.full(self.n, self.lowest[i], dtype=np.uint8)
        for b, plane in enumerate(self.planes[i]):
            out += np.unpackbits(np.frombuffer(plane, dtype=np.uint8), count=self.n) << np.uint8(b)
        return out

    def sum_rows(self, indices) -> np.ndarray:
        """Sum rows `indices` within each simulation: shape (n,), int16 (zeros when none)."""
        total = np.zeros(self.n, dtype=np.int16)
        for i in indices:
            total += self.row(i)
        return total

    def check(self, n: int, rows: int | None = None) -> None:
        """Check that these are `rows` rows (any number if None) of `n` simulations, whole planes.

        Raises
        ------
        ValueError
            When they are not (a damaged or tampered store entry).
        """
        width = (n + 7) // 8
        well_formed = (
            self.n == n
            and len(self.lowest) == len(self.planes)
            and (rows is None or len(self.planes) == rows)
            and all(isinstance(low, int) and 0 <= low <= 255 for low in self.lowest)
            and all(len(row) <= 8 and all(len(plane) == width for plane in row) for row in self.planes)
        )
        if not well_formed:
            raise ValueError("packed seat draws that do not match their run")

    @property
    def nbytes(self) -> int:
        """Bytes held by the bit planes."""
        return sum(len(plane) for row in self.planes for plane in row)
