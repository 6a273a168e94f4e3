"""The commands the session takes (``session.Session.handle``): one small frozen dataclass each.

A command is a value: it is pickled to the trainer host process and handed
to the session, which finds its handler in a table keyed by the command's
class. What each answers is said in its docstring; every command that is
refused answers ``("error", reason)`` and the unchanged state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from xorgui.core.explanation.grid import Plane
from xorgui.core.model.network import Network
from xorgui.core.training.setup import Setup


@dataclass(frozen=True)
class Play:
    """Start training; answers ``("state", True)``."""


@dataclass(frozen=True)
class Pause:
    """Stop training; answers the final snapshot and ``("state", False)``."""


@dataclass(frozen=True)
class Step:
    """Train exactly one epoch (pausing first when running); answers its snapshot."""


@dataclass(frozen=True)
class Reset:
    """New weights from a new seed (random when ``seed`` is None), as a new generation."""

    seed: int | None = None


@dataclass(frozen=True)
class Restart:
    """The same initial weights again, as a new generation."""


@dataclass(frozen=True)
class Rebuild:
    """Start over, paused, with a new setup (a new generation, if the setup fits its data)."""

    setup: Setup


@dataclass(frozen=True)
class Load:
    """Start over, paused, from a given network and setup."""

    net: Network
    setup: Setup


@dataclass(frozen=True)
class SetRate:
    """Set the learning rate η."""

    lr: float


@dataclass(frozen=True)
class SetParam:
    """Set one weight or bias (a name such as ``w:2:0:1``) to a finite value."""

    name: str
    value: float


@dataclass(frozen=True)
class SetSpeed:
    """Train at ``epochs_per_second``, or as fast as possible when None."""

    epochs_per_second: float | None


@dataclass(frozen=True)
class Configure:
    """Change fields of the training configuration (e.g. ``{"mode": "online"}``)."""

    changes: dict[str, Any]


@dataclass(frozen=True)
class StartStudy:
    """Pause, then train ``runs`` seeded runs side by side from ``first_seed``.

    Answers ``("progress", (epoch, epochs))`` as it goes and at last
    ``("study", StudyResult)``, or ``("study", text)`` if it could not start
    or stopped. ``workers`` is the number of threads to split the runs
    over (None: one, unless splitting pays, see ``study.default_workers``).
    """

    runs: int
    first_seed: int = 0
    workers: int | None = None


@dataclass(frozen=True)
class CancelStudy:
    """Stop the study under way; answers ``("study", None)`` (nothing if none is under way)."""


@dataclass(frozen=True)
class Surface:
    """The loss over two weights or biases; answers ``("surface", LossSurface)`` with the trajectory."""

    name_x: str
    name_y: str


@dataclass(frozen=True)
class ViewEpoch:
    """Show an earlier epoch of the run's timeline; the snapshot has ``live`` False."""

    epoch: int


@dataclass(frozen=True)
class Branch:
    """Continue from that epoch's weights with new settings (same network), as a new generation."""

    epoch: int
    setup: Setup | None = None


@dataclass(frozen=True)
class SendSnapshot:
    """Answer the current state."""


@dataclass(frozen=True)
class Focus:
    """What the window looks at, for the session to work out with each snapshot (``focus.Focused``).

    ``param`` is the weight, bias or neuron selected (a name such as
    ``w:2:0:1``, or "" for none), ``sample`` the sample shown (None: the
    batch), ``neuron`` the hidden neuron whose map the boundary plot shows
    (or None), ``slice`` whether the loss slice is on view, ``plane`` the
    inputs the boundary map spreads over and where it holds the others
    (None: x_0 and x_1, the others at their means). Answers
    ``("focused", Focused)`` for the current state at once, or a new
    snapshot when the plane changed (its grid is drawn anew).
    """

    param: str = ""
    sample: int | None = None
    neuron: tuple[int, int] | None = None
    slice: bool = False
    plane: Plane | None = None


@dataclass(frozen=True)
class Walk:
    """Take the next Step apart (pausing first when running): answers ``("walkthrough", stepping.StepWalk)``.

    ``update`` is the index (from 0) of the update of the Step's epoch to
    take apart: a full-batch Step makes one, an online or mini-batch Step
    one per sample or batch, in the trainer's order. Nothing is changed.
    """

    update: int = 0


@dataclass(frozen=True)
class FinishWalk:
    """Make the Step a step-through took apart, if the state is still the one it started from.

    ``generation``, ``epoch`` and ``start`` (the parameters before the Step)
    are those of the ``StepWalk``; when any differs (the network was edited,
    trained or rebuilt since) nothing is applied and the answer is an error.
    Otherwise it answers as ``Step``.
    """

    generation: int
    epoch: int
    start: np.ndarray


Command = (Play | Pause | Step | Reset | Restart | Rebuild | Load | SetRate | SetParam | SetSpeed | Configure
           | StartStudy | CancelStudy | Surface | ViewEpoch | Branch | SendSnapshot | Focus
           | Walk | FinishWalk)
