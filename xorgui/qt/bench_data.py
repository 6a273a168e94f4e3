"""``xorgui bench --gui`` with many samples: the views that list samples and the data tab, 10 000 against 4.

Each figure is measured for the default data (XOR's four samples) and for
10 000 two-input samples in the same run, and printed with their ratio.
Prints figures only; nothing here asserts.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from xorgui.core.model.data import Dataset
from xorgui.core.model.datacheck import custom_data
from xorgui.core.session.command import Step
from xorgui.core.session.session import Session
from xorgui.core.session.snapshot import Snapshot
from xorgui.core.training.setup import Setup

MANY = 10_000
HUGE = (2, 500, 196, 1)  # close to the most weights the app takes (limits.MAX_WEIGHTS)


def many_samples(n: int = MANY) -> Dataset:
    """Return ``n`` points of the unit square labelled by XOR of their halves (two inputs, one class target)."""
    rng = np.random.default_rng(0)
    X = rng.random((n, 2))  # noqa: N806
    return custom_data(X, ((X[:, :1] > 0.5) != (X[:, 1:] > 0.5)).astype(float), f"{n} samples")


def snapshots(data: Dataset | None, count: int) -> list[Snapshot]:
    """Return the snapshot of a new session on ``data`` (None: the default) and of ``count`` steps after it."""
    from xorgui.qt.bench_gui import _snapshot

    session = Session(Setup() if data is None else Setup().with_(custom=data))
    return [_snapshot(session.snapshot())] + [_snapshot(session.handle(Step())[0]) for _ in range(count)]


def snapshot_figures(data: Dataset | None, dims: tuple[int, ...] | None = None) -> dict[str, float]:
    """Figures of one snapshot of a new session on ``data`` (None: XOR) and ``dims`` (None: the default network).

    "mb": its pickled size (what crosses to the window), "whole_mb": what
    z, a and δ of every layer and sample would take, "rows": the samples
    it holds them for, "ms": the time to take it, "peak_mb": the memory
    NumPy and Python allocated at most while taking it (tracemalloc).
    """
    import pickle
    import tracemalloc

    from xorgui.core.model.network import Spec, default_activations
    from xorgui.core.session.snapshot import take_snapshot

    setup = Setup() if data is None else Setup().with_(custom=data)
    if dims is not None:
        setup = setup.with_(spec=Spec(dims, default_activations(len(dims) - 1)), init="glorot")
    trainer = setup.trainer()
    start = time.perf_counter()
    snap = take_snapshot(trainer)
    ms = 1000 * (time.perf_counter() - start)
    tracemalloc.start()
    take_snapshot(trainer)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    whole = 3 * 8 * len(snap.data.X) * sum(snap.dims[1:])
    return {"mb": len(pickle.dumps(snap)) / 2**20, "whole_mb": whole / 2**20, "rows": snap.rows, "ms": ms,
            "peak_mb": peak / 2**20}


def _paint_ms(view, update: Callable[[Snapshot], object], snaps: list[Snapshot]) -> float:
    """Median ms from handing a view a snapshot to its pixels painted; the first snapshot is untimed."""
    view.resize(420, 420)
    view.show()
    update(snaps[0])
    view.grab()
    times = []
    for snap in snaps[1:]:
        start = time.perf_counter()
        update(snap)
        view.grab()  # paints the whole view into a pixmap
        times.append(time.perf_counter() - start)
    view.close()
    return 1000 * statistics.median(times)


def view_costs(data: Dataset | None, repeats: int) -> dict[str, float]:
    """Snapshot-to-paint medians in ms of the views that list samples, each on its own, for ``data``."""
    from xorgui.qt.boundary_plot import BoundaryPlot
    from xorgui.qt.data_editor import DataEditor
    from xorgui.qt.network_view import NetworkView
    from xorgui.qt.panels import LogicPanel
    from xorgui.qt.samples import SampleBox

    snaps = snapshots(data, repeats)
    box = SampleBox("bench", lambda d, _: f"the mean over all {len(d.X)} samples")
    costs = {"truth table": _paint_ms(panel := LogicPanel(), panel.set_snapshot, snaps)}
    costs["sample list, same data"] = _paint_ms(box, lambda s: box.set_data(s.data, "mean"), snaps)
    other = [s if k % 2 else flipped(s) for k, s in enumerate(snaps)]  # each one's data differ from the last
    costs["sample list, new data"] = _paint_ms(box, lambda s: box.set_data(s.data, "mean"), other)
    costs["boundary map"] = _paint_ms(plot := BoundaryPlot(), plot.set_snapshot, snaps)
    turned = [s if k % 2 else _turned(s) for k, s in enumerate(snaps)]
    costs["boundary map, other points wrong"] = _paint_ms(plot := BoundaryPlot(), plot.set_snapshot, turned)
    costs["network graph"] = _paint_ms(view := NetworkView(), view.set_snapshot, snaps)
    costs["data tab, new data"] = _paint_ms(editor := DataEditor(), lambda s: _refill(editor, s), other)
    return costs


def flipped(snap: Snapshot) -> Snapshot:
    """Return ``snap`` with the targets of its data flipped (y → 1 − y): data a view must list anew."""
    import dataclasses

    return dataclasses.replace(snap, data=Dataset(snap.data.name, snap.data.X, 1 - snap.data.Y))


def _turned(snap: Snapshot) -> Snapshot:
    """Return ``snap`` with every sample's right and wrong swapped, as when training moves the boundary."""
    import dataclasses

    return dataclasses.replace(snap, derived=dataclasses.replace(snap.derived, wrong=~snap.derived.wrong))


