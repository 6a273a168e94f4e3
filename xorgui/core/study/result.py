"""What became of each run of a convergence study."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.model.notation import num

Array = np.ndarray


@dataclass(frozen=True)
class StudyResult:
    """What became of each run.

    Attributes
    ----------
    seeds : ndarray
        The seed of each run (open it in the explorer with that seed).
    solved_at : ndarray
        First epoch during which every sample was classified right (as the
        explorer's misclassification rate counts it), or −1.
    final_loss, final_error_rate : ndarray
        Batch cost and misclassification rate after the last epoch.
    stopped_at : ndarray
        Epoch after which configuration 5's rules (or a diverged loss, under
        them) ended the run, or −1.
    epochs : int
        Epochs trained.
    """

    seeds: Array
    solved_at: Array
    final_loss: Array
    final_error_rate: Array
    stopped_at: Array
    epochs: int

    @classmethod
    def join(cls, parts: list, epochs: int) -> StudyResult:
        """Return the result of runs trained in parts, each a tuple of the columns above, in their order."""
        seeds, solved_at, final_loss, final_error_rate, stopped_at = (np.concatenate(c) for c in zip(*parts))
        return cls(seeds, solved_at, final_loss, final_error_rate, stopped_at, epochs)

    @property
    def stuck(self) -> Array:
        """Mask of the runs that never classified every sample right."""
        return self.solved_at < 0

    def summary(self) -> str:
        """Return a few lines: how many solved, when, and the losses the others stuck at."""
        n, stuck = len(self.seeds), self.stuck
        lines = [f"{n - stuck.sum()} of {n} runs solved it within {self.epochs} epochs"]
        if (~stuck).any():
            e = self.solved_at[~stuck]
            lines.append(f"epochs to solve: median {np.median(e):.0f}, 10 % {np.percentile(e, 10):.0f}, "
                         f"90 % {np.percentile(e, 90):.0f}")
        if stuck.any():
            lines.append(f"{100 * stuck.mean():.1f} % stuck; their final loss: " + _losses(self.final_loss[stuck]))
        stopped = self.stopped_at[self.stopped_at >= 0]
        if stopped.size:
            lines.append(f"{stopped.size} stopped by the schedule's rules, after epoch {np.median(stopped):.0f} "
                         "(median)")
        return "\n".join(lines)


def _losses(final: Array) -> str:
    """Return the commonest final losses (rounded to 3 decimals) with their counts, and how many diverged."""
    finite = np.isfinite(final)
    losses, counts = np.unique(np.round(final[finite], 3), return_counts=True)
    parts = [f"{num(loss, 6)} ({count})" for count, loss in sorted(zip(counts, losses), reverse=True)[:4]]
    if not finite.all():
        parts.append(f"not a finite number: training diverged ({np.count_nonzero(~finite)})")
    return ", ".join(parts)
