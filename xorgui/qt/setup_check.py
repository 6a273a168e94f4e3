"""What the settings panel can show, beyond what every Setup holds: its choices, and a check of a setup.

A Setup checks its own values against the shared limits (``core.model.limits``).
The panel also needs the data's two inputs, one output or two one-hot
outputs, and activations its boxes offer; it checks a setup before it
touches a widget, so one it cannot show is refused with a message and
changes nothing.
"""

from __future__ import annotations

from xorgui.core.training.setup import Setup

HIDDEN = ("sigmoid", "tanh", "relu", "linear")
OUTPUTS = HIDDEN + ("softmax",)
INPUTS = 2  # every data set's


def check_outputs(dims: tuple[int, ...]) -> None:
    """Refuse dims whose output width no data set has (they have 1 output, or 2 one-hot outputs)."""
    if dims[-1] not in (1, 2):
        raise ValueError("the data sets have 1 output, or 2 one-hot outputs: end the dims with 1 or 2")


def check_setup(setup: object) -> None:
    """Check that the panel can show ``setup``.

    Raises
    ------
    ValueError
        Naming what the panel cannot show: not a Setup, inputs other than the
        data's two, outputs other than 1 or 2, an activation its boxes lack.
    """
    if not isinstance(setup, Setup):
        raise ValueError(f"not a setup: {type(setup).__name__}")
    spec = setup.spec
    if spec.dims[0] != INPUTS:
        raise ValueError(f"the data has {INPUTS} inputs, so the first width must be {INPUTS}, not {spec.dims[0]}")
    check_outputs(spec.dims)
    for n, name in enumerate(spec.activations, start=1):
        known = OUTPUTS if n == spec.N else HIDDEN
        if name not in known:
            raise ValueError(f"the panel offers no activation {name!r} for layer {n} (known: {', '.join(known)})")
