"""TrainConfig, Spec and Setup refuse bad values themselves, whichever path they come from."""

import re

import numpy as np
import pytest

from xorgui.core.model import limits, parsing
from xorgui.core.model.network import Spec
from xorgui.core.model.validate import SettingError
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup

BAD_SETUP = [
    ("init", "bogus"), ("init", None), ("init_scale", float("nan")), ("init_scale", float("inf")),
    ("init_scale", 1e308), ("init_scale", -1.0), ("init_scale", 0), ("init_scale", "1"), ("init_scale", True),
    ("seed", -1), ("seed", 2**32), ("seed", 10**30), ("seed", 1.0), ("seed", "3"), ("n_points", 0),
    ("n_points", 10**9), ("n_points", 200.0), ("dataset", ["xor"]), ("dataset", "XOR"), ("spec", "2,2,1"),
    ("config", {"epochs": 5}),
]


@pytest.mark.parametrize("key,value", BAD_SETUP, ids=[f"{k}={v!r}" for k, v in BAD_SETUP])
def test_a_setup_refuses_a_bad_value_naming_its_field(key, value):
    with pytest.raises(SettingError) as info:
        Setup(**{key: value})
    assert info.value.key == key and isinstance(info.value, ValueError)
    with pytest.raises(SettingError):
        Setup().with_(**{key: value})


BAD_CONFIG = [
    ("learning_rate", 0), ("learning_rate", float("nan")), ("learning_rate", "0.5"), ("learning_rate", True),
    ("learning_rate", 10**400), ("mode", "fast"), ("mode", ["batch"]), ("batch_size", 0), ("batch_size", 10_001),
    ("batch_size", 4.0), ("shuffle", "no"), ("shuffle", 1), ("epochs", -1), ("epochs", 100_000_001), ("epochs", 3.5),
    ("epochs", np.float64(5)), ("epochs", False), ("schedule", None), ("seed", -3),
]


@pytest.mark.parametrize("key,value", BAD_CONFIG, ids=[f"{k}={v!r}" for k, v in BAD_CONFIG])
def test_a_training_configuration_refuses_a_bad_value_naming_its_field(key, value):
    with pytest.raises(SettingError) as info:
        TrainConfig(**{key: value})
    assert info.value.key == key


BAD_SPEC = [
    ("dims", (2,)), ("dims", (2, 0, 1)), ("dims", (2, 513, 1)), ("dims", (2,) * 12), ("dims", (2, 2.5, 1)),
    ("dims", "221"), ("dims", None), ("activations", ("sigmoid", "swish")), ("activations", "sigmoid"),
    ("bias", 1), ("bias", "yes"), ("cost", "hinge"), ("cost", None), ("reduction", "max"),
]


@pytest.mark.parametrize("key,value", BAD_SPEC, ids=[f"{k}={v!r}" for k, v in BAD_SPEC])
def test_a_spec_refuses_a_bad_value_naming_its_field(key, value):
    with pytest.raises(SettingError) as info:
        Spec(**{key: value})
    assert info.value.key == key


def test_good_values_of_numpy_types_are_stored_as_plain_python_values():
    spec = Spec(np.array([2, 3, 1]), ["tanh", "sigmoid"], np.bool_(True))
    config = TrainConfig(learning_rate=np.float32(0.5), batch_size=np.int64(3), epochs=np.int32(7))
    setup = Setup(spec, config, seed=np.uint32(5), init_scale=2, n_points=np.int16(8))
    assert spec.dims == (2, 3, 1) and type(spec.dims[0]) is int and spec.activations == ("tanh", "sigmoid")
    assert type(spec.bias) is bool and type(config.batch_size) is int and type(config.epochs) is int
    assert type(config.learning_rate) is float and config.learning_rate == 0.5
    assert type(setup.seed) is int and type(setup.init_scale) is float and type(setup.n_points) is int


def test_the_limits_are_at_their_edges_accepted():
    Spec((1,) + (limits.MAX_WIDTH,) + (1,) * (limits.MAX_LAYERS - 1), ("sigmoid",) * limits.MAX_LAYERS)
    Spec((2, 316, 300, 2), ("sigmoid",) * 3)  # 96 032 weights: under MAX_WEIGHTS
    TrainConfig(epochs=limits.MAX_EPOCHS, batch_size=limits.MAX_BATCH_SIZE)
    TrainConfig(epochs=limits.MIN_EPOCHS, batch_size=1, seed=None)
    Setup(seed=limits.MAX_SEED, init_scale=limits.MAX_INIT_SCALE, n_points=limits.MAX_POINTS)
    assert (parsing.MAX_WIDTH, parsing.MAX_LAYERS) == (limits.MAX_WIDTH, limits.MAX_LAYERS)  # the panel's
    assert parsing.parse_dims("2,512,128,1") == (2, 512, 128, 1)
    with pytest.raises(ValueError, match="at most 10 layers"):
        parsing.parse_dims(",".join(["2"] * 12))


def test_a_network_with_too_many_weights_is_refused_by_the_panel_and_the_core_in_the_same_words():
    dims = (2, 512, 512, 1)
    assert limits.weight_count(dims) == 2 * 512 + 512 * 512 + 512 > limits.MAX_WEIGHTS
    message = "[2, 512, 512, 1] has 263 680 weights; at most 100 000 keep the app responsive"
    with pytest.raises(ValueError, match=re.escape(message)):
        parsing.parse_dims("2, 512, 512, 1")
    with pytest.raises(ValueError, match=re.escape(message)):
        Spec(dims, ("sigmoid",) * 3)


@pytest.mark.parametrize("parse,text", [(parsing.parse_dims, "2,1_0,1"), (parsing.parse_positive, "0_5"),
                                        (parsing.parse_positive, "1_000")])
def test_a_number_with_an_underscore_is_refused_not_read_as_python_reads_it(parse, text):
    # Python reads 0_5 as 5: a person who typed it meant 0.5 or 0,5
    with pytest.raises(ValueError, match="not a whole number|must be a number"):
        parse(text)
