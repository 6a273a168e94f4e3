"""What the settings panel can show: its choices and limits, and a check of a whole setup against them.

A setup comes from the panel itself, a preset, a model file, the remembered
settings or a study's run. The panel checks it before it touches a widget,
so a setup it cannot show is refused with a message and changes nothing.
"""

from __future__ import annotations

import math
import numbers

from xorgui.core.build import INITS
from xorgui.core.config import MODES, TrainConfig
from xorgui.core.costs import COSTS, REDUCTIONS
from xorgui.core.data import DATASETS
from xorgui.core.parsing import MAX_LAYERS, MAX_WIDTH
from xorgui.core.setup import Setup
from xorgui.core.spec import Spec

HIDDEN = ("sigmoid", "tanh", "relu", "linear")
OUTPUTS = HIDDEN + ("softmax",)
MAX_EPOCHS = 100_000_000
MAX_BATCH = 10_000
MAX_INIT_SCALE = 1e6
MAX_POINTS = 100_000
MAX_SEED = 2**63 - 1


def check_outputs(dims: tuple[int, ...]) -> None:
    """Refuse dims whose output width no data set has (they have 1 output, or 2 one-hot outputs)."""
    if dims[-1] not in (1, 2):
        raise ValueError("the data sets have 1 output, or 2 one-hot outputs: end the dims with 1 or 2")


def check_setup(setup: object) -> None:
    """Check that the panel can show ``setup`` and the trainer can run it.

    Raises
    ------
    ValueError
        Naming the first value that is of the wrong type or outside the
        panel's choices and limits.
    """
    if not isinstance(setup, Setup) or not isinstance(setup.spec, Spec) or not isinstance(setup.config, TrainConfig):
        raise ValueError(f"not a setup: {setup!r}")
    _check_spec(setup.spec)
    _check_config(setup.config)
    _choice("data set", setup.dataset, DATASETS)
    _choice("initialisation", setup.init, INITS)
    _whole("points", setup.n_points, 1, MAX_POINTS)
    scale = setup.init_scale
    if not _real(scale) or not 0 < scale <= MAX_INIT_SCALE:
        raise ValueError(f"the initial scale must be a number in (0, {MAX_INIT_SCALE:g}], not {scale!r}")
    if setup.seed is not None:
        _whole("seed", setup.seed, 0, MAX_SEED)


def _check_spec(spec: Spec) -> None:
    dims = spec.dims
    if len(dims) - 1 > MAX_LAYERS:
        raise ValueError(f"at most {MAX_LAYERS} layers after the input, got {len(dims) - 1}")
    for n, width in enumerate(dims):
        if not 1 <= width <= MAX_WIDTH:
            raise ValueError(f"layer {n} has {width} neurons; each layer needs 1 to {MAX_WIDTH}")
    if dims[0] != 2:
        raise ValueError(f"the data has 2 inputs, so the first width must be 2, not {dims[0]}")
    check_outputs(dims)
    for name in spec.activations[:-1]:
        _choice("hidden activation", name, HIDDEN)
    _choice("output activation", spec.activations[-1], OUTPUTS)
    _choice("cost", spec.cost, tuple(COSTS))
    _choice("batch gradient", spec.reduction, REDUCTIONS)
    if not isinstance(spec.bias, bool):
        raise ValueError(f"biases must be on or off (true or false), not {spec.bias!r}")


def _check_config(cfg: TrainConfig) -> None:
    rate = cfg.learning_rate
    if not _real(rate) or not math.isfinite(rate) or rate <= 0:
        raise ValueError(f"the learning rate must be a positive finite number, not {rate!r}")
    _choice("mode", cfg.mode, MODES)
    _whole("batch size", cfg.batch_size, 1, MAX_BATCH)
    _whole("epoch limit", cfg.epochs, 0, MAX_EPOCHS)
    for what, value in (("shuffle", cfg.shuffle), ("schedule", cfg.schedule)):
        if not isinstance(value, bool):
            raise ValueError(f"{what} must be on or off (true or false), not {value!r}")
    if cfg.seed is not None:
        _whole("shuffle seed", cfg.seed, 0, MAX_SEED)


def _real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)


def _whole(what: str, value: object, low: int, high: int) -> None:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"the {what} must be a whole number from {_grouped(low)} to {_grouped(high)}, "
                         f"not {value!r}")


def _grouped(value: int) -> str:
    return f"{value:,}".replace(",", " ")  # 100 000 000, as the panel writes numbers


def _choice(what: str, value: object, choices: tuple) -> None:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"unknown {what} {value!r} (known: {', '.join(choices)})")
