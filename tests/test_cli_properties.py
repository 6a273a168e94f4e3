"""Property test: any command line gives results, or one line on stderr and status 2 (3: training diverged)."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xorgui.cli import main
from xorgui.core.files.modelfile import model_to_dict
from xorgui.core.model.build import init_network
from xorgui.core.model.network import Spec

GARBAGE = st.sampled_from(["", " ", "-1", "0", "nan", "inf", "-inf", "1e308", "3.5", "abc", "2,2", "[2, 3, 1]", "0,1",
                           "w:1:0:0", "9" * 30, "１", "--json"]) | st.text(max_size=6)
SMALL_EPOCHS = st.sampled_from(["0", "1", "7", "30"])
VALUES = {
    "--dims": st.sampled_from(["2,2,1", "2,3,2", "2,1", "2, 4, 1", "2,513,1", "3,2,1", "2,2,3", "2" + ",2" * 11]),
    "--hidden": st.sampled_from(["sigmoid", "tanh", "relu", "linear", "softmax"]),
    "--output": st.sampled_from(["sigmoid", "tanh", "linear", "softmax"]),
    "--cost": st.sampled_from(["half-sse", "sse", "mse", "cross-entropy", "hinge"]),
    "--reduction": st.sampled_from(["mean", "sum", "max"]),
    "--mode": st.sampled_from(["batch", "online", "minibatch"]),
    "--batch-size": st.sampled_from(["1", "2", "4", "5", "200", "10001"]),
    "--lr": st.sampled_from(["0.5", "4", "1e6", "100"]),
    "--epochs": SMALL_EPOCHS | st.sampled_from(["100000001", "-5", "1e3"]),
    "--seed": st.sampled_from(["0", "7", "4294967295", "4294967296"]),
    "--init": st.sampled_from(["uniform01", "uniform", "normal", "glorot", "bogus"]),
    "--init-scale": st.sampled_from(["0.5", "1", "1000000", "1000001"]),
    "--data": st.sampled_from(["xor", "and", "noisy-xor", "nope"]),
    "--preset": st.sampled_from(["onehot-2-10-2", "bias-2-2-1", "online-noisy-2-2-1", "no-hidden-2-1", "x"]),
}
FLAGS = ["--no-bias", "--no-shuffle", "--schedule", "--json"]


@st.composite
def train_args(draw):
    argv = []
    for option in draw(st.lists(st.sampled_from(list(VALUES) + FLAGS), max_size=6)):
        argv.append(option)
        if option in VALUES:
            argv.append(draw(VALUES[option] | GARBAGE) if draw(st.integers(0, 4)) == 0 else draw(VALUES[option]))
    if "--epochs" not in argv or draw(st.booleans()):  # a few epochs: the property is about the answer, not training
        argv += ["--epochs", draw(SMALL_EPOCHS)]
    return argv


def _check(code, out, err):
    assert code in (0, 2, 3)
    if code == 2:
        assert out == "" and err.count("\n") == 1 and err.startswith("xorgui") and "Traceback" not in err, err
    elif code == 3:
        assert err.startswith("xorgui: training diverged") and err.count("\n") == 1
    else:
        assert err == ""


PROFILE = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])


@PROFILE
@given(train_args())
def test_any_train_command_answers_or_refuses_in_one_line(capsys, argv):
    code = main(["train", *argv])
    out = capsys.readouterr()
    _check(code, out.out, out.err)
    if code == 0 and "--json" in argv:
        json.loads(out.out)


@PROFILE
@given(train_args(), st.sampled_from(["1", "3", "0", "-2", "x", ""]), st.sampled_from(["0", "5", "4294967295", "-1"]))
def test_any_study_command_answers_or_refuses_in_one_line(capsys, argv, runs, first_seed):
    code = main(["study", *argv, "--runs", runs, "--first-seed", first_seed])
    out = capsys.readouterr()
    _check(code, out.out, out.err if code != 3 else "xorgui: training diverged\n")


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "m.json"
    path.write_text(json.dumps(model_to_dict(init_network(Spec((2, 3, 2, 1), ("tanh", "tanh", "sigmoid")), 0))))
    return str(path)


EXPLAIN = st.sampled_from(["w:1:0:0", "b:3:0", "z:2:1", "w:9:0:0", "b:1:5", "0,1", "1,1", "5,5", "sse",
                           "cross-entropy", "and", "2", "1001", "-1"]) | GARBAGE


@PROFILE
@given(st.lists(st.tuples(st.sampled_from(["--param", "--sample", "--batch", "--cost", "--data", "--paths",
                                           "--json"]), EXPLAIN), max_size=5))
def test_any_explain_command_answers_or_refuses_in_one_line(capsys, model_path, options):
    argv = ["explain", model_path]
    for option, value in options:
        argv += [option] if option in ("--batch", "--json") else [option, value]
    code = main(argv)
    out = capsys.readouterr()
    _check(code, out.out, out.err)
    if code == 0 and "--json" in argv:
        json.loads(out.out)
