"""Looking names up in the tables of activations, costs and presets."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")


def lookup(table: dict[str, T], name: str, what: str) -> T:
    """Return ``table[name]``.

    Raises
    ------
    ValueError
        ``unknown <what> 'name' (known: …)`` when the name is not in the table.
    """
    try:
        return table[name]
    except KeyError:
        raise ValueError(f"unknown {what} {name!r} (known: {', '.join(table)})") from None