def _refill(editor, snap: Snapshot) -> None:
    editor.model.set_data(snap.data)


def scroll_figures(data: Dataset, steps: int = 60) -> dict[str, float]:
    """Fill the data tab's table with ``data``, then scroll it from top to bottom; ms figures.

    Each step moves the scroll bar and paints the rows now in view before
    the next, as a person dragging the bar sees them.
    """
    from PySide6.QtCore import QCoreApplication

    from xorgui.qt.data_editor import DataEditor

    editor = DataEditor()
    editor.resize(420, 520)
    editor.show()
    QCoreApplication.processEvents()
    table = editor.table
    start = time.perf_counter()
    editor.model.set_data(data)
    table.viewport().repaint()
    fill = time.perf_counter() - start
    bar = table.verticalScrollBar()
    times = []
    for value in np.linspace(0, bar.maximum(), steps).round().astype(int)[1:]:
        start = time.perf_counter()
        bar.setValue(int(value))
        QCoreApplication.processEvents()
        table.viewport().repaint()
        times.append(time.perf_counter() - start)
    at_end = table.rowAt(table.viewport().height() - 2) == len(data.X) - 1
    editor.close()
    return {"fill": 1000 * fill, "step_median": 1000 * statistics.median(times), "step_max": 1000 * max(times),
            "steps": len(times), "reached_end": float(at_end)}


def popup_ms(data: Dataset | None) -> float:
    """Ms to open the sample list's popup listing every sample (and close it)."""
    from PySide6.QtCore import QCoreApplication

    from xorgui.qt.samples import SampleBox

    snap = snapshots(data, 0)[0]
    box = SampleBox("bench", lambda d, _: "the batch")
    box.show()
    box.set_data(snap.data, "mean")
    QCoreApplication.processEvents()
    start = time.perf_counter()
    box.showPopup()
    QCoreApplication.processEvents()
    elapsed = time.perf_counter() - start
    box.hidePopup()
    box.close()
    return 1000 * elapsed


def run_many_samples(live: Callable[..., dict], quick: bool) -> None:
    """Print the figures of the default data and of ``MANY`` samples side by side, with ratios."""
    data = many_samples()
    repeats = 5 if quick else 12
    print(f"\nmany samples: {MANY:,} two-input samples against the default 4 (medians of {repeats}; "
          "ratio = many / default)")
    few, many = view_costs(None, repeats), view_costs(data, repeats)
    print(f"  {'snapshot to paint, ms':<34} {'default':>8} {MANY:>8,} {'ratio':>7}")
    for name in few:
        print(f"    {name:<32} {few[name]:>8.1f} {many[name]:>8.1f} {many[name] / few[name]:>6.1f}x")
    print(f"  {'one snapshot as the trainer sends it':<34} {'MB':>8} {'z,a,δ MB':>9} {'held':>7} {'ms':>7} "
          f"{'peak MB':>8}")
    for name, d, dims in (("default", None, None), (f"{MANY:,}", data, None),
                          (f"{MANY:,} on {list(HUGE)}", data, HUGE)):
        f = snapshot_figures(d, dims)
        print(f"    {name:<32} {f['mb']:>8.2f} {f['whole_mb']:>9.1f} {f['rows']:>7,} {f['ms']:>7.0f} "
              f"{f['peak_mb']:>8.1f}")
    opened = popup_ms(None), popup_ms(data)
    print(f"    {'sample list popup opened':<32} {opened[0]:>8.1f} {opened[1]:>8.1f} {opened[1] / opened[0]:>6.1f}x")
    scroll = scroll_figures(data)
    print(f"  data tab, {MANY:,} rows: filled and painted in {scroll['fill']:.1f} ms; scrolled top to bottom in "
          f"{scroll['steps']} steps: median {scroll['step_median']:.1f} ms a step, slowest {scroll['step_max']:.1f} ms"
          f"{'' if scroll['reached_end'] else ' (did NOT reach the last row)'}")
    seconds = 2.0 if quick else 5.0
    print(f"  training flat out, every view live ({seconds:g} s each):")
    print(f"    {'':<27} {'timer p99 ms':>12} {'median':>7} {'epochs/s':>10} {'headless':>10} {'ratio':>6}")
    for tab in ("boundary", "truth table"):
        for name, d in (("default", None), (f"{MANY:,}", data)):
            r = live(seconds, data=d, tab=tab)
            print(f"    {name + ', ' + tab + ' tab':<27} {r['busy_p99']:>12.1f} {r['busy_median']:>7.1f} "
                  f"{r['rate']:>10,.0f} {r['headless']:>10,.0f} {r['rate'] / r['headless']:>5.2f}x")
