"""``xorgui bench --soak``: the app's memory over a long run, flat out, with every view live.

The app trains [2, 2, 1] as fast as it can for some minutes with a weight
selected (the inspector follows it), the pointer resting on an edge, and
the side tabs (boundary, truth table, loss slice) shown in turn. Every few
seconds the resident memory (RSS) of the app's process and of its trainer
process is read from /proc; after a warm-up (the timeline of weights and
the loss history fill up to their caps) the growth of each is fitted by
least squares and printed in MB per minute against the goal, with the peak
against the documented cap. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time

import numpy as np

from xorgui.core.session.command import SetSpeed

GOAL_MB_PER_MIN = 5.0  # growth after the warm-up
CAPS_MB = {"app": 400.0, "trainer": 450.0}  # peak RSS of each process (README, "Benchmark")
WARM_UP = 0.4  # the share of the run left out of the fit, at least
TAB_SECONDS = 20.0  # each side tab is shown this long in turn


def rss_mb(pid: int | str = "self") -> float | None:
    """Return the resident memory of process ``pid`` in MB (None once it has gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
    except (OSError, StopIteration):
        return None


def fill_epochs() -> int:
    """Return the epochs after which [2, 2, 1]'s timeline and loss history have reached their caps."""
    from xorgui.core.training.loss_history import EXACT_EPOCHS
    from xorgui.core.training.setup import Setup
    from xorgui.core.training.timeline import Timeline

    return max(EXACT_EPOCHS, Timeline(Setup().network().theta).capacity)


def growth_mb_per_min(t: np.ndarray, mb: np.ndarray) -> float:
    """Return the least-squares slope of ``mb`` over ``t`` seconds, in MB per minute."""
    ok = np.isfinite(mb)
    if ok.sum() < 2 or np.ptp(t[ok]) == 0:
        return float("nan")
    return float(np.polyfit(t[ok], mb[ok], 1)[0] * 60)


def _spin(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def _quiet_offscreen() -> None:
    """Drop the offscreen platform's notes on what it cannot do (printed at every layout change)."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if not message.startswith("This plugin does not support"):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _live_window():
    """Build the app's window, flat out on [2, 2, 1], with a weight selected and the pointer on an edge."""
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from xorgui.app import create_window

    QApplication.instance() or QApplication(sys.argv[:1])
    if QApplication.platformName() == "offscreen":
        _quiet_offscreen()
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "soak.ini"), QSettings.Format.IniFormat)
    window = create_window(settings)
    window.resize(1280, 720)
    window.show()
    while window.snapshot is None:
        _spin(0.05)
    setup = window.snapshot.setup
    if setup is None:
        raise RuntimeError("the window's snapshot has no setup")
    window.controller.rebuild(setup.with_(config=setup.config.with_(epochs=10**8)))
    window.controller.send(SetSpeed(None))
    _spin(0.5)
    window.network_view.select("w:1:0:1")
    QTest.mouseMove(window.network_view.viewport(), window.network_view.anchor("w:2:0:1"))
    window.controller.play()
    return window


def soak(minutes: float, interval: float = 5.0) -> dict:
    """Run the app flat out for ``minutes``; return the samples (seconds, MB of each process, epoch)."""
    window = _live_window()
    start = time.perf_counter()
    rows, tab, last_note = [], 0, start
    try:
        while (now := time.perf_counter()) - start < minutes * 60:
            if now - start >= tab * TAB_SECONDS:
                window.tabs.setCurrentIndex(tab % window.tabs.count())
                tab += 1
            proc = window.controller.worker._proc
            epoch = window.snapshot.epoch if window.snapshot else 0
            rows.append((now - start, rss_mb(), rss_mb(proc.pid) if proc else None, epoch))
            if now - last_note >= 60:
                last_note = now
                print(f"  {(now - start) / 60:4.1f} min: app {rows[-1][1]:.0f} MB, trainer "
                      f"{rows[-1][2] or 0:.0f} MB, epoch {epoch:,}", file=sys.stderr, flush=True)
            _spin(interval)
    finally:
        history = window.controller.history
        window.close()
    data = np.array(rows, dtype=float)
    return {"t": data[:, 0], "app": data[:, 1], "trainer": data[:, 2], "epoch": data[:, 3],
            "history_rows": history.rows, "history_stride": history.stride}


def run_soak(minutes: float = 10.0) -> int:
    """Print the memory soak's figures: growth per minute after the warm-up and peak RSS of each process."""
    if rss_mb() is None:
        print("the soak reads memory from /proc: it runs on Linux only", file=sys.stderr)
        return 2
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"memory soak: [2, 2, 1] flat out for {minutes:g} min, a weight selected, the side tabs in turn "
          f"(goal: under {GOAL_MB_PER_MIN:g} MB/min after a warm-up of {WARM_UP:.0%} of the run)")
    full = fill_epochs()
    r = soak(minutes)
    t, epochs = r["t"], r["epoch"]
    after = (t >= WARM_UP * t[-1]) & (epochs >= full)
    if after.sum() < 2:
        print(f"  NOTE: the run ended before {full:,} epochs, when the bounded buffers are full: the growth "
              "below is their filling; run longer (or on a less busy machine)")
        after = t >= WARM_UP * t[-1]
    print(f"  {int(epochs[-1]):,} epochs in {t[-1] / 60:.1f} min ({epochs[-1] / max(t[-1], 1e-9):,.0f} epochs/s); "
          f"the window's loss history: {r['history_rows']:,} rows, stride {r['history_stride']}")
    print(f"  {'process':>8} {'start MB':>9} {'warm MB':>8} {'end MB':>7} {'peak MB':>8} {'cap MB':>7} "
          f"{'MB/min':>7}  goal")
    for name in ("app", "trainer"):
        mb = r[name]
        slope = growth_mb_per_min(t[after], mb[after])
        warm = mb[after][0] if after.any() else float("nan")
        verdict = "met" if slope < GOAL_MB_PER_MIN and np.nanmax(mb) <= CAPS_MB[name] else "NOT MET"
        print(f"  {name:>8} {mb[0]:>9.0f} {warm:>8.0f} {mb[-1]:>7.0f} {np.nanmax(mb):>8.0f} {CAPS_MB[name]:>7.0f} "
              f"{slope:>7.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m xorgui.qt.bench_soak", description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    sys.exit(run_soak(parser.parse_args().minutes))
