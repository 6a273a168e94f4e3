"""What the views show of a snapshot, computed from it by pure functions."""

from __future__ import annotations

from xorgui.core.explanation.diagnostics import verdict
from xorgui.core.session.snapshot import Snapshot


def network_verdict(snap: Snapshot) -> str | None:
    """Return what went wrong with the whole network of a snapshot, and what to do, or None.

    See :func:`verdict`: this passes it the snapshot's arrays.
    """
    grads = list(snap.dC_dW[1:]) + (list(snap.dC_db[1:]) if snap.dC_db else [])
    return verdict(snap.spec.activations, snap.z, snap.a[-1], snap.data.Y, grads, snap.loss,
                   snap.learning_rate)
