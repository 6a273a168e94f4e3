"""The training session behind the app: commands in, snapshots out.

``Session`` is pure Python: the trainer host process (``host``) drives it,
and tests drive it synchronously. ``handle`` finds a command's handler in a
table keyed by the command's class (``command``); every call returns the
messages to send back, each a tuple ``(kind, payload)``: ``("snapshot",
Snapshot)``, ``("state", running)``, ``("error", text)``, and for a study or
a surface ``("progress", …)``, ``("study", …)``, ``("surface", …)``.

What the window looks at (``Focus``: the selection, the sample, a neuron)
is worked out here too, for each snapshot (while training runs, 15 times
a second), and travels in it (``Snapshot.focused``); a new focus is answered at once
with ``("focused", Focused)`` for the state last sent.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from collections.abc import Callable
from typing import Any

import numpy as np

from xorgui.core.explanation.grid import Grid, boundary_grid
from xorgui.core.model.network import Network
from xorgui.core.model.params import parse_param
from xorgui.core.session import history
from xorgui.core.session.command import (
    Branch,
    CancelStudy,
    Command,
    Configure,
    FinishWalk,
    Focus,
    Load,
    Pause,
    Play,
    Rebuild,
    Reset,
    Restart,
    SendSnapshot,
    SetParam,
    SetRate,
    SetSpeed,
    StartStudy,
    Step,
    Surface,
    ViewEpoch,
    Walk,
)
from xorgui.core.session.focus import Focused, work_out
from xorgui.core.session.snapshot import Snapshot, take_snapshot
from xorgui.core.session.stepping import step_walk
from xorgui.core.session.study import Reply, StudyRunner
from xorgui.core.study.study import Study
from xorgui.core.training.setup import Setup
from xorgui.core.training.timeline import Timeline
from xorgui.core.training.trainer import EpochStats, Trainer

SNAPSHOT_INTERVAL = 1 / 30  # seconds between snapshots while running
GRID_INTERVAL = 0.1  # seconds between boundary grids while running
FOCUS_INTERVAL = 1 / 15  # seconds between two workings-out of the focus while running


class Session:
    """Owns one trainer, the run's generation counter and the study under way."""

    def __init__(self, setup: Setup | None = None) -> None:
        self.generation = 0
        self.running = False
        self._pending: list[EpochStats] = []
        self._last_emit = self._last_grid_time = self._last_focus_time = 0.0
        self._grid: Grid | None = None
        self._epochs_per_chunk = 64
        self.speed: float | None = None  # epochs per second; None: as fast as possible
        self.studies = StudyRunner()
        self._play_time, self._play_epoch = 0.0, 0
        self.focus = Focus()
        self._sent: Snapshot | None = None  # the state the window shows: the last snapshot sent
        self._handlers: dict[type, Callable[[Any], list[Reply]]] = {
            Play: self._play, Pause: self._pause, Step: self._step, Reset: self._reset, Restart: self._restart,
            Rebuild: self._rebuild, Load: self._load, SetRate: self._set_rate, SetParam: self._set_param,
            SetSpeed: self._set_speed, Configure: self._configure, StartStudy: self._start_study,
            CancelStudy: self._cancel_study, Surface: self._surface, ViewEpoch: self._view_epoch,
            Branch: self._branch, SendSnapshot: self._send_snapshot, Focus: self._focus, Walk: self._walk,
            FinishWalk: self._finish_walk,
        }
        self._build(setup or Setup(), None)

    @property
    def study(self) -> Study | None:
        """The convergence study under way, or None."""
        return self.studies.study

    def _build(self, setup: Setup, net: Network | None) -> None:
        self.setup = setup
        self.initial = (net or setup.network()).copy()
        self.trainer = Trainer(self.initial.copy(), setup.data(), setup.config)
        self.trainer.timeline = Timeline(self.trainer.net.theta.copy())
        self.generation += 1
        self.parent: int | None = None  # the generation a branch came from
        self._pending.clear()
        self._grid = None

    def handle(self, cmd: Command) -> list[Reply]:
        """Apply one command; return the messages it produces.

        A command that is refused (or unknown) answers with the reason and,
        so that the views can show what still holds, the unchanged state.
        """
        handler = self._handlers.get(type(cmd))
        try:
            if handler is None:
                raise ValueError(f"unknown command {cmd!r}")
            return self._focused(handler(cmd))
        except (ValueError, TypeError) as exc:
            return self._focused([("error", str(exc)), self.snapshot()])
        except Exception as exc:  # a fault of this command, not of the session: report it and go on
            traceback.print_exc()
            return self._focused([("error", f"{type(cmd).__name__} failed ({type(exc).__name__}: {exc})"),
                                  self.snapshot()])

    def _focused(self, replies: list[Reply]) -> list[Reply]:
        """Put the focus, worked out, into the snapshots (FOCUS_INTERVAL apart while running); remember the last."""
        for k, (kind, payload) in enumerate(replies):
            if isinstance(payload, Snapshot):
                now = time.perf_counter()
                due = not payload.live or not self.running or now - self._last_focus_time >= FOCUS_INTERVAL
                if due and self.focus != Focus():
                    self._last_focus_time = now
                    payload = dataclasses.replace(payload, focused=self._work_out(payload))
                    replies[k] = (kind, payload)
                self._sent = payload
        return replies

    def _focus(self, cmd: Focus) -> list[Reply]:
        replot = cmd.plane != self.focus.plane
        self.focus = cmd
        if replot:  # the map spreads over other inputs, or holds them elsewhere: draw it anew
            self._grid = None
            shown = self._sent
            if shown is not None and not shown.live and shown.generation == self.generation:  # a look back stays
                past = history.past_snapshot(self.trainer, shown.epoch, self.generation, self.setup, cmd.plane)
                if past is not None:
                    return [("snapshot", past)]
            return [self.snapshot()]
        if self._sent is None:
            return [self.snapshot()]
        return [("focused", self._work_out(self._sent))]

    def _work_out(self, snap: Snapshot) -> Focused:
        """Work the focus out for ``snap``; a live one without a grid maps a neuron over the last grid drawn."""
        try:
            return work_out(self.focus, snap, snap.grid or self._grid)
        except Exception as exc:  # a fault in working it out must not cost the snapshot or the process
            traceback.print_exc()
            return Focused(self.focus, snap.generation, snap.epoch,
                           problem=f"this cannot be worked out here ({type(exc).__name__}: {exc})")

    def _play(self, _: Play) -> list[Reply]:
        if self.study is not None:
            return [("error", "a convergence study is running: wait for it or cancel it")]
        if self.trainer.done:
            return [("state", False), ("error", self._done_text())]
        self.running = True
        self._last_emit = self._play_time = time.perf_counter()
        self._play_epoch = self.trainer.epoch
        return [("state", True)]

    def _pause(self, _: Pause | None = None) -> list[Reply]:
        was = self.running
        self.running = False
        return ([self.snapshot()] if was else []) + [("state", False)]

    def _step(self, _: Step) -> list[Reply]:
        out = self._pause() if self.running else []
        if self.trainer.done:
            return out + [("error", self._done_text())]
        self._pending.append(self.trainer.run(1))
        return out + [self.snapshot()]

    def _walk(self, cmd: Walk) -> list[Reply]:
        out = self._pause() if self.running else []
        if self.trainer.done:
            return out + [("error", self._done_text())]
        return out + [("walkthrough", step_walk(self.trainer, self.generation, cmd.update))]

    def _finish_walk(self, cmd: FinishWalk) -> list[Reply]:
        t = self.trainer
        if (cmd.generation, cmd.epoch) != (self.generation, t.epoch) or not np.array_equal(cmd.start, t.net.theta):
            raise ValueError("the network changed since the step-through began: nothing was applied")
        return self._step(Step())

    def _reset(self, cmd: Reset) -> list[Reply]:
        seed = int(np.random.default_rng().integers(2**31)) if cmd.seed is None else cmd.seed
        return self._rebuilt(self.setup.with_(seed=seed), None)

    def _restart(self, _: Restart) -> list[Reply]:
        return self._rebuilt(self.setup, self.initial)

    def _rebuild(self, cmd: Rebuild) -> list[Reply]:
        return self._rebuilt(cmd.setup, None)

    def _load(self, cmd: Load) -> list[Reply]:
        return self._rebuilt(cmd.setup.with_(spec=cmd.net.spec), cmd.net)

    def _rebuilt(self, setup: Setup, net: Network | None) -> list[Reply]:
        Trainer(net or setup.network(), setup.data(), setup.config)  # validate before touching anything
        self.running = False
        self._build(setup, net)
        return [self.snapshot(), ("state", False)]

    def _set_rate(self, cmd: SetRate) -> list[Reply]:
        self.trainer.set_learning_rate(cmd.lr)
        self.setup = self.setup.with_(config=self.trainer.config)
        return [] if self.running else [self.snapshot()]

    def _set_param(self, cmd: SetParam) -> list[Reply]:
        name, value = cmd.name, cmd.value
        ref = parse_param(name, self.trainer.net.spec)
        if ref.kind == "z" or not np.isfinite(value):
            raise ValueError(f"{name}: only weights and biases take a finite value")
        net = self.trainer.net
        if ref.kind == "w":
            net.W[ref.n][ref.i, ref.j] = value
        elif net.b is not None:
            net.b[ref.n][ref.i] = value
        self._grid = None
        return [self.snapshot()]

    def _configure(self, cmd: Configure) -> list[Reply]:
        self.trainer.config = self.trainer.config.with_(**cmd.changes)
        self.setup = self.setup.with_(config=self.trainer.config)
        return [] if self.running else [self.snapshot()]

    def _set_speed(self, cmd: SetSpeed) -> list[Reply]:
        speed = cmd.epochs_per_second
        if speed is not None and not speed > 0:
            raise ValueError(f"speed must be a positive number of epochs per second, not {speed}")
        self.speed = speed
        self._play_time, self._play_epoch = time.perf_counter(), self.trainer.epoch
        return []

    def _send_snapshot(self, _: SendSnapshot) -> list[Reply]:
        return [self.snapshot()]

    def _view_epoch(self, cmd: ViewEpoch) -> list[Reply]:
        out = self._pause() if self.running else []
        past = history.past_snapshot(self.trainer, cmd.epoch, self.generation, self.setup, self.focus.plane)
        return out + [self.snapshot() if past is None else ("snapshot", past)]

    def _branch(self, cmd: Branch) -> list[Reply]:
        """Continue from the weights of an epoch with new settings (same network), as a new generation.

        The new run's figures up to there are the old run's: the views keep
        theirs (the snapshot names the parent generation and the epoch
        branched from), so they are not sent again.
        """
        out = self._pause() if self.running else []
        setup, old = cmd.setup or self.setup, self.trainer
        recorded, theta, before = history.branch_point(old, cmd.epoch, setup)
        timeline = history.timeline(old)
        timeline.truncate(recorded)
        self.running = False
        parent = self.generation
        self._build(setup, self.initial)
        self.parent = parent
        t = self.trainer
        t.net.theta[...] = theta
        t.theta_before_last[...] = before
        t.timeline = timeline
        t.continue_from(recorded, old.history)
        return out + [self.snapshot(), ("state", False)]

    def _surface(self, cmd: Surface) -> list[Reply]:
        return [("surface", history.surface(self.trainer, cmd.name_x, cmd.name_y))]

    def _start_study(self, cmd: StartStudy) -> list[Reply]:
        out = self._pause() if self.running else []
        setup = self.setup.with_(config=self.trainer.config)  # η as set, not as a schedule may have halved it
        return out + self.studies.start(setup, cmd.runs, cmd.first_seed, cmd.workers)

    def _cancel_study(self, _: CancelStudy) -> list[Reply]:
        return self.studies.cancel()

    def close(self) -> None:
        """End the study under way, if any, and let its threads go (the session can go on)."""
        self.studies.close()

    def _done_text(self) -> str:
        t = self.trainer
        return t.stop_reason or f"the epoch limit ({t.config.epochs}) is reached: raise it, or Reset"

    def snapshot(self) -> Reply:
        """Return a ``("snapshot", Snapshot)`` message of the current state."""
        stats = self._pending
        merged = EpochStats(np.concatenate([s.loss for s in stats]) if stats else np.empty(0),
                            np.concatenate([s.error_rate for s in stats]) if stats else np.empty(0))
        self._pending = []
        now = time.perf_counter()
        fresh = self._grid is None or not self.running or now - self._last_grid_time > GRID_INTERVAL
        if fresh:
            self._grid = boundary_grid(self.trainer.net, self.trainer.data, self.focus.plane)
            self._last_grid_time = now
        self._last_emit = now
        # while running, the grid goes out only when it was drawn anew (it is most of a snapshot's bytes):
        # a live snapshot without one shows the last one sent (the controller fills it in)
        return ("snapshot", take_snapshot(self.trainer, self.generation, merged, grid=self._grid if fresh else None,
                                          setup=self.setup, parent=self.parent))

    @property
    def busy(self) -> bool:
        """True while training runs or a study is under way."""
        return self.running or self.study is not None

    def tick(self, budget: float = 0.005) -> list[Reply]:
        """Train (or advance a study) for about ``budget`` seconds; return any messages that are due."""
        if self.study is not None:
            return self.studies.tick(budget)
        if not self.running:
            return []
        return self._focused(self._train(budget))

    def _train(self, budget: float) -> list[Reply]:
        deadline = time.perf_counter() + budget
        while time.perf_counter() < deadline and not self.trainer.done:
            start = time.perf_counter()
            chunk = self._epochs_per_chunk
            if self.speed is not None:  # stay on the schedule of `speed` epochs per second
                chunk = min(chunk, int((start - self._play_time) * self.speed) + self._play_epoch - self.trainer.epoch)
                if chunk <= 0:
                    break
            self._pending.append(self.trainer.run(chunk))
            self._size_chunks(time.perf_counter() - start, chunk)
        if self.trainer.done:
            self.running = False
            return [self.snapshot(), ("state", False)]
        if time.perf_counter() - self._last_emit >= SNAPSHOT_INTERVAL:
            return [self.snapshot()]
        return []

    def idle_time(self) -> float:
        """Seconds the host may sleep before the next tick has work (0 when flat out)."""
        if not self.running or self.speed is None:
            return 0.0
        due = self._play_time + (self.trainer.epoch + 1 - self._play_epoch) / self.speed
        return max(0.0, min(due, self._last_emit + SNAPSHOT_INTERVAL) - time.perf_counter())

    def _size_chunks(self, seconds: float, epochs: int) -> None:
        # Aim at chunks of about 1 ms so that commands are answered promptly.
        per_epoch = seconds / max(epochs, 1)
        self._epochs_per_chunk = int(min(4096, max(1, 0.001 / max(per_epoch, 1e-9))))
