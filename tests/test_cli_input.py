"""The command line as a person uses it: bad options and files, divergence, progress, Ctrl+C, killed workers."""

import json
import os
import resource
import signal
import subprocess
import sys

import numpy as np
import pytest

from xorgui.cli import DIVERGED_STATUS, main
from xorgui.cli_options import MAX_EXERCISES, build_parser
from xorgui.core.files.modelfile import model_to_dict
from xorgui.core.model.build import init_network
from xorgui.core.model.network import Spec
from xorgui.core.training.setup import Setup


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line(err):
    return err.count("\n") == 1 and err.endswith("\n") and err.startswith("xorgui") and "Traceback" not in err


@pytest.mark.parametrize("argv,message", [
    (["train", "--init-scale", "nan"], "argument --init-scale: the initial weights' scale must be a positive finite "
                                       "number up to 1 000 000, got 'nan'"),
    (["train", "--init-scale", "inf"], "argument --init-scale:"),
    (["train", "--init-scale", "1e308"], "argument --init-scale:"),
    (["train", "--init-scale", "-1"], "argument --init-scale:"),
    (["train", "--init-scale", "0"], "argument --init-scale:"),
    (["train", "--seed", "-1"], "argument --seed: the seed must be a whole number from 0 to 4 294 967 295, got '-1'"),
    (["train", "--seed", "4294967296"], "argument --seed:"),
    (["train", "--batch-size", "99"], "xorgui: --batch-size: 99 is more than the 4 samples of data set 'xor'"),
    (["train", "--batch-size", "0"], "argument --batch-size:"),
    (["train", "--dims", ""], "argument --dims: enter the layer widths"),
    (["train", "--dims", "2,513,1"], "argument --dims: layer 1 has 513 neurons; each layer needs 1 to 512"),
    (["train", "--dims", "2,2,3"], "argument --dims: the data sets have 1 output, or 2 one-hot outputs"),
    (["train", "--lr", ""], "argument --lr: the learning rate must be a positive finite number, got ''"),
    (["train", "--lr", "inf"], "argument --lr:"),
    (["train", "--save", ""], "argument --save: give a file name"),
    (["train", "--save", "/no/such/folder/m.json"], "argument --save: cannot save /no/such/folder/m.json: its "
                                                    "folder does not exist"),
    (["train", "--epochs", "3.5"], "argument --epochs: the number of epochs must be a whole number from 0 to "
                                   "100 000 000, got '3.5'"),
    (["train", "--epochs", "1_000"], "argument --epochs: the number of epochs must be a whole number from 0 to "
                                     "100 000 000, got '1_000'"),
    (["train", "--lr", "0_5"], "argument --lr: the learning rate must be a positive finite number, got '0_5'"),
    (["train", "--dims", "2,1_0,1"], "argument --dims: '1_0' is not a whole number"),
    (["train", "--epochs", "100000001"], "argument --epochs:"),
    (["train", "--epochs", "-1"], "argument --epochs:"),
    (["train", "--output", "softmax"], "xorgui: --output: a softmax output needs the cross-entropy cost"),
    (["train", "--preset", "nope"], "argument --preset: unknown preset 'nope' (known: onehot-2-10-2"),
    (["study", "--runs", "0"], "argument --runs: the number of runs must be a whole number from 1"),
    (["study", "--first-seed", "-1"], "argument --first-seed:"),
    (["study", "--first-seed", "4294967290", "--runs", "10"], "xorgui: --first-seed: seeds go up to 4 294 967 295, "
                                                             "and run 9 would have seed 4 294 967 299"),
    (["explain", "m.json", "--param", "w:1:0:0", "--paths", "-1"], "argument --paths: the number of listed paths "
                                                                   "must be a whole number from 0 to 1 000"),
    (["explain", "m.json", "--param", "w:1:0:0", "--paths", "1000000000"], "argument --paths:"),
    (["explain", "", "--param", "w:1:0:0"], "argument model: give a file name"),
    (["explain", "m.json", "--param", "w:1"], "argument --param: bad parameter 'w:1'"),
])
def test_each_bad_option_gives_one_line_naming_it_and_status_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and one_line(err) and message in err


