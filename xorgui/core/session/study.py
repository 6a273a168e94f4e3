"""The session's convergence study: start, advance a little at each tick, cancel."""

from __future__ import annotations

from xorgui.core.study.study import Study
from xorgui.core.training.setup import Setup

Reply = tuple[str, object]


class StudyRunner:
    """Holds the study under way, if any, and answers for it."""

    def __init__(self) -> None:
        self.study: Study | None = None

    def start(self, setup: Setup, runs: int, first_seed: int, workers: int | None = None) -> list[Reply]:
        """Start a study of ``runs`` seeded runs of ``setup`` over ``workers`` threads (ending any under way)."""
        self.close()
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
        study = self.study
        if study is None:
            return []
        try:
            study.advance(budget)  # in chunks of Study.CHUNK_SECONDS: the pipe is read (Cancel) between ticks
            result = study.result() if study.done else None
        except MemoryError:  # a block's temporaries, past what the start could foresee
            self.close()
            return [("study", "The study stopped: the memory ran out.")]
        if result is not None:
            self.close()
            return [("study", result)]
        return [("progress", (study.epoch, study.setup.config.epochs))]
