"""How to train: the learning rate, the mode, the epoch limit, configuration 5's schedule."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from xorgui.core.model.limits import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_SEED, MIN_EPOCHS
from xorgui.core.model.validate import choice, flag, real, seed, whole

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
        Samples per update in "minibatch" mode, 1 … ``MAX_BATCH_SIZE``.
    shuffle : bool
        Visit the samples in a new random order each epoch (online and
        mini-batch modes).
    epochs : int
        Epoch limit of a run, ``MIN_EPOCHS`` (0: no training) … ``MAX_EPOCHS``.
    schedule : bool
        Configuration 5's rules: after each epoch past the 20th, halve η
        (never below 1e-6) if the epoch's loss rose; stop when the MSE is
        under 1e-6 or the loss fell by less than 1e-6.
    seed : int or None
        Seed of the shuffling, 0 … ``MAX_SEED``.

    Every field is checked strictly (no bool for a number, no float for a
    whole number); a bad one raises ``SettingError`` (a ValueError) whose
    ``key`` is the field's name.
    """

    learning_rate: float = 1.0
    mode: str = "batch"
    batch_size: int = 4
    shuffle: bool = True
    epochs: int = 10000
    schedule: bool = False
    seed: int | None = 0

    def __post_init__(self) -> None:
        """Check every field and normalise its type; raise SettingError naming the first problem."""
        checked = {
            "learning_rate": real(self.learning_rate, "learning_rate", "the learning rate"),
            "mode": choice(self.mode, "mode", "training mode", MODES),
            "batch_size": whole(self.batch_size, "batch_size", "the batch size", 1, MAX_BATCH_SIZE),
            "shuffle": flag(self.shuffle, "shuffle", "shuffle"),
            "epochs": whole(self.epochs, "epochs", "the epoch limit", MIN_EPOCHS, MAX_EPOCHS),
            "schedule": flag(self.schedule, "schedule", "schedule"),
            "seed": seed(self.seed, "seed", "the shuffling seed", MAX_SEED),
        }
        for key, value in checked.items():
            object.__setattr__(self, key, value)

    def batch_samples(self, m: int) -> int:
        """Return how many of ``m`` samples one update takes: all (batch), one (online) or a batch's."""
        return {"batch": m, "online": 1}.get(self.mode, min(int(self.batch_size), m))

    def with_(self, **changes: Any) -> TrainConfig:
        """Return a copy with some fields changed (validated again)."""
        return replace(self, **changes)
