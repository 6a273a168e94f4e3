import csv
import io

import numpy as np
import pytest

from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.worked import to_text
from xorgui.core.files.access import write_atomic
from xorgui.core.files.export import history_csv, parameters_csv, to_markdown
from xorgui.core.model.data import Dataset
from xorgui.core.model.network import Network, Spec
from xorgui.core.model.params import ParamRef, parse_param
from xorgui.core.session.snapshot import take_snapshot
from xorgui.core.training.setup import Setup


def test_parameters_csv_lists_every_weight_and_bias_with_exact_values():
    t = Setup().trainer()
    t.run(3)
    snap = take_snapshot(t)
    rows = list(csv.DictReader(io.StringIO(parameters_csv(snap))))
    assert len(rows) == snap.spec.n_params == 9
    row = next(r for r in rows if r["parameter"] == "w:2:0:1")
    assert float(row["value"]) == snap.weights[2][0, 1] and float(row["gradient"]) == snap.dC_dW[2][0, 1]
    assert float(row["last_update"]) == snap.last_dW[2][0, 1] and row["label"] == "w(2)_01"


def test_history_csv_round_trips():
    loss, rate = np.array([0.3, 0.2, 1e-17]), np.array([0.5, 0.25, 0.0])
    rows = list(csv.DictReader(io.StringIO(history_csv(loss, rate))))
    assert [int(r["epoch"]) for r in rows] == [1, 2, 3]
    assert [float(r["loss"]) for r in rows] == loss.tolist() and float(rows[1]["error_rate"]) == 0.25
    assert [r["thinned_block"] for r in rows] == ["", "", ""]


def test_a_thinned_history_exports_true_epochs_and_says_which_block_each_row_stands_for():
    from xorgui.core.training.loss_history import LossHistory

    rng = np.random.default_rng(0)
    loss, rate = rng.random(5000), rng.integers(0, 5, 5000) / 4
    history = LossHistory(capacity=200)
    history.extend(loss, rate)
    rows = list(csv.DictReader(io.StringIO(history_csv(history))))
    epochs = np.array([int(r["epoch"]) for r in rows])
    assert len(rows) == history.rows <= 200 and np.all(np.diff(epochs) > 0)
    assert [float(r["loss"]) for r in rows] == loss[epochs - 1].tolist()
    assert [float(r["error_rate"]) for r in rows] == rate[epochs - 1].tolist()
    for r, e in zip(rows, epochs):
        if e <= history.thinned_until:
            first, last = map(int, r["thinned_block"].split("-"))
            block = slice(first - 1, last)
            assert first <= e <= last and (loss[e - 1] in (loss[block].min(), loss[block].max())
                                           or rate[e - 1] in (rate[block].min(), rate[block].max()))
        else:
            assert r["thinned_block"] == ""
    assert any(r["thinned_block"] for r in rows)


def test_markdown_has_the_worked_example_under_headings():
    net = Setup().network()
    ex = explain(net, Setup().data(), parse_param("w:1:0:1", net.spec), 1)
    md = to_markdown(ex)
    assert md.startswith("# ∂C/∂w(1)_01 for sample x = (0, 1)")
    for heading in ("## Forward pass", "## δ recursion", "## Total", "## Finite-difference check"):
        assert heading in md
    for line in to_text(ex).splitlines()[3:]:
        assert line.strip().split(":")[-1].strip() in md


def test_atomic_writes_replace_whole_files(tmp_path):
    path = tmp_path / "a.csv"
    write_atomic(path, "one\n")
    write_atomic(path, b"two\n")
    assert path.read_text() == "two\n" and [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_atomic_writes_keep_the_usual_permissions(tmp_path):
    import os
    import stat

    path = tmp_path / "b.txt"
    old = os.umask(0o022)
    try:
        write_atomic(path, "x")
        assert stat.S_IMODE(path.stat().st_mode) == 0o644
        path.chmod(0o600)
        write_atomic(path, "y")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_the_worked_text_of_a_batch_of_many_samples_stays_short_and_says_how_many_it_lists():
    spec = Spec((2, 2, 1), ("sigmoid", "sigmoid"))
    net = Network(spec, np.random.default_rng(0).normal(0, 1, spec.n_params))
    rng = np.random.default_rng(1)
    data = Dataset("many", rng.random((10_000, 2)), rng.random((10_000, 1)))
    ex = explain(net, data, ParamRef("w", 1, 0, 0), None)
    text = to_text(ex)
    assert len(text) < 400_000  # 3.9 MB when every sample was written out
    assert f"the first {len(ex.rows)} of the 10 000 samples" in text
    assert "mean over 10 000 samples" in text
    assert text.count("  sample x = ") == len(ex.rows)


def test_an_atomic_write_never_replaces_a_pipe_or_a_device_with_a_file(tmp_path):
    import os
    import stat

    from xorgui.core.files.access import FileAccessError

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    os.symlink(pipe, tmp_path / "link")
    for path in (pipe, tmp_path / "link"):
        with pytest.raises(FileAccessError) as err:
            write_atomic(path, "x")
        assert str(err.value) == f"cannot save {path}: it is a pipe, not a file"
    assert stat.S_ISFIFO(pipe.stat().st_mode) and sorted(p.name for p in tmp_path.iterdir()) == ["link", "pipe"]
