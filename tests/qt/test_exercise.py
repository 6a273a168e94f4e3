"""Exercise mode as a learner and a teacher use it: a question, a typed answer, the verdict; a sheet written."""

from pathlib import Path

from PySide6.QtCore import Qt

from tests.qt.conftest import open_window
from tests.qt.person import choose, type_into
from xorgui.core.walkthrough.sheet import make_sheet


def opened(qtbot, window, kind):
    """Open the exercise dialog with its key, ask for ``kind`` and wait for the question."""
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_X)
    dialog = window.menus.exercise
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.quantity is not None)
    choose(qtbot, dialog.kind_box, kind)
    return asked(qtbot, dialog)


def asked(qtbot, dialog):
    qtbot.mouseClick(dialog.ask_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.quantity is not None)
    return dialog


def test_an_answer_made_with_g_prime_left_out_is_named_as_that_slip(window, qtbot):
    dialog = opened(qtbot, window, "δ")
    for _ in range(50):  # the output's δ: ∂C/∂ŷ · g′(z), whose g′ a learner may forget
        if dialog.quantity.n == 2:
            break
        asked(qtbot, dialog)
    q, snap = dialog.quantity, window.snapshot
    assert q.kind == "delta" and q.n == 2 and dialog.question.text().startswith("What is δ(2)_0 for sample")
    r = q.sample
    slip = snap.a[2][r, 0] - snap.data.Y[r, 0]  # half-SSE's ∂C/∂ŷ, without g′(z)
    type_into(qtbot, dialog.answer, f"{slip:.6g}")
    text = dialog.verdict.toPlainText()
    assert text.startswith("Not right") and "g' left out" in text and "The correct step:" in text
    assert "Tolerance: to the digits typed" in dialog.rule.text()


def test_a_right_answer_typed_to_fewer_digits_is_accepted(window, qtbot):
    dialog = opened(qtbot, window, "z (a sum)")
    q, snap = dialog.quantity, window.snapshot
    true = snap.z[q.n][q.sample, q.i]
    type_into(qtbot, dialog.answer, f"{true:.3g}")
    assert dialog.verdict.toPlainText().startswith("Right:"), dialog.verdict.toPlainText()
    assert dialog.last_grade.right and len(dialog.answer.text().lstrip("-")) <= 6  # three digits, not eight
    type_into(qtbot, dialog.answer, f"{true + 0.05:.6f}")  # to six decimals: off by far more than they allow
    assert dialog.verdict.toPlainText().startswith("Not right")


def test_the_tolerance_shown_is_that_of_the_answer_on_view_never_an_earlier_ones(window, qtbot):
    from xorgui.qt.exercise_dialog import RULE

    dialog = opened(qtbot, window, "z (a sum)")
    assert dialog.rule.text() == RULE
    type_into(qtbot, dialog.answer, "3.45")
    assert dialog.rule.text().startswith("Tolerance: to the digits typed: |answer − true| ≤ 0.005")
    type_into(qtbot, dialog.answer, "3.45abc")
    assert "is not a number" in dialog.verdict.toPlainText() and dialog.rule.text() == RULE
    type_into(qtbot, dialog.answer, "0.5")
    assert dialog.rule.text().startswith("Tolerance:")
    asked(qtbot, dialog)  # a new exercise: nothing typed yet
    assert dialog.rule.text() == RULE and dialog.verdict.toPlainText() == ""


def test_the_window_does_not_show_the_answer_while_the_dialog_is_open(window, qtbot):
    window.network_view.select("z:1:0")
    qtbot.waitUntil(lambda: window.inspector.name == "z:1:0")
    dialog = opened(qtbot, window, "a (an activation)")
    assert window.inspector.name == "" and not window.status_label.isVisible()
    assert window.sample_box.sample is None and dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.close()
    qtbot.waitUntil(window.status_label.isVisible)


def test_a_teachers_sheet_is_written_as_markdown_and_pdf_with_its_answer_key(window, qtbot, tmp_path):
    dialog = opened(qtbot, window, "random")
    dialog.count_spin.setFocus()
    dialog.count_spin.selectAll()
    qtbot.keyClicks(dialog.count_spin, "3")
    dialog.seed_spin.setFocus()
    dialog.seed_spin.selectAll()
    qtbot.keyClicks(dialog.seed_spin, "11")
    written = dialog.write_sheet(str(tmp_path))  # the folder a person picks in the button's file dialog
    sheet = make_sheet(3, 11)
    assert (tmp_path / "exercises.md").read_text(encoding="utf-8") == sheet.exercises_md
    assert (tmp_path / "answers.md").read_text(encoding="utf-8") == sheet.answers_md
    for name in ("exercises.pdf", "answers.pdf"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 1000
    assert {Path(p).name for p in written} >= {"exercise-01.json", "exercise-03.json"}


def test_quit_quits_while_the_exercise_dialog_is_open(qtbot, settings):
    window = open_window(qtbot, settings)
    dialog = opened(qtbot, window, "random")
    thread, closed = window.controller._thread, []
    window.destroyed.connect(lambda: closed.append(True))
    dialog.answer.setFocus()
    qtbot.keyClick(dialog.answer, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(closed) or not window.isVisible())
    qtbot.waitUntil(lambda: not thread.isRunning())


def test_an_absurd_answer_is_said_to_be_no_usable_number_and_the_dialog_goes_on(window, qtbot):
    dialog = opened(qtbot, window, "z (a sum)")
    for typed in ("1e999999999", "1e-999999999", "1_000"):
        type_into(qtbot, dialog.answer, typed)
        assert dialog.verdict.toPlainText().startswith(f"'{typed}' is not a number"), dialog.verdict.toPlainText()
    q, snap = dialog.quantity, window.snapshot
    type_into(qtbot, dialog.answer, f"{snap.z[q.n][q.sample, q.i]:.3g}")  # and it still grades
    assert dialog.verdict.toPlainText().startswith("Right:")