def test_every_option_of_train_and_study_says_what_it_does_and_its_default():
    parser = build_parser()
    for command in ("train", "study", "explain", "bench"):
        sub = parser._subparsers._group_actions[0].choices[command]
        for action in sub._actions:
            if action.option_strings and action.dest != "help" and not action.required:
                assert action.help and "default" in action.help, (command, action.option_strings)


def test_epochs_0_reports_the_initial_weights_truthfully(capsys):
    code, out, _ = run(capsys, "train", "--epochs", "0", "--seed", "3", "--json")
    doc = json.loads(out)
    net = Setup(seed=3).network()
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)  # noqa: N806
    y = np.array([0, 1, 1, 0], float)
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    yhat = sig(sig(X @ net.W[1].T + net.b[1]) @ net.W[2].T + net.b[2])[:, 0]
    assert code == 0 and doc["epochs"] == 0
    assert doc["loss"] == pytest.approx(np.mean(0.5 * (yhat - y) ** 2), rel=1e-12)
    assert doc["error_rate"] == np.mean((yhat >= 0.5) != (y >= 0.5)) > 0
    code, text, _ = run(capsys, "train", "--epochs", "0", "--seed", "3")
    assert f"misclassified {100 * doc['error_rate']:.1f} %" in text and "(0 epochs)" in text


def test_a_diverged_run_says_so_exits_3_and_saves_nothing(capsys, tmp_path):
    argv = ("train", "--output", "linear", "--lr", "10", "--epochs", "1000", "--save", str(tmp_path / "m.json"))
    code, out, err = run(capsys, *argv)
    assert code == DIVERGED_STATUS == 3 and not (tmp_path / "m.json").exists()
    assert "training diverged at epoch" in out and "ŷ = (NaN)" in out and "nan" not in out.replace("NaN", "")
    assert one_line(err) and "training diverged" in err and "the model was not saved" in err
    code, out, err = run(capsys, *argv, "--json")
    doc = json.loads(out)  # valid JSON: null where a number is not finite
    assert code == 3 and doc["diverged"] is True and doc["loss"] is None and doc["outputs"][0]["yhat"] == [None]


def _model(tmp_path, text):
    path = tmp_path / "m.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


def _good():
    return model_to_dict(init_network(Spec(), 0))


@pytest.mark.parametrize("text,message", [
    ("", "m.json is not JSON (line 1, column 1: Expecting value)"),
    ("{", "m.json is not JSON (line 1, column 2: Expecting property name enclosed in double quotes)"),
    ("[" * 100_000, "m.json is not a model file: its JSON is nested too deeply"),
    (json.dumps({**_good(), "training": {"dataset": ["xor"]}}),
     "m.json: \"dataset\" in \"training\": unknown data set"),
    (json.dumps({**_good(), "training": {"init_scale": 1e308}}), "\"init_scale\" in \"training\""),
    (json.dumps({**_good(), "dims": [2, 10**9, 1]}), "m.json: \"dims\": dims must list 2 to 11 layer widths"),
    (b"\xff\xfe{}", "m.json is not UTF-8 text"),
])
def test_a_bad_model_file_gives_one_line_a_person_understands(capsys, tmp_path, text, message):
    code, out, err = run(capsys, "explain", _model(tmp_path, text), "--param", "w:1:0:0")
    assert code == 2 and out == "" and one_line(err) and message in err


def test_a_model_file_with_a_byte_order_mark_is_read(capsys, tmp_path):
    path = _model(tmp_path, b"\xef\xbb\xbf" + json.dumps(_good()).encode())
    code, out, _ = run(capsys, "explain", path, "--param", "w:1:0:0")
    assert code == 0 and out.startswith("∂C/∂w(1)_00 for sample x = (0, 0), y = (0)")


def test_a_save_error_names_the_file_asked_for(capsys, tmp_path):
    (tmp_path / "m.json").mkdir()  # a folder where the file should go
    code, out, err = run(capsys, "train", "--epochs", "5", "--save", str(tmp_path / "m.json"))
    assert code == 2 and one_line(err) and err == f"xorgui: cannot save {tmp_path / 'm.json'}: is a directory\n"
    assert ".tmp" not in err and os.listdir(tmp_path) == ["m.json"]


