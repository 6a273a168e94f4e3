"""The session's commands of a convergence study: start, advance a little at each tick, cancel."""

from __future__ import annotations

import time

from xorgui.core.study.study import Study

CHUNK_SECONDS = 0.02  # a study runs in chunks this long: the pipe is read (Cancel) between two


class SessionStudy:
    """Mixin of Session: the commands ``study`` and ``cancel_study``, and ``close``."""

    def _cmd_study(self, runs: int, first_seed: int = 0) -> list[tuple]:
        out = self._cmd_pause() if self.running else []
        setup = self.setup.with_(config=self.trainer.config)  # η as set, not as a schedule may have halved it
        self._drop_study()
        self._study_chunk = 1  # epochs a chunk, sized to CHUNK_SECONDS as the study goes
        try:
            self.study = Study(setup, int(runs), int(first_seed))
        except (ValueError, RuntimeError, MemoryError) as exc:  # told where the study was asked for
            return out + [("study", f"The study could not start: {exc}.")]
        return out + [("progress", (0, setup.config.epochs))]

    def _cmd_cancel_study(self) -> list[tuple]:
        if self.study is None:  # it ended while the order was on its way: its result stands
            return []
        self._drop_study()
        return [("study", None)]

    def close(self) -> None:
        """Stop the worker processes of a study under way (the session can go on)."""
        self._drop_study()

    def _drop_study(self) -> None:
        if self.study is not None:
            self.study.close()  # its worker processes
            self.study = None

    def _study_tick(self, budget: float) -> list[tuple]:
        deadline, study = time.perf_counter() + budget, self.study
        try:
            while time.perf_counter() < deadline and not study.done:
                start = time.perf_counter()
                study.run(self._study_chunk)
                seconds = max(time.perf_counter() - start, 1e-6)
                grow = min(2.0, max(0.5, CHUNK_SECONDS / seconds))  # an epoch takes µs or seconds by the setup
                self._study_chunk = max(1, round(self._study_chunk * grow))
            result = study.result() if study.done else None
        except RuntimeError as exc:  # a worker process failed
            self._drop_study()
            return [("study", f"The study stopped: {exc}.")]
        if result is not None:
            self._drop_study()
            return [("study", result)]
        return [("progress", (study.epoch, study.setup.config.epochs))]
