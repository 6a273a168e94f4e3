import numpy as np
import pytest
from PySide6.QtCore import QPointF

from xorgui.core.training.loss_history import LossHistory as History
from xorgui.qt.loss_plot import Decimator, LossPlot, decimate, nice_ceiling


def shown_plot(qtbot, width=500, height=300):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def hover(qtbot, plot, epoch, inner=None):
    """Rest the pointer over ``epoch`` of the loss plot, as a person's mouse does."""
    plot.grab()  # the layout a new history asks for settles when the plot paints: the axes may widen
    qtbot.wait(10)
    vb = plot.loss_plot.vb
    (_, _), (y0, y1) = vb.viewRange()
    point = plot.plots.mapFromScene(vb.mapViewToScene(QPointF(epoch, (y0 + y1) / 2)))
    qtbot.mouseMove(plot.plots.viewport(), point)
    qtbot.wait(20)
    return plot.readout.text()


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
    plot = shown_plot(qtbot)
    h = History()
    h.extend(np.linspace(1.0, 0.1, 50), np.zeros(50))
    plot.set_history(h)
    assert plot.point_count == 50
    (x0, x1), _ = plot.loss_plot.vb.viewRange()
    assert x0 <= 20 <= x1
    text = hover(qtbot, plot, 20)
    assert text.startswith("epoch 20: loss ") and f"{h.loss[19]:.8g}" in text


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


def test_a_thinned_history_is_drawn_at_its_true_epochs_and_read_as_blocks(qtbot):
    plot = shown_plot(qtbot, 700, 420)
    rng = np.random.default_rng(0)
    loss = np.geomspace(1.0, 1e-3, 60_000) * (1 + 0.05 * rng.random(60_000))
    loss[31_234] = 5.0  # a spike
    rate = rng.integers(0, 5, 60_000) / 4
    h = History(capacity=2000)
    for start in range(0, 60_000, 2500):  # drawn as it grows: the history thins between two frames
        h.extend(loss[start:start + 2500], rate[start:start + 2500])
        plot.set_history(h)
    assert h.stride > 1
    x, y = plot.loss_curve.getOriginalDataset()
    epochs = x.astype(int)
    assert set(epochs) <= set(h.epochs.tolist()) and epochs[-1] == h.epochs[-1] and plot.point_count == x[-1]
    assert np.array_equal(y, loss[epochs - 1]) and 5.0 in y and loss[h.epochs - 1].min() in y
    rx, ry = plot.rate_curve.getOriginalDataset()
    assert set(rx.astype(int)) <= set(h.epochs.tolist()) and np.array_equal(ry, 100 * rate[rx.astype(int) - 1])
    from xorgui.core.training.history_views import describe_epoch

    for epoch in (12_345, 40_000):
        text = hover(qtbot, plot, epoch)
        vb = plot.loss_plot.vb
        under = plot.plots.mapFromScene(vb.mapViewToScene(QPointF(epoch, np.mean(vb.viewRange()[1]))))
        shown = int(round(vb.mapSceneToView(plot.plots.mapToScene(under)).x()))
        assert text == describe_epoch(h, shown)
        if h.at(shown) is None:
            first, last = h.block(shown)
            assert text.startswith(f"epochs {first}–{last} (kept as their extremes)")


def test_the_legend_names_the_loss_and_a_branch_curve_only_while_one_is_shown(qtbot):
    plot = shown_plot(qtbot)

    def names():
        return [label.text for _, label in plot.legend.items]

    assert names() == ["loss"]  # the misclassification rate has its own plot, named on its axis
    h = History()
    h.extend(np.linspace(1.0, 0.1, 50), np.zeros(50))
    plot.add_overlay(h)
    plot.add_overlay(h)
    assert names() == ["loss", "loss before the branch"] and len(plot.overlays) == 2
    plot.clear_overlays()
    assert names() == ["loss"] and plot.overlays == []


def test_an_overlay_of_a_thinned_run_keeps_its_true_epochs(qtbot):
    plot = shown_plot(qtbot)
    loss = np.geomspace(1.0, 1e-4, 30_000)
    h = History(capacity=500)
    h.extend(loss, np.zeros(30_000))
    plot.add_overlay(h)
    plot.add_overlay(loss[:40])  # the losses of epochs 1, 2, … as an array
    (x, y), (x2, y2) = (curve.getOriginalDataset() for curve in plot.overlays)
    assert set(x.astype(int)) <= set(h.epochs.tolist()) and x[-1] == h.epochs[-1] > 29_000
    assert np.array_equal(y, loss[x.astype(int) - 1])
    assert x2.tolist() == list(range(1, 41)) and np.array_equal(y2, loss[:40])


