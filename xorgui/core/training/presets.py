"""The six classic configurations of the brief, as named presets."""

from __future__ import annotations

from dataclasses import dataclass

from xorgui.core.model.network import Spec, default_activations
from xorgui.core.model.registry import lookup
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


@dataclass(frozen=True)
class Preset:
    """A named, documented classic configuration.

    Attributes
    ----------
    name : str
        Short name for the command line and menus.
    title : str
        One line for menus.
    notes : str
        What the configuration shows and what to expect of it.
    setup : Setup
        The session it starts.
    """

    name: str
    title: str
    notes: str
    setup: Setup


def _spec(dims: tuple, bias: bool, cost: str, reduction: str = "mean", output: str = "sigmoid") -> Spec:
    return Spec(dims, default_activations(len(dims) - 1, "sigmoid", output), bias, cost, reduction)


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset(
        "onehot-2-10-2", "2-10-2, one-hot outputs, half-SSE",
        "Two output neurons for the classes \"0\" and \"1\" with one-hot targets, sigmoid "
        "everywhere, half-SSE, full batch, a fixed learning rate and number of epochs.",
        Setup(_spec((2, 10, 2), True, "half-sse", "sum"),
              TrainConfig(learning_rate=0.5, epochs=5000), init="uniform", init_scale=1.0),
    ),
    Preset(
        "bias-2-2-1", "2-2-1 with biases, SSE, weights in [0, 1)",
        "Biases, sigmoid, SSE, initial weights uniform in [0, 1). Trained, the hidden neurons "
        "usually act as AND and OR (or NAND and OR) and the output combines them: "
        "A XOR B = (A OR B) AND NOT (A AND B). Load a tutorial's weights to check its numbers.",
        Setup(_spec((2, 2, 1), True, "sse", "sum"), TrainConfig(learning_rate=0.5, epochs=10000)),
    ),
    Preset(
        "nobias-2-3-1", "2-3-1 without biases, summed full batch",
        "No biases, weights uniform in [0, 1), sigmoid, half-SSE, full-batch updates summed over "
        "the four samples, learning rate 1, 60 000 epochs; outputs end near [0.01, 0.99, 0.99, 0.002].",
        Setup(_spec((2, 3, 1), False, "half-sse", "sum"), TrainConfig(learning_rate=1.0, epochs=60000)),
    ),
    Preset(
        "linear-2-3-1", "2-3-1 without biases, linear output",
        "As nobias-2-3-1 but the output neuron is linear, learning rate 0.1, 20 000 epochs. For most "
        "seeds it fits the targets to about 1e-13; some stall with an error near 0.02.",
        Setup(_spec((2, 3, 1), False, "half-sse", "sum", output="linear"),
              TrainConfig(learning_rate=0.1, epochs=20000)),
    ),
    Preset(
        "online-noisy-2-2-1", "2-2-1 online SGD on 200 noisy XOR points",
        "200 points around the corners (noise σ = 0.1), one update per sample, learning rate 0.1, "
        "half-SSE; past epoch 20 the rate halves whenever the epoch's error rose; stops under an MSE "
        "of 1e-6, after 2000 epochs or when the error improves by less than 1e-6. Usually 0 % "
        "misclassified within about 500 epochs, but some seeds stick near an error of 0.12: a local "
        "minimum.",
        Setup(_spec((2, 2, 1), True, "half-sse", "mean"),
              TrainConfig(learning_rate=0.1, mode="online", shuffle=False, epochs=2000, schedule=True),
              dataset="noisy-xor", init="uniform", init_scale=1.0),
    ),
    Preset(
        "no-hidden-2-1", "2-1, no hidden layer (cannot learn XOR)",
        "A single sigmoid neuron draws one straight line: it cannot separate XOR. The loss "
        "plateaus and at least one of the four corners stays misclassified.",
        Setup(_spec((2, 1), True, "half-sse", "mean"), TrainConfig(learning_rate=0.5, epochs=5000)),
    ),
)}


def get_preset(name: str) -> Preset:
    """Return the preset called ``name``.

    Raises
    ------
    ValueError
        If the name is unknown; the message lists the known names.
    """
    return lookup(PRESETS, name, "preset")
