"""A complete description of a training session: network, data, training, seed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from xorgui.core.model.build import INITS, init_network
from xorgui.core.model.data import CUSTOM, DATASETS, Dataset, make_dataset
from xorgui.core.model.datacheck import DataError, check_data, check_fits
from xorgui.core.model.limits import MAX_INIT_SCALE, MAX_POINTS, MAX_SEED
from xorgui.core.model.network import Network, Spec
from xorgui.core.model.validate import SettingError, choice, real, seed, whole
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.trainer import Trainer


@dataclass(frozen=True)
class Setup:
    """Everything needed to start (or restart) a run bit for bit.

    Attributes
    ----------
    spec : Spec
        Architecture and cost.
    config : TrainConfig
        Training mode, learning rate, epochs.
    dataset : str
        A preset data set's name (see ``data.DATASETS``), or "custom"
        (``data.CUSTOM``) exactly when ``custom`` holds the data.
    n_points : int
        Points of "noisy-xor", 1 … ``MAX_POINTS``.
    init : str
        Initialisation scheme (see ``build.init_network``).
    init_scale : float
        Range or standard deviation of "uniform" and "normal": positive,
        finite, at most ``MAX_INIT_SCALE``.
    seed : int or None
        Seed of the initial weights and of the data noise, 0 … ``MAX_SEED``.
    custom : Dataset or None
        A data set of the user's own (inputs and targets themselves, made by
        ``datacheck.custom_data``), used instead of the preset ``dataset``;
        giving one sets ``dataset`` to "custom". ``with_(dataset=name)``
        of a preset drops it.

    Every field is checked strictly; a bad one raises ``SettingError`` (a
    ValueError) whose ``key`` is the field's name.
    """

    spec: Spec = field(default_factory=Spec)
    config: TrainConfig = field(default_factory=TrainConfig)
    dataset: str = "xor"
    n_points: int = 200
    init: str = "uniform01"
    init_scale: float = 1.0
    seed: int | None = 0
    custom: Dataset | None = None

    def __post_init__(self) -> None:
        """Check every field and normalise its type; raise SettingError naming the first problem."""
        for key, kind in (("spec", Spec), ("config", TrainConfig)):
            if not isinstance(getattr(self, key), kind):
                raise SettingError(f"{key} must be a {kind.__name__}, got {type(getattr(self, key)).__name__}", key)
        checked = {
            "dataset": self._dataset(),
            "n_points": whole(self.n_points, "n_points", "the number of points", 1, MAX_POINTS),
            "init": choice(self.init, "init", "initialisation", INITS),
            "init_scale": real(self.init_scale, "init_scale", "the initial weights' scale", MAX_INIT_SCALE),
            "seed": seed(self.seed, "seed", "the seed", MAX_SEED),
        }
        for key, value in checked.items():
            object.__setattr__(self, key, value)

    def _dataset(self) -> str:
        if self.custom is None:
            if self.dataset == CUSTOM:
                raise SettingError(f"data set {CUSTOM!r} needs its inputs and targets", "custom")
            return choice(self.dataset, "dataset", "data set", DATASETS)
        if not isinstance(self.custom, Dataset):
            raise SettingError(f"custom must be a Dataset or None, got {type(self.custom).__name__}", "custom")
        try:
            check_data(self.custom)
        except DataError as exc:
            raise SettingError(str(exc), "custom") from None
        return CUSTOM

    def with_(self, **changes: Any) -> Setup:
        """Return a copy with some fields changed (validated again).

        Choosing a preset data set (``dataset="xor"``) drops a custom one;
        giving ``custom`` sets ``dataset`` to "custom".
        """
        if changes.get("dataset", CUSTOM) != CUSTOM and "custom" not in changes:
            changes["custom"] = None
        return replace(self, **changes)

    def data(self) -> Dataset:
        """Return the data set: the custom one, or the preset with one-hot targets for two outputs.

        Raises
        ------
        ValueError
            If a network of ``spec.dims`` does not fit the data (one message
            naming both, see ``datacheck.check_fits``), or a preset has no
            version with that many outputs.
        """
        if self.custom is not None:
            data = self.custom
        else:
            data = make_dataset(self.dataset, n_outputs=self.spec.dims[-1], n_points=self.n_points, seed=self.seed)
        check_fits(data, self.spec.dims)
        return data

    def network(self) -> Network:
        """Return the initial network drawn from ``seed``."""
        return init_network(self.spec, self.seed, self.init, self.init_scale)

    def trainer(self, net: Network | None = None) -> Trainer:
        """Return a trainer on ``net`` (default: the initial network)."""
        return Trainer(net if net is not None else self.network(), self.data(), self.config)
