"""Checks of single settings, strict about types: each returns the value normalised or raises SettingError.

JSON and hand-edited files hold any type where a number is expected, so a
check never converts loosely: no bool for a number, no float for a whole
number, no string for either.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from numbers import Integral, Real

import numpy as np

from xorgui.core.model.limits import thousands


class SettingError(ValueError):
    """A setting out of range or of the wrong type.

    Attributes
    ----------
    key : str
        The setting's name as model files and the code spell it, e.g. "epochs".
    """

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def shown(value: object, limit: int = 40) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, for messages about values of any size.

    A float that is not finite is written as JSON writes it (NaN, Infinity,
    -Infinity): as the user typed it in a file.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        return "a number too long to show"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_))


def whole(value: object, key: str, what: str, lo: int, hi: int, typed: str | None = None) -> int:
    """Return ``value`` as an int if it is a whole number (not a bool, not a float) in [lo, hi].

    ``typed`` is what the user typed, shown in the message instead of the value.
    """
    number: int | None = None
    if type(value) is int:  # the common case, without the slower checks of the ABCs
        number = value
    elif isinstance(value, Integral) and not _is_bool(value):
        number = int(value)
    if number is None or not lo <= number <= hi:
        raise SettingError(f"{what} must be a whole number from {thousands(lo)} to {thousands(hi)}, "
                           f"got {typed if typed is not None else shown(value)}", key)
    return number


def real(value: object, key: str, what: str, hi: float = math.inf, typed: str | None = None) -> float:
    """Return ``value`` as a float if it is a finite number (not a bool) with 0 < value ≤ hi.

    ``typed`` is what the user typed, shown in the message instead of the value.
    """
    number = None
    if type(value) is float:  # the common case, without the slower checks of the ABCs
        number = value
    elif isinstance(value, Real) and not _is_bool(value):
        try:
            number = float(value)
        except OverflowError:  # a whole number beyond any float
            number = None
    if number is None or not math.isfinite(number) or not 0 < number <= hi:
        limit = "" if hi == math.inf else f" up to {thousands(int(hi)) if hi == int(hi) else hi}"
        raise SettingError(f"{what} must be a positive finite number{limit}, "
                           f"got {typed if typed is not None else shown(value)}", key)
    return number


def flag(value: object, key: str, what: str) -> bool:
    """Return ``value`` as a bool if it is true or false."""
    if not _is_bool(value):
        raise SettingError(f"{what} must be true or false, got {shown(value)}", key)
    return bool(value)


def choice(value: object, key: str, what: str, options: Collection[str]) -> str:
    """Return ``value`` if it is one of the names ``options`` (a tuple or the keys of a dict)."""
    if not isinstance(value, str) or value not in options:
        raise SettingError(f"unknown {what} {shown(value)} (known: {', '.join(options)})", key)
    return value


def seed(value: object, key: str, what: str, hi: int) -> int | None:
    """Return a seed: None (a fresh one each time) or a whole number from 0 to ``hi``."""
    return None if value is None else whole(value, key, what, 0, hi)
