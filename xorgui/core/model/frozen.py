"""Read-only arrays in frozen dataclasses, also after a trip through a pipe."""

from __future__ import annotations

import numpy as np


def refreeze(value: object) -> object:
    """Mark ``value`` read-only if it is an array, or each array in it if it is a tuple."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif isinstance(value, tuple):
        for item in value:
            refreeze(item)
    return value


class FrozenArrays:
    """Base class of frozen dataclasses that hold arrays: unpickled arrays come back read-only."""

    def __setstate__(self, state: dict) -> None:
        # pickle restores the fields without __init__; arrays arrive writeable.
        for key, value in state.items():
            object.__setattr__(self, key, refreeze(value))
