"""A teacher's exercise sheet: small networks with seeded random numbers, and an answer key with every value.

Each exercise is one online update of gradient descent on one sample of
XOR. The weights have one decimal so that the forward pass can be done by
hand; the answer key is the walkthrough of that update (the numbers of
``xorgui explain`` and of the app's inspector) with the asked values first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.model.costs import COSTS
from xorgui.core.model.network import Network, Spec
from xorgui.core.model.notation import num, sample_label
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup
from xorgui.core.walkthrough.lines import param_name
from xorgui.core.walkthrough.quantity import Quantity, quantities, value
from xorgui.core.walkthrough.walk import Walkthrough, walk
from xorgui.core.walkthrough.writer import to_markdown

DIMS = ((2, 2, 1), (2, 2, 2), (2, 3, 1))
COSTS_ASKED = ("half-sse", "sse")
RATES = (0.1, 0.5, 1.0)


@dataclass(frozen=True)
class Exercise:
    """One exercise: a network, its sample and η, the update worked out, the quantities asked.

    Attributes
    ----------
    number : int
        1, 2, … on the sheet.
    net : Network
        The network before the update.
    setup : Setup
        Its data (XOR) and training settings (online, η), as a model file keeps them.
    sample : int
        The sample of the update (index in the four XOR samples).
    walk : Walkthrough
        The update worked out.
    asked : tuple of Quantity
        The single values asked besides the forward pass, the cost and every δ.
    """

    number: int
    net: Network
    setup: Setup
    sample: int
    walk: Walkthrough
    asked: tuple[Quantity, ...]

    @property
    def model_file(self) -> str:
        """Name of the exercise's model file on the sheet's folder, e.g. ``exercise-01.json``."""
        return f"exercise-{self.number:02d}.json"


@dataclass(frozen=True)
class Sheet:
    """The exercises and the two documents: the sheet and its answer key (Markdown)."""

    seed: int
    exercises: tuple[Exercise, ...]
    exercises_md: str
    answers_md: str


def make_exercise(rng: np.random.Generator, number: int) -> Exercise:
    """Return exercise ``number`` drawn from ``rng``: dims, bias, cost, weights (one decimal), sample, η."""
    dims = DIMS[int(rng.integers(len(DIMS)))]
    bias = bool(rng.random() < 0.75)
    spec = Spec(dims, ("sigmoid",) * (len(dims) - 1), bias, COSTS_ASKED[int(rng.integers(len(COSTS_ASKED)))])
    net = Network(spec, rng.integers(-10, 11, spec.n_params) / 10.0)
    eta = RATES[int(rng.integers(len(RATES)))]
    setup = Setup(spec=spec, config=TrainConfig(learning_rate=eta, mode="online", shuffle=False))
    sample = int(rng.integers(4))
    w = walk(net, setup.data(), sample, eta)
    grads = [q for q in quantities(w) if q.kind in ("dw", "db")]
    news = [q for q in quantities(w) if q.kind in ("w_new", "b_new")]
    chosen = rng.choice(len(grads), size=2, replace=False)
    asked = (*(grads[int(k)] for k in sorted(chosen)), news[int(rng.integers(len(news)))])
    return Exercise(number, net, setup, sample, w, asked)


def make_sheet(count: int, seed: int) -> Sheet:
    """Return ``count`` exercises drawn from ``seed``, their sheet and answer key: the same seed, the same sheet."""
    rng = np.random.default_rng(seed)
    exercises = tuple(make_exercise(rng, k) for k in range(1, count + 1))
    return Sheet(seed, exercises, sheet_markdown(exercises, seed), answers_markdown(exercises, seed))


def _spec_line(ex: Exercise) -> str:
    spec = ex.net.spec
    return (f"Network: dims {list(spec.dims)}, the sigmoid σ in every layer, "
            f"{'with' if spec.bias else 'without'} biases; cost: {spec.cost}, `{COSTS[spec.cost].label}`; "
            f"learning rate η = {num(ex.walk.learning_rate)}.")


def _parameters_table(ex: Exercise) -> list[str]:
    spec, net = ex.net.spec, ex.net
    rows = ["| parameter | value |", "|---|---|"]
    for n in range(1, spec.N + 1):
        for i in range(spec.dims[n]):
            rows += [f"| `{param_name(n, i, j)}` | {num(net.W[n][i, j])} |" for j in range(spec.dims[n - 1])]
            if net.b is not None:
                rows.append(f"| `{param_name(n, i, None)}` | {num(net.b[n][i])} |")
    return rows


def asked_label(q: Quantity) -> str:
    """Return a quantity asked as Markdown, its name as code: ```∂C/∂w(2)_01```, ```w(2)_01``` after the update."""
    name, _, rest = q.label.partition(" ")
    return f"`{name}`" + (f" {rest}" if rest else "")


def sheet_markdown(exercises: tuple[Exercise, ...], seed: int) -> str:
    """Return the exercise sheet: per exercise the network, its parameters, the sample and the tasks."""
    out = ["# Backpropagation exercises", "",
           f"{len(exercises)} exercises (seed {seed}). Each is one update of gradient descent on one sample.", "",
           "- `w(n)_ij`: the weight from neuron j of layer n−1 into neuron i of layer n; `b(n)_i`: a bias",
           "- `z(n)_i = Σ_j w(n)_ij · a(n−1)_j + b(n)_i`, `a(n)_i = σ(z(n)_i)`, `a(0) = x`, `ŷ = a(N)`",
           "- `δ(n)_i = ∂C/∂z(n)_i`; the update: `w ← w − η · ∂C/∂w`, all updates computed before any is applied",
           ""]
    for ex in exercises:
        w = ex.walk
        out += [f"## Exercise {ex.number}", "", _spec_line(ex), "",
                f"Sample: `{sample_label(w.X[0], w.Y[0])}`.", "", *_parameters_table(ex), "", "Compute:", "",
                "1. the forward pass: z and a of every neuron;", "2. the cost C;", "3. δ of every neuron;",
                *(f"{k}. {asked_label(q)}{';' if k < 3 + len(ex.asked) else '.'}"
                  for k, q in enumerate(ex.asked, start=4)), "",
                f"(Model file: `{ex.model_file}`.)", ""]
    return "\n".join(out)


def answers_markdown(exercises: tuple[Exercise, ...], seed: int) -> str:
    """Return the answer key: per exercise the values asked, then the whole update worked out."""
    out = ["# Backpropagation exercises: answers", "", f"{len(exercises)} exercises (seed {seed}).", ""]
    for ex in exercises:
        asked = [f"- {asked_label(q)} = {num(value(ex.walk, q))}" for q in ex.asked]
        out += [f"## Exercise {ex.number}", "", *asked, "", to_markdown(ex.walk, level=3)]
    return "\n".join(out)
