import json
import os
import re

import numpy as np
import pytest

from xorgui.core.files import modelfile
from xorgui.core.files.modelfile import (
    ModelFileError,
    load_model,
    model_to_dict,
    save_model,
    setup_from_dict,
    setup_to_dict,
)
from xorgui.core.model.build import init_network
from xorgui.core.model.limits import MAX_LAYERS, MAX_MODEL_BYTES, MAX_WEIGHTS, MAX_WIDTH
from xorgui.core.model.network import Network, Spec
from xorgui.core.training.presets import PRESETS, get_preset


def test_a_model_round_trips_with_its_training_settings(tmp_path):
    setup = get_preset("online-noisy-2-2-1").setup
    net = setup.network()
    save_model(tmp_path / "m.json", net, setup)
    loaded, setup2 = load_model(tmp_path / "m.json")
    assert loaded.spec == net.spec and np.array_equal(loaded.theta, net.theta)
    assert setup2 == setup


def test_the_file_uses_the_documented_layout(tmp_path):
    spec = Spec((2, 3, 1), ("tanh", "sigmoid"), True, "sse", "sum")
    net = init_network(spec, 1)
    save_model(tmp_path / "m.json", net)
    doc = json.loads((tmp_path / "m.json").read_text())
    assert doc["format"] == "xorgui-model" and doc["version"] == 1
    assert doc["dims"] == [2, 3, 1] and doc["activations"] == ["tanh", "sigmoid"]
    assert doc["bias"] is True and doc["cost"] == "sse" and doc["reduction"] == "sum"
    assert doc["weights"][1][0][2] == net.W[2][0, 2] and doc["weights"][0][2][1] == net.W[1][2, 1]
    assert doc["biases"][0][2] == net.b[1][2]


def test_a_network_without_biases_omits_them(tmp_path):
    net = init_network(Spec(bias=False), 0)
    save_model(tmp_path / "m.json", net)
    assert json.loads((tmp_path / "m.json").read_text())["biases"] is None
    assert load_model(tmp_path / "m.json")[0].spec.bias is False


def _good():
    return model_to_dict(init_network(Spec(), 0))


def _write(tmp_path, doc):
    path = tmp_path / "bad.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return path


BAD = [
    ("not json {", "is not JSON (line 1, column 1: Expecting value)"),
    ({"format": "other", "version": 1}, "not an xorgui model"),
    ({**_good(), "version": 2}, "unsupported version 2"),
    ({k: v for k, v in _good().items() if k != "weights"}, 'missing key "weights"'),
    ({k: v for k, v in _good().items() if k != "biases"}, 'missing key "biases"'),
    ({**_good(), "dims": [2, 3, 1]}, "weights of layer 1: expected shape"),
    ({**_good(), "dims": [2, 0, 1]}, '"dims": dims must list 2 to 11 layer widths, each a whole number from 1 to 512'),
    ({**_good(), "dims": "2,2,1"}, "got '2,2,1'"),
    ({**_good(), "activations": ["sigmoid", "swish"]}, "unknown activation 'swish'"),
    ({**_good(), "cost": "hinge"}, "unknown cost 'hinge'"),
    ({**_good(), "reduction": "max"}, "unknown reduction"),
    ({**_good(), "weights": [[[1, 2], [3, 4]]]}, "must hold 2 layers"),
    ({**_good(), "weights": [[[1, "x"], [3, 4]], [[1, 2]]]}, "not a number"),
    ('{"format": "xorgui-model", "version": 1, "dims": [2, 2, 1], "activations": ["sigmoid", "sigmoid"], '
     '"bias": false, "cost": "half-sse", "weights": [[[NaN, 1], [1, 1]], [[1, 1]]]}',
     "weights of layer 1 holds NaN, not a finite number"),
    ({**_good(), "biases": [[1e400, 0], [0]]}, "not a finite number"),
]


@pytest.mark.parametrize("doc,message", BAD, ids=[m for _, m in BAD])
def test_each_kind_of_bad_file_is_rejected_with_its_message(tmp_path, doc, message):
    with pytest.raises(ModelFileError, match=re.escape(message)):
        load_model(_write(tmp_path, doc))


