"""What the settings panel can show, beyond what every Setup holds: its choices, and a check of a setup.

A Setup checks its own values against the shared limits (``core.model.limits``).
The panel also needs data that fit the dims (any number of inputs and
outputs, as the data set has: a preset's 2 inputs and 1 output or 2 one-hot
outputs, or a data set of the user's own) and activations its boxes offer;
it checks a setup before it touches a widget, so one it cannot show is
refused with a message and changes nothing.
"""

from __future__ import annotations

from xorgui.core.training.setup import Setup

HIDDEN = ("sigmoid", "tanh", "relu", "linear")
OUTPUTS = HIDDEN + ("softmax",)


def check_fit(setup: Setup) -> None:
    """Refuse a setup whose network does not fit its data, with one message naming both.

    Raises
    ------
    ValueError
        E.g. "the network [3, 2, 1] does not fit data set 'xor': …", or a
        preset's "1 output or 2 one-hot outputs".
    """
    setup.data()


def check_setup(setup: object) -> None:
    """Check that the panel can show ``setup``.

    Raises
    ------
    ValueError
        Naming what the panel cannot show: not a Setup, dims that do not fit
        the data (see ``check_fit``), an activation its boxes lack.
    """
    if not isinstance(setup, Setup):
        raise ValueError(f"not a setup: {type(setup).__name__}")
    check_fit(setup)
    spec = setup.spec
    for n, name in enumerate(spec.activations, start=1):
        known = OUTPUTS if n == spec.N else HIDDEN
        if name not in known:
            raise ValueError(f"the panel offers no activation {name!r} for layer {n} (known: {', '.join(known)})")
