"""Costs for one sample, their derivative ∂C/∂ŷ, and the batch reduction.

All four costs share one shape: ∂C/∂ŷ = k · (ŷ − y) for the squared-error
costs (k = 1, 2 or 2/L), and for cross-entropy with a sigmoid or softmax
output the output delta ∂C/∂z(N) is exactly ŷ − y. The trainer's inner
loop uses that: it computes e = ŷ − y once and folds k into the step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.model.activations import log_softmax
from xorgui.core.model.registry import lookup

Array = np.ndarray
REDUCTIONS = ("mean", "sum")


@dataclass(frozen=True)
class Cost:
    """A per-sample cost C(ŷ, y) with ∂C/∂ŷ = scale(L) · (ŷ − y).

    Attributes
    ----------
    name : str
        Name used in model files and on the command line.
    label : str
        How the UI and the worked examples write it.
    """

    name: str
    label: str

    @property
    def is_cross_entropy(self) -> bool:
        """True for cross-entropy, whose output delta skips g'(z)."""
        return self.name == "cross-entropy"

    def scale(self, n_out: int) -> float:
        """Return k with ∂C/∂ŷ = k · (ŷ − y) (squared-error costs)."""
        return {"half-sse": 1.0, "sse": 2.0, "mse": 2.0 / n_out}.get(self.name, 1.0)

    def per_sample(self, err: Array, y: Array, softmax: bool = False) -> Array:
        """Return C for each sample from e = ŷ − y.

        Parameters
        ----------
        err : ndarray, shape (..., m, L)
            ŷ − y per sample and output.
        y : ndarray, broadcastable to ``err``
            Targets.
        softmax : bool
            Cross-entropy only: the output is a softmax (categorical
            cross-entropy) rather than independent sigmoids.

        Returns
        -------
        ndarray, shape (..., m)
        """
        if self.name == "half-sse":
            return 0.5 * np.einsum("...i,...i->...", err, err)
        if self.name == "sse":
            return np.einsum("...i,...i->...", err, err)
        if self.name == "mse":
            return np.einsum("...i,...i->...", err, err) / err.shape[-1]
        return _cross_entropy(err, np.broadcast_to(y, err.shape), softmax)

    def dC_dyhat(self, yhat: Array, y: Array) -> Array:
        """Return ∂C/∂ŷ per sample and output (squared-error costs).

        For cross-entropy this is −y/ŷ + (1−y)/(1−ŷ) with sigmoid outputs
        and −y/ŷ with softmax; the network never multiplies it by g'(z) but
        uses ŷ − y directly (see ``network.backward``).
        """
        if self.is_cross_entropy:
            with np.errstate(divide="ignore", invalid="ignore"):
                return -y / yhat + (1.0 - y) / (1.0 - yhat)
        return self.scale(yhat.shape[-1]) * (yhat - y)


def _cross_entropy(err: Array, y: Array, softmax: bool) -> Array:
    # ŷ is rebuilt from e = ŷ − y: near 1 as 1 + (y − 1 + e) through log1p,
    # exact when y = 1; elsewhere as y + e. The loss curve stays finite and
    # tiny for a solved network instead of rounding to 0.
    with np.errstate(divide="ignore", invalid="ignore"):
        yhat = y + err
        terms = np.where(y > 0, y * _log(yhat, y - 1.0 + err), 0.0)
        if not softmax:
            terms = terms + np.where(y < 1, (1.0 - y) * _log(1.0 - yhat, -y - err), 0.0)
    return -terms.sum(axis=-1)


def _log(p: Array, p_minus_1: Array) -> Array:
    return np.where(p > 0.5, np.log1p(p_minus_1), np.log(np.maximum(p, 0.0)))


def cost_from_logits(cost: Cost, z: Array, yhat: Array, y: Array, softmax: bool) -> Array:
    """Return C per sample from the output sums z(N), exact even for saturated outputs.

    Cross-entropy uses log σ(z) = −log(1 + e^(−z)) and log softmax(z) =
    z − log Σ e^z; the squared-error costs use ŷ − y.
    """
    if not cost.is_cross_entropy:
        return cost.per_sample(yhat - y, y)
    if softmax:
        return -(y * log_softmax(z)).sum(axis=-1)
    log_p, log_q = -np.logaddexp(0.0, -z), -np.logaddexp(0.0, z)
    return -(y * log_p + (1.0 - y) * log_q).sum(axis=-1)


COSTS: dict[str, Cost] = {
    c.name: c
    for c in (
        Cost("half-sse", "C = ½ Σ (ŷ − y)²"),
        Cost("sse", "C = Σ (ŷ − y)²"),
        Cost("mse", "C = (1/L) Σ (ŷ − y)²"),
        Cost("cross-entropy", "C = −Σ [y log ŷ + (1 − y) log(1 − ŷ)]"),
    )
}


def get_cost(name: str) -> Cost:
    """Return the cost called ``name``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    return lookup(COSTS, name, "cost")


def reduce_factor(reduction: str, m: int) -> float:
    """Return the factor turning a sum over m samples into the batch value.

    Raises
    ------
    ValueError
        If ``reduction`` is neither "mean" nor "sum".
    """
    if reduction == "mean":
        return 1.0 / m
    if reduction == "sum":
        return 1.0
    raise ValueError(f"unknown reduction {reduction!r} (known: mean, sum)")


def batch_cost(per_sample: Array, reduction: str) -> Array:
    """Return the batch cost from each sample's cost (samples on the last axis), reduced by mean or sum.

    The one place where per-sample costs become a batch's: the network's
    loss, the trainer's per-epoch losses and the study's.
    """
    return per_sample.sum(axis=-1) * reduce_factor(reduction, per_sample.shape[-1])
