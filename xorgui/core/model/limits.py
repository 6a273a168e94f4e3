"""The limits of every setting, one set for the panel, the model files, the settings and the command line.

A value outside them is refused wherever it comes from, so that nothing the
panel cannot show (or the machine cannot hold) reaches a trainer.
"""

from __future__ import annotations

MAX_WIDTH = 512  # neurons in a layer
MAX_LAYERS = 10  # layers after the input
# weights of the whole network: every snapshot carries three copies (w, ∂C/∂w, Δw) up to 30 times a
# second, and the timeline keeps θ of every epoch; beyond this the app stops answering promptly
MAX_WEIGHTS = 100_000
MIN_EPOCHS, MAX_EPOCHS = 0, 100_000_000  # epoch limit of a run; 0 evaluates the weights as they are
MAX_BATCH_SIZE = 10_000  # samples per update in mini-batch mode
MAX_SEED = 2**32 - 1  # seeds are 0 … MAX_SEED
MAX_POINTS = 10_000  # points of the noisy data set
MAX_INIT_SCALE = 1e6  # range or standard deviation of the random initial weights
MAX_PATHS = 1_000  # chain-rule paths an explanation lists (their count and sum stay exact)
# numbers the worked example of a batch lists for its samples (their forward values and δ terms): it
# lists the first samples up to this many numbers, and reduces over all of them; written out for
# 10 000 samples it was megabytes of text, remade with every snapshot the inspector shows
MAX_LISTED_VALUES = 5_000
MAX_SAMPLES = 10_000  # samples of a data set of the user's own (CSV, model file, editor): as many as MAX_POINTS
# numbers of such a data set, samples × (inputs + targets): 8 MB in memory, about 25 MB as text
MAX_DATA_VALUES = 1_000_000
MAX_CSV_BYTES = 32 * 2**20  # a CSV data file: room for MAX_DATA_VALUES numbers written to the last digit
# the largest network's model file, as xorgui writes it, is about 3 MB; a data set of MAX_DATA_VALUES adds ≤ 25 MB
MAX_MODEL_BYTES = 64 * 2**20


def thousands(n: int) -> str:
    """Return a whole number with a space between thousands, as the messages write limits (100 000 000)."""
    return f"{n:,}".replace(",", " ")


def weight_count(dims: tuple[int, ...] | list[int]) -> int:
    """Return the number of weights of a network of ``dims`` (biases not counted): Σ L(n−1)·L(n)."""
    return sum(int(a) * int(b) for a, b in zip(dims[:-1], dims[1:]))


def too_many_weights(dims: tuple[int, ...] | list[int]) -> str | None:
    """Return why a network of ``dims`` is too large for the app, or None if it is not."""
    count = weight_count(dims)
    if count <= MAX_WEIGHTS:
        return None
    return (f"{list(dims)} has {thousands(count)} weights; at most {thousands(MAX_WEIGHTS)} keep the app "
            "responsive: make the layers narrower or fewer")


def listed_samples(dims: tuple[int, ...] | list[int], samples: int) -> int:
    """Return how many of ``samples`` samples the worked example of a batch lists for a network of ``dims``.

    At least one; as many as fit ``MAX_LISTED_VALUES`` numbers, each sample
    taking its forward values (x, then z and a of every layer) and up to
    two numbers per neuron of the widest layer (the terms of a δ).
    """
    per_sample = int(dims[0]) + 2 * sum(int(d) for d in dims[1:]) + 2 * max(int(d) for d in dims)
    return max(1, min(int(samples), MAX_LISTED_VALUES // per_sample))
