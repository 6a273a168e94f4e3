import json
import re

import pytest

from xorgui.cli import main
from xorgui.core.files.modelfile import load_model
from xorgui.core.model.notation import num
from xorgui.core.model.params import all_params
from xorgui.core.walkthrough.sheet import DIMS


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _section(text, k):
    """The part of a sheet or key under '## Exercise k'."""
    return re.split(r"^## Exercise \d+$", text, flags=re.M)[k]


def _values(section, name):
    """The last number of every line of a key's section that states ``name = …``, in order."""
    found = []
    for line in section.splitlines():
        stripped = line.strip()
        if stripped.startswith(f"{name} =") or stripped.startswith(f"{name} ←"):
            found.append(stripped.rsplit("= ", 1)[1].split()[0])
    return found


@pytest.fixture
def sheet(tmp_path, capsys):
    out = tmp_path / "sheet"
    code, text, err = run(capsys, "exercises", "--count", "6", "--seed", "21", "--out", str(out))
    assert code == 0 and err == "" and "wrote 6 exercises" in text
    return out


def test_the_same_seed_writes_the_same_files_and_another_seed_other_ones(sheet, tmp_path, capsys):
    again, other = tmp_path / "again", tmp_path / "other"
    assert run(capsys, "exercises", "--count", "6", "--seed", "21", "--out", str(again))[0] == 0
    assert run(capsys, "exercises", "--count", "6", "--seed", "22", "--out", str(other))[0] == 0
    names = sorted(p.name for p in sheet.iterdir())
    assert names == ["answers.md", *(f"exercise-{k:02d}.json" for k in range(1, 7)), "exercises.md"]
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (sheet / name).read_bytes() == (again / name).read_bytes()
    assert (other / "exercises.md").read_text() != (sheet / "exercises.md").read_text()


def test_each_exercise_states_a_small_network_whose_model_file_holds_the_weights_shown(sheet):
    text = (sheet / "exercises.md").read_text()
    assert text.count("\n## Exercise ") == 6
    for k in range(1, 7):
        net, setup = load_model(sheet / f"exercise-{k:02d}.json")
        assert net.spec.dims in DIMS and setup.config.mode == "online"
        section = _section(text, k)
        assert f"dims {list(net.spec.dims)}" in section and f"η = {num(setup.config.learning_rate)}" in section
        table = dict(re.findall(r"^\| `([^`]+)` \| (\S+) \|$", section, flags=re.M))
        for ref in all_params(net.spec):
            if ref.kind == "w":
                assert table[ref.label] == num(net.W[ref.n][ref.i, ref.j])
            elif ref.kind == "b":
                assert table[ref.label] == num(net.b[ref.n][ref.i])


def test_the_answer_key_gives_the_numbers_xorgui_explain_gives_for_the_same_state(sheet, capsys):
    sheet_text, key = (sheet / "exercises.md").read_text(), (sheet / "answers.md").read_text()
    for k in range(1, 7):
        model = str(sheet / f"exercise-{k:02d}.json")
        net, _ = load_model(model)
        x = re.search(r"Sample: `x = \(([^)]*)\)", _section(sheet_text, k)).group(1).replace(" ", "")
        section = _section(key, k)
        for ref in all_params(net.spec):
            code, out, _ = run(capsys, "explain", model, "--param", ref.name, "--sample", x, "--json")
            doc = json.loads(out)
            assert code == 0
            if ref.kind == "z":
                assert _values(section, ref.label) == [num(doc["forward"][ref.n]["z"][ref.i])]
                assert _values(section, f"a({ref.n})_{ref.i}") == [num(doc["forward"][ref.n]["a"][ref.i])]
                assert _values(section, f"δ({ref.n})_{ref.i}") == [num(doc["delta"]["delta"])]
                continue
            gradient, new = _values(section, f"∂C/∂{ref.label}"), _values(section, ref.label)
            assert gradient[-1] == num(doc["gradient"])
            assert new[-1] == num(doc["update"]["new_value"])  # the update line: w ← … = new value
            for asked in re.findall(rf"^- `∂C/∂{re.escape(ref.label)}` = (\S+)$", section, flags=re.M):
                assert asked == num(doc["gradient"])
            for asked in re.findall(rf"^- `{re.escape(ref.label)}` after the update = (\S+)$", section, flags=re.M):
                assert asked == num(doc["update"]["new_value"])


@pytest.mark.parametrize("argv, message", [
    (["--count", "0", "--out", "DIR"], "argument --count"),
    (["--count", "101", "--out", "DIR"], "argument --count"),
    (["--seed", "-1", "--out", "DIR"], "argument --seed"),
    ([], "the following arguments are required: --out"),
])
def test_exercises_refuses_bad_input_in_one_line_with_status_2(capsys, tmp_path, argv, message):
    code, text, err = run(capsys, "exercises", *(str(tmp_path / "s") if a == "DIR" else a for a in argv))
    assert code == 2 and text == "" and message in err and err.count("\n") == 1
    assert not (tmp_path / "s").exists()


def test_exercises_refuses_a_file_or_a_missing_parent_as_the_folder(capsys, tmp_path):
    (tmp_path / "f").write_text("x")
    code, _, err = run(capsys, "exercises", "--out", str(tmp_path / "f"))
    assert code == 2 and "is not a folder" in err
    code, _, err = run(capsys, "exercises", "--out", str(tmp_path / "no" / "such"))
    assert code == 2 and "its parent folder does not exist" in err
