"""Targets that are classes, and those that are values: right and wrong mean something only for the first."""

import numpy as np
import pytest

from xorgui.core.explanation.diagnostics import verdict
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.classes import are_classes
from xorgui.core.model.data import make_dataset
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.network import Spec
from xorgui.core.model.notation import num
from xorgui.core.session.snapshot import take_snapshot
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.trainer import Trainer


@pytest.mark.parametrize("Y, classes", [([[0], [1], [1]], True), ([[1], [1]], True), ([[1, 0], [0, 1]], True),
                                        ([[0.01], [0.99]], False), ([[3.7]], False), ([[0.01, 0.99]], False),
                                        ([[1, 1], [0, 1]], False), ([[0, 0]], False), ([[0], [2]], False)])
def test_targets_are_classes_when_they_are_0_or_1_or_one_hot(Y, classes):  # noqa: N803
    assert are_classes(np.array(Y, float)) is classes


@pytest.mark.parametrize("outputs", [1, 2])
def test_every_preset_is_made_of_classes(outputs):
    for name in ("xor", "and", "or", "nand", "xnor", "noisy-xor"):
        assert are_classes(make_dataset(name, outputs).Y)


def snapshot(Y, weights=((1.0, -1.0), (0.5, 0.5)), bias=(0.0, 0.0)):  # noqa: N803
    data = custom_data([[0.05, 0.1], [0.3, 0.7]][: len(Y)], Y, "mine")
    net = network_from_arrays(Spec((2, len(Y[0])), ("sigmoid",)), [np.array(weights)[: len(Y[0])]],
                              [np.array(bias)[: len(Y[0])]])
    return take_snapshot(Trainer(net, data, TrainConfig()))


def test_no_sample_of_value_targets_is_wrong_and_the_snapshot_says_they_are_no_classes():
    values = snapshot([[0.01, 0.99], [0.99, 0.01]])
    assert not values.derived.classes and not values.derived.wrong.any() and values.error_rate == 0.0
    classes = snapshot([[1.0, 0.0], [0.0, 1.0]], weights=((4.0, 0.0), (0.0, 3.0)))
    z = classes.data.X @ np.array([[4.0, 0.0], [0.0, 3.0]]).T  # the class is the largest output, as σ keeps order
    expected = np.argmax(z, axis=1) != np.array([0, 1])
    assert classes.derived.classes and classes.derived.wrong.tolist() == expected.tolist() and expected.any()


def test_a_saturated_output_on_value_targets_is_told_by_its_cost_not_by_misclassified_samples():
    Y = np.array([[0.01], [0.99]])  # noqa: N806
    z = [None, np.array([[60.0], [-60.0]])]
    yhat = 1 / (1 + np.exp(-z[1]))
    text = verdict(("sigmoid",), z, yhat, Y, [np.full((1, 2), 1e-3)], 0.48, 0.5)
    assert "saturated on every sample" in text and "misclassified" not in text
    largest = np.max(np.abs(yhat - Y))
    assert f"the cost is still C = {num(0.48)}" in text and f"the largest |ŷ − y| is {num(largest)}" in text


def test_vanished_gradients_on_value_targets_are_no_verdict_they_are_also_where_the_best_fit_is():
    Y = np.array([[0.3], [0.7]])  # noqa: N806
    z = [None, np.array([[-0.8473], [0.8473]])]
    assert verdict(("sigmoid",), z, 1 / (1 + np.exp(-z[1])), Y, [np.zeros((1, 2))], 1e-9, 0.5) is None
    assert "every gradient is under" in verdict(("sigmoid",), z, 1 / (1 + np.exp(-z[1])), np.array([[1.0], [0.0]]),
                                                [np.zeros((1, 2))], 0.5, 0.5)
