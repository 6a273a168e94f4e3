"""``xorgui bench``: training speed against a plain reference loop, in one run.

Each case is timed with interleaved repeats (reference, ours, reference,
ours, …) and the medians are compared, so that a busy machine slows both
sides alike. Nothing here asserts: it prints figures.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from xorgui.bench_parts import print_parts
from xorgui.core.model.build import init_network
from xorgui.core.model.data import make_dataset
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.study.measure import time_study
from xorgui.core.study.share import SHARE_BYTES, block_runs, blocks, bytes_per_run
from xorgui.core.study.study import MAX_WORKERS, Study, cpus, default_workers
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup
from xorgui.core.training.trainer import Trainer


def reference_loop(Ws: list, X: np.ndarray, y: np.ndarray, epochs: int, lr: float = 1.0) -> list:  # noqa: N803
    """Train like configuration 3's tutorial: no biases, sigmoid, full batch, summed.

    The way such loops are usually written: allocate freely, one update per
    layer; only the weights are returned (no per-epoch loss).
    """
    def sig(x):
        return 1 / (1 + np.exp(-x))

    for _ in range(epochs):
        acts = [X]
        for W in Ws:  # noqa: N806
            acts.append(sig(acts[-1] @ W))
        d = (y - acts[-1]) * acts[-1] * (1 - acts[-1])
        for n in range(len(Ws) - 1, -1, -1):
            grad = acts[n].T @ d
            if n:
                d = (d @ Ws[n].T) * acts[n] * (1 - acts[n])
            Ws[n] += lr * grad
    return Ws


def bench_csv(rows: int, repeats: int) -> dict:
    """Time reading a CSV of ``rows`` samples (2 inputs, 1 target, every number to the last digit).

    The reference is NumPy's ``loadtxt`` of the same text, which checks
    nothing a person needs told (the line and column of a bad cell).
    """
    from xorgui.core.files.csvdata import csv_text, parse_csv
    from xorgui.core.model.datacheck import custom_data

    rng = np.random.default_rng(0)
    text = csv_text(custom_data(rng.normal(size=(rows, 2)), rng.random((rows, 1)), "bench"))
    ours, ref = [], []
    for _ in range(repeats):
        ref.append(_time(lambda: np.loadtxt(text.splitlines(), delimiter=",", skiprows=1)))
        ours.append(_time(parse_csv, text))
    return {"rows": rows, "bytes": len(text), "ours": statistics.median(ours), "reference": statistics.median(ref)}


def _time(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def bench_case(dims: tuple, epochs: int, repeats: int) -> dict:
    """Time the reference loop and the trainer on ``dims``; return epochs/s medians and their ratio."""
    data = make_dataset("xor", n_outputs=dims[-1])
    spec = Spec(dims, default_activations(len(dims) - 1), False, "half-sse", "sum")
    config = TrainConfig(learning_rate=1.0, epochs=epochs)
    ref_times, our_times = [], []
    for seed in range(repeats):
        net = init_network(spec, seed)
        Ws = [w.T.copy() for w in net.W[1:]]  # noqa: N806
        ref_times.append(_time(reference_loop, Ws, data.X, data.Y, epochs))
        trainer = Trainer(net, data, config)
        our_times.append(_time(trainer.run, epochs))
        if seed == 0:  # same maths: both end on the same weights
            agree = all(np.allclose(w.T, v, atol=1e-6) for w, v in zip(net.W[1:], Ws))
    ref, ours = epochs / statistics.median(ref_times), epochs / statistics.median(our_times)
    return {"dims": dims, "reference": ref, "ours": ours, "ratio": ours / ref, "same_weights": agree}


def bench_study(runs: int, epochs: int, repeats: int, spec: Spec | None = None) -> dict:
    """Time a study of ``runs`` × ``spec`` ([2, 2, 1] by default) in one thread and split over the default threads.

    The reference is the explorer's own trainer, one network at a time.
    Rates are network-epochs per second; a study's set-up and first epochs
    are not timed.
    """
    warm = 5  # first epochs, untimed: the first touch of new memory
    setup = _rate_setup(spec or Spec(), epochs + warm)
    alone: list[float] = []
    batched: list[float] = []
    spread: list[float] = []
    same, n_workers = True, 1
    for _ in range(repeats):
        trainer = setup.trainer()
        alone.append(epochs / _time(trainer.run, epochs))
        results = []
        for rates, workers in ((batched, 1), (spread, None)):
            with Study(setup, runs, workers=workers) as study:
                study.run(warm)
                rates.append(runs * epochs / _time(study.run, epochs))
                results.append(study.result())
                n_workers = study.workers
        same = same and bool(np.array_equal(results[0].solved_at, results[-1].solved_at))
    return {"alone": statistics.median(alone) / 1e6, "batched": statistics.median(batched) / 1e6,
            "split": statistics.median(spread) / 1e6, "workers": n_workers,
            "same_runs": same}


def _rate_setup(spec: Spec, epochs: int = 10**6) -> Setup:
    """Return the setup of the studies the bench times: XOR, uniform initial weights, η 4 for [2, 2, 1], else 1."""
    return Setup(spec=spec, config=TrainConfig(learning_rate=4.0 if spec == Spec() else 1.0, epochs=epochs),
                 init="uniform")


def _print_block_parts(spec: Spec, runs: int, quick: bool) -> None:
    """Print the parts of an epoch of the first block a study of ``runs`` × ``spec`` trains."""
    setup = _rate_setup(spec)
    print_parts(setup, blocks(runs, block_runs(setup))[0], repeats=10 if quick else 30)


def print_study(runs: int, dims: list, r: dict, repeats: int, target: str) -> None:
    """Print the rates of ``bench_study`` against the explorer's, one network at a time."""
    print(f"\nconvergence study, {runs} x {dims} (median of {repeats} interleaved repeats)")
    print(f"{'how':>34} {'M network-epochs/s':>19} {'vs one at a time':>17}")
    print(f"{'one network at a time (explorer)':>34} {r['alone']:>19.3f} {1:>16.0f}x")
    print(f"{'all at once, one thread':>34} {r['batched']:>19.2f} {r['batched'] / r['alone']:>16.0f}x")
    threads = "one thread" if r["workers"] == 1 else f"{r['workers']} threads"
    print(f"{'all at once, ' + threads + ' (default)':>34} {r['split']:>19.2f} {r['split'] / r['alone']:>16.0f}x")
    print(target)


