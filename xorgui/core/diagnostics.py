"""Diagnostics: neurons whose weights have stopped moving, and why."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.activations import get_activation
from xorgui.core.network import Forward, Network

SATURATION = 0.01  # g'(z) below this share of g's largest slope counts as saturated
MAX_SLOPE = {"sigmoid": 0.25, "tanh": 1.0}


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


def diagnose_sums(activations: tuple, zs: list) -> list[Finding]:
    """Run the diagnostics on the sums ``zs[n]`` (m, L(n)) of layers with these activations."""
    findings = []
    for n, name in enumerate(activations, start=1):
        z = zs[n]
        if name == "relu":
            for i in np.flatnonzero(np.all(z <= 0, axis=0)):
                findings.append(Finding(n, int(i), "dead", f"ReLU h({n})_{i} is 0 on every sample (z ≤ 0): "
                                        "g′(z) = 0, so no gradient reaches its incoming weights and bias, "
                                        "which never change again"))
        elif name in MAX_SLOPE:
            slope = get_activation(name).derivative(z)
            limit = SATURATION * MAX_SLOPE[name]
            for i in np.flatnonzero(np.all(slope < limit, axis=0)):
                findings.append(Finding(n, int(i), "saturated", f"{name} neuron ({n}, {i}) is saturated: "
                                        f"g′(z) < {limit:g} on every sample (|z| ≥ {np.min(np.abs(z[:, i])):.3g}), "
                                        "and every gradient into it carries that factor, so its weights "
                                        "barely move"))
    return findings
