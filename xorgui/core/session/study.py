"""The session's convergence study: start, advance a little at each tick, cancel."""

from __future__ import annotations

import time

from xorgui.core.study.study import Study
from xorgui.core.training.setup import Setup

CHUNK_SECONDS = 0.02  # a study runs in chunks this long: the pipe is read (Cancel) between two

Reply = tuple[str, object]


class StudyRunner:
    """Holds the study under way, if any, and answers for it."""

    def __init__(self) -> None:
        self.study: Study | None = None
        self.chunk = 1  # epochs a chunk, sized to CHUNK_SECONDS as the study goes

    def start(self, setup: Setup, runs: int, first_seed: int, workers: int | None = None) -> list[Reply]:
        """Start a study of ``runs`` seeded runs of ``setup`` over ``workers`` threads (ending any under way)."""
        self.close()
        self.chunk = 1
        try:
            self.study = Study(setup, int(runs), int(first_seed), workers=workers)
        except (ValueError, RuntimeError, MemoryError) as exc:  # told where the study was asked for
            return [("study", f"The study could not start: {exc}.")]
        return [("progress", (0, setup.config.epochs))]

    def cancel(self) -> list[Reply]:
        """Stop the study under way; answer ``("study", None)``, or nothing if none was under way."""
        if self.study is None:  # it ended while the order was on its way: its result stands
            return []
        self.close()
        return [("study", None)]

    def close(self) -> None:
        """End the study under way, if any, and let its threads go."""
        if self.study is not None:
            self.study.close()
            self.study = None

    def tick(self, budget: float) -> list[Reply]:
        """Advance the study for about ``budget`` seconds; answer its progress, or its end."""
        deadline, study = time.perf_counter() + budget, self.study
        if study is None:
            return []
        try:
            while time.perf_counter() < deadline and not study.done:
                start = time.perf_counter()
                study.run(self.chunk)
                seconds = max(time.perf_counter() - start, 1e-6)
                grow = min(2.0, max(0.5, CHUNK_SECONDS / seconds))  # an epoch takes µs or seconds by the setup
                self.chunk = max(1, round(self.chunk * grow))
            result = study.result() if study.done else None
        except MemoryError:  # a block's temporaries, past what the start could foresee
            self.close()
            return [("study", "The study stopped: the memory ran out.")]
        if result is not None:
            self.close()
            return [("study", result)]
        return [("progress", (study.epoch, study.setup.config.epochs))]