def test_the_exported_loss_plot_holds_the_plots_and_legend_but_not_the_controls(qtbot, tmp_path):
    from PySide6.QtGui import QImage

    from xorgui.qt.exporting import export_widget

    plot = shown_plot(qtbot)
    h = History()
    h.extend(np.geomspace(1.0, 0.01, 100), np.zeros(100))
    plot.set_history(h)
    plot.add_overlay(h)
    export_widget(plot, str(tmp_path / "loss.svg"))
    export_widget(plot, str(tmp_path / "loss.png"))
    svg = (tmp_path / "loss.svg").read_text()
    assert "log scale" not in svg and plot.log_box.text() == "log scale"
    for text in (">loss before the branch<", "wrong %", ">epoch "):
        assert text in svg
    image = QImage(str(tmp_path / "loss.png"))
    assert image.width() == plot.width() and image.height() == plot.plots.height() < plot.height()


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def label_value(text):
    """The number a tick label shows: "0.3", "10⁻⁵", "2·10⁻⁵"."""
    if "10" in text and any(c in text for c in "⁰¹²³⁴⁵⁶⁷⁸⁹"):
        mantissa, _, power = text.rpartition("10")
        return float(mantissa.rstrip("·") or 1) * 10.0 ** int(power.translate(SUPERSCRIPTS))
    return float(text)


def axis_labels(plot):
    """(label, centre in view units, text rectangle in scene pixels) of each label the loss axis draws."""
    from PySide6.QtGui import QFontMetricsF, QImage, QPainter

    axis = plot.loss_plot.getAxis("left")
    plot.grab()  # paint, so the axis has its size and range
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setFont(axis.style["tickFont"] or axis.font())
    _, _, texts = axis.generateDrawSpecs(painter)
    painter.end()
    metrics = QFontMetricsF(axis.style["tickFont"] or axis.font())
    out = []
    for rect, _, text in texts:
        centre = axis.mapToScene(rect.center())
        full = metrics.boundingRect(text)  # the whole glyph box, not pyqtgraph's 80 % of it
        full.moveCenter(centre)
        out.append((text, plot.loss_plot.vb.mapSceneToView(centre).y(), full))
    return out, axis.geometry().height(), metrics.height()


@pytest.mark.parametrize("log", [True, False])
@pytest.mark.parametrize("size", [(360, 220), (500, 300), (800, 520), (1400, 1000)])
def test_loss_axis_labels_never_overlap_and_sit_at_their_values(qtbot, size, log):
    plot = shown_plot(qtbot, *size)
    plot.log_box.setChecked(log)
    for top, bottom in ((0.26, 0.24), (0.3, 0.05), (0.7, 0.003), (0.25, 1e-6), (2.0, 1e-14), (0.5, 0.4999)):
        h = History()
        h.extend(np.geomspace(top, bottom, 200), np.zeros(200))
        plot.clear()
        plot.set_history(h)
        labels, length, line = axis_labels(plot)
        spans = sorted((r.top(), r.bottom(), t) for t, _, r in labels)
        assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:])), f"overlap at {size}, {top}…{bottom}: {spans}"
        if length >= 5 * line:
            assert len(labels) >= 2, f"fewer than two labels on {length:.0f} px for {top}…{bottom}"
        lo, hi = plot.loss_plot.vb.viewRange()[1]
        pixel = (hi - lo) / length
        for text, y, _ in labels:
            value = np.log10(label_value(text)) if log else label_value(text)
            assert abs(value - y) < 2 * pixel, f"{text!r} drawn at {y}"


def wheel(widget, pos, steps):
    """Turn the mouse wheel over ``pos`` of ``widget`` by ``steps`` notches (positive: zoom in)."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    for _ in range(abs(steps)):
        notch = QPoint(0, 120 if steps > 0 else -120)
        event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(), notch, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)


def test_zooming_into_a_narrow_log_range_keeps_labelled_values_that_do_not_overlap(qtbot):
    plot = shown_plot(qtbot, 600, 400)
    h = History()
    h.extend(np.geomspace(0.3, 0.2, 300), np.zeros(300))
    plot.set_history(h)
    vb = plot.loss_plot.vb
    centre = plot.plots.mapFromScene(vb.mapViewToScene(QPointF(150, np.log10(0.25))))
    for _ in range(4):
        wheel(plot.plots.viewport(), centre, 10)
        qtbot.wait(10)
        labels, length, _ = axis_labels(plot)
        lo, hi = vb.viewRange()[1]
        spans = sorted((r.top(), r.bottom(), t) for t, _, r in labels)
        assert len(labels) >= 2 and all(b[0] >= a[1] for a, b in zip(spans, spans[1:])), spans
        for text, y, _ in labels:
            assert abs(np.log10(label_value(text)) - y) < 2 * (hi - lo) / length, (text, y)
    assert hi - lo < 0.02  # zoomed far below a decade: the labels are plain values, not decades
    assert not plot._follow


def test_ticking_log_scale_on_a_huge_linear_range_labels_the_axis_at_once(qtbot):
    from xorgui.qt.spaced_axis import SpacedAxis

    axis = SpacedAxis("left")
    axis.setLogMode(False, True)
    assert axis.logMode
    levels = axis.tickValues(0.0, 1e30, 200)  # a linear range read as exponents for a moment
    assert sum(len(v) for _, v in levels) < 2000
    assert all(-324 <= x <= 309 for _, v in levels for x in v)


def legend_covers(plot):
    """Count the loss curve's points, as drawn, that lie under the legend."""
    vb = plot.loss_plot.getViewBox()
    x, y = plot.loss_curve.getData()
    box = plot.legend.sceneBoundingRect()
    under = [box.contains(vb.mapViewToScene(QPointF(a, b))) for a, b in zip(x, y) if np.isfinite(b)]
    return sum(under)


