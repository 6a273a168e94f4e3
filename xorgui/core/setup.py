"""A complete description of a training session: network, data, training, seed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from xorgui.core.build import init_network
from xorgui.core.config import TrainConfig
from xorgui.core.data import Dataset, make_dataset
from xorgui.core.network import Network, Spec
from xorgui.core.trainer import Trainer


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
        Data set name (see ``data.DATASETS``).
    n_points : int
        Points of "noisy-xor".
    init : str
        Initialisation scheme (see ``build.init_network``).
    init_scale : float
        Range or standard deviation of "uniform" and "normal".
    seed : int or None
        Seed of the initial weights and of the data noise.
    """

    spec: Spec = field(default_factory=Spec)
    config: TrainConfig = field(default_factory=TrainConfig)
    dataset: str = "xor"
    n_points: int = 200
    init: str = "uniform01"
    init_scale: float = 1.0
    seed: int | None = 0

    def with_(self, **changes: object) -> Setup:
        """Return a copy with some fields changed."""
        return replace(self, **changes)

    def data(self) -> Dataset:
        """Return the data set, with one-hot targets for two outputs."""
        return make_dataset(self.dataset, n_outputs=self.spec.dims[-1], n_points=self.n_points, seed=self.seed)

    def network(self) -> Network:
        """Return the initial network drawn from ``seed``."""
        return init_network(self.spec, self.seed, self.init, self.init_scale)

    def trainer(self, net: Network | None = None) -> Trainer:
        """Return a trainer on ``net`` (default: the initial network)."""
        return Trainer(net if net is not None else self.network(), self.data(), self.config)
