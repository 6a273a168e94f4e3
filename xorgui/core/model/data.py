"""Data sets: inputs and targets of any shape; the presets are the Boolean truth tables and noisy XOR.

A ``Dataset`` holds whatever arrays it is given (the views must cope with odd
data); a data set of the user's own is checked by ``datacheck.custom_data``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.model.classes import classes
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.model.notation import point

Array = np.ndarray
CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH_TABLES = {
    "xor": (0, 1, 1, 0),
    "and": (0, 0, 0, 1),
    "or": (0, 1, 1, 1),
    "nand": (1, 1, 1, 0),
    "xnor": (1, 0, 0, 1),
}
DATASETS = tuple(TRUTH_TABLES) + ("noisy-xor",)  # the presets
CUSTOM = "custom"  # Setup.dataset of a data set of the user's own (Setup.custom)
SEEDED = ("noisy-xor",)  # data sets whose samples are drawn from the setup's seed


@dataclass(frozen=True, eq=False)
class Dataset(FrozenArrays):
    """Inputs and targets.

    Attributes
    ----------
    name : str
        Name, e.g. "xor", "noisy-xor" or a CSV file's stem.
    X : ndarray, shape (m, a)
        Inputs: one row per sample, one column per input x_0 … x_(a−1).
    Y : ndarray, shape (m, L)
        Targets y_0 … y_(L−1): any real numbers; the presets' are one column
        of 0/1, or one-hot columns for classes "0", "1".

    Two data sets are equal when their names, shapes and numbers are (bit
    for bit up to the sign of zero); a Setup holding one compares and
    hashes as before.
    """

    name: str
    X: Array
    Y: Array

    def __post_init__(self) -> None:
        """Store read-only float copies."""
        for key in ("X", "Y"):
            arr = np.array(getattr(self, key), dtype=float)
            arr.flags.writeable = False
            object.__setattr__(self, key, arr)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return (self.name == other.name and self.X.shape == other.X.shape and self.Y.shape == other.Y.shape
                and bool(np.array_equal(self.X, other.X)) and bool(np.array_equal(self.Y, other.Y)))

    def __hash__(self) -> int:
        return hash((self.name, self.X.shape, self.Y.shape, self.X.tobytes(), self.Y.tobytes()))

    @property
    def n_inputs(self) -> int:
        """Number of inputs a per sample (the first width of a network fed by it)."""
        return int(self.X.shape[1])

    @property
    def n_outputs(self) -> int:
        """Number of targets L per sample (the last width of a network fed by it)."""
        return int(self.Y.shape[1])

    @property
    def labels(self) -> Array:
        """Class of each sample (0 or 1), by the class rule (``classes``)."""
        return classes(self.Y).astype(int)

    def find(self, x: tuple[float, ...]) -> int:
        """Return the index of the sample whose input is ``x``.

        Raises
        ------
        ValueError
            If ``x`` has not one number per input, or no sample has that input.
        """
        if len(x) != self.X.shape[1]:
            raise ValueError(f"a sample of data set {self.name!r} has {self.X.shape[1]} inputs, "
                             f"not {len(x)}: e.g. 0,1")
        hits = np.flatnonzero(np.all(np.isclose(self.X, np.asarray(x, float)), axis=1))
        if not hits.size:
            raise ValueError(f"no sample of data set {self.name!r} has input {point(np.asarray(x, float))}")
        return int(hits[0])


def make_dataset(name: str = "xor", n_outputs: int = 1, n_points: int = 200, noise: float = 0.1,
                 seed: int | None = 0) -> Dataset:
    """Return a preset data set by name.

    Parameters
    ----------
    name : str
        "xor" (default), "and", "or", "nand", "xnor" (the four corners) or
        "noisy-xor" (``n_points`` around the corners, Gaussian noise of
        standard deviation ``noise``, label (x_0 > 0.5) XOR (x_1 > 0.5)).
    n_outputs : int
        1 for a single 0/1 target, 2 for one-hot targets of classes "0", "1".
    seed : int or None
        Seed of the noise.
    """
    if name in TRUTH_TABLES:
        X, labels = CORNERS, np.array(TRUTH_TABLES[name])  # noqa: N806
    elif name == "noisy-xor":
        rng = np.random.default_rng(seed)
        X = CORNERS[np.arange(n_points) % 4] + rng.normal(0.0, noise, (n_points, 2))  # noqa: N806
        labels = ((X[:, 0] > 0.5) ^ (X[:, 1] > 0.5)).astype(int)
    else:
        raise ValueError(f"unknown data set {name!r} (known: {', '.join(DATASETS)})")
    if n_outputs == 1:
        Y = labels[:, None].astype(float)  # noqa: N806
    elif n_outputs == 2:
        Y = np.eye(2)[labels]  # noqa: N806
    else:
        raise ValueError(f"the data sets have 1 output or 2 one-hot outputs, not {n_outputs}")
    return Dataset(name, X, Y)
