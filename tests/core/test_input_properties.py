"""Property tests: whatever a model file or the remembered settings hold, loading gives a model or one clear error."""

import json
import math

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from xorgui.core.files.modelfile import ModelFileError, model_to_dict, parse_model, setup_from_dict, setup_to_dict
from xorgui.core.model.build import init_network
from xorgui.core.model.limits import MAX_BATCH_SIZE, MAX_EPOCHS, MAX_LAYERS, MAX_SEED, MAX_WIDTH
from xorgui.core.training.presets import PRESETS
from xorgui.core.training.setup import Setup

SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(-2, 5) | st.floats()
           | st.sampled_from([0, 1, 2, 4, 512, 513, 10**8, 10**9, 2**32, 10**400, -1, 0.5, 3.5, 1e12, 1e308])
           | st.text(max_size=8) | st.sampled_from(["xor", "sigmoid", "batch", "uniform", "5000", "no", ""]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                           max_size=4), max_leaves=12)
DEEP = "@@deep@@"
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _model(preset="bias-2-2-1"):
    setup = PRESETS[preset].setup
    return model_to_dict(init_network(setup.spec, 0, setup.init, setup.init_scale), setup)


def _paths(doc, prefix=()):
    """Every path of keys and indices into a document, the document itself first."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


def _mutate(doc, path, how, value):
    if not path:
        return value
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    if how == "drop":
        del parent[key]
    elif how == "nest":
        parent[key] = [[[[parent[key]]]]]
    elif how == "deep":  # nested in the text only: Python's own json cannot write it
        parent[key] = DEEP
    else:
        parent[key] = value
    return doc


@st.composite
def mutated_models(draw):
    """A valid model file of a preset with one to three keys dropped, retyped, set out of range or nested."""
    doc = _model(draw(st.sampled_from(list(PRESETS))))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc)) if isinstance(doc, (dict, list)) else [()]
        near = [p for p in paths if len(p) == 1 or (len(p) == 2 and p[0] == "training")]
        path = draw(st.sampled_from(near) if near and draw(st.integers(0, 9)) < 8 else st.sampled_from(paths))
        how = draw(st.sampled_from(["drop", "drop", "nest", "deep"] + ["set"] * 16) if path else st.just("set"))
        doc = _mutate(doc, path, how, draw(SCALARS if draw(st.booleans()) else JSON))
    return doc


def _check_loaded(net, setup):
    """A model that loads holds only what the panel can show and the trainer can run."""
    cfg = setup.config
    assert isinstance(cfg.epochs, int) and 0 <= cfg.epochs <= MAX_EPOCHS
    assert isinstance(cfg.batch_size, int) and 1 <= cfg.batch_size <= MAX_BATCH_SIZE
    assert type(cfg.shuffle) is bool and type(cfg.schedule) is bool
    assert isinstance(cfg.learning_rate, float) and math.isfinite(cfg.learning_rate) and cfg.learning_rate > 0
    assert setup.seed is None or 0 <= setup.seed <= MAX_SEED
    assert 2 <= len(setup.spec.dims) <= MAX_LAYERS + 1 and all(1 <= d <= MAX_WIDTH for d in setup.spec.dims)
    assert np.all(np.isfinite(net.theta))
    json.dumps(model_to_dict(net, setup), allow_nan=False)  # it saves again
    if setup.spec.dims[0] == 2 and setup.spec.dims[-1] in (1, 2) and setup.spec.n_params < 10_000:
        setup.with_(config=cfg.with_(epochs=min(cfg.epochs, 1))).trainer(net).run(1)  # Play does not kill it


@PROFILE
@given(mutated_models(), st.booleans())
def test_a_mutated_model_file_loads_or_gives_one_model_file_error(doc, indent):
    text = json.dumps(doc, indent=1 if indent else None)  # NaN and Infinity too, as a hand edit may have them
    text = text.replace(f'"{DEEP}"', "[" * 5000 + "1" + "]" * 5000)
    try:
        net, setup = parse_model(text.encode(), "m.json")
    except ModelFileError as exc:
        message = str(exc)
        assert message.startswith("m.json") and "\n" not in message and len(message) < 400
        return
    _check_loaded(net, setup)


@PROFILE
@given(st.binary(max_size=64) | st.text(max_size=64).map(str.encode) | JSON.map(lambda v: json.dumps(v).encode()))
def test_garbage_is_never_a_model_and_always_one_message(data):
    try:
        parse_model(data, "m.json")
    except ModelFileError as exc:
        assert str(exc).startswith("m.json") and "\n" not in str(exc)
    else:  # garbage that happens to be a valid model cannot come from these strategies
        raise AssertionError(f"loaded {data!r}")


@PROFILE
@given(JSON)
def test_remembered_settings_of_any_json_value_give_a_setup_or_a_value_error(value):
    try:
        setup = setup_from_dict(value)
    except ValueError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(setup, Setup)


@PROFILE
@given(st.sampled_from(list(PRESETS)), st.data())
def test_mutated_remembered_settings_give_a_setup_that_saves_again_or_a_value_error(preset, data):
    doc = json.loads(json.dumps(setup_to_dict(PRESETS[preset].setup)))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(doc)) if isinstance(doc, (dict, list)) else [()]))
        how = data.draw(st.sampled_from(["drop", "nest", "set", "set"]) if path else st.just("set"))
        doc = _mutate(doc, path, how, data.draw(JSON))
    try:
        setup = setup_from_dict(doc)
    except ValueError:
        return
    assert setup_from_dict(json.loads(json.dumps(setup_to_dict(setup), allow_nan=False))) == setup


@PROFILE
@given(st.sampled_from(["training", None]), st.sampled_from(
    ["epochs", "batch_size", "shuffle", "schedule", "learning_rate", "mode", "dataset", "init", "init_scale", "seed",
     "dims", "activations", "bias", "cost", "reduction"]), JSON)
def test_any_value_of_any_key_is_refused_naming_that_key_or_accepted(where, key, value):
    doc = _model()
    training_key = key not in ("dims", "activations", "bias", "cost", "reduction")
    assume(training_key == (where == "training"))
    (doc["training"] if training_key else doc)[key] = value
    try:
        parse_model(json.dumps(doc).encode(), "m.json")
    except ModelFileError as exc:
        assert f'"{key}"' in str(exc) or "weights" in str(exc) or "biases" in str(exc), str(exc)
