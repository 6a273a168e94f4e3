"""The phases of one update, each a frozen record a view can paint: what it lights and the numbers shown.

Every array is per sample of the update along its first axis (m = 1 for an
online update), except the reduced gradients and the update, which belong
to the batch. Layers and neurons use the brief's indices: layer n = 1 … N,
neuron i of layer n, input j of layer n − 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from xorgui.core.model.frozen import FrozenArrays

Array = np.ndarray
FORWARD, COST, BACKWARD, GRADIENT, UPDATE = "forward", "cost", "backward", "gradient", "update"
# How δ of a layer is formed: the output rule with g′, the output of cross-entropy (ŷ − y, no g′), the recursion.
OUTPUT, OUTPUT_CE, HIDDEN = "output", "output-ce", "hidden"


@dataclass(frozen=True)
class Lights:
    """What a phase lights on the network graph.

    Attributes
    ----------
    neurons : tuple of (n, i)
        Neurons whose numbers the phase shows.
    weight_layers : tuple of int
        Layers n whose weights w(n)_ij are all lit (see ``edge_rows``).
    biases : bool
        The biases of the lit neurons are lit too.
    direction : str
        "forward" (edges carry w·a), "backward" (w·δ), "gradient" or
        "update": the colour a view gives the lit edges.
    """

    neurons: tuple
    weight_layers: tuple
    biases: bool
    direction: str


def edge_rows(dims: tuple, layers: tuple) -> Array:
    """Return the rows of the weights of ``layers`` in ``graph.layout(dims).edges`` (w(1)_00, w(1)_01, … order)."""
    starts = np.cumsum([0] + [dims[n] * dims[n - 1] for n in range(1, len(dims))])
    parts = [np.arange(starts[n - 1], starts[n]) for n in layers]
    return np.concatenate(parts) if parts else np.empty(0, int)


def _layer(n: int, width: int) -> tuple:
    return tuple((n, i) for i in range(width))


@dataclass(frozen=True)
class ForwardPhase(FrozenArrays):
    """Layer n of the forward pass: z(n)_i = Σ_j w(n)_ij · a(n−1)_j + b(n)_i, then a(n)_i = g(z(n)_i).

    Attributes
    ----------
    n : int
        The layer.
    activation : str
        Name of g in layer n.
    a_in : ndarray, shape (m, L(n−1))
        a(n−1), the inputs of the layer (x for n = 1).
    W : ndarray, shape (L(n), L(n−1))
        w(n)_ij before the update.
    b : ndarray, shape (L(n),), or None
        b(n)_i, None without biases.
    terms : ndarray, shape (m, L(n), L(n−1))
        w(n)_ij · a(n−1)_j, what edge (n, i, j) carries.
    z : ndarray, shape (m, L(n))
        z(n)_i, as ``Network.forward`` computes it.
    a : ndarray, shape (m, L(n))
        a(n)_i = g(z(n)_i).
    """

    n: int
    activation: str
    a_in: Array = field(repr=False)
    W: Array = field(repr=False)
    b: Array | None = field(repr=False)
    terms: Array = field(repr=False)
    z: Array = field(repr=False)
    a: Array = field(repr=False)
    kind: str = FORWARD

    @property
    def lights(self) -> Lights:
        """The layer's neurons and the weights into it (forward colour)."""
        return Lights(_layer(self.n, self.z.shape[1]), (self.n,), self.b is not None, FORWARD)


@dataclass(frozen=True)
class CostPhase(FrozenArrays):
    """The cost: each output's term, each sample's C, and the batch cost.

    Attributes
    ----------
    N : int
        The output layer.
    cost : str
        The cost's name ("half-sse", "sse", "mse", "cross-entropy").
    reduction : str
        "mean" or "sum" over the samples of a batch.
    yhat, y : ndarray, shape (m, L(N))
        Outputs ŷ_i = a(N)_i and targets y_i.
    terms : ndarray, shape (m, L(N))
        Each output's term of C, e.g. ½ (ŷ_i − y_i)² for half-SSE.
    per_sample : ndarray, shape (m,)
        C of each sample, as ``Network.per_sample_cost`` gives it.
    value : float
        The cost of the update: C of the one sample, or the batch's reduction.
    """

    N: int  # noqa: N815 - the brief's name for the output layer
    cost: str
    reduction: str
    yhat: Array = field(repr=False)
    y: Array = field(repr=False)
    terms: Array = field(repr=False)
    per_sample: Array = field(repr=False)
    value: float
    kind: str = COST

    @property
    def lights(self) -> Lights:
        """The output neurons."""
        return Lights(_layer(self.N, self.yhat.shape[1]), (), False, FORWARD)


