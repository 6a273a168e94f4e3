"""Configuration 5's learning-rate schedule: the rules applied after each epoch.

One definition for the explorer's trainer (one run) and the convergence
study (many runs at once, elementwise), so that both take the same steps.
"""

from __future__ import annotations

import numpy as np

Array = np.ndarray
MIN_RATE = 1e-6  # η is never halved below this


def schedule_rules(epoch: int, loss: Array | float, previous: Array | float, mse: Array | float) -> tuple:
    """Return the masks (converged, halve, stalled) after ``epoch``, elementwise over runs.

    converged: the epoch's MSE fell under 1e-6 (stop); halve: past epoch 20
    the loss rose from ``previous`` (halve η); stalled: past epoch 20 it
    fell by less than 1e-6 (stop). At most one holds for a run.
    """
    converged = np.asarray(mse) < 1e-6
    past = epoch > 20
    halve = ~converged & past & (np.asarray(loss) > previous)
    stalled = ~converged & ~halve & past & (np.asarray(previous) - loss < 1e-6)
    return converged, halve, stalled


def halved(rate: Array | float) -> Array:
    """Return η halved, never below ``MIN_RATE``."""
    return np.maximum(np.asarray(rate) / 2, MIN_RATE)
