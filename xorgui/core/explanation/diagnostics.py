"""Diagnostics: neurons whose weights have stopped moving, why, and what it means for the whole network."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from xorgui.core.model.activations import get_activation
from xorgui.core.model.classes import are_classes, misclassified
from xorgui.core.model.network import Forward, Network
from xorgui.core.model.notation import num

SATURATION = 0.01  # g'(z) below this share of g's largest slope counts as saturated
MAX_SLOPE = {"sigmoid": 0.25, "tanh": 1.0}
VANISHED = 1e-6  # every |∂C/∂θ| under this counts as no gradient at all
LARGE_RATE = 1.0  # above this η, a stall is most likely the step size's doing


@dataclass(frozen=True)
class Finding:
    """A neuron flagged by the diagnostics.

    Attributes
    ----------
    n, i : int
        Layer and index of the neuron.
    kind : str
        "saturated" or "dead".
    reason : str
        A sentence on why its incoming weights stop moving.
    """

    n: int
    i: int
    kind: str
    reason: str


def diagnose(net: Network, X: np.ndarray, fwd: Forward | None = None) -> list[Finding]:
    """Flag saturated sigmoid or tanh neurons and dead ReLUs over the inputs ``X``.

    A neuron is saturated when g'(z) is under 1 % of g's largest slope on
    every sample, dead (ReLU) when z ≤ 0 on every sample. Every ∂C/∂w into
    it carries the factor g'(z) (δ = g'(z) · …), so those weights barely
    move, or not at all.
    """
    fwd = fwd or net.forward(X)
    return diagnose_sums(net.spec.activations, fwd.z)


def saturated(name: str, z: np.ndarray) -> np.ndarray:
    """Return, per neuron (column of ``z``), whether g'(z) is under 1 % of its largest slope on every sample.

    Only sigmoid and tanh saturate; NaN sums count as not saturated.
    """
    if name not in MAX_SLOPE or z.shape[0] == 0:
        return np.zeros(z.shape[1], dtype=bool)
    with np.errstate(all="ignore"):
        slope = get_activation(name).derivative(z)
    return np.all(slope < SATURATION * MAX_SLOPE[name], axis=0)


def diagnose_sums(activations: tuple, zs: list) -> list[Finding]:
    """Run the diagnostics on the sums ``zs[n]`` (m, L(n)) of layers with these activations."""
    findings = []
    for n, name in enumerate(activations, start=1):
        z = zs[n]
        if name == "relu" and z.shape[0]:
            for i in np.flatnonzero(np.all(z <= 0, axis=0)):
                findings.append(Finding(n, int(i), "dead", f"ReLU h({n})_{i} is 0 on every sample (z ≤ 0): "
                                        "g′(z) = 0, so no gradient reaches its incoming weights and bias, "
                                        "which never change again"))
        for i in np.flatnonzero(saturated(name, z)):
            findings.append(Finding(n, int(i), "saturated", f"{name} neuron ({n}, {i}) is saturated: "
                                    f"g′(z) < {SATURATION * MAX_SLOPE[name]:g} on every sample "
                                    f"(|z| ≥ {num(np.min(np.abs(z[:, i])))}), and every gradient into it "
                                    "carries that factor, so its weights barely move"))
    return findings


def verdict(activations: Sequence[str], zs: Sequence[np.ndarray], yhat: np.ndarray, Y: np.ndarray, grads: list,  # noqa: N803
            loss: float, lr: float) -> str | None:
    """Return a sentence on why training cannot go on, with what to do, or None if nothing is wrong.

    Three cases, checked in this order: values that are no longer finite
    numbers (training diverged); every output neuron saturated on every
    sample while samples are still misclassified (g'(z) ≈ 0 stops every
    gradient, typically after a huge step); every gradient under 1e-6
    while samples are still misclassified (a plateau or a local minimum).
    Targets that are not classes (``are_classes``) have no misclassified
    samples: the saturated case speaks of the cost instead, and vanished
    gradients are no verdict (they are also where the best fit is).

    Parameters
    ----------
    activations : tuple of str
        g of layers 1 … N.
    zs : list of ndarray
        z(n) per layer, shape (m, L(n)); ``zs[0]`` is unused.
    yhat, Y : ndarray, shape (m, L(N))
        Outputs and targets.
    grads : list of ndarray
        ∂C/∂W(n) and ∂C/∂b(n) of the batch cost.
    loss : float
        The batch cost.
    lr : float
        The learning rate η.
    """
    finite = np.isfinite(loss) and np.all(np.isfinite(yhat)) and all(np.all(np.isfinite(g)) for g in grads)
    if not finite:
        return ("Training diverged: the network's values are no longer finite numbers (NaN or ∞). "
                "Lower η, then Reset.")
    classes = are_classes(Y)
    wrong = int(np.count_nonzero(misclassified(yhat, Y))) if classes else 0
    if classes and wrong == 0:
        return None
    state = (f"{wrong} of {len(Y)} samples are misclassified" if classes
             else f"the cost is still C = {num(loss)} (the largest |ŷ − y| is {num(np.max(np.abs(yhat - Y)))})")
    advice = (f"η = {num(lr)} is too large: lower η, then Reset." if lr > LARGE_RATE
              else "Reset to start from other weights, or try another η.")
    output, z = activations[-1], zs[len(activations)]
    if len(z) and np.all(saturated(output, z)):
        return (f"Training has stalled: the output is saturated on every sample (g′(z) < "
                f"{SATURATION * MAX_SLOPE[output]:g}), so every gradient is close to 0, while {state}. {advice}")
    largest = max((float(np.max(np.abs(g))) for g in grads if g.size), default=0.0)
    if largest < VANISHED and classes:  # targets that are values: no gradient is where the best fit is
        if len(activations) == 1:
            advice = ("A network without a hidden layer draws a straight boundary, which cannot separate XOR: "
                      "add a hidden layer (dims 2, 2, 1).")
        return (f"Training has stalled: every gradient is under {VANISHED:g} while {state} "
                f"(a plateau or a local minimum). {advice}")
    return None
