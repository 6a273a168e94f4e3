"""The settings panel with data of one's own: kept through every edit, any widths that fit, one message when not."""

import numpy as np

from tests.qt.conftest import wait_for
from tests.qt.person import choose, type_into
from xorgui.core.files.modelfile import save_model
from xorgui.core.model.build import init_network
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.network import Spec
from xorgui.core.training.setup import Setup


def tutorial_data():
    return custom_data([[0.05, 0.10]], [[0.01, 0.99]], "tutorial")


def open_custom_model(qtbot, window, tmp_path, data, dims):
    setup = Setup(spec=Spec(dims)).with_(custom=data)
    path = tmp_path / "mine.json"
    save_model(path, init_network(setup.spec, 3), setup)
    window.open_model(str(path))
    return wait_for(qtbot, window, lambda s: s.data == data and s.dims == dims)


def test_a_model_with_its_own_data_keeps_it_when_eta_and_then_the_dims_are_changed(qtbot, window, tmp_path):
    data = tutorial_data()
    open_custom_model(qtbot, window, tmp_path, data, (2, 2, 2))
    box = window.controls.data_box
    assert box.currentText() == "custom"
    type_into(qtbot, window.controls.lr_edit, "0.25")
    snap = wait_for(qtbot, window, lambda s: s.learning_rate == 0.25)
    assert snap.data == data and snap.setup.custom == data and snap.setup.dataset == "custom"
    gen = snap.generation
    type_into(qtbot, window.controls.dims_edit, "2,3,2")
    snap = wait_for(qtbot, window, lambda s: s.generation > gen and s.dims == (2, 3, 2))
    assert snap.data == data and snap.setup.config.learning_rate == 0.25
    choose(qtbot, window.controls.output_box, "tanh")  # a combo's edit keeps it too
    snap = wait_for(qtbot, window, lambda s: s.spec.activations[-1] == "tanh")
    assert snap.data == data and box.currentText() == "custom"


def test_choosing_a_preset_replaces_ones_own_data_and_custom_leaves_the_choices(qtbot, window, tmp_path):
    open_custom_model(qtbot, window, tmp_path, tutorial_data(), (2, 2, 2))
    box = window.controls.data_box
    choose(qtbot, box, "and")
    snap = wait_for(qtbot, window, lambda s: s.setup.dataset == "and")
    assert snap.setup.custom is None and snap.data.Y.shape == (4, 2)  # one-hot: the dims end with 2
    assert box.findText("custom") < 0


def test_the_dims_take_any_numbers_of_inputs_and_outputs_that_fit_the_data(qtbot, window, tmp_path):
    rng = np.random.default_rng(5)
    data = custom_data(rng.normal(size=(6, 3)), rng.normal(size=(6, 4)), "wide")
    open_custom_model(qtbot, window, tmp_path, data, (3, 2, 4))
    assert window.controls.dims_edit.text() == "3, 2, 4"
    type_into(qtbot, window.controls.dims_edit, "3,5,5,4")
    snap = wait_for(qtbot, window, lambda s: s.dims == (3, 5, 5, 4))
    assert snap.data == data and not window.controls.dims_error.isVisible()


def test_dims_that_do_not_fit_the_data_are_one_message_at_the_field_and_change_nothing(qtbot, window, tmp_path):
    data = tutorial_data()
    before = open_custom_model(qtbot, window, tmp_path, data, (2, 2, 2))
    controls = window.controls
    for text, named in (("3,2,2", "3 inputs"), ("2,2,1", "1 output"), ("2,4,3", "3 outputs")):
        with qtbot.assertNotEmitted(controls.setupRequested):
            type_into(qtbot, controls.dims_edit, text)
        message = controls.dims_error.text()
        assert controls.dims_error.isVisible() and "does not fit" in message and named in message
        assert "2 inputs and 2 targets" in message  # the data's side too
        assert window.snapshot is before and controls.setup == before.setup
    type_into(qtbot, controls.dims_edit, "2,4,2")  # and a fitting one goes through, the message gone
    wait_for(qtbot, window, lambda s: s.dims == (2, 4, 2))
    assert not controls.dims_error.isVisible() and window.snapshot.data == data


def test_a_preset_that_does_not_fit_the_dims_is_refused_at_the_field_until_the_dims_fit(qtbot, window, tmp_path):
    rng = np.random.default_rng(1)
    data = custom_data(rng.normal(size=(3, 3)), [[1.0]] * 3)
    before = open_custom_model(qtbot, window, tmp_path, data, (3, 2, 1))
    controls = window.controls
    with qtbot.assertNotEmitted(controls.setupRequested):
        choose(qtbot, controls.data_box, "xor")
    message = controls.dims_error.text()
    assert "does not fit data set 'xor'" in message and "3 inputs" in message
    assert window.snapshot is before and window.snapshot.data == data
    type_into(qtbot, controls.dims_edit, "2,2,1")  # the choice waits for dims that fit it
    snap = wait_for(qtbot, window, lambda s: s.dims == (2, 2, 1))
    assert snap.setup.dataset == "xor" and snap.setup.custom is None and not controls.dims_error.isVisible()
