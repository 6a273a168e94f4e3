"""The per-sample values a snapshot carries: every sample's, or beyond a budget a few samples' and the means.

z, a and δ of every layer for every sample grow with samples × neurons:
10 000 samples on dims [2, 500, 196, 1] are 170 MB a snapshot, copied,
pickled and sent to the window up to 30 times a second. Over
``SAMPLE_BUDGET`` a snapshot keeps the hidden layers' values of the first
samples only (``held_rows``); the input and output layers (x and ŷ, the
size of the data itself) and the means over all samples stay whole, and
any other sample's values are worked out from the snapshot's weights when
a view asks for them (``one_sample``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from xorgui.core.model.network import Network

Array = np.ndarray

SAMPLE_BUDGET = 4 * 2**20  # bytes of z, a and δ of the hidden layers that a snapshot carries at most
MIN_ROWS = 4  # samples always carried whole (a view lists each of up to four samples)


def held_rows(dims: Sequence[int], samples: int) -> int:
    """Return how many samples' hidden-layer z, a and δ a snapshot of ``dims`` and ``samples`` carries.

    All of them while they fit ``SAMPLE_BUDGET`` bytes (3 arrays of 8-byte
    numbers per hidden neuron and sample), else the first that fit, and
    never fewer than ``MIN_ROWS`` (or all, if there are fewer).
    """
    per_sample = 3 * 8 * sum(int(d) for d in dims[1:-1])
    if per_sample * samples <= SAMPLE_BUDGET:
        return int(samples)
    return max(min(int(samples), MIN_ROWS), SAMPLE_BUDGET // per_sample)


def layer_means(arrays: Sequence[Array | None]) -> list[Array | None]:
    """Return the mean over the samples of each layer's (m, L(n)) array (None stays None)."""
    with np.errstate(all="ignore"):  # a diverged network has inf and nan values, as its means then read
        return [None if arr is None else arr.mean(axis=0) for arr in arrays]


def one_sample(net: Network, X: Array, Y: Array, sample: int) -> dict[str, list]:  # noqa: N803
    """Return z, a and δ of every layer for sample ``sample`` of inputs ``X`` and targets ``Y``.

    Each as a list over layers of arrays of shape (L(n),) (None where a
    layer has none): the forward and backward pass of that sample alone,
    whose δ = ∂C/∂z of its own cost is what the batch's pass gives it.
    """
    rows = slice(sample, sample + 1)
    fwd = net.forward(X[rows])
    bwd = net.backward(fwd, Y[rows])
    return {kind: [None if arr is None else arr[0] for arr in arrays]
            for kind, arrays in (("z", fwd.z), ("a", fwd.a), ("delta", bwd.delta))}
