"""Training: modes, the learning-rate schedule of configuration 5, the per-epoch history."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from xorgui.core.model.classes import misclassified
from xorgui.core.model.costs import batch_cost, get_cost
from xorgui.core.model.data import Dataset
from xorgui.core.model.network import Network
from xorgui.core.model.notation import num
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.engine import Engine
from xorgui.core.training.history_views import KeptValues
from xorgui.core.training.loss_history import LossHistory
from xorgui.core.training.schedule import halved, schedule_rules
from xorgui.core.training.timeline import Timeline

__all__ = ["EpochStats", "Trainer", "misclassified"]  # misclassified: the rule's old home, still imported from here

Array = np.ndarray
_CHUNK = 512  # full-batch epochs run between two loss evaluations
_THETA_BLOCK_BYTES = 16 * 2**20  # at most this much of θ rows buffered for the timeline at once


@dataclass(frozen=True)
class EpochStats:
    """Per-epoch figures of a run of epochs.

    Attributes
    ----------
    loss : ndarray
        Batch cost measured during each epoch (before its last update).
    error_rate : ndarray
        Share of samples misclassified during each epoch (output rounded at
        0.5; the largest output for several).
    """

    loss: Array
    error_rate: Array


class Trainer:
    """Trains one network on one data set, an epoch at a time.

    Parameters
    ----------
    net : Network
        Trained in place; the trainer owns it.
    data : Dataset
        Inputs and targets.
    config : TrainConfig
        Mode, learning rate, limits.
    """

    def __init__(self, net: Network, data: Dataset, config: TrainConfig) -> None:
        if data.X.shape[1] != net.spec.dims[0] or data.Y.shape[1] != net.spec.dims[-1]:
            raise ValueError(
                f"the network {list(net.spec.dims)} does not fit data set {data.name!r}: it has "
                f"{data.X.shape[1]} inputs and {data.Y.shape[1]} target(s) per sample"
            )
        self.net, self.data, self.config = net, data, config
        self.engine = Engine(net, data.X, data.Y)
        self.learning_rate = float(config.learning_rate)
        self.epoch = 0
        self.history = LossHistory()  # every epoch's figures up to EXACT_EPOCHS, then thinned
        self._recent = (np.nan, np.nan)  # the losses of the last two epochs (the schedule's rules)
        self._run_stats: list[tuple[Array, Array]] = []  # the figures of the run() under way
        self.stop_reason: str | None = None
        self.theta_before_last = net.theta.copy()
        self._rng = np.random.default_rng(config.seed)
        self.timeline: Timeline | None = None  # attach one to record θ after every epoch
        self._softmax = net.spec.activations[-1] == "softmax"

    def set_learning_rate(self, lr: float) -> None:
        """Change η from the next epoch on (validated as in TrainConfig)."""
        self.config = self.config.with_(learning_rate=lr)
        self.learning_rate = float(lr)

    @property
    def losses(self) -> KeptValues:
        """The loss of each epoch kept in ``history`` (every epoch up to ``EXACT_EPOCHS``)."""
        return KeptValues(self.history, 0)

    @property
    def error_rates(self) -> KeptValues:
        """The misclassification rate of each epoch kept in ``history``."""
        return KeptValues(self.history, 1)

    def continue_from(self, epoch: int, history: LossHistory) -> None:
        """Go on as a run at ``epoch`` whose figures so far are ``history`` (a branch from the timeline)."""
        history.truncate(epoch)
        self.epoch, self.history = int(epoch), history
        before, last = history.at(epoch - 1), history.at(epoch)
        self._recent = (np.nan if before is None else before[0], np.nan if last is None else last[0])

    @property
    def done(self) -> bool:
        """True once the epoch limit or a stop rule has ended the run."""
        return self.stop_reason is not None or self.epoch >= self.config.epochs

    def run(self, epochs: int) -> EpochStats:
        """Train up to ``epochs`` more epochs (fewer if the run ends); return their figures."""
        epochs = max(0, min(int(epochs), self.config.epochs - self.epoch))
        if self.stop_reason is not None or epochs == 0:
            return EpochStats(np.empty(0), np.empty(0))
        if self.config.mode == "batch" and not self.config.schedule:
            self._run_batch(epochs)
        else:
            for _ in range(epochs):
                self._one_epoch()
                if self.stop_reason:
                    break
        stats, self._run_stats = self._run_stats, []
        loss, rate = np.concatenate([s[0] for s in stats]), np.concatenate([s[1] for s in stats])
        self.history.extend(loss, rate)  # once a run, not an epoch: an online epoch takes microseconds
        return EpochStats(loss, rate)

    def _run_batch(self, epochs: int) -> None:
        m, L = self.data.Y.shape  # noqa: N806
        while epochs > 0 and not self.stop_reason:
            k = min(epochs, _CHUNK)
            if self.timeline is not None:  # a wide network's θ rows would take gigabytes
                k = min(k, max(1, _THETA_BLOCK_BYTES // self.net.theta.nbytes))
            errs = np.empty((k, m, L))
            thetas = None if self.timeline is None else np.empty((k, self.net.theta.size))
            if k > 1:
                self.engine.batch_epochs(self.learning_rate, errs[:-1], None if thetas is None else thetas[:-1])
            self.theta_before_last[...] = self.net.theta
            self.engine.batch_epochs(self.learning_rate, errs[-1:], None if thetas is None else thetas[-1:])
            first = self.epoch + 1
            self._record(errs, self.data.Y)
            if thetas is not None and self.timeline is not None:
                self.timeline.add(first, thetas[: self.epoch - first + 1])
            epochs -= k

    def next_order(self) -> np.ndarray:
        """Return the order in which the next epoch of single updates takes the samples, without drawing it.

        Online, mini-batch and with the schedule an epoch draws its order
        from the trainer's generator (when shuffling); this draws the same
        from a copy of it.
        """
        return self._order(copy.deepcopy(self._rng))

    def _order(self, rng: np.random.Generator) -> np.ndarray:
        m = len(self.data.X)
        return rng.permutation(m) if self.config.shuffle else np.arange(m)

    def _one_epoch(self) -> None:
        m = len(self.data.X)
        order = self._order(self._rng)
        batch = self.config.batch_samples(m)
        err = np.empty_like(self.data.Y)
        self.theta_before_last[...] = self.net.theta
        self.engine.minibatch_epoch(self.learning_rate, batch, order, err)
        self._record(err[None], self.data.Y[order])
        if self.timeline is not None:
            self.timeline.add(self.epoch, self.net.theta[None])
        if self.config.schedule and not self.stop_reason:
            self._apply_schedule(err)

    def _record(self, errs: Array, Y: Array) -> None:  # noqa: N803
        with np.errstate(all="ignore"):  # a diverged run has inf and nan errors
            loss = batch_cost(get_cost(self.net.spec.cost).per_sample(errs, Y, self._softmax), self.net.spec.reduction)
            rate = misclassified(errs + Y, Y).mean(axis=1)
        bad = np.flatnonzero(~np.isfinite(loss))
        if bad.size:
            loss, rate = loss[: bad[0] + 1], rate[: bad[0] + 1]
            self.stop_reason = (
                f"the loss became {num(loss[-1])} at epoch {self.epoch + len(loss)}: "
                "training diverged (the learning rate is probably too high)"
            )
        self._run_stats.append((loss, rate))
        self._recent = (self._recent[1], loss[-1]) if len(loss) == 1 else (loss[-2], loss[-1])
        self.epoch += len(loss)

    def _apply_schedule(self, err: Array) -> None:
        previous, last = self._recent
        converged, halve, stalled = schedule_rules(self.epoch, last, previous, float(np.mean(err * err)))
        if converged:
            self.stop_reason = "the mean squared error fell under 1e-6"
        elif halve:
            self.learning_rate = float(halved(self.learning_rate))
        elif stalled:
            self.stop_reason = "the loss improved by less than 1e-6 in an epoch"