def test_the_legend_moves_off_a_curve_that_runs_behind_it(qtbot):
    plot = shown_plot(qtbot, 320, 250)  # about the panel's size at 1280×720
    right = plot.loss_plot.getViewBox().sceneBoundingRect().center().x()
    falling = History()
    falling.extend(np.geomspace(1.0, 1e-3, 1000), np.zeros(1000))
    plot.set_history(falling)
    qtbot.wait(20)
    assert legend_covers(plot) == 0 and plot.legend.sceneBoundingRect().left() > right  # top right: free
    stuck = History()  # a run stuck on a plateau high on the scale: the loss runs flat through the top right
    stuck.extend(np.r_[np.linspace(0.55, 0.5, 30), np.full(970, 0.5)], np.full(1000, 0.25))
    plot.set_history(stuck)
    qtbot.wait(20)
    assert legend_covers(plot) == 0 and plot.legend.sceneBoundingRect().left() < right


@pytest.mark.parametrize("size", [(420, 330), (700, 420)])
def test_a_steep_loss_curve_is_drawn_without_a_gap(qtbot, size):
    from xorgui.core.training.config import TrainConfig
    from xorgui.core.training.setup import Setup

    trainer = Setup(config=TrainConfig(learning_rate=1.0)).trainer()
    trainer.run(7200)  # a plateau, a fall through two decades in a few hundred epochs, a slow tail
    plot = shown_plot(qtbot, *size)
    plot.set_history(trainer.history)
    image = plot.plots.grab().toImage()
    pixels = np.array([[image.pixelColor(x, y).getRgb()[:3] for x in range(image.width())]
                       for y in range(image.height())], dtype=float)
    # the curve's pixels: purple, at least half covered (light grey axes and labels are not)
    purple = (pixels[..., 2] - pixels[..., 1] > 40) & (pixels.sum(axis=2) < 600)
    legend = plot.plots.mapFromScene(plot.legend.sceneBoundingRect()).boundingRect()
    purple[legend.top() - 2:legend.bottom() + 3, legend.left() - 2:legend.right() + 3] = False
    vb = plot.loss_plot.vb
    first, last = (int(round(vb.mapViewToScene(QPointF(e, 0)).x())) for e in (1, trainer.epoch))
    spans = []
    for x in range(first + 1, last - 1):
        rows = np.flatnonzero(purple[:, x])
        assert rows.size, f"no curve in pixel column {x}"
        spans.append((rows.min(), rows.max()))
    for x, ((a0, a1), (b0, b1)) in enumerate(zip(spans, spans[1:]), start=first + 1):
        assert b0 <= a1 + 1 and a0 <= b1 + 1, f"the curve breaks between pixel columns {x} and {x + 1}"


def test_the_loss_curve_is_drawn_with_about_two_points_a_pixel_and_keeps_every_peak(qtbot):
    from xorgui.qt.loss_plot import per_pixel, points_for

    rng = np.random.default_rng(1)
    x, y = np.arange(1.0, 100_001.0), rng.random(100_000)
    y[[0, 31_415, 77_777, 99_999]] = [3.0, 9.0, -2.0, 4.0]
    keep = per_pixel(x, y, 1024)
    assert len(keep) <= 1024 + 2 and keep[0] == 0 and keep[-1] == 99_999 and np.all(np.diff(keep) > 0)
    assert {31_415, 77_777} <= set(keep.tolist())
    assert per_pixel(x[:900], y[:900], 1024).tolist() == list(range(900))  # few enough: every one
    history = History()
    history.extend(y[:50_000], np.zeros(50_000))
    plot = shown_plot(qtbot, 420, 330)
    plot.set_history(history)
    plot.grab()
    plot.set_history(history)  # laid out: the plot's own width now decides
    drawn = plot.loss_curve.yData
    assert len(drawn) <= points_for(plot.loss_plot.vb.width()) + 2 < 50_000
    assert np.nanmax(drawn) == 9.0 and len(drawn) >= 2 * 100  # the spike, and a curve
