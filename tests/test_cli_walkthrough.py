import pytest

from tests.test_cli import run
from xorgui.core.files.modelfile import load_model
from xorgui.core.model.network import Network
from xorgui.core.walkthrough.walk import walk
from xorgui.core.walkthrough.writer import to_markdown, to_text


@pytest.fixture
def model(tmp_path, capsys):
    path = tmp_path / "m.json"
    assert run(capsys, "train", "--dims", "2,3,1", "--hidden", "tanh", "--epochs", "50", "--lr", "0.3",
               "--seed", "4", "--save", str(path))[0] == 0
    return path


def test_walkthrough_prints_the_update_of_the_model_on_the_sample_asked(capsys, model):
    code, out, err = run(capsys, "walkthrough", str(model), "--sample", "1,0")
    net, setup = load_model(model)
    assert code == 0 and err == ""
    assert out == to_text(walk(net, setup.data(), 2, 0.3))  # the model's η, input (1, 0) is sample 2 of xor


def test_walkthrough_of_the_batch_as_markdown_goes_to_a_file_with_the_options_applied(capsys, model, tmp_path):
    out_file = tmp_path / "walk.md"
    code, out, _ = run(capsys, "walkthrough", str(model), "--batch", "--format", "md", "--lr", "2", "--cost", "sse",
                       "--out", str(out_file))
    net, setup = load_model(model)
    net = Network(net.spec.with_(cost="sse"), net.theta)
    assert code == 0 and out == ""
    assert out_file.read_text() == to_markdown(walk(net, setup.data(), None, 2.0))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json", "walk.md"]  # no temporary file left behind


@pytest.mark.parametrize("argv, message", [
    (["--sample", "5,5"], "xorgui: --sample: no sample of data set 'xor' has input (5, 5)"),
    (["--sample", "0,1", "--batch"], "not allowed with argument"),
    (["--format", "pdf"], "argument --format: invalid choice"),
    (["--lr", "-1"], "argument --lr"),
    (["--data", "and,or"], "argument --data"),
])
def test_walkthrough_refuses_bad_input_in_one_line_with_status_2(capsys, model, argv, message):
    code, out, err = run(capsys, "walkthrough", str(model), *argv)
    assert code == 2 and out == "" and message in err and err.count("\n") == 1


def test_walkthrough_of_a_missing_model_or_into_a_missing_folder_exits_2(capsys, tmp_path, model):
    code, _, err = run(capsys, "walkthrough", str(tmp_path / "none.json"))
    assert code == 2 and err == f"xorgui: {tmp_path / 'none.json'}: no such file\n"
    code, _, err = run(capsys, "walkthrough", str(model), "--out", str(tmp_path / "no" / "w.md"))
    assert code == 2 and "its folder does not exist" in err and err.count("\n") == 1


def test_a_walkthrough_too_long_to_write_is_refused_in_one_line_and_one_sample_of_it_is_not(capsys, tmp_path):
    wide = tmp_path / "wide.json"
    assert run(capsys, "train", "--dims", "2,300,300,1", "--data", "noisy-xor", "--epochs", "0",
               "--save", str(wide))[0] == 0
    out_file = tmp_path / "w.txt"
    code, out, err = run(capsys, "walkthrough", str(wide), "--batch", "--out", str(out_file))
    net, setup = load_model(wide)
    m, weights = len(setup.data().X), net.theta.size - sum(net.spec.dims[1:])
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and not out_file.exists()
    assert f"{m} samples through 90 900 weights" in err and "take one sample" in err
    assert weights == 90_900
    assert run(capsys, "walkthrough", str(wide), "--out", str(out_file))[0] == 0 and out_file.stat().st_size > 0


def test_exercises_into_a_folder_under_a_file_says_the_file_is_no_folder(capsys, tmp_path):
    (tmp_path / "afile").write_text("")
    code, out, err = run(capsys, "exercises", "--out", str(tmp_path / "afile" / "x"))
    assert code == 2 and out == "" and err.strip().endswith("afile is a file, not a folder")
