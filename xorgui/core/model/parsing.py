"""Parsing what users type: dims strings, numbers, sample inputs."""

from __future__ import annotations

import math

from xorgui.core.model.limits import MAX_LAYERS, MAX_WIDTH, too_many_weights
from xorgui.core.model.validate import shown

__all__ = ["MAX_LAYERS", "MAX_WIDTH", "parse_dims", "parse_point", "parse_positive", "written_float"]


def written_float(text: str) -> float:
    """Return ``float(text)`` for a number as a person writes it: ValueError for digits grouped with "_".

    Python reads 1_0 as 10 and 0_5 as 5; a person who typed that meant something else.
    """
    if "_" in text:
        raise ValueError(f"{text!r} groups its digits with '_'")
    return float(text)


def parse_dims(text: str, inputs: int | None = None) -> tuple[int, ...]:
    """Parse a dims string such as ``2,3,1``, ``2, 10, 2`` or ``[2 2 1]``.

    Parameters
    ----------
    text : str
        Widths of layers 0 … N separated by commas or spaces.
    inputs : int or None
        Required width of layer 0 (the data set's inputs), if known.

    Raises
    ------
    ValueError
        With a message saying what is wrong and what is expected.
    """
    cleaned = text.strip().strip("[]()").replace(",", " ")
    if not cleaned.strip():
        raise ValueError("enter the layer widths, e.g. 2,3,1")
    widths = []
    for part in cleaned.split():
        try:
            if "_" in part:  # Python reads 1_0 as 10; a person who typed it meant something else
                raise ValueError
            widths.append(int(part))
        except ValueError:
            raise ValueError(f"{shown(part)} is not a whole number; enter widths such as 2,3,1") from None
    if len(widths) < 2:
        raise ValueError("give at least an input and an output width, e.g. 2,1")
    if len(widths) - 1 > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} layers after the input, got {len(widths) - 1}")
    for n, w in enumerate(widths):
        if not 1 <= w <= MAX_WIDTH:
            raise ValueError(f"layer {n} has {shown(w)} neurons; each layer needs 1 to {MAX_WIDTH}")
    if (why := too_many_weights(widths)) is not None:
        raise ValueError(why)
    if inputs is not None and widths[0] != inputs:
        raise ValueError(f"the data has {inputs} inputs, so the first width must be {inputs}, not {widths[0]}")
    return tuple(widths)


def parse_positive(text: str, what: str = "learning rate") -> float:
    """Parse a positive finite number such as ``0.5`` or ``1e-3``.

    Raises
    ------
    ValueError
        If the text is not a number, or is NaN, infinite, zero or negative.
    """
    try:
        value = written_float(text)
    except (TypeError, ValueError):
        raise ValueError(f"the {what} must be a number such as 0.5, not {shown(text)}") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"the {what} must be a positive finite number, not {shown(text.strip())}")
    return value


def parse_point(text: str) -> tuple[float, ...]:
    """Parse an input such as ``0,1``.

    Raises
    ------
    ValueError
        If there is no coordinate, or one is not a finite number.
    """
    try:
        values = tuple(float(p) for p in text.strip().strip("()[]").replace(",", " ").split())
    except ValueError:
        values = ()
    if not values or not all(math.isfinite(v) for v in values):
        raise ValueError(f"bad sample {shown(text)}: expected numbers such as 0,1")
    return values
