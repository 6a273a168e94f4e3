"""The next Step taken apart: which updates it makes, in the trainer's order, each one a ``Walkthrough``.

A full-batch Step is one update on all the samples. An online or
mini-batch Step is an epoch of updates, one per sample or batch, in the
order the trainer will draw (``Trainer.next_order``, which leaves its
draws untouched).
Update k starts from the parameters after updates 0 … k−1, made by the
trainer's own engine on the same batches, so the last update ends bit for
bit where the Step does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from xorgui.core.model.data import Dataset
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.training.engine import Engine
from xorgui.core.training.trainer import Trainer
from xorgui.core.walkthrough.walk import Walkthrough, walk

Array = np.ndarray


@dataclass(frozen=True)
class StepWalk(FrozenArrays):
    """One update of the next Step, taken apart (the answer to ``command.Walk``).

    Attributes
    ----------
    generation, epoch : int
        The run and its epoch the Step starts from (it makes epoch + 1).
    mode : str
        The training mode: "batch", "online" or "minibatch".
    update, updates : int
        This update's index in the Step's epoch (from 0), and how many it makes.
    start : ndarray
        The parameters (``Network.theta``) before the Step: ``command.FinishWalk`` names them.
    walk : Walkthrough
        The update, phase by phase; ``walk.rows`` are the samples it takes.
    """

    generation: int
    epoch: int
    mode: str
    update: int
    updates: int
    start: Array = field(repr=False)
    walk: Walkthrough = field(repr=False)

    @property
    def last(self) -> bool:
        """Whether this is the Step's last update (its end is where the Step ends)."""
        return self.update == self.updates - 1


def epoch_order(trainer: Trainer) -> Array:
    """Return the order in which the trainer's next epoch takes the samples (without drawing it)."""
    m, config = len(trainer.data.X), trainer.config
    if (config.mode == "batch" and not config.schedule) or not config.shuffle:
        return np.arange(m)
    return trainer.next_order()


def step_walk(trainer: Trainer, generation: int, update: int = 0) -> StepWalk:
    """Take apart update ``update`` of the Step ``trainer`` would make next.

    Raises
    ------
    ValueError
        If the Step makes no such update.
    """
    data, config, lr = trainer.data, trainer.config, trainer.learning_rate
    m = len(data.X)
    size = config.batch_samples(m)
    count = -(-m // size)
    if not 0 <= update < count:
        raise ValueError(f"the Step makes updates 1 … {count}, not {update + 1}")
    order = epoch_order(trainer)
    net = trainer.net.copy()
    if update:  # the updates before this one, made by the trainer's own engine on the same batches
        Engine(net, data.X, data.Y).minibatch_epoch(lr, size, order[: update * size],
                                                    np.empty((update * size, data.Y.shape[1])))
    rows = order[update * size: (update + 1) * size]
    if config.mode == "online":
        w = walk(net, data, int(rows[0]), lr)
    else:
        w = walk(net, Dataset(data.name, data.X[rows], data.Y[rows]), None, lr)
        frozen = np.array(rows, dtype=int)
        frozen.flags.writeable = False
        w = dataclasses.replace(w, rows=frozen)
    start = trainer.net.theta.copy()
    start.flags.writeable = False
    return StepWalk(generation, trainer.epoch, config.mode, update, count, start, w)
