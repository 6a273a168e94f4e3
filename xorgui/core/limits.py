"""The limits of every setting, one set for the panel, the model files, the settings and the command line.

A value outside them is refused wherever it comes from, so that nothing the
panel cannot show (or the machine cannot hold) reaches a trainer.
"""

from __future__ import annotations

MAX_WIDTH = 512  # neurons in a layer
MAX_LAYERS = 10  # layers after the input
MIN_EPOCHS, MAX_EPOCHS = 0, 100_000_000  # epoch limit of a run; 0 evaluates the weights as they are
MAX_BATCH_SIZE = 10_000  # samples per update in mini-batch mode
MAX_SEED = 2**32 - 1  # seeds are 0 … MAX_SEED
MAX_POINTS = 10_000  # points of the noisy data set
MAX_INIT_SCALE = 1e6  # range or standard deviation of the random initial weights
MAX_PATHS = 1_000  # chain-rule paths an explanation lists (their count and sum stay exact)
MAX_MODEL_BYTES = 256 * 2**20  # the largest network's model file, as xorgui writes it: about 70 MB


def thousands(n: int) -> str:
    """Return a whole number with a space between thousands, as the messages write limits (100 000 000)."""
    return f"{n:,}".replace(",", " ")
