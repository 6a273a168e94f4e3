"""``xorgui bench --gui``: how long one phase of a step-through takes to draw on the network graph."""

from __future__ import annotations

import statistics
import sys
import time

from xorgui.core.model.network import Spec, default_activations
from xorgui.core.session.command import Walk
from xorgui.core.session.session import Session
from xorgui.core.session.snapshot import Snapshot
from xorgui.core.session.stepping import StepWalk
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup

TARGETS = (((2, 64, 64, 2), 16.0), ((2, 100, 100, 100, 2), 33.0))  # ms per phase, from the README


def phase_ms(dims: tuple, rounds: int = 3) -> tuple[float, float, float]:
    """Return the ms to show a phase and paint the graph: the first ever, then the median and slowest of the rest.

    The first phase a view shows lays out its labels for the first time
    (made ahead, as the step-through does while the trainer works); every
    phase is then shown ``rounds`` times.
    """
    from PySide6.QtWidgets import QApplication

    from xorgui.qt.graph_phase import Shown
    from xorgui.qt.network_view import NetworkView

    QApplication.instance() or QApplication(sys.argv[:1])
    setup = Setup(spec=Spec(dims, default_activations(len(dims) - 1)), init="glorot", config=TrainConfig(epochs=10))
    session = Session(setup)
    snap, part = None, None
    for _, payload in session.snapshot(), *session.handle(Walk()):
        snap = payload if isinstance(payload, Snapshot) else snap
        part = payload if isinstance(payload, StepWalk) else part
    assert snap is not None and part is not None
    view = NetworkView()
    view.resize(900, 450)
    view.show()
    view.set_snapshot(snap)
    view.grab()
    view.phase_labels.reserve()  # as starting a step-through does, while the trainer takes the Step apart
    start = time.perf_counter()
    view.set_phase(Shown(part.walk, part.walk.phases[0], 0))
    view.grab()
    first = time.perf_counter() - start
    times = []
    for _ in range(rounds):
        for phase in part.walk.phases:
            start = time.perf_counter()
            view.set_phase(Shown(part.walk, phase, 0))
            view.grab()  # paints the whole view into a pixmap
            times.append(time.perf_counter() - start)
    view.close()
    return 1000 * first, 1000 * statistics.median(times), 1000 * max(times)


def phase_lines() -> list[str]:
    """Return the lines ``xorgui bench --gui`` prints: each network's phase drawing time against its target."""
    lines = []
    for dims, target in TARGETS:
        first, median, slowest = phase_ms(dims)
        lines.append(f"  step-through phase {str(list(dims)):>18}: {median:6.1f} ms median, {slowest:6.1f} ms slowest"
                     f" (the view's first {first:.1f} ms)   (target {target:g} ms)")
    return lines
