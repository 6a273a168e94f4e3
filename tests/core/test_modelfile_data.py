"""Model files carry a data set of the user's own: it reopens exactly; files of the older layout open unchanged."""

import json

import numpy as np
import pytest

from xorgui.core.files.modelfile import ModelFileError, load_model, save_model, setup_from_dict, setup_to_dict
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.limits import MAX_MODEL_BYTES, MAX_SAMPLES
from xorgui.core.model.network import Spec
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup

# A file as xorgui wrote it before model files could hold data: the data set is a preset's name.
OLD_FILE = """{
 "format": "xorgui-model", "version": 1, "dims": [2, 2, 1], "activations": ["sigmoid", "sigmoid"],
 "bias": true, "cost": "sse", "reduction": "sum",
 "weights": [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45]]], "biases": [[0.35, 0.35], [0.6]],
 "training": {"learning_rate": 0.5, "mode": "batch", "batch_size": 4, "shuffle": true, "epochs": 10000,
              "schedule": false, "dataset": "nand", "init": "uniform01", "init_scale": 1.0, "seed": 4}
}
"""


def _tutorial_setup():
    data = custom_data([[0.05, 0.10], [-1.5, 1e-300]], [[0.01, 0.99], [0.1 + 0.2, -7.0]], "tutorial")
    spec = Spec((2, 2, 2), ("sigmoid", "sigmoid"), True, "half-sse", "sum")
    return Setup(spec=spec, config=TrainConfig(learning_rate=0.5, epochs=1), custom=data)


def test_a_saved_example_reopens_with_its_data_bit_for_bit(tmp_path):
    setup = _tutorial_setup()
    net = setup.network()
    save_model(tmp_path / "m.json", net, setup)
    doc = json.loads((tmp_path / "m.json").read_text())
    assert doc["training"]["dataset"] == "custom"
    assert doc["data"] == {"name": "tutorial", "inputs": [[0.05, 0.1], [-1.5, 1e-300]],
                           "targets": [[0.01, 0.99], [0.30000000000000004, -7.0]]}
    loaded, setup2 = load_model(tmp_path / "m.json")
    assert setup2 == setup and np.array_equal(loaded.theta, net.theta)
    data, saved = setup2.data(), setup.custom
    assert data.X.tobytes() == saved.X.tobytes() and data.Y.tobytes() == saved.Y.tobytes()
    assert setup_from_dict(setup_to_dict(setup)) == setup


def test_a_file_of_the_older_layout_opens_unchanged(tmp_path):
    (tmp_path / "old.json").write_text(OLD_FILE)
    net, setup = load_model(tmp_path / "old.json")
    assert setup.dataset == "nand" and setup.custom is None and setup.seed == 4
    assert setup.data().Y[:, 0].tolist() == [1.0, 1.0, 1.0, 0.0]
    assert net.W[1].tolist() == [[0.15, 0.2], [0.25, 0.3]] and net.b[2].tolist() == [0.6]
    save_model(tmp_path / "again.json", net, setup)  # and it is written as before: no "data"
    assert "data" not in json.loads((tmp_path / "again.json").read_text())


def test_ten_thousand_samples_fit_in_a_model_file(tmp_path):
    rng = np.random.default_rng(1)
    data = custom_data(rng.normal(size=(MAX_SAMPLES, 2)), rng.normal(size=(MAX_SAMPLES, 2)), "big")
    setup = Setup(spec=Spec((2, 3, 2)), custom=data)
    save_model(tmp_path / "big.json", setup.network(), setup)
    assert (tmp_path / "big.json").stat().st_size < MAX_MODEL_BYTES
    assert load_model(tmp_path / "big.json")[1].custom == data


def _doc(**data):
    setup = _tutorial_setup()
    doc = json.loads(json.dumps(setup_to_dict(setup)))
    doc.update(format="xorgui-model", weights=[w.tolist() for w in setup.network().W[1:]],
               biases=[b.tolist() for b in setup.network().b[1:]])
    doc["data"].update(data)
    return doc


@pytest.mark.parametrize("change,message", [
    ({"inputs": [[0.05, 0.1], [1.0]]}, '"inputs" in "data": row 1 has 1 numbers, row 0 has 2'),
    ({"inputs": [[0.05, "0.1"], [1.0, 2.0]]}, '"inputs" in "data": sample 0, column 1 holds \'0.1\', not a number'),
    ({"targets": [[0.01, True], [1.0, 2.0]]}, "sample 0, column 1 holds True, not a number"),
    ({"targets": [[0.01, 10**400], [1.0, 2.0]]}, "sample 0, column 1 holds 1000000000"),  # beyond any float
    ({"inputs": []}, '"inputs" in "data" must be a list of rows'),
    ({"inputs": 3}, '"inputs" in "data" must be a list of rows'),
    ({"inputs": [[0.05, 0.1]]}, '"data": the data set has 1 rows of inputs but 2 rows of targets'),
    ({"inputs": [[0.05, 0.1, 1.0], [1.0, 2.0, 3.0]]}, '"data": the network [2, 2, 2] does not fit data set '
                                                      "'tutorial': the network takes 2 inputs"),
    ({"name": "xor"}, '"data": \'xor\' is the name of a preset data set'),
    ({"colour": "red"}, "unknown key 'colour' in \"data\""),
])
def test_every_bad_data_object_is_refused_naming_the_key(tmp_path, change, message):
    (tmp_path / "m.json").write_text(json.dumps(_doc(**change)))
    with pytest.raises(ModelFileError) as err:
        load_model(tmp_path / "m.json")
    assert str(err.value).startswith(str(tmp_path / "m.json")) and message in str(err.value)


def test_nan_in_the_data_is_refused(tmp_path):
    text = json.dumps(_doc(targets=[[0.01, 0.99], [1.0, float("nan")]]))
    (tmp_path / "m.json").write_text(text)
    with pytest.raises(ModelFileError, match="sample 1, column 1 holds NaN, not a finite number"):
        load_model(tmp_path / "m.json")


def test_data_and_the_dataset_name_must_agree(tmp_path):
    doc = _doc()
    doc["training"]["dataset"] = "xor"
    (tmp_path / "m.json").write_text(json.dumps(doc))
    with pytest.raises(ModelFileError, match='holds "data", so "dataset" in "training" must be "custom"'):
        load_model(tmp_path / "m.json")
    doc["training"]["dataset"] = "custom"
    del doc["data"]
    (tmp_path / "m.json").write_text(json.dumps(doc))
    with pytest.raises(ModelFileError, match='missing key "data"'):
        load_model(tmp_path / "m.json")
    doc["data"] = _doc()["data"]
    del doc["training"]["dataset"]  # absent: the data's
    (tmp_path / "m.json").write_text(json.dumps(doc))
    assert load_model(tmp_path / "m.json")[1] == _tutorial_setup()
