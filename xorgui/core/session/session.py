"""The training session behind the app: commands in, snapshots out.

``Session`` is pure Python: the trainer host process (``host``) drives it,
and tests drive it synchronously. Every call returns the messages to send
back, each a tuple ``(kind, payload)``: ``("snapshot", Snapshot)``,
``("state", running)`` or ``("error", text)``.
"""

from __future__ import annotations

import time
import traceback

import numpy as np

from xorgui.core.explanation.grid import boundary_grid
from xorgui.core.model.network import Network
from xorgui.core.model.params import parse_param
from xorgui.core.session.command import Command
from xorgui.core.session.history import SessionHistory
from xorgui.core.session.snapshot import take_snapshot
from xorgui.core.session.study import SessionStudy
from xorgui.core.study.study import Study
from xorgui.core.training.setup import Setup
from xorgui.core.training.timeline import Timeline
from xorgui.core.training.trainer import EpochStats, Trainer

SNAPSHOT_INTERVAL = 1 / 30  # seconds between snapshots while running
GRID_INTERVAL = 0.1  # seconds between boundary grids while running


class Session(SessionHistory, SessionStudy):
    """Owns one trainer and the run's generation counter."""

    def __init__(self, setup: Setup | None = None) -> None:
        self.generation = 0
        self.running = False
        self._pending: list[EpochStats] = []
        self._last_emit = self._last_grid_time = 0.0
        self._grid = None
        self._epochs_per_chunk = 64
        self.speed: float | None = None  # epochs per second; None: as fast as possible
        self.study: Study | None = None
        self._play_time, self._play_epoch = 0.0, 0
        self._build(setup or Setup(), None)

    def _build(self, setup: Setup, net: Network | None) -> None:
        self.setup = setup
        self.initial = (net or setup.network()).copy()
        self.trainer = Trainer(self.initial.copy(), setup.data(), setup.config)
        self.trainer.timeline = Timeline(self.trainer.net.theta.copy())
        self.generation += 1
        self.parent: int | None = None  # the generation a branch came from
        self._pending.clear()
        self._grid = None

    def handle(self, cmd: Command) -> list[tuple]:
        """Apply one command; return the messages it produces.

        A command that is refused answers with the reason and, so that the
        views can show what still holds, the unchanged state.
        """
        handler = getattr(self, f"_cmd_{cmd.verb}", None)
        try:
            if handler is None:
                raise ValueError(f"unknown command {cmd.verb!r}")
            return handler(*cmd.args)
        except (ValueError, TypeError) as exc:
            return [("error", str(exc)), self.snapshot()]
        except Exception as exc:  # a fault of this command, not of the session: report it and go on
            traceback.print_exc()
            return [("error", f"{cmd.verb} failed ({type(exc).__name__}: {exc})"), self.snapshot()]

    def _cmd_play(self) -> list[tuple]:
        if self.study is not None:
            return [("error", "a convergence study is running: wait for it or cancel it")]
        if self.trainer.done:
            return [("state", False), ("error", self._done_text())]
        self.running = True
        self._last_emit = self._play_time = time.perf_counter()
        self._play_epoch = self.trainer.epoch
        return [("state", True)]

    def _cmd_pause(self) -> list[tuple]:
        was = self.running
        self.running = False
        return ([self.snapshot()] if was else []) + [("state", False)]

    def _cmd_step(self) -> list[tuple]:
        out = self._cmd_pause() if self.running else []
        if self.trainer.done:
            return out + [("error", self._done_text())]
        self._pending.append(self.trainer.run(1))
        return out + [self.snapshot()]

    def _cmd_reset(self, seed: int | None = None) -> list[tuple]:
        seed = int(np.random.SeedSequence().entropy % 2**31) if seed is None else seed
        return self._rebuilt(self.setup.with_(seed=seed), None)

    def _cmd_restart(self) -> list[tuple]:
        return self._rebuilt(self.setup, self.initial)

    def _cmd_rebuild(self, setup: Setup) -> list[tuple]:
        return self._rebuilt(setup, None)

    def _cmd_load(self, net: Network, setup: Setup) -> list[tuple]:
        return self._rebuilt(setup.with_(spec=net.spec), net)

    def _rebuilt(self, setup: Setup, net: Network | None) -> list[tuple]:
        Trainer(net or setup.network(), setup.data(), setup.config)  # validate before touching anything
        self.running = False
        self._build(setup, net)
        return [self.snapshot(), ("state", False)]

    def _cmd_set_lr(self, lr: float) -> list[tuple]:
        self.trainer.set_learning_rate(lr)
        self.setup = self.setup.with_(config=self.trainer.config)
        return [] if self.running else [self.snapshot()]

    def _cmd_set_param(self, name: str, value: float) -> list[tuple]:
        ref = parse_param(name, self.trainer.net.spec)
        if ref.kind == "z" or not np.isfinite(value):
            raise ValueError(f"{name}: only weights and biases take a finite value")
        net = self.trainer.net
        if ref.kind == "w":
            net.W[ref.n][ref.i, ref.j] = value
        else:
            net.b[ref.n][ref.i] = value
        self._grid = None
        return [self.snapshot()]

    def _cmd_configure(self, changes: dict) -> list[tuple]:
        self.trainer.config = self.trainer.config.with_(**changes)
        self.setup = self.setup.with_(config=self.trainer.config)
        return [] if self.running else [self.snapshot()]

    def _cmd_set_speed(self, speed: float | None) -> list[tuple]:
        if speed is not None and not speed > 0:
            raise ValueError(f"speed must be a positive number of epochs per second, not {speed}")
        self.speed = speed
        self._play_time, self._play_epoch = time.perf_counter(), self.trainer.epoch
        return []

    def _cmd_snapshot(self) -> list[tuple]:
        return [self.snapshot()]

    def _done_text(self) -> str:
        t = self.trainer
        return t.stop_reason or f"the epoch limit ({t.config.epochs}) is reached: raise it, or Reset"

    def snapshot(self) -> tuple:
        """Return a ``("snapshot", Snapshot)`` message of the current state."""
        stats = self._pending
        merged = EpochStats(np.concatenate([s.loss for s in stats]) if stats else np.empty(0),
                            np.concatenate([s.error_rate for s in stats]) if stats else np.empty(0))
        self._pending = []
        now = time.perf_counter()
        if self._grid is None or not self.running or now - self._last_grid_time > GRID_INTERVAL:
            self._grid = boundary_grid(self.trainer.net, self.trainer.data)
            self._last_grid_time = now
        self._last_emit = now
        return ("snapshot", take_snapshot(self.trainer, self.generation, merged, grid=self._grid, setup=self.setup,
                                          parent=self.parent))

    @property
    def busy(self) -> bool:
        """True while training runs or a study is under way."""
        return self.running or self.study is not None

    def tick(self, budget: float = 0.005) -> list[tuple]:
        """Train (or advance a study) for about ``budget`` seconds; return any messages that are due."""
        if self.study is not None:
            return self._study_tick(budget)
        if not self.running:
            return []
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
