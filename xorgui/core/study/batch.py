"""Many networks of one configuration trained at once in one process, one seed each.

Every run takes the same steps as the explorer's trainer with that seed:
full batch, online or mini-batch, on the same samples (a noisy data set
is drawn from each run's seed) in the same order (the shuffling's seed is
the configuration's, shared by the runs), and with
configuration 5's schedule each run halves its own η and stops by its own
losses. A full-batch epoch at a constant η is one ``StudyProgram`` on all
samples; the other modes copy each batch's samples into the program for
its size.
"""

from __future__ import annotations

import numpy as np

from xorgui.core.model.activations import get_activation
from xorgui.core.model.costs import cost_from_logits, get_cost, reduce_factor
from xorgui.core.model.data import SEEDED
from xorgui.core.study.program import StudyProgram
from xorgui.core.training.schedule import halved, schedule_rules
from xorgui.core.training.setup import Setup
from xorgui.core.training.trainer import misclassified

Array = np.ndarray


class StudyBatch:
    """Trains ``runs`` networks of ``setup``, seeds ``first_seed`` …, in this process."""

    def __init__(self, setup: Setup, runs: int, first_seed: int = 0) -> None:
        self.setup, self.epoch, self.config = setup, 0, setup.config
        self.seeds = np.arange(first_seed, first_seed + runs)
        data, spec = setup.data(), setup.spec
        nets = [setup.with_(seed=int(s)).network() for s in self.seeds]
        self.acts = [get_activation(a) for a in spec.activations]
        # sign[n] = −1 where layer n's weights are kept negated (sigmoid layers)
        self.sign = [1] + [-1 if a.name == "sigmoid" else 1 for a in self.acts]
        # P[n][j, i, r]: sign[n]·w(n)_ij of run r, inputs first, the bias as row j = L(n-1)
        self.P = [None] + [self.sign[n] * np.ascontiguousarray(np.stack([net.P[n] for net in nets], axis=-1))
                           for n in range(1, spec.N + 1)]
        self.grad = [None] + [np.empty_like(p) for p in self.P[1:]]
        m = len(data.X)
        self.x_ext = np.hstack([data.X, np.ones((m, int(spec.bias)))])
        if setup.dataset in SEEDED:  # each run's samples, drawn from its seed as the explorer draws them
            sets = [setup.with_(seed=int(s)).data() for s in self.seeds]
            self.X, Y = np.stack([d.X for d in sets], axis=-1), np.stack([d.Y for d in sets], axis=-1)  # noqa: N806
        else:
            self.X, Y = None, np.broadcast_to(data.Y[:, :, None], (m, spec.dims[-1], runs))  # noqa: N806
        self.Y = np.ascontiguousarray(Y)
        target = self.Y[:, 0] >= 0.5 if spec.dims[-1] == 1 else np.argmax(self.Y, axis=1)
        self.target = np.ascontiguousarray(target)
        self.cost = get_cost(spec.cost)
        self.solved_at, self.unsolved = np.full(runs, -1), np.ones(runs, dtype=bool)
        self.lr = np.full(runs, float(self.config.learning_rate))  # each run's η (the schedule changes it)
        self.stopped = np.zeros(runs, dtype=bool)  # ended by the schedule's rules or by divergence
        self.stopped_at = np.full(runs, -1)
        self._last_loss = np.full(runs, np.nan)
        self._programs: dict[int, StudyProgram] = {}
        self._rng = np.random.default_rng(self.config.seed)
        self.full = self._program(m)
        self._fill(self.full, np.arange(m))

    def weights(self, run: int) -> list:
        """Return run ``run``'s W(n) (index n; 0 is None), as the explorer would hold them."""
        return [None] + [self.sign[n] * p[: self.setup.spec.dims[n - 1], :, run].T for n, p in enumerate(self.P) if n]

    def run(self, epochs: int) -> None:
        """Train every run ``epochs`` more epochs (up to the setup's limit)."""
        epochs = max(0, min(epochs, self.config.epochs - self.epoch))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.config.mode == "batch" and not self.config.schedule:
                self._run_full_batch(epochs)
            else:
                for done in range(1, epochs + 1):
                    self._epoch()
                    if self.stopped.all():  # nothing changes any more: count the epochs, in step with other blocks
                        self.epoch += epochs - done
                        break

    def _run_full_batch(self, epochs: int) -> None:
        prog = self.full
        prog.step[...] = self.config.learning_rate * self._k(prog.m)
        ops, backward = prog.forward + prog.check, prog.backward
        any_wrong, unsolved, solved_at = prog.any_wrong, self.unsolved, self.solved_at
        newly = np.empty_like(unsolved)
        for _ in range(epochs):
            self.epoch += 1
            for f, args in ops:
                f(*args)
            np.less(any_wrong, unsolved, out=newly)  # right during this epoch (before its update), never before
            if newly.any():
                solved_at[newly] = self.epoch
                unsolved[newly] = False
            for f, args in backward:
                f(*args)

    def _epoch(self) -> None:
        """One epoch of batches (online: one sample each), in the explorer's order, with the schedule if on."""
        self.epoch += 1
        m = len(self.x_ext)
        order = self._rng.permutation(m) if self.config.shuffle else np.arange(m)
        size = self.config.batch_samples(m)
        wrong = np.zeros(len(self.seeds), dtype=bool)
        errors = np.empty_like(self.Y) if self.config.schedule else None  # e = ŷ − y in visiting order
        # each run's η under the schedule (0 once stopped: a stopped run keeps its weights), else the one η
        lr = np.where(self.stopped, 0.0, self.lr) if self.config.schedule else self.config.learning_rate
        for start in range(0, m, size):
            rows = order[start:start + size]
            prog = self._program(len(rows))
            self._fill(prog, rows)
            prog.step[...] = lr * self._k(len(rows))
            for f, args in prog.forward + prog.check:
                f(*args)
            wrong |= prog.any_wrong
            if errors is not None:
                np.subtract(prog.a[-1], prog.Y, out=errors[start:start + len(rows)])
            for f, args in prog.backward:
                f(*args)
        newly = ~wrong & self.unsolved & ~self.stopped
        self.solved_at[newly], self.unsolved[newly] = self.epoch, False
        if errors is not None:
            self._schedule(errors, order)

    def _schedule(self, errors: Array, order: Array) -> None:
        """Apply configuration 5's rules run by run, as ``Trainer._apply_schedule`` does."""
        err, Y = np.moveaxis(errors, -1, 0), np.moveaxis(self.Y[order], -1, 0)  # noqa: N806 - (R, m, L)
        softmax = self.setup.spec.activations[-1] == "softmax"
        per = self.cost.per_sample(err, Y, softmax)  # (R, m)
        loss = per.sum(axis=1) * reduce_factor(self.setup.spec.reduction, per.shape[1])
        live = ~self.stopped
        diverged = live & ~np.isfinite(loss)  # the explorer stops such a run before its rules
        rules = schedule_rules(self.epoch, loss, self._last_loss, np.mean(err * err, axis=(1, 2)))
        converged, halve, stalled = (live & ~diverged & mask for mask in rules)
        self.lr[halve] = halved(self.lr[halve])
        self.stopped_at[diverged | converged | stalled] = self.epoch
        self.stopped |= diverged | converged | stalled
        self._last_loss = np.where(live, loss, self._last_loss)

    def result(self) -> tuple:
        """Return (solved_at, final_loss, final_error_rate, stopped_at) of each run (see ``StudyResult``)."""
        prog = self.full
        with np.errstate(over="ignore", invalid="ignore"):
            for f, args in prog.forward:
                f(*args)
        N = self.setup.spec.N  # noqa: N806
        yhat, Y = np.moveaxis(prog.a[N], -1, 0), np.moveaxis(prog.Y, -1, 0)  # noqa: N806 - (R, m, L)
        per = cost_from_logits(self.cost, self.sign[N] * np.moveaxis(prog.z[N], -1, 0), yhat, Y,
                               self.setup.spec.activations[-1] == "softmax")
        loss = per.sum(axis=1) * reduce_factor(self.setup.spec.reduction, per.shape[1])
        return self.solved_at.copy(), loss, misclassified(yhat, Y).mean(axis=1), self.stopped_at.copy()

    def _k(self, m: int) -> float:
        """η·k = η times this factor: the cost's constant and the reduction over a batch of m samples."""
        return self.cost.scale(self.setup.spec.dims[-1]) * reduce_factor(self.setup.spec.reduction, m)

    def _program(self, m: int) -> StudyProgram:
        if m not in self._programs:
            self._programs[m] = StudyProgram(self.setup.spec, self.acts, self.sign, self.P, self.grad, m,
                                             len(self.seeds), self.cost.is_cross_entropy, self.config.schedule,
                                             self.X is not None)
        return self._programs[m]

    def _fill(self, prog: StudyProgram, rows: Array) -> None:
        """Copy the inputs, targets and classes of samples ``rows`` into ``prog``."""
        if self.X is None:
            np.take(self.x_ext, rows, axis=0, out=prog.x_ext)
        else:
            np.take(self.X, rows, axis=0, out=prog.x)
        np.take(self.Y, rows, axis=0, out=prog.Y)
        np.take(self.target, rows, axis=0, out=prog.target)
