import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from tests.processes import group_processes
from xorgui.cli import main
from xorgui.core.explanation.explain import explain
from xorgui.core.files.modelfile import load_model
from xorgui.core.model.data import make_dataset
from xorgui.core.model.params import parse_param
from xorgui.core.study.study import Study, cpus, default_workers
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.presets import get_preset
from xorgui.core.training.setup import Setup


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def model(tmp_path, capsys):
    path = tmp_path / "m.json"
    assert run(capsys, "train", "--dims", "2,3,2,1", "--hidden", "tanh", "--epochs", "300", "--seed", "4",
               "--save", str(path))[0] == 0
    return path


def test_train_prints_loss_error_rate_and_the_truth_table(capsys):
    code, out, _ = run(capsys, "train", "--preset", "nobias-2-3-1", "--epochs", "2000")
    assert code == 0
    assert "trained [2, 3, 1] for 2000 epochs" in out and "final loss" in out and "misclassified" in out
    t = get_preset("nobias-2-3-1").setup.with_(config=TrainConfig(learning_rate=1.0, epochs=2000)).trainer()
    t.run(2000)
    yhat = t.net.forward(t.data.X).yhat[:, 0]
    rows = [line.strip() for line in out.splitlines() if "ŷ" in line]
    assert rows == [f"x = ({a:g}, {b:g}), y = ({y:g}), ŷ = ({v:.8g})"
                    for (a, b), y, v in zip(t.data.X, t.data.Y[:, 0], yhat)]
    assert rows[1].startswith("x = (0, 1), y = (1), ŷ = (0.9")


def test_train_json_is_machine_readable_and_matches_a_direct_run(capsys):
    code, out, _ = run(capsys, "train", "--lr", "2", "--epochs", "500", "--seed", "7", "--json")
    doc = json.loads(out)
    from xorgui.core.training.config import TrainConfig
    from xorgui.core.training.setup import Setup

    t = Setup(config=TrainConfig(learning_rate=2.0, epochs=500), seed=7).trainer()
    t.run(500)
    assert doc["epochs"] == 500 and doc["loss"] == t.losses[-1]
    assert [r["yhat"][0] for r in doc["outputs"]] == t.net.forward(t.data.X).yhat[:, 0].tolist()


def test_explain_json_agrees_with_the_core(capsys, model):
    code, out, _ = run(capsys, "explain", str(model), "--param", "w:2:1:2", "--sample", "1,0", "--json")
    assert code == 0
    doc = json.loads(out)
    net, setup = load_model(model)
    ex = explain(net, setup.data(), parse_param("w:2:1:2", net.spec), sample=2)
    assert doc["gradient"] == ex.gradient and doc["path_count"] == ex.path_count == 1
    assert abs(doc["finite_difference"] - doc["gradient"]) <= 1e-6 * abs(doc["gradient"])
    fwd = net.forward(np.array([[1.0, 0.0]]))
    assert [layer["a"] for layer in doc["forward"]] == [a[0].tolist() for a in fwd.a]
    assert doc["forward"][0]["z"] == [] and doc["forward"][2]["z"] == fwd.z[2][0].tolist()
    factors = doc["paths"][0]["factors"]
    assert [f["name"] for f in factors][-1] == "a(1)_2"
    assert np.prod([f["value"] for f in factors]) == pytest.approx(doc["paths"][0]["product"], rel=1e-14)


def test_explain_batch_uses_the_reduction_and_text_shows_the_worked_example(capsys, model):
    code, out, _ = run(capsys, "explain", str(model), "--param", "z:1:0", "--batch", "--json")
    doc = json.loads(out)
    net, setup = load_model(model)
    ex = explain(net, setup.data(), parse_param("z:1:0", net.spec), sample=None)
    assert doc["gradient"] == ex.gradient == pytest.approx(np.mean(doc["per_sample"]), rel=1e-12)
    assert doc["path_count"] == 2 and len(doc["paths"][0]["factors"][0]["value"]) == 4
    code, text, _ = run(capsys, "explain", str(model), "--param", "b:3:0", "--cost", "sse")
    assert code == 0 and "δ(3)_0 = ∂C/∂ŷ_0 · g'(z(3)_0)" in text and "Finite-difference check" in text
    assert "cost: sse" in text


