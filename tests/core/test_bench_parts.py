import numpy as np
import pytest

from xorgui.bench_parts import PRODUCTS, epoch_calls, epoch_parts
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.study.batch import StudyBatch
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


@pytest.mark.parametrize("spec, products", [(Spec(), 3 * 2), (Spec((2, 16, 16, 2), default_activations(3)), 3 * 3)])
def test_an_epochs_calls_train_as_the_study_does_and_its_products_are_told_apart(spec, products):
    setup = Setup(spec=spec, config=TrainConfig(learning_rate=1.0, epochs=20), init="uniform")
    timed, study = StudyBatch(setup, 40), StudyBatch(setup, 40)
    calls = epoch_calls(timed)
    with np.errstate(all="ignore"):
        for _ in range(20):
            for call in calls:
                call()
    study.run(20)
    assert np.array_equal(timed.theta, study.theta)  # the calls timed are one epoch of the study, bit for bit
    # forward, gradient and backward products of each layer past the first (the first has no backward product)
    assert sum(getattr(c.func, "func", c.func) in PRODUCTS for c in calls) == products - 1


def test_the_parts_of_an_epoch_add_up_to_it():
    setup = Setup(spec=Spec((2, 16, 16, 2), default_activations(3)), config=TrainConfig(epochs=10**6), init="uniform")
    p = epoch_parts(setup, 40, repeats=3)
    assert p["calls"] == len(epoch_calls(StudyBatch(setup, 2)))
    assert p["products"] > 0 and p["elementwise"] > 0
    assert p["products"] + p["elementwise"] == pytest.approx(p["epoch"])
    assert p["per_run"] == pytest.approx((p["epoch"] - p["fixed"]) / 38)
