"""How much memory a study may take: half of what this process can still have, physical or allowed."""

from __future__ import annotations

import os

from xorgui.core.study.share import bytes_per_run
from xorgui.core.training.setup import Setup


def memory_bytes() -> int | None:
    """Return this machine's physical memory in bytes (None where it cannot be read)."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def address_space_left() -> int | None:
    """Return the bytes of address space this process may still map under its limit (``ulimit -v``).

    None when there is no limit (or it cannot be read). Allocations past it
    fail with MemoryError however much physical memory is free.
    """
    try:
        import resource
    except ImportError:  # not on POSIX
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return None
    try:
        with open("/proc/self/statm") as f:
            used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        used = 0
    return max(0, soft - used)


def available() -> tuple[int, str] | None:
    """Return the bytes a study may count on and a phrase saying what they are, or None if unknown."""
    options = []
    total, left = memory_bytes(), address_space_left()
    if total is not None:
        options.append((total, f"this machine's {_gb(total)} GB"))
    if left is not None:
        options.append((left, f"the {_gb(left)} GB this process may still use (ulimit -v)"))
    return min(options) if options else None


def check_memory(setup: Setup, runs: int) -> None:
    """Raise ValueError if a study of ``runs`` networks of ``setup`` would need over half the memory available.

    Available is the smaller of the physical memory and what the process's
    address-space limit still allows.
    """
    need, limit = runs * bytes_per_run(setup), available()
    if limit is not None and need > limit[0] / 2:
        raise ValueError(f"{_runs(setup, runs)} need about {_gb(need)} GB, more than half of {limit[1]}: "
                         "use fewer runs")


def out_of_memory(setup: Setup, runs: int) -> ValueError:
    """Return the refusal of a study that ran out of memory while it allocated its arrays."""
    need, limit = runs * bytes_per_run(setup), available()
    free = f" (of {limit[1]})" if limit is not None else ""
    return ValueError(f"{_runs(setup, runs)} need about {_gb(need)} GB, more than is free{free}: "
                      "use fewer runs")


def _runs(setup: Setup, runs: int) -> str:
    return f"{runs:,} runs of {list(setup.spec.dims)}"


def _gb(n: int) -> str:
    return f"{n / 1e9:.0f}" if n >= 10e9 else f"{n / 1e9:.2g}"
