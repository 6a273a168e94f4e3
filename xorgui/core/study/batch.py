"""Many networks of one configuration trained at once in one thread, one seed each.

Every run takes the same steps as the explorer's trainer with that seed:
full batch, online or mini-batch, on the same samples (a noisy data set
is drawn from each run's seed) in the same order (the shuffling's seed is
the configuration's, shared by the runs), and with
configuration 5's schedule each run halves its own η and stops by its own
losses. The update is the trainer's own program (``training.program``)
with one run per network: a full-batch epoch at a constant η is one
program on all samples; the other modes copy each batch's samples into
the program for its size.
"""

from __future__ import annotations

from functools import partial
from threading import Event

import numpy as np

from xorgui.core.model.classes import classes, misclassified
from xorgui.core.model.costs import batch_cost, cost_from_logits, get_cost
from xorgui.core.model.data import SEEDED
from xorgui.core.model.network import Network
from xorgui.core.training.layout import Layout
from xorgui.core.training.program import Program
from xorgui.core.training.schedule import halved, schedule_rules
from xorgui.core.training.setup import Setup
from xorgui.core.training.signs import layer_signs, parameter_signs

Array = np.ndarray
LOG_EPOCHS = 64  # full-batch epochs whose checks are read at once


def bound(ops: list) -> tuple:
    """Return the calls ``(f, args)`` of ``ops`` bound to their arguments (``call()``: ~1 % less an epoch)."""
    return tuple(partial(f, *args) for f, args in ops)


