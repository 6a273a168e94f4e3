"""Where one epoch of a study's update program goes: products, elementwise calls, and the calls' own cost.

``xorgui bench`` prints it after a study's rate, so that a rate short of
its target can be read against what the calls themselves allow: each
run of a block adds the arithmetic of its products and elementwise calls,
and each call costs a fixed time however few runs it works on.
"""

from __future__ import annotations

import time

import numpy as np

from xorgui.core.study.batch import StudyBatch
from xorgui.core.training.products import einsum
from xorgui.core.training.setup import Setup

PRODUCTS = (np.matmul, np.dot, einsum)  # what the programs' products call


def epoch_calls(batch: StudyBatch) -> list:
    """Return the bound calls of one full-batch epoch of ``batch`` (``StudyBatch.epoch_calls``), its step set."""
    batch.full.set_step(batch.config.learning_rate)
    return list(batch.epoch_calls(np.empty(batch.full.pred.shape, dtype=batch.full.pred.dtype)))


def _per_call(calls: list, repeats: int) -> np.ndarray:
    """Return each call's least time over ``repeats`` epochs, in seconds, less the timer's own cost."""
    clock = time.perf_counter
    best = np.full(len(calls), np.inf)
    empty = min(-clock() + clock() for _ in range(1000))
    with np.errstate(all="ignore"):
        for _ in range(repeats):
            for k, call in enumerate(calls):
                start = clock()
                call()
                best[k] = min(best[k], clock() - start - empty)
    return best


def _epoch(calls: list, repeats: int) -> float:
    """Return the least time of a whole epoch of ``calls`` over ``repeats`` groups of 20 epochs, in seconds."""
    best = np.inf
    with np.errstate(all="ignore"):
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(20):
                for call in calls:
                    call()
            best = min(best, (time.perf_counter() - start) / 20)
    return best


def epoch_parts(setup: Setup, runs: int, repeats: int = 30) -> dict:
    """Time one epoch of a block of ``runs`` runs of ``setup`` and of a block of 2, and split the first.

    Returns the calls, the block's epoch (s), its products' and
    elementwise calls' shares of it (s, from the calls timed one by one),
    the 2-run block's epoch (s: mostly the calls' own cost) and what each
    run past 2 adds (s).
    """
    big, small = StudyBatch(setup, runs), StudyBatch(setup, 2)
    for batch in (big, small):
        batch.run(5)  # the first touch of new memory
    calls, few = epoch_calls(big), epoch_calls(small)
    epoch, fixed = _epoch(calls, repeats), _epoch(few, repeats)
    each = _per_call(calls, repeats)
    products = sum(t for call, t in zip(calls, each) if getattr(call.func, "func", call.func) in PRODUCTS)
    scale = epoch / each.sum()  # the calls timed alone add up to about the epoch; share it out as they do
    return {"calls": len(calls), "epoch": epoch, "products": products * scale,
            "elementwise": (each.sum() - products) * scale, "fixed": fixed, "per_run": (epoch - fixed) / (runs - 2)}


def print_parts(setup: Setup, runs: int, repeats: int = 30) -> None:
    """Print ``epoch_parts`` and the rate no block size passes."""
    p = epoch_parts(setup, runs, repeats)
    us = 1e6
    print(f"one epoch of a block of {runs} runs (least of {repeats}): {us * p['epoch']:.0f} µs in {p['calls']} calls, "
          f"products {us * p['products']:.0f} µs, elementwise {us * p['elementwise']:.0f} µs; "
          f"a block of 2 runs {us * p['fixed']:.0f} µs (the calls' own cost)")
    print(f"each run adds {1e9 * p['per_run']:.0f} ns an epoch: no block passes {1e-6 / p['per_run']:.2f} M "
          f"network-epochs/s in one thread, calls costing nothing")