def test_a_missing_or_binary_file_is_rejected(tmp_path):
    with pytest.raises(ModelFileError, match="none.json: no such file$"):
        load_model(tmp_path / "none.json")
    (tmp_path / "b.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ModelFileError):
        load_model(tmp_path / "b.json")


def test_a_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "m.json"
    save_model(path, init_network(Spec(), 0))
    before = path.read_text()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_model(path, init_network(Spec(), 1))
    assert path.read_text() == before
    assert os.listdir(tmp_path) == ["m.json"]  # no temporary file left behind


def test_a_model_with_nan_weights_cannot_be_saved(tmp_path):
    net = init_network(Spec(), 0)
    net.theta[0] = np.nan
    with pytest.raises(ValueError):
        save_model(tmp_path / "m.json", net)
    assert not (tmp_path / "m.json").exists()


def _with_training(**changes):
    setup = get_preset("bias-2-2-1").setup
    doc = model_to_dict(setup.network(), setup)
    doc["training"].update(changes)
    return doc


# each: the key named, and what it may hold
BAD_TRAINING = [
    ({"epochs": 3_000_000_000}, '"epochs" in "training": the epoch limit must be a whole number from 0 to 100 000 000'),
    ({"epochs": "5000"}, '"epochs" in "training"'),
    ({"epochs": 3.5}, '"epochs" in "training": the epoch limit must be a whole number'),
    ({"epochs": True}, '"epochs" in "training"'),
    ({"epochs": -1}, '"epochs" in "training"'),
    ({"shuffle": "no"}, '"shuffle" in "training": shuffle must be true or false'),
    ({"schedule": 1}, '"schedule" in "training": schedule must be true or false'),
    ({"batch_size": 1e12}, '"batch_size" in "training": the batch size must be a whole number from 1 to 10 000'),
    ({"batch_size": 0}, '"batch_size" in "training"'),
    ({"dataset": ["xor"]}, '"dataset" in "training": unknown data set [\'xor\'] (known: xor, and, or, nand, xnor, '
                           'noisy-xor)'),
    ({"mode": "fast"}, '"mode" in "training": unknown training mode \'fast\' (known: batch, online, minibatch)'),
    ({"learning_rate": 0}, '"learning_rate" in "training": the learning rate must be a positive finite number'),
    ({"learning_rate": "0.5"}, '"learning_rate" in "training"'),
    ({"learning_rate": 10**400}, '"learning_rate" in "training"'),
    ({"init": "bogus"}, '"init" in "training": unknown initialisation \'bogus\' (known: uniform01, uniform, normal, '
                        'glorot)'),
    ({"init_scale": 1e308}, '"init_scale" in "training": the initial weights\' scale must be a positive finite '
                            'number up to 1 000 000'),
    ({"init_scale": 0}, '"init_scale" in "training"'),
    ({"init_scale": -1}, '"init_scale" in "training"'),
    ({"seed": -1}, '"seed" in "training": the seed must be a whole number from 0 to 4 294 967 295'),
    ({"seed": 2**64}, '"seed" in "training"'),
    ({"seed": 1.5}, '"seed" in "training"'),
    ({"epoch": 5000}, "unknown key 'epoch' in \"training\" (known: learning_rate, mode, batch_size, shuffle, epochs"),
]


@pytest.mark.parametrize("changes,message", BAD_TRAINING, ids=[str(c) for c, _ in BAD_TRAINING])
def test_a_training_value_the_app_cannot_use_is_refused_naming_the_key(tmp_path, changes, message):
    with pytest.raises(ModelFileError, match=re.escape(message)):
        load_model(_write(tmp_path, _with_training(**changes)))


BAD_NETWORK = [
    ({"dims": [2, 100_000, 1]}, '"dims": dims must list 2 to 11 layer widths, each a whole number from 1 to 512; '
                                "layer 1 has 100000"),
    ({"dims": [2] * 12}, "dims must list 2 to 11 layer widths"),
    ({"dims": [2, 2.0, 1]}, "layer 1 has 2.0"),
    ({"dims": [2, True, 1]}, "layer 1 has True"),
    ({"dims": [2, 10**9, 1]}, "layer 1 has 1000000000"),
    ({"bias": 1}, '"bias": bias must be true or false, got 1'),
    ({"activations": "sigmoid"}, '"activations": need 2 activations'),
    ({"activations": [["sigmoid"], "sigmoid"]}, "unknown activation ['sigmoid']"),
    ({"cost": {"name": "sse"}}, "unknown cost {'name': 'sse'}"),
    ({"training": [1, 2]}, '"training" must be an object, got [1, 2]'),
    ({"extra": 1}, "unknown key 'extra' (known: format, version"),
    ({"version": True}, "unsupported version True"),
    ({"weights": [[[1, 2], [3, 4]], [[1, True]]]}, "weights of layer 2 holds True, not a number"),
    ({"weights": [[[1, 2], [3, 4]], [[1, 10**400]]]}, "weights of layer 2 holds 1000000000000000000000000000000000"),
    ({"weights": [[[1, 2], [3, 4]], [1, 2]]}, "weights of layer 2: expected shape (1, 2)"),
    ({"weights": [[[1, 2], [3, 4]], [[[1, 2]]]]}, "weights of layer 2: expected shape (1, 2)"),
    ({"biases": [[0, 0], [[0]]]}, "biases of layer 2 holds [0], not a number"),
    ({"biases": [[0, 0], [0, 0]]}, "biases of layer 2: expected a list of 1 numbers"),
    ({"bias": False}, '"biases" must be null or absent: the network has no biases'),
]


@pytest.mark.parametrize("changes,message", BAD_NETWORK, ids=[str(c)[:40] for c, _ in BAD_NETWORK])
def test_a_bad_network_value_is_refused_naming_the_key(tmp_path, changes, message):
    with pytest.raises(ModelFileError, match=re.escape(message)):
        load_model(_write(tmp_path, {**_good(), **changes}))


def test_deeply_nested_json_is_refused_in_one_message(tmp_path):
    for text in ("[" * 100_000 + "]" * 100_000,
                 json.dumps({**_good(), "weights": "W"}).replace('"W"', "[" * 50_000 + "]" * 50_000)):
        with pytest.raises(ModelFileError, match="nested too deeply|weights"):
            load_model(_write(tmp_path, text))


def test_a_file_with_a_utf8_byte_order_mark_loads(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_good()).encode())
    net, _ = load_model(path)
    assert np.array_equal(net.theta, init_network(Spec(), 0).theta)


