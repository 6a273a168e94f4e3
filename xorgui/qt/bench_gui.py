"""``xorgui bench --gui``: the desktop app's responsiveness, throughput, drawing and start-up.

Prints figures only (run it on an otherwise idle machine); targets are in
the README. Works headless (offscreen platform) or on a display.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import numpy as np

from xorgui.core.model.data import Dataset
from xorgui.core.model.limits import MAX_EPOCHS
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.session.command import SetSpeed, Step
from xorgui.core.session.session import Reply, Session
from xorgui.core.session.snapshot import Snapshot
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _spin(seconds: float) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    QCoreApplication.processEvents()


def _snapshot(reply: Reply) -> Snapshot:
    """Return the snapshot a session's reply carries."""
    kind, payload = reply
    if not isinstance(payload, Snapshot):
        raise RuntimeError(f"expected a snapshot, got a {kind!r} reply: {payload!r}")
    return payload


def redraw_ms(dims: tuple, repeats: int = 12) -> float:
    """Median time to update and paint the network view for one new snapshot, in ms."""
    from xorgui.qt.network_view import NetworkView

    _app()
    setup = Setup(spec=Spec(dims, default_activations(len(dims) - 1)), init="glorot",
                  config=TrainConfig(epochs=10**6))
    session = Session(setup)
    view = NetworkView()
    view.resize(900, 450)
    view.show()
    view.set_snapshot(_snapshot(session.snapshot()))
    view.grab()
    times = []
    for _ in range(repeats):
        snap = _snapshot(session.handle(Step())[0])
        start = time.perf_counter()
        view.set_snapshot(snap)
        view.grab()  # paints the whole view into a pixmap
        times.append(time.perf_counter() - start)
    view.close()
    return 1000 * statistics.median(times)


def headless_rate(setup: Setup, seconds: float = 1.5) -> float:
    """Epochs per second of the trainer alone on ``setup``."""
    trainer = setup.trainer()
    start, epochs = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        epochs += len(trainer.run(2000).loss)
    return epochs / (time.perf_counter() - start)


def timer_intervals(window, seconds: float) -> np.ndarray:
    """Intervals in ms of a 10 ms timer in the GUI thread while the event loop runs."""
    from PySide6.QtCore import QTimer

    stamps: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: stamps.append(time.perf_counter()))
    timer.start()
    _spin(seconds)
    timer.stop()
    return 1000 * np.diff(stamps)


def live_figures(seconds: float, select: str = "", data: Dataset | None = None, tab: str = "") -> dict:
    """Timer p99 idle and while training flat out with every view live; throughput against headless.

    With ``select``, that parameter is selected, so the inspector follows
    training too; with ``data``, training runs on them; with ``tab``
    ("truth table", "data", …), that side tab is in front.
    """
    from PySide6.QtCore import QSettings

    from xorgui.app import create_window

    _app()
    import tempfile

    settings = QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat)
    window = create_window(settings)
    window.resize(1200, 800)
    window.show()
    while window.snapshot is None:
        _spin(0.05)
    setup = window.snapshot.setup
    if setup is None:
        raise RuntimeError("the window's snapshot has no setup")
    setup = setup.with_(config=setup.config.with_(epochs=MAX_EPOCHS))
    if data is not None:
        setup = setup.with_(custom=data)
    window.controller.rebuild(setup)
    if tab:
        window.tabs.setCurrentIndex(next(k for k in range(window.tabs.count()) if window.tabs.tabText(k) == tab))
    window.controller.send(SetSpeed(None))
    _spin(0.3)
    while window.snapshot.setup is None or window.snapshot.setup.custom != setup.custom:
        _spin(0.05)
    if select:
        window.network_view.select(select)
    _spin(0.5)  # let the first paints and caches settle
    idle = timer_intervals(window, seconds / 2)
    window.controller.play()
    _spin(0.3)
    e0, t0 = window.snapshot.epoch, time.perf_counter()
    u0 = window.inspector.refreshes
    busy = timer_intervals(window, seconds)
    elapsed = time.perf_counter() - t0
    rate = (window.snapshot.epoch - e0) / elapsed
    inspector_rate = (window.inspector.refreshes - u0) / elapsed
    window.controller.pause()
    _spin(0.2)
    window.close()
    return {"idle_p99": float(np.percentile(idle, 99)), "busy_p99": float(np.percentile(busy, 99)),
            "busy_median": float(np.median(busy)), "rate": rate, "headless": headless_rate(setup),
            "inspector": inspector_rate}


def cold_start_s(repeats: int = 3) -> float:
    """Median seconds from launching a new interpreter to the main window shown."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "xorgui.qt.bench_gui", "--shown"], capture_output=True,
                              text=True, timeout=60)
        if "shown" not in proc.stdout:
            raise RuntimeError(f"the window did not show: {proc.stderr[-500:]}")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _show_and_exit() -> None:
    import tempfile

    from PySide6.QtCore import QSettings, QTimer

    from xorgui.app import create_window

    app = _app()
    window = create_window(QSettings(tempfile.mktemp(suffix=".ini"), QSettings.Format.IniFormat))
    window.show()
    QTimer.singleShot(0, lambda: (print("shown", flush=True), window.close(), app.quit()))
    app.exec()


def run_gui_bench(quick: bool = False) -> None:
    """Print the desktop app's figures against the targets."""
    print("\ndesktop app (targets: timer p99 <= 20 ms, throughput >= 50 % of headless, redraw <= 5 / 16 ms, "
          "cold start <= 1.0 s)")
    for dims, target in (((2, 64, 64, 2), 5.0), ((2, 100, 100, 100, 2), 16.0)):
        print(f"  network redraw {str(list(dims)):>22}: {redraw_ms(dims):6.1f} ms   (target {target:g} ms)")
    from xorgui.qt.bench_phases import phase_lines

    print("\n".join(phase_lines()))
    for select in ("", "w:1:0:1"):
        live = live_figures(2.0 if quick else 6.0, select)
        what = f"inspector on {select}" if select else "nothing selected"
        print(f"  {what}:")
        print(f"    10 ms GUI timer, idle:              p99 {live['idle_p99']:6.1f} ms")
        print(f"    10 ms GUI timer, training flat out: p99 {live['busy_p99']:6.1f} ms  "
              f"(median {live['busy_median']:.1f})")
        print(f"    training in the app: {live['rate']:,.0f} epochs/s; headless: {live['headless']:,.0f} epochs/s; "
              f"ratio {live['rate'] / live['headless']:.2f}")
        if select:
            print(f"    inspector updates: {live['inspector']:.1f} per second (target >= 10)")
    print(f"  cold start to window shown: {cold_start_s(2 if quick else 3):.2f} s")
    from xorgui.qt.bench_data import run_many_samples

    run_many_samples(live_figures, quick)


if __name__ == "__main__":
    if "--shown" in sys.argv:
        _show_and_exit()
    else:
        run_gui_bench("--quick" in sys.argv)
