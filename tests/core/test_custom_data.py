"""Data sets of the user's own: any shape, any finite targets, checked; carried by a Setup to the session."""

import pickle

import numpy as np
import pytest

from xorgui.core.explanation.grid import CURVE_SIZE, GRID_SIZE, boundary_grid
from xorgui.core.explanation.logic import unit_logic
from xorgui.core.model.data import make_dataset
from xorgui.core.model.datacheck import DataError, check_fits, custom_data
from xorgui.core.model.limits import MAX_DATA_VALUES, MAX_SAMPLES, MAX_WIDTH
from xorgui.core.model.network import Spec
from xorgui.core.session.command import Rebuild
from xorgui.core.session.session import Session
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


def test_a_data_set_may_have_one_sample_any_inputs_and_outputs_and_real_targets():
    one = custom_data([[0.05, 0.10]], [[0.01, 0.99]], "tutorial")
    assert one.X.shape == (1, 2) and one.Y.shape == (1, 2) and one.n_inputs == 2 and one.n_outputs == 2
    wide = custom_data(np.arange(15.0).reshape(5, 3), [[-2.5], [0.0], [7.25], [1e6], [-1e-9]])
    assert (wide.n_inputs, wide.n_outputs, wide.name) == (3, 1, "custom")
    assert not wide.X.flags.writeable and wide.Y[3, 0] == 1e6


@pytest.mark.parametrize("inputs,targets,message", [
    ([], [], "the inputs must be a table"),
    (np.zeros((0, 2)), np.zeros((0, 1)), "the data set is empty"),
    ([[1.0, 2.0], [3.0]], [[1.0], [0.0]], "the same number in every row"),
    ([["a", "b"]], [[1.0]], "a table of numbers, not of str"),
    ([[1.0, 2.0]], [[1.0], [0.0]], "1 rows of inputs but 2 rows of targets"),
    ([[1.0, np.nan], [0.0, 0.0]], [[1.0], [0.0]], "sample 0, x_1 is NaN"),
    ([[1.0, 2.0], [0.0, 0.0]], [[1.0], [-np.inf]], "sample 1, y_0 is -Infinity"),
    (np.zeros((1, 0)), [[1.0]], "no input"),
    (np.zeros((1, MAX_WIDTH + 1)), [[1.0]], f"at most {MAX_WIDTH}"),
    (np.zeros((MAX_SAMPLES + 1, 1)), np.zeros((MAX_SAMPLES + 1, 1)), "samples; at most 10 000"),
    (np.zeros((MAX_SAMPLES, 100)), np.zeros((MAX_SAMPLES, 1)), f"at most {MAX_DATA_VALUES:,}".replace(",", " ")),
])
def test_every_bad_data_set_is_refused_with_a_message_naming_the_problem(inputs, targets, message):
    with pytest.raises(DataError, match=message):
        custom_data(inputs, targets)


def test_a_preset_name_is_not_a_custom_name():
    with pytest.raises(DataError, match="preset"):
        custom_data([[0.0]], [[1.0]], "xor")


def test_a_setup_carries_its_data_compares_and_pickles_and_a_preset_choice_drops_it():
    data = custom_data([[0.05, 0.10]], [[0.01, 0.99]], "tutorial")
    setup = Setup(spec=Spec((2, 2, 2)), custom=data)
    assert setup.dataset == "custom" and setup.data() is data
    back = pickle.loads(pickle.dumps(setup))
    assert back == setup and hash(back) == hash(setup) and not back.custom.X.flags.writeable
    other = custom_data([[0.05, 0.10]], [[0.01, 0.98]], "tutorial")
    assert setup.with_(custom=other) != setup and setup.with_(custom=data) == setup
    assert setup.with_(dataset="xor").custom is None and setup.with_(dataset="xor").dataset == "xor"
    assert setup.with_(seed=3).custom is data  # other changes keep it
    with pytest.raises(ValueError, match="'custom' needs its inputs and targets"):
        Setup(dataset="custom")


def test_data_and_dims_that_do_not_match_are_one_message_naming_both():
    data = custom_data(np.zeros((3, 3)), np.zeros((3, 2)), "three")
    with pytest.raises(ValueError) as err:
        Setup(spec=Spec((2, 2, 1)), custom=data).data()
    assert str(err.value) == ("the network [2, 2, 1] does not fit data set 'three': the network takes 2 inputs and "
                              "gives 1 output, the data has 3 inputs and 2 targets per sample")
    check_fits(data, (3, 5, 2))  # fits: no error


def test_the_session_refuses_a_setup_whose_data_does_not_fit_and_keeps_its_state():
    s = Session()
    tutorial = custom_data([[0.05, 0.10]], [[0.01, 0.99]], "tutorial")
    good = s.handle(Rebuild(Setup(spec=Spec((2, 2, 2)), custom=tutorial)))
    snap = [p for k, p in good if k == "snapshot"][0]
    assert snap.data == tutorial and snap.dims == (2, 2, 2)
    gen, theta = s.generation, s.trainer.net.theta.copy()
    bad = s.handle(Rebuild(Setup(spec=Spec((2, 3, 1)), custom=tutorial)))
    assert [k for k, _ in bad] == ["error", "snapshot"]
    assert "network [2, 3, 1] does not fit data set 'tutorial'" in bad[0][1] and "2 targets" in bad[0][1]
    assert s.generation == gen and s.setup.spec.dims == (2, 2, 2) and s.setup.custom == tutorial
    assert np.array_equal(s.trainer.net.theta, theta) and s.trainer.data == tutorial


def test_data_of_one_or_three_inputs_trains_with_a_curve_or_a_held_plane_and_no_unit_logic():
    for inputs in (1, 3):
        rng = np.random.default_rng(inputs)
        data = custom_data(rng.random((6, inputs)), rng.normal(size=(6, 3)), f"random{inputs}")
        setup = Setup(spec=Spec((inputs, 4, 3), ("tanh", "linear")), config=TrainConfig(epochs=50), custom=data)
        t = setup.trainer()
        t.run(50)
        assert t.epoch == 50 and np.isfinite(t.losses[-1])
        grid = boundary_grid(t.net, data)
        assert grid.curve == (inputs == 1) and unit_logic(t.net) == []
        assert grid.values.shape == ((CURVE_SIZE,) if inputs == 1 else (GRID_SIZE, GRID_SIZE))
        if inputs == 3:  # x_2 held at its mean
            assert grid.plane.axes == (0, 1) and grid.plane.held[2] == round(data.X[:, 2].mean(), 2)
        assert data.find(tuple(data.X[4])) == 4


def test_the_presets_are_data_sets_as_before():
    assert make_dataset("xor").X.shape == (4, 2) and Setup().data() == make_dataset("xor")
    assert Setup(spec=Spec((2, 3, 2))).data().Y.tolist() == np.eye(2)[[0, 1, 1, 0]].tolist()
