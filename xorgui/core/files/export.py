"""Exports: parameters and gradients, loss history, the worked example as Markdown."""

from __future__ import annotations

import io

import numpy as np

from xorgui.core.explanation.explain import Explanation
from xorgui.core.explanation.worked import to_text
from xorgui.core.model.params import all_params
from xorgui.core.session.snapshot import Snapshot
from xorgui.core.training.loss_history import LossHistory


def parameters_csv(snap: Snapshot) -> str:
    """Return every weight and bias with its value, gradient ∂C/∂θ and last update Δθ, as CSV."""
    out = io.StringIO()
    out.write("parameter,label,value,gradient,last_update\n")
    for ref in all_params(snap.spec):
        if ref.kind == "w":
            cells = (snap.weights, snap.dC_dW, snap.last_dW)
            values = [c[ref.n][ref.i, ref.j] for c in cells]
        elif ref.kind == "b" and snap.biases is not None and snap.dC_db is not None and snap.last_db is not None:
            values = [c[ref.n][ref.i] for c in (snap.biases, snap.dC_db, snap.last_db)]
        else:
            continue
        out.write(f"{ref.name},{ref.label}," + ",".join(repr(float(v)) for v in values) + "\n")
    return out.getvalue()


def history_csv(history: LossHistory | np.ndarray, error_rate: np.ndarray | None = None) -> str:
    """Return the per-epoch loss and misclassification rate as CSV, one row per epoch kept.

    Parameters
    ----------
    history : LossHistory or ndarray
        A run's history, or the losses of epochs 1, 2, … (then ``error_rate``
        gives their rates).
    error_rate : ndarray, optional
        With an array of losses: the rate of each epoch.

    Returns
    -------
    str
        Columns ``epoch,loss,error_rate,thinned_block``. Every row keeps its
        true epoch; ``thinned_block`` is empty for an epoch kept with all
        its neighbours and names the epochs ``first-last`` of the block a
        long run was thinned to when the row is one of that block's extremes.
    """
    if not isinstance(history, LossHistory):
        loss = np.asarray(history, dtype=float)
        history = LossHistory(capacity=max(len(loss), 16))
        history.extend(loss, np.asarray(error_rate, dtype=float))
    out = io.StringIO()
    out.write("epoch,loss,error_rate,thinned_block\n")
    for e, c, r in zip(history.epochs.tolist(), history.loss.tolist(), history.error_rate.tolist()):
        first, last = history.block(e)
        block = f"{first}-{last}" if last > first else ""
        out.write(f"{e},{c!r},{r!r},{block}\n")
    return out.getvalue()


def to_markdown(ex: Explanation) -> str:
    """Return the worked example as Markdown: a heading, then each part under its own heading."""
    parts = to_text(ex).strip().split("\n\n")
    title, *rest = parts
    head = title.split("\n")
    lines = [f"# {head[0]}", "", *(f"*{h}*" for h in head[1:]), ""]
    for part in rest:
        first, *body = part.split("\n")
        lines += [f"## {first.rstrip(':')}", ""]
        if body:
            lines += ["```text", *body, "```", ""]
        elif ":" in first:  # a one-line part such as the finite-difference check
            lines[-2] = f"## {first.split(':', 1)[0]}"
            lines += [first.split(":", 1)[1].strip(), ""]
    return "\n".join(lines)