def test_pipes_devices_directories_and_huge_files_are_refused_before_reading(tmp_path, monkeypatch):
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # opened without a writer: reading would block for ever
    with pytest.raises(ModelFileError, match=r"fifo\.json is a pipe, not a model file$"):
        load_model(fifo)
    with pytest.raises(ModelFileError, match=r"^/dev/zero is a device, not a model file$"):
        load_model("/dev/zero")
    with pytest.raises(ModelFileError, match=r"is a directory, not a model file$"):
        load_model(tmp_path)
    path = tmp_path / "m.json"
    save_model(path, init_network(Spec(), 0))
    monkeypatch.setattr(modelfile, "MAX_MODEL_BYTES", 100)
    with pytest.raises(ModelFileError, match=rf"m\.json is {path.stat().st_size:,} bytes: a model file has at most "
                                             r"100 bytes$"):
        load_model(path)


def test_a_model_of_the_largest_network_allowed_fits_the_size_limit_and_loads(tmp_path):
    # a layer of nearly MAX_WEIGHTS weights, written as save_model writes it; the file grows with the parameters
    spec = Spec((316, 316), ("sigmoid",))
    assert spec.n_params - 316 <= MAX_WEIGHTS
    # numbers whose shortest repr is as long as a float's can be: -d.ddddddddddddddde-xxx
    theta = -np.random.default_rng(0).uniform(1.1, 9.9, spec.n_params) * 1e-300
    save_model(tmp_path / "layer.json", Network(spec, theta), get_preset("bias-2-2-1").setup.with_(spec=spec))
    assert np.array_equal(load_model(tmp_path / "layer.json")[0].theta, theta)
    most = MAX_WEIGHTS + MAX_LAYERS * MAX_WIDTH  # every weight allowed and a bias for every neuron
    assert (tmp_path / "layer.json").stat().st_size * most / spec.n_params < MAX_MODEL_BYTES / 2


def test_saving_over_a_symbolic_link_replaces_its_target_and_keeps_the_link(tmp_path):
    (tmp_path / "models").mkdir()
    target, link = tmp_path / "models" / "real.json", tmp_path / "link.json"
    save_model(target, init_network(Spec(), 0))
    link.symlink_to(target)
    save_model(link, init_network(Spec(), 1))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert np.array_equal(load_model(target)[0].theta, init_network(Spec(), 1).theta)
    assert sorted(os.listdir(tmp_path / "models")) == ["real.json"]  # no temporary file left in either folder
    assert sorted(os.listdir(tmp_path)) == ["link.json", "models"]


def test_a_failed_save_names_the_file_asked_for_not_the_temporary_one(tmp_path):
    (tmp_path / "plain").write_text("a file, not a folder")
    path = tmp_path / "plain" / "m.json"
    with pytest.raises(OSError) as info:
        save_model(path, init_network(Spec(), 0))
    assert str(info.value) == f"cannot save {path}: a part of the path is not a directory"
    assert ".tmp" not in str(info.value)


def test_remembered_settings_round_trip_for_every_preset():
    for preset in PRESETS.values():
        assert setup_from_dict(json.loads(json.dumps(setup_to_dict(preset.setup)))) == preset.setup


def test_settings_without_format_load_and_with_a_wrong_one_do_not():
    doc = setup_to_dict(get_preset("nobias-2-3-1").setup)
    del doc["format"], doc["version"]
    assert setup_from_dict(doc) == get_preset("nobias-2-3-1").setup
    with pytest.raises(ModelFileError, match="not an xorgui model"):
        setup_from_dict({**doc, "format": "other"})


def test_nan_or_infinity_in_a_setting_is_refused_naming_the_key(tmp_path):
    text = json.dumps(_with_training(learning_rate=float("inf"), epochs=float("nan")))
    with pytest.raises(ModelFileError, match=re.escape('"learning_rate" in "training": the learning rate must be a '
                                                       "positive finite number, got Infinity")):
        load_model(_write(tmp_path, text))