def _cli(*argv, **kwargs):
    # bytes, not text: text mode would turn the progress line's carriage returns into newlines
    return subprocess.Popen([sys.executable, "-m", "xorgui", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, bufsize=0, **kwargs)


def _finish(proc, timeout):
    out, err = proc.communicate(timeout=timeout)
    return out.decode(), err.decode()


def _terminal(text):
    """What a terminal shows for ``text``: each carriage return rewrites its line from the start."""
    lines = []
    for line in text.split("\n"):
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part):]
        lines.append(shown.rstrip())
    return "\n".join(lines)


def test_pipes_and_devices_are_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    for path, message in ((tmp_path / "fifo", "is a pipe, not a model file"),
                          ("/dev/zero", "/dev/zero is a device, not a model file")):
        proc = _cli("explain", str(path), "--param", "w:1:0:0")
        out, err = _finish(proc, 60)
        assert proc.returncode == 2 and out == "" and one_line(err) and message in err


def test_the_progress_line_is_cleared_before_the_results():
    proc = _cli("train", "--mode", "online", "--data", "noisy-xor", "--epochs", "300", "--progress")
    out, err = _finish(proc, 120)
    assert proc.returncode == 0 and "\repoch " in err  # progress was shown…
    assert _terminal(err) == ""  # …and is gone
    assert out.startswith("trained [2, 2, 1] for 300 epochs")


def test_ctrl_c_during_training_prints_on_a_line_of_its_own():
    proc = _cli("train", "--epochs", "100000000", "--progress")
    first = proc.stderr.read(7)  # blocks until the progress line shows: training runs
    os.killpg(proc.pid, signal.SIGINT)
    out, err = _finish(proc, 30)
    err = first.decode() + err
    assert proc.returncode == 130 and out == ""
    assert err.startswith("\repoch ") and _terminal(err) == "xorgui: interrupted\n"


def _limit_memory(gigabytes):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (int(gigabytes * 2**30), resource.RLIM_INFINITY))
    return limit


def test_a_study_under_a_process_memory_limit_is_refused_with_the_figures():
    proc = _cli("study", "--runs", "1000000", "--epochs", "10", preexec_fn=_limit_memory(1))
    out, err = _finish(proc, 120)
    assert proc.returncode == 2 and out == "" and one_line(err)
    assert "1,000,000 runs of [2, 2, 1] need about 0.7 GB, more than half of the " in err and "(ulimit -v)" in err


def test_the_readme_states_the_limits_the_core_enforces():
    from pathlib import Path

    from xorgui.core.model import limits

    text = " ".join((Path(__file__).parents[1] / "README.md").read_text().split())
    for phrase in (f"`epochs` 0 … {limits.thousands(limits.MAX_EPOCHS)}",
                   f"`batch_size` 1 … {limits.thousands(limits.MAX_BATCH_SIZE)}",
                   f"of 1 … {limits.MAX_WIDTH} neurons", f"at most {limits.MAX_LAYERS} layers after the input",
                   f"at most {limits.thousands(limits.MAX_WEIGHTS)} weights in all",
                   f"`seed` 0 … {limits.thousands(limits.MAX_SEED)}",
                   f"at most {limits.thousands(int(limits.MAX_INIT_SCALE))}",
                   f"larger than {limits.MAX_MODEL_BYTES // 2**20} MB", f"0 … {limits.thousands(limits.MAX_PATHS)}",
                   f"exits with status {DIVERGED_STATUS}", f"(1 … {MAX_EXERCISES})"):
        assert phrase in text, phrase


@pytest.mark.parametrize("argv", [["explain", "a\nb.json", "--param", "w:1:0:0"], ["walkthrough", "a\rb.json"],
                                  ["train", "--data", "d\n.csv"]])
def test_a_file_name_with_a_line_break_still_gives_one_line(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and one_line(err) and "\r" not in err and "no such file" in err


def test_saving_onto_a_pipe_is_refused_before_training_and_leaves_the_pipe(capsys, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, out, err = run(capsys, "train", "--epochs", "5000", "--save", str(pipe))  # refused before it trains
    assert code == 2 and out == "" and one_line(err) and f"cannot save {pipe}: it is a pipe, not a file" in err
    code, out, err = run(capsys, "walkthrough", str(pipe), "--out", str(pipe))
    assert code == 2 and one_line(err)
    assert os.path.exists(pipe) and not os.path.isfile(pipe)