@dataclass(frozen=True)
class BackwardPhase(FrozenArrays):
    """Layer n of the backward pass: δ(n)_i = ∂C/∂z(n)_i, per sample.

    Attributes
    ----------
    n : int
        The layer.
    rule : str
        ``OUTPUT``: δ = ∂C/∂ŷ_i · g′(z(N)_i); ``OUTPUT_CE``: δ = ŷ_i − y_i
        (cross-entropy, g′ cancels); ``HIDDEN``: δ = g′(z(n)_i) · Σ_k
        w(n+1)_ki · δ(n+1)_k.
    g_prime : ndarray, shape (m, L(n)), or None
        g′(z(n)_i); None for ``OUTPUT_CE``.
    dC_dyhat : ndarray, shape (m, L(N)), or None
        ∂C/∂ŷ_i of each sample's cost (``OUTPUT`` only).
    terms : ndarray, shape (m, L(n+1), L(n)), or None
        w(n+1)_ki · δ(n+1)_k, what edge (n+1, k, i) carries backwards (``HIDDEN`` only).
    weighted : ndarray, shape (m, L(n)), or None
        Σ_k w(n+1)_ki · δ(n+1)_k (``HIDDEN`` only).
    delta : ndarray, shape (m, L(n))
        δ(n)_i = ∂C/∂z(n)_i of each sample's own cost, as ``Network.backward`` gives it.
    """

    n: int
    rule: str
    g_prime: Array | None = field(repr=False)
    dC_dyhat: Array | None = field(repr=False)
    terms: Array | None = field(repr=False)
    weighted: Array | None = field(repr=False)
    delta: Array = field(repr=False)
    kind: str = BACKWARD

    @property
    def lights(self) -> Lights:
        """The layer's neurons and, for a hidden layer, the weights out of it (backward colour)."""
        return Lights(_layer(self.n, self.delta.shape[1]), () if self.rule != HIDDEN else (self.n + 1,), False,
                      BACKWARD)


@dataclass(frozen=True)
class GradientPhase(FrozenArrays):
    """The gradients of layer n: ∂C/∂w(n)_ij = δ(n)_i · a(n−1)_j and ∂C/∂b(n)_i = δ(n)_i.

    Attributes
    ----------
    n : int
        The layer.
    reduction : str
        "mean" or "sum"; ``factor`` is what it multiplies the sum over samples by.
    factor : float
        1/m (mean of a batch of m), or 1 (sum, or one sample).
    dW_terms : ndarray, shape (m, L(n), L(n−1))
        Each sample's ∂C/∂w(n)_ij = δ(n)_i · a(n−1)_j.
    dC_dW : ndarray, shape (L(n), L(n−1))
        ∂C/∂w(n)_ij of the update's cost: ``factor`` × the sum of the terms (as ``explain`` gives it).
    db_terms : ndarray, shape (m, L(n)), or None
        Each sample's ∂C/∂b(n)_i = δ(n)_i; None without biases.
    dC_db : ndarray, shape (L(n),), or None
        ∂C/∂b(n)_i of the update's cost.
    """

    n: int
    reduction: str
    factor: float
    dW_terms: Array = field(repr=False)
    dC_dW: Array = field(repr=False)
    db_terms: Array | None = field(repr=False)
    dC_db: Array | None = field(repr=False)
    kind: str = GRADIENT

    @property
    def lights(self) -> Lights:
        """The layer's neurons (biases) and the weights into it."""
        return Lights(_layer(self.n, self.dC_dW.shape[0]), (self.n,), self.dC_db is not None, GRADIENT)


@dataclass(frozen=True)
class UpdatePhase(FrozenArrays):
    """The update of layer n: w ← w − η · ∂C/∂w, for every weight and bias.

    Attributes
    ----------
    n : int
        The layer.
    learning_rate : float
        η.
    W, b : ndarray
        w(n)_ij and b(n)_i before the update (b None without biases).
    step_W, step_b : ndarray
        η · ∂C/∂w(n)_ij and η · ∂C/∂b(n)_i: what is subtracted.
    new_W, new_b : ndarray
        The values after the update, exactly those one Step of the trainer
        gives (its own update program computed them).
    """

    n: int
    learning_rate: float
    W: Array = field(repr=False)
    b: Array | None = field(repr=False)
    step_W: Array = field(repr=False)
    step_b: Array | None = field(repr=False)
    new_W: Array = field(repr=False)
    new_b: Array | None = field(repr=False)
    kind: str = UPDATE

    @property
    def lights(self) -> Lights:
        """The layer's neurons (biases) and the weights into it, recoloured."""
        return Lights(_layer(self.n, self.W.shape[0]), (self.n,), self.b is not None, UPDATE)


Phase = ForwardPhase | CostPhase | BackwardPhase | GradientPhase | UpdatePhase
TITLES = {FORWARD: "Forward", COST: "Cost", BACKWARD: "Backward", GRADIENT: "Gradients", UPDATE: "Update"}


def phase_title(phase: Phase) -> str:
    """Return a phase's title, as the walkthrough's headings write it: "Forward, layer 1", "Cost", …."""
    if isinstance(phase, CostPhase):
        return TITLES[COST]
    return f"{TITLES[phase.kind]}, layer {phase.n}"
