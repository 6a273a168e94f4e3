"""``--data FILE.csv`` for train, explain and study: data of one's own, or one line and status 2 for a bad file."""

import json

import numpy as np
import pytest

from xorgui.cli import main
from xorgui.core.files.csvdata import load_csv
from xorgui.core.files.modelfile import load_model
from xorgui.core.model.limits import MAX_CSV_BYTES

TUTORIAL = "x_0,x_1,y_0,y_1\n0.05,0.10,0.01,0.99\n"


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def tutorial(tmp_path):
    path = tmp_path / "tutorial.csv"
    path.write_text(TUTORIAL)
    return path


def test_train_takes_the_data_and_its_widths_and_saves_them_in_the_model(capsys, tutorial, tmp_path):
    code, out, err = run(capsys, "train", "--data", str(tutorial), "--epochs", "5", "--json",
                         "--save", str(tmp_path / "m.json"))
    doc = json.loads(out)
    assert code == 0 and err == "" and doc["dims"] == [2, 2, 2] and doc["epochs"] == 5
    assert doc["outputs"][0]["x"] == [0.05, 0.1] and doc["outputs"][0]["y"] == [0.01, 0.99]
    net, setup = load_model(tmp_path / "m.json")
    assert setup.custom == load_csv(tutorial) and net.spec.dims == (2, 2, 2)


def test_train_and_study_take_three_inputs_and_one_output_with_matching_dims(capsys, tmp_path):
    rng = np.random.default_rng(0)
    rows = "\n".join(",".join(repr(v) for v in row) for row in rng.normal(size=(20, 4)).tolist())
    (tmp_path / "three.csv").write_text("x1\tx2\tx3\ty\n" + rows.replace(",", "\t") + "\n")
    code, out, _ = run(capsys, "train", "--data", str(tmp_path / "three.csv"), "--dims", "3,5,1", "--output",
                       "linear", "--epochs", "50", "--mode", "minibatch", "--batch-size", "20")
    assert code == 0 and "trained [3, 5, 1] for 50 epochs" in out
    code, out, _ = run(capsys, "study", "--data", str(tmp_path / "three.csv"), "--runs", "3", "--epochs", "10",
                       "--json")
    assert code == 0 and len(json.loads(out)["final_loss"]) == 3


@pytest.mark.parametrize("text,message", [
    ("x,y\n1,2\n3,abc\n", "bad.csv, line 3, column 2 (y): 'abc' is not a number"),
    ("x,y\n1,nan\n", "bad.csv, line 2, column 2 (y): 'nan' is not a finite number"),
    ("x_0,x_1,y\n1,2,3\n4,5\n", "bad.csv, line 3: 2 cells, but the header names 3 columns"),
    ("", "bad.csv is empty"),
    ("x,y\n", "bad.csv has a header but no samples"),
])
@pytest.mark.parametrize("command", ["train", "study", "explain"])
def test_a_bad_file_is_one_line_naming_the_problem_and_status_2(capsys, tmp_path, text, message, command):
    (tmp_path / "bad.csv").write_text(text)
    model = ["m.json", "--param", "w:1:0:0"] if command == "explain" else []
    code, out, err = run(capsys, command, *model, "--data", str(tmp_path / "bad.csv"))
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"xorgui {command}: argument --data: ") and message in err


def test_a_missing_or_huge_file_and_mismatched_dims_are_one_line(capsys, tmp_path, tutorial):
    code, _, err = run(capsys, "train", "--data", str(tmp_path / "nope.csv"))
    assert code == 2 and err == f"xorgui train: argument --data: {tmp_path / 'nope.csv'}: no such file\n"
    with open(tmp_path / "huge.csv", "wb") as f:
        f.truncate(MAX_CSV_BYTES + 1)
    code, _, err = run(capsys, "train", "--data", str(tmp_path / "huge.csv"))
    assert code == 2 and "huge.csv is 32 MB: a CSV data file has at most 32 MB" in err and err.count("\n") == 1
    code, _, err = run(capsys, "train", "--data", str(tutorial), "--dims", "2,3,1")
    assert code == 2 and err == ("xorgui: --dims: the network [2, 3, 1] does not fit data set 'tutorial.csv': the "
                                 "network takes 2 inputs and gives 1 output, the data has 2 inputs and 2 targets "
                                 "per sample\n")


def test_explain_shows_the_worked_example_for_the_files_data(capsys, tmp_path, tutorial):
    assert run(capsys, "train", "--data", str(tutorial), "--epochs", "0", "--save", str(tmp_path / "m.json"))[0] == 0
    (tmp_path / "other.csv").write_text("x_0,x_1,y_0,y_1\n0.05,0.10,0.01,0.99\n1,2,0.5,0.25\n")
    code, out, err = run(capsys, "explain", str(tmp_path / "m.json"), "--param", "w:1:1:0", "--data",
                         str(tmp_path / "other.csv"), "--sample", "1,2")
    assert code == 0 and err == ""
    assert out.startswith("∂C/∂w(1)_10 for sample x = (1, 2), y = (0.5, 0.25)") and "a(0) = x = (1, 2)" in out
    code, out, _ = run(capsys, "explain", str(tmp_path / "m.json"), "--param", "b:2:1", "--json")
    assert code == 0 and json.loads(out)["sample"] == [0.05, 0.1]
    (tmp_path / "one.csv").write_text("x,y\n1,2\n")
    code, _, err = run(capsys, "explain", str(tmp_path / "m.json"), "--param", "w:1:0:0", "--data",
                       str(tmp_path / "one.csv"))
    assert code == 2 and "does not fit data set 'one.csv'" in err and err.count("\n") == 1


def test_explain_of_a_large_batch_lists_its_first_samples_and_reduces_over_all(capsys, tmp_path):
    rng = np.random.default_rng(5)
    X, Y = rng.random((10_000, 2)), rng.random((10_000, 1))  # noqa: N806
    rows = (f"{a!r},{b!r},{c!r}\n" for (a, b), (c,) in zip(X.tolist(), Y.tolist()))
    (tmp_path / "many.csv").write_text("x_0,x_1,y_0\n" + "".join(rows))
    assert run(capsys, "train", "--data", str(tmp_path / "many.csv"), "--dims", "2,64,64,1", "--epochs", "0",
               "--save", str(tmp_path / "m.json"))[0] == 0
    code, out, err = run(capsys, "explain", str(tmp_path / "m.json"), "--param", "w:1:0:0", "--batch", "--json")
    doc = json.loads(out)
    assert code == 0 and err == "" and doc["samples"] == 10_000 and 1 <= doc["samples_listed"] < 10_000
    assert len(out) < 1_000_000  # 36 MB when every sample's values were listed
    assert all(len(layer["a"]) == doc["samples_listed"] for layer in doc["forward"])
    assert len(doc["per_sample"]) == 10_000
    net, _ = load_model(tmp_path / "m.json")
    bwd = net.backward(net.forward(X), Y)
    assert doc["gradient"] == pytest.approx(bwd.dC_dW[1][0, 0], rel=1e-12)
    code, out, _ = run(capsys, "explain", str(tmp_path / "m.json"), "--param", "w:1:0:0", "--batch")
    assert code == 0 and f"(the first {doc['samples_listed']} of the 10 000 samples" in out and len(out) < 200_000
