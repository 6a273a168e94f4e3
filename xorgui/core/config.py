"""How to train: the learning rate, the mode, the epoch limit, configuration 5's schedule."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

MODES = ("batch", "online", "minibatch")


@dataclass(frozen=True)
class TrainConfig:
    """How to train.

    Attributes
    ----------
    learning_rate : float
        η, a positive finite number.
    mode : str
        "batch" (one update per epoch on all samples), "online" (one update
        per sample) or "minibatch" (one update per ``batch_size`` samples).
    batch_size : int
        Samples per update in "minibatch" mode.
    shuffle : bool
        Visit the samples in a new random order each epoch (online and
        mini-batch modes).
    epochs : int
        Epoch limit of a run.
    schedule : bool
        Configuration 5's rules: after each epoch past the 20th, halve η
        (never below 1e-6) if the epoch's loss rose; stop when the MSE is
        under 1e-6 or the loss fell by less than 1e-6.
    seed : int or None
        Seed of the shuffling.
    """

    learning_rate: float = 1.0
    mode: str = "batch"
    batch_size: int = 4
    shuffle: bool = True
    epochs: int = 10000
    schedule: bool = False
    seed: int | None = 0

    def __post_init__(self) -> None:
        """Check every field; raise ValueError naming the first problem."""
        lr = self.learning_rate
        if not isinstance(lr, (int, float)) or not math.isfinite(lr) or lr <= 0:
            raise ValueError(f"learning rate must be a positive finite number, got {lr!r}")
        if self.mode not in MODES:
            raise ValueError(f"unknown training mode {self.mode!r} (known: {', '.join(MODES)})")
        if int(self.batch_size) < 1:
            raise ValueError(f"batch size must be at least 1, got {self.batch_size}")
        if int(self.epochs) < 0:
            raise ValueError(f"epochs must be zero or more, got {self.epochs}")

    def batch_samples(self, m: int) -> int:
        """Return how many of ``m`` samples one update takes: all (batch), one (online) or a batch's."""
        return {"batch": m, "online": 1}.get(self.mode, min(int(self.batch_size), m))

    def with_(self, **changes: object) -> TrainConfig:
        """Return a copy with some fields changed (validated again)."""
        return replace(self, **changes)
