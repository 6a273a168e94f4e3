import numpy as np
import pytest
from PySide6.QtCore import QPointF

from xorgui.qt.controller import History
from xorgui.qt.loss_plot import Decimator, LossPlot, decimate, nice_ceiling


def test_decimation_keeps_peaks_and_ends_and_bounds_the_points():
    rng = np.random.default_rng(0)
    y = rng.random(1_000_003)
    y[123_457], y[654_321] = 5.0, -3.0
    d = Decimator(4000)
    for n in (10, 5000, 70_000, 333_333, 1_000_003):
        idx = d.indices(y[:n])
        assert len(idx) <= 4100 and idx[0] == 0 and idx[-1] == n - 1
        assert y[idx].max() == y[:n].max() and y[idx].min() == y[:n].min()
    x, v = decimate(np.arange(10.0))
    assert x.tolist() == list(range(1, 11)) and v.tolist() == list(range(10))


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (7, 10, 11, 230, 0.003)] == [10, 10, 20, 500, 0.005]


def test_the_loss_plot_reads_epoch_and_value_under_the_pointer(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(500, 300)
    plot.show()
    h = History()
    h.extend(np.linspace(1.0, 0.1, 50), np.zeros(50))
    plot.set_history(h)
    assert plot.point_count == 50
    qtbot.waitExposed(plot)
    vb = plot.loss_plot.vb
    (x0, x1), (y0, y1) = vb.viewRange()
    assert x0 <= 20 <= x1
    plot._on_mouse_moved(vb.mapViewToScene(QPointF(20, (y0 + y1) / 2)))
    assert plot.readout.text().startswith("epoch 20: loss ")
    assert f"{h.loss[19]:.8g}" in plot.readout.text()


def test_log_scale_is_on_by_default_and_switchable(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    assert plot.log_box.isChecked() and plot.loss_plot.ctrl.logYCheck.isChecked()
    plot.log_box.setChecked(False)
    assert not plot.loss_plot.ctrl.logYCheck.isChecked()


def test_history_grows_without_gaps():
    h = History()
    for k in range(300):
        h.extend(np.full(7, float(k)), np.zeros(7))
    assert h.size == 2100 and h.loss[7 * 150] == 150.0
    h.clear()
    assert h.size == 0
    with pytest.raises(IndexError):
        h.loss[0]