class StudyBatch:
    """Trains ``runs`` networks of ``setup``, seeds ``first_seed`` …, in the calling thread."""

    def __init__(self, setup: Setup, runs: int, first_seed: int = 0) -> None:
        self.setup, self.epoch, self.config = setup, 0, setup.config
        self.seeds = np.arange(first_seed, first_seed + runs)
        data, spec = setup.data(), setup.spec
        self.shared = setup.dataset not in SEEDED
        self.layout = layout = Layout.choose(spec, runs, self.shared)
        # every run's Network.theta, with the layers the program keeps negated (sigmoid) negated
        self.sign = layer_signs(spec, negate_sigmoid=True)
        self._param_sign = parameter_signs(spec, self.sign)
        thetas = np.stack([setup.with_(seed=int(s)).network().theta for s in self.seeds])
        self.theta = layout.params_from_runs_first(spec, thetas * self._param_sign)
        self.G = np.empty_like(self.theta)
        m, ones = len(data.X), np.ones(int(spec.bias))
        if self.shared:  # the same samples for every run
            self.X, Y = np.hstack([data.X, np.ones((m, len(ones)))]), np.broadcast_to(data.Y, (runs, *data.Y.shape))  # noqa: N806
        else:  # each run's samples, drawn from its seed as the explorer draws them
            sets = [setup.with_(seed=int(s)).data() for s in self.seeds]
            X = np.stack([np.hstack([d.X, np.ones((m, len(ones)))]) for d in sets])  # noqa: N806
            self.X, Y = layout.from_runs_first(X), np.stack([d.Y for d in sets])  # noqa: N806
        self.Y = layout.from_runs_first(Y)
        self.target = classes(self.Y, axis=layout.unit_axis)
        self.cost = get_cost(spec.cost)
        self.solved_at, self.unsolved = np.full(runs, -1), np.ones(runs, dtype=bool)
        self.lr = np.full(runs, float(self.config.learning_rate))  # each run's η (the schedule changes it)
        self.stopped = np.zeros(runs, dtype=bool)  # ended by the schedule's rules or by divergence
        self.stopped_at = np.full(runs, -1)
        self._last_loss = np.full(runs, np.nan)
        self._programs: dict[int, tuple[Program, list]] = {}
        self._logged: tuple[Array, list] | None = None  # see _run_full_batch
        self._rng = np.random.default_rng(self.config.seed)
        self.full, _ = self._program(m)
        self._fill(self.full, np.arange(m))

    def weights(self, run: int) -> list:
        """Return run ``run``'s W(n) (index n; 0 is None), as the explorer would hold them (copies)."""
        theta = self.layout.params_runs_first(self.setup.spec, self.theta)[run]
        return Network(self.setup.spec, theta * self._param_sign).W

    def run(self, epochs: int, stop: Event | None = None) -> None:
        """Train every run ``epochs`` more epochs (up to the setup's limit).

        Once ``stop`` is set (by another thread), it returns at the end of
        the epoch under way: ``epoch`` says how far the runs got.
        """
        epochs = max(0, min(epochs, self.config.epochs - self.epoch))
        stop = stop or Event()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.config.mode == "batch" and not self.config.schedule:
                self._run_full_batch(epochs, stop)
            else:
                for done in range(1, epochs + 1):
                    if stop.is_set():
                        break
                    self._epoch()
                    if self.stopped.all():  # nothing changes any more: count the epochs, in step with other blocks
                        self.epoch += epochs - done
                        break

    def _run_full_batch(self, epochs: int, stop: Event) -> None:
        """Train full-batch epochs at a constant η, noting which runs classed every sample right in which epoch.

        Each epoch writes the classes its forward pass gives into a row
        of a log, compared with the targets once every ``LOG_EPOCHS``
        epochs: an epoch is one flat list of calls.
        """
        self.full.set_step(self.config.learning_rate)
        if self._logged is None:
            log = np.empty((LOG_EPOCHS, *self.full.pred.shape), dtype=self.full.pred.dtype)
            self._logged = log, [self.epoch_calls(row) for row in log]
        log, epochs_calls = self._logged
        for start in range(0, epochs, LOG_EPOCHS):
            n = 0
            for calls in epochs_calls[:min(LOG_EPOCHS, epochs - start)]:
                if stop.is_set():
                    break
                for call in calls:
                    call()
                n += 1
            self._note_solved(log[:n])
            self.epoch += n
            if stop.is_set():
                return

    def epoch_calls(self, row: Array) -> tuple:
        """Return the bound calls of one full-batch epoch: forward, each sample's class into ``row``, backward."""
        prog = self.full
        return bound(prog.forward) + bound(prog.classes_into(row)) + bound(prog.backward)

    def _note_solved(self, classes: Array) -> None:
        """Note the unsolved runs that class every sample right in row k of ``classes`` (epoch ``epoch`` + 1 + k)."""
        samples = 1 if self.layout.runs_last else 2  # of a row (m, R) or (R, m)
        right = np.all(classes == self.full.target, axis=samples)  # (rows, R)
        newly = self.unsolved & right.any(axis=0)
        if newly.any():
            self.solved_at[newly] = self.epoch + 1 + right[:, newly].argmax(axis=0)
            self.unsolved[newly] = False

    def _epoch(self) -> None:
        """One epoch of batches (online: one sample each), in the explorer's order, with the schedule if on."""
        self.epoch += 1
        m = self.full.m
        order = self._rng.permutation(m) if self.config.shuffle else np.arange(m)
        size = self.config.batch_samples(m)
        right = np.ones(len(self.seeds), dtype=bool)
        errors = np.empty_like(self.Y) if self.config.schedule else None  # e = ŷ − y in visiting order
        # each run's η under the schedule (0 once stopped: a stopped run keeps its weights), else the one η
        lr = np.where(self.stopped, 0.0, self.lr) if self.config.schedule else self.config.learning_rate
        for start in range(0, m, size):
            rows = order[start:start + size]
            prog, check = self._program(len(rows))
            self._fill(prog, rows)
            prog.set_step(lr)
            for f, args in prog.forward + check:
                f(*args)
            right &= prog.all_right
            if errors is not None:
                np.copyto(self.layout.samples(errors, start, start + len(rows)), prog.e)
            for f, args in prog.backward:
                f(*args)
        newly = right & self.unsolved & ~self.stopped
        self.solved_at[newly], self.unsolved[newly] = self.epoch, False
        if errors is not None:
            self._schedule(self.layout.runs_first(errors), order)

    def _schedule(self, err: Array, order: Array) -> None:
        """Apply configuration 5's rules run by run, as ``Trainer._apply_schedule`` does; ``err`` is (R, m, L)."""
        Y = self.layout.runs_first(self.Y)[:, order]  # noqa: N806
        softmax = self.setup.spec.activations[-1] == "softmax"
        loss = batch_cost(self.cost.per_sample(err, Y, softmax), self.setup.spec.reduction)
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
        yhat, Y, z = (self.layout.runs_first(v) for v in (prog.a[-1], prog.y, prog.z[-1]))  # noqa: N806 - (R, m, L)
        per = cost_from_logits(self.cost, self.sign[-1] * z, yhat, Y, self.setup.spec.activations[-1] == "softmax")
        loss = batch_cost(per, self.setup.spec.reduction)
        return self.solved_at.copy(), loss, misclassified(yhat, Y).mean(axis=1), self.stopped_at.copy()

    def _program(self, m: int) -> tuple[Program, list]:
        """Return the program on m samples and its misclassification check."""
        if m not in self._programs:
            prog = Program(self.setup.spec, self.layout, self.theta, self.G, m, shared_inputs=self.shared,
                           step_on_delta=True, step_per_run=self.config.schedule, negate_sigmoid=True)
            self._programs[m] = (prog, prog.compile_check())
        return self._programs[m]

    def _fill(self, prog: Program, rows: Array) -> None:
        """Copy the inputs, targets and classes of samples ``rows`` into ``prog``."""
        axis = self.layout.sample_axis
        np.take(self.X, rows, axis=0 if self.shared else axis, out=prog.x)
        np.take(self.Y, rows, axis=axis, out=prog.y)
        np.take(self.target, rows, axis=axis, out=prog.target)