def bench_split(cases: list, repeats: int) -> list[dict]:
    """Time studies from start to result in one thread and split over one thread per CPU.

    ``cases`` are (dims, runs, epochs). Interleaved repeats, medians; the
    split's threads are started inside the time.
    """
    rows = []
    for dims, runs, epochs in cases:
        setup = _study_setup(dims, epochs)
        n = max(2, min(cpus(), MAX_WORKERS))
        one, split = [], []
        for _ in range(repeats):
            one.append(time_study(setup, runs, 1)[0])
            split.append(time_study(setup, runs, n)[0])
        rows.append({"dims": dims, "runs": runs, "epochs": epochs, "mb": bytes_per_run(setup) * runs / n / 1e6,
                     "one": statistics.median(one), "split": statistics.median(split), "threads": n,
                     "default": default_workers(runs, setup)})
    return rows


def _study_setup(dims: tuple, epochs: int) -> Setup:
    config = TrainConfig(learning_rate=4.0 if dims == (2, 2, 1) else 1.0, epochs=epochs)
    base = Setup(config=config, init="uniform")
    return base.with_(spec=Spec(dims, default_activations(len(dims) - 1), True, "half-sse", "mean"))


def _print_split(quick: bool, repeats: int) -> None:
    cases = [((2, 2, 1), 1000, 3000), ((2, 2, 1), 4000, 1000 if quick else 3000),
             ((2, 2, 1), 10000, 1000 if quick else 3000),
             ((2, 16, 16, 2), 2000, 200 if quick else 1000)]
    print(f"\nstudy from start to result: one thread or split over one per CPU (median of {repeats}; "
          f"split pays from {SHARE_BYTES / 1e6:.1f} MB of arrays a thread)")
    print(f"{'study':>28} {'MB/thread':>10} {'one thread s':>13} {'split s':>8} {'split/one':>10}  default")
    for r in bench_split(cases, repeats):
        name = f"{r['runs']:,} x {list(r['dims'])} x {r['epochs']:,}"
        chosen = "one" if r["default"] == 1 else f"{r['default']} threads"
        print(f"{name:>28} {r['mb']:>10.1f} {r['one']:>13.2f} {r['split']:>8.2f} "
              f"{r['one'] / r['split']:>9.2f}x  {chosen}")


def run_bench(quick: bool = False, gui: bool = False, soak: float | None = None) -> int:
    """Print the benchmark table; with ``gui``, also the desktop app's figures.

    With ``soak`` (minutes), run only the memory soak of the desktop app
    instead (``xorgui.qt.bench_soak``): it takes that long.
    """
    if soak is not None:
        from xorgui.qt.bench_soak import run_soak

        return run_soak(soak)
    repeats = 3 if quick else 7
    cases = [((2, 3, 1), 20000), ((2, 10, 2), 10000), ((2, 64, 64, 2), 2000)]
    print("training speed, full batch, 4 XOR samples, no biases, summed (median of "
          f"{repeats} interleaved repeats)")
    print(f"{'dims':>16} {'reference ep/s':>15} {'xorgui ep/s':>12} {'ratio':>6}  same weights")
    for dims, epochs in cases:
        r = bench_case(dims, epochs // (4 if quick else 1), repeats)
        print(f"{str(list(dims)):>16} {r['reference']:>15,.0f} {r['ours']:>12,.0f} {r['ratio']:>5.2f}x  "
              f"{'yes' if r['same_weights'] else 'NO'}")
    print("target: ratio >= 1.6 on [2, 3, 1] (xorgui also records each epoch's loss and error rate)")
    runs, epochs = 1000, 300 if quick else 1000
    r = bench_study(runs, epochs, repeats)
    print_study(runs, [2, 2, 1], r, repeats, "target: 20 M network-epochs/s (the default); split or not, every run "
                f"solves at the same epoch: {'yes' if r['same_runs'] else 'NO'}")
    _print_block_parts(Spec(), runs, quick)
    wide = Spec((2, 16, 16, 2), default_activations(3))
    r = bench_study(runs, 60 if quick else 200, repeats, wide)
    print_study(runs, list(wide.dims), r, repeats, "target: 1.2 M network-epochs/s in one process (the default, "
                f"its {r['workers']} threads)")
    _print_block_parts(wide, runs, quick)
    _print_split(quick, 1 if quick else 3)
    r = bench_csv(10_000, repeats)
    print(f"\nCSV import of {r['rows']:,} samples ({r['bytes'] / 1e6:.1f} MB, median of {repeats}): "
          f"{1e3 * r['ours']:.0f} ms; numpy.loadtxt {1e3 * r['reference']:.0f} ms "
          f"({r['ours'] / r['reference']:.2f}x); target: under 1 s")
    if gui:
        from xorgui.qt.bench_gui import run_gui_bench

        run_gui_bench(quick=quick)
    return 0
