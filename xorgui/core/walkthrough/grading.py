"""Grading a typed answer: right to the digits typed or within 1e-3, else the slip it most likely comes from.

The rule, exactly: an answer typed with its last digit in the place 10^e
(``0.59``: e = −2; ``5.9e-1``: e = −2; ``3``: e = 0) is right when
|answer − true| ≤ ½ · 10^e, compared in exact decimal arithmetic, or when
|answer − true| ≤ 10⁻³ · |true|.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from xorgui.core.model.notation import num
from xorgui.core.walkthrough.quantity import Quantity, question, step_lines, value
from xorgui.core.walkthrough.slips import Slip, slips
from xorgui.core.walkthrough.walk import Walkthrough

RELATIVE = 1e-3
MAX_EXPONENT = 400  # an answer's decimal exponent, either way: every double fits, and Decimal's checks never overflow


def parse_answer(text: str) -> Decimal:
    """Return the number typed, exactly as typed: ``0.59``, ``-0.59``, ``−0.59``, ``.59``, ``5.9e-1``, ``0,59``.

    Raises
    ------
    ValueError
        If the text is not a finite number.
    """
    cleaned = text.strip().replace("−", "-").replace(" ", "")
    if "," in cleaned and "." not in cleaned and cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")  # a decimal comma
    try:
        if "_" in cleaned:  # Decimal reads 1_000 as 1000; a person who typed it meant something else
            raise InvalidOperation
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()!r} is not a number: type e.g. 0.59 or -1.2e-3") from None
    if not number.is_finite():
        raise ValueError(f"{text.strip()!r} is not a finite number")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:  # beyond what the checks can subtract
        raise ValueError(f"{text.strip()!r} is not a number of a usable size: type one between 1e-{MAX_EXPONENT} "
                         f"and 1e{MAX_EXPONENT} either side of 0")
    return number


def half_unit(typed: Decimal) -> Decimal:
    """Return half a unit in the last digit typed: 0.005 for ``0.59``, 0.5 for ``3``."""
    exponent = typed.as_tuple().exponent
    assert isinstance(exponent, int)  # a finite number's exponent
    return Decimal(5).scaleb(exponent - 1)


def accepts(typed: Decimal, true: float) -> str | None:
    """Return which rule accepts ``typed`` as ``true`` ("digits" or "relative"), or None if neither does."""
    if not math.isfinite(true):
        return None
    if abs(typed - Decimal(true)) <= half_unit(typed):
        return "digits"
    if abs(float(typed) - true) <= RELATIVE * abs(true):
        return "relative"
    return None


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer.

    Attributes
    ----------
    quantity : Quantity
        What was asked.
    typed : str
        The answer as typed.
    true_value : float
        The right value.
    right : bool
        Whether the answer is right.
    rule : str
        The tolerance, in words: "to the digits typed: |answer − true| ≤ 0.005, or within relative 1e-3".
    slips : tuple of Slip
        The slips whose number the answer matches, most likely first (empty when right or when none does).
    steps : tuple of str
        The correct step with its numbers (the walkthrough's lines).
    message : str
        The verdict in a few sentences, for the learner.
    """

    quantity: Quantity
    typed: str
    true_value: float
    right: bool
    rule: str
    slips: tuple[Slip, ...]
    steps: tuple[str, ...]
    message: str


def grade(w: Walkthrough, q: Quantity, typed: str) -> Grade:
    """Grade the answer ``typed`` for quantity ``q`` of the update ``w``.

    Raises
    ------
    ValueError
        If ``typed`` is not a number (``parse_answer``).
    """
    answer, true = parse_answer(typed), value(w, q)
    rule = f"to the digits typed: |answer − true| ≤ {half_unit(answer)}, or within relative {RELATIVE:g}"
    steps = tuple(step_lines(w, q))
    asked = question(w, q)
    if accepts(answer, true):
        return Grade(q, typed, true, True, rule, (), steps, f"Right: {asked} = {num(true)} ({rule}).")
    seen: set[str] = set()
    found = []
    for s in slips(w, q):
        if s.kind not in seen and accepts(answer, s.value):
            seen.add(s.kind)
            found.append(s)
    correct = "The correct step:\n" + "\n".join(f"  {line}" for line in steps)
    if not found:
        return Grade(q, typed, true, False, rule, (), steps,
                     f"Not right: {asked} = {num(true)}, and {typed.strip()} matches none of the usual slips.\n"
                     + correct)
    first = found[0]
    others = "".join(f"; or {s.name} ({s.detail})" for s in found[1:])
    return Grade(q, typed, true, False, rule, tuple(found), steps,
                 f"Not right: {asked} = {num(true)}. Your {typed.strip()} is what you get with {first.name}: "
                 f"{first.detail} = {num(first.value)}{others}.\n" + correct)
