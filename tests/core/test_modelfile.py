import json
import os

import numpy as np
import pytest

from xorgui.core.build import init_network
from xorgui.core.modelfile import ModelFileError, load_model, model_to_dict, save_model
from xorgui.core.network import Spec
from xorgui.core.presets import get_preset


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
    ("not json {", "not a model file"),
    ({"format": "other", "version": 1}, "not an xorgui model"),
    ({**_good(), "version": 2}, "unsupported version 2"),
    ({k: v for k, v in _good().items() if k != "weights"}, 'missing key "weights"'),
    ({k: v for k, v in _good().items() if k != "biases"}, 'missing key "biases"'),
    ({**_good(), "dims": [2, 3, 1]}, "weights of layer 1: expected shape"),
    ({**_good(), "dims": [2, 0, 1]}, "positive widths"),
    ({**_good(), "dims": "2,2,1"}, "list of whole numbers"),
    ({**_good(), "activations": ["sigmoid", "swish"]}, "unknown activation 'swish'"),
    ({**_good(), "cost": "hinge"}, "unknown cost 'hinge'"),
    ({**_good(), "reduction": "max"}, "unknown reduction"),
    ({**_good(), "weights": [[[1, 2], [3, 4]]]}, "must hold 2 layers"),
    ({**_good(), "weights": [[[1, "x"], [3, 4]], [[1, 2]]]}, "not a number"),
    ('{"format": "xorgui-model", "version": 1, "dims": [2, 2, 1], "activations": ["sigmoid", "sigmoid"], '
     '"bias": false, "cost": "half-sse", "weights": [[[NaN, 1], [1, 1]], [[1, 1]]]}', "NaN is not a finite number"),
    ({**_good(), "biases": [[1e400, 0], [0]]}, "not a finite number"),
]


@pytest.mark.parametrize("doc,message", BAD, ids=[m for _, m in BAD])
def test_each_kind_of_bad_file_is_rejected_with_its_message(tmp_path, doc, message):
    with pytest.raises(ModelFileError, match=message.replace("(", r"\(")):
        load_model(_write(tmp_path, doc))


def test_a_missing_or_binary_file_is_rejected(tmp_path):
    with pytest.raises(ModelFileError, match="cannot read"):
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