@pytest.mark.parametrize("argv,message", [
    (["train", "--dims", "2,0,1"], "layer 1 has 0 neurons"),
    (["train", "--dims", "abc"], "not a whole number"),
    (["train", "--dims", "3,2,1"], "inputs"),
    (["train", "--lr", "nan"], "positive finite"),
    (["train", "--lr", "-1"], "positive finite"),
    (["train", "--preset", "nope"], "unknown preset"),
    (["train", "--cost", "hinge"], "invalid choice"),
    (["explain", "/no/such/file", "--param", "w:1:0:0"], "xorgui: /no/such/file: no such file"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_gives_one_line_and_exit_status_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_parameter_or_sample_for_explain_exit_2(capsys, model):
    for extra, message in ((["--param", "w:4:0:0"], "xorgui: --param w:4:0:0: layer must be 1…3 for dims"),
                           (["--param", "w:1:0:0", "--sample", "5,5"],
                            "xorgui: --sample: no sample of data set 'xor' has input (5, 5)"),
                           (["--param", "w:1:0:0", "--sample", "0,1,1"], "--sample: a sample of data set 'xor' has 2 "
                                                                         "inputs, not 3"),
                           (["--param", "w:1:0:0", "--sample", ""], "argument --sample: bad sample ''")):
        code, out, err = run(capsys, "explain", str(model), *extra)
        assert code == 2 and err.startswith("xorgui") and message in err and err.count("\n") == 1 and out == ""


def test_python_dash_m_runs_the_same_command(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "xorgui", "train", "--dims", "2,x"], capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.strip().startswith("xorgui") and "'x'" in proc.stderr


def test_noisy_xor_has_the_brief_labels():
    data = make_dataset("noisy-xor", n_points=200, seed=3)
    assert data.X.shape == (200, 2)
    assert np.array_equal(data.Y[:, 0], ((data.X[:, 0] > 0.5) ^ (data.X[:, 1] > 0.5)).astype(float))
    assert 0.07 < np.std(data.X - np.round(data.X)) < 0.13


def test_explain_refuses_a_model_its_data_cannot_feed(capsys, tmp_path):
    from xorgui.core.files.modelfile import save_model
    from xorgui.core.model.build import init_network
    from xorgui.core.model.network import Spec

    save_model(tmp_path / "three.json", init_network(Spec((3, 2, 1)), 0))
    code, _, err = run(capsys, "explain", str(tmp_path / "three.json"), "--param", "w:1:0:0")
    assert code == 2 and "does not fit data set 'xor'" in err and err.count("\n") == 1


def test_study_prints_the_summary_and_json_gives_every_run(capsys):
    args = ("study", "--lr", "4", "--init", "uniform", "--epochs", "500", "--runs", "300", "--first-seed", "5")
    code, out, _ = run(capsys, *args)
    assert code == 0 and out.startswith("300 runs of [2, 2, 1], seeds 5…304, 500 epochs in ")
    assert "runs solved it within 500 epochs" in out and "% stuck" in out
    code, out, _ = run(capsys, *args, "--json")
    doc = json.loads(out)
    setup = Setup(config=TrainConfig(learning_rate=4.0, epochs=500), init="uniform")
    with Study(setup, 300, first_seed=5, workers=1) as study:
        study.run(500)
        expected = study.result()
    assert code == 0 and doc["epochs"] == 500 and doc["seeds"] == list(range(5, 305))
    assert doc["solved_at"] == expected.solved_at.tolist() and doc["stopped_at"] == [-1] * 300  # no schedule
    assert np.allclose(doc["final_loss"], expected.final_loss, rtol=1e-12)


def test_a_study_too_big_for_the_memory_exits_2_with_the_figures(capsys):
    code, out, err = run(capsys, "study", "--runs", "1000000000")
    assert code == 2 and out == ""
    assert err.startswith("xorgui: 1,000,000,000 runs of [2, 2, 1] need about ") and "use fewer runs" in err


def test_a_study_thread_out_of_memory_part_way_exits_2_with_one_line(capsys, monkeypatch):
    from xorgui.core.study import share

    real = share.StudyShare.run
    def run_out_in_the_last_share(self, epochs, *stop):
        if self.blocks[0].seeds[0] > 0:
            raise MemoryError
        real(self, epochs, *stop)
    monkeypatch.setattr(share.StudyShare, "run", run_out_in_the_last_share)
    monkeypatch.setattr("xorgui.core.study.study.default_workers", lambda runs, setup=None: 2)
    code, out, err = run(capsys, "study", "--runs", "40", "--epochs", "500")
    assert code == 2 and out == "" and err == "xorgui: out of memory: try fewer runs or a smaller network\n"


def test_ctrl_c_during_a_study_ends_it_with_one_line_and_no_process_left():
    runs = 20_000  # split over threads where there are two CPUs or more: they too stop
    assert default_workers(runs, Setup(config=TrainConfig(epochs=100000000))) > 1 or cpus() == 1
    proc = subprocess.Popen([sys.executable, "-m", "xorgui", "study", "--runs", str(runs), "--epochs", "100000000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3.0)  # the study runs: Python started, NumPy imported, the runs built
    assert list(group_processes(proc.pid)) == [proc.pid]  # the threads need no process of their own
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl+C: to the whole process group
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130 and err == "xorgui: interrupted\n" and out == ""
    deadline = time.time() + 5
    while _group_alive(proc.pid) and time.time() < deadline:
        time.sleep(0.05)
    assert not _group_alive(proc.pid)


def test_ctrl_c_pressed_three_times_still_ends_with_one_line_and_status_130():
    proc = subprocess.Popen([sys.executable, "-m", "xorgui", "study", "--runs", "20000", "--epochs", "100000000"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3.0)  # the study runs
    for pause in (0.0, 0.01, 0.03):  # an impatient person: the later presses land while the first is handled
        time.sleep(pause)
        os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert (proc.returncode, err, out) == (130, "xorgui: interrupted\n", "")


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True

