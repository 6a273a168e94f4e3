"""Long runs and many windows: the app's memory stays bounded and what it shows stays true."""

import csv
import gc
import io
import weakref

import numpy as np
from PySide6.QtCore import QPointF

from tests.qt.conftest import wait_for
from xorgui.app import create_window
from xorgui.core.files.export import history_csv
from xorgui.core.session.command import SetSpeed
from xorgui.core.training.history_views import describe_epoch
from xorgui.core.training.loss_history import LossHistory
from xorgui.core.training.setup import Setup
from xorgui.qt.window_memory import free_on_close


def test_a_long_run_in_the_window_keeps_a_bounded_history_true_to_every_epoch_kept(qtbot, window):
    window.controller.history = LossHistory(capacity=512)  # thinned after 512 epochs, not 2^20
    window.controller.send(SetSpeed(None))
    window.controller.play()
    wait_for(qtbot, window, lambda s: s.epoch > 6000, timeout=60000)
    with qtbot.waitSignal(window.controller.runningChanged):
        window.controller.pause()
    snap = wait_for(qtbot, window, lambda s: s.epoch == window.controller.history.last_epoch)
    h = window.controller.history
    assert h.rows <= 512 and h.stride > 1 and h.epochs[-1] == snap.epoch
    every = Setup().trainer().run(snap.epoch)  # the same run, headless
    assert np.array_equal(h.loss, every.loss[h.epochs - 1])
    assert np.array_equal(h.error_rate, every.error_rate[h.epochs - 1])
    qtbot.waitUntil(lambda: window.loss_plot.point_count == snap.epoch)
    x, _ = window.loss_plot.loss_curve.getOriginalDataset()
    assert set(x.astype(int)) <= set(h.epochs.tolist())
    plot = window.loss_plot
    vb = plot.loss_plot.vb
    point = plot.plots.mapFromScene(vb.mapViewToScene(QPointF(snap.epoch / 3, np.mean(vb.viewRange()[1]))))
    qtbot.mouseMove(plot.plots.viewport(), point)
    shown = int(round(vb.mapSceneToView(plot.plots.mapToScene(point)).x()))
    qtbot.waitUntil(lambda: plot.readout.text() == describe_epoch(h, shown))
    rows = list(csv.DictReader(io.StringIO(history_csv(h))))
    assert [int(r["epoch"]) for r in rows] == h.epochs.tolist() and any(r["thinned_block"] for r in rows)


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def test_closed_windows_are_freed(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    alive, sizes = [], []
    for k in range(6):
        w = create_window(QSettings(str(tmp_path / f"s{k}.ini"), QSettings.Format.IniFormat))
        free_on_close(w)
        w.show()
        qtbot.waitUntil(lambda w=w: w.snapshot is not None, timeout=10000)
        w.controller.play()
        wait_for(qtbot, w, lambda s: s.epoch > 200)
        alive.append(weakref.ref(w))
        w.close()
        del w
        qtbot.waitUntil(lambda: all(ref() is None for ref in alive), timeout=5000)
        gc.collect()
        sizes.append(rss_mb())
    assert sizes[-1] - sizes[1] < 20, f"RSS after each closed window: {sizes} MB"  # 9 MB a window leaked
