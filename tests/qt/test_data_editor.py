"""The data editor used as a person uses it: cells typed, rows added and deleted, blocks pasted, files, Apply."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.qt.conftest import wait_for
from tests.qt.person import choose
from tests.qt.test_layout import placed, screen  # noqa: F401
from xorgui.core.files.csvdata import load_csv, save_csv
from xorgui.core.model.data import make_dataset
from xorgui.core.model.datacheck import custom_data
from xorgui.qt.panes import PLOT_MINIMUM


@pytest.fixture
def editor(qtbot, window):
    """The data tab, brought to the front with a click on its tab."""
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.data_editor)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    qtbot.waitUntil(window.data_editor.table.isVisible)
    return window.data_editor


def click_cell(qtbot, table, row, col, modifier=Qt.KeyboardModifier.NoModifier):
    index = table.model().index(row, col)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center())


def type_cell(qtbot, table, row, col, text):
    """Click a cell, start editing it with F2, type ``text`` over it, and press Enter."""
    click_cell(qtbot, table, row, col)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit)
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState)


def refused(qtbot, window, editor, before, *words):
    """The editor shows one message naming ``words`` and the model is as it was."""
    assert editor.error.isVisible(), "no message"
    for word in words:
        assert word in editor.error.text()
    qtbot.wait(50)  # nothing was sent; were anything sent, its answer would be here by now
    assert window.snapshot is before


def test_the_table_shows_the_models_samples_inputs_then_targets(window, editor):
    model, data = editor.model, window.snapshot.data
    assert model.rowCount() == len(data.X) and model.columnCount() == data.n_inputs + data.n_outputs
    names = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert names == ["x_0", "x_1", "y_0"]
    assert [model.data(model.index(3, c)) for c in range(3)] == [repr(float(v)) for v in (*data.X[3], *data.Y[3])]


def test_cells_typed_then_enter_train_on_the_edited_data(qtbot, window, editor):
    table = editor.table
    gen = window.snapshot.generation
    type_cell(qtbot, table, 0, 2, "0.25")
    type_cell(qtbot, table, 3, 1, "-1.5e-1")
    assert editor.dirty and window.snapshot.generation == gen  # nothing sent yet
    qtbot.keyClick(table, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    expected = make_dataset("xor")
    assert snap.setup.dataset == "custom" and snap.data.Y[0, 0] == 0.25 and snap.data.X[3, 1] == -0.15
    assert np.array_equal(snap.data.X[:3], expected.X[:3]) and np.array_equal(snap.data.Y[1:], expected.Y[1:])
    assert window.controls.data_box.currentText() == "custom" and not editor.dirty


def test_rows_added_and_deleted_with_the_buttons_then_apply(qtbot, window, editor):
    table = editor.table
    click_cell(qtbot, table, 3, 0)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 5
    type_cell(qtbot, table, 4, 0, "0.5")
    click_cell(qtbot, table, 0, 1)
    click_cell(qtbot, table, 2, 0, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    snap = wait_for(qtbot, window, lambda s: s.setup.dataset == "custom")
    assert snap.data.X.tolist() == [[0.0, 1.0], [1.0, 1.0], [0.5, 0.0]]
    assert snap.data.Y.tolist() == [[1.0], [0.0], [0.0]]


def test_a_block_pasted_with_ctrl_v_adds_rows_and_one_with_a_header_replaces_the_table(qtbot, window, editor):
    table = editor.table
    QGuiApplication.clipboard().setText("0.5\t0.5\t1\n0.1\t0.9\t0\n")  # as a spreadsheet copies
    click_cell(qtbot, table, 0, 0)
    qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.model.rowCount() == 6 and editor.model.values[5].tolist() == [0.1, 0.9, 0.0]
    QGuiApplication.clipboard().setText("x_0,y_0,y_1\n0.05,0.01,0.99\n")
    qtbot.mouseClick(editor.paste_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 1 and editor.model.columnCount() == 3
    before = window.snapshot
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)  # dims 2,2,1: the data do not fit
    refused(qtbot, window, editor, before, "does not fit", "1 input and 2 targets", "2 inputs")
    assert editor.fit_button.isVisible() and editor.fit_button.text() == "apply with dims 1, 2, 2"
    qtbot.mouseClick(editor.fit_button, Qt.MouseButton.LeftButton)
    snap = wait_for(qtbot, window, lambda s: s.dims == (1, 2, 2))
    assert snap.data == custom_data([[0.05]], [[0.01, 0.99]]) and window.controls.dims_edit.text() == "1, 2, 2"


def header_names(editor):
    return [editor.model.headerData(c, Qt.Orientation.Horizontal) for c in range(editor.model.columnCount())]


def test_columns_added_with_keys_and_buttons_are_applied_with_dims_that_fit_them(qtbot, window, editor):
    table, gen = editor.table, window.snapshot.generation
    click_cell(qtbot, table, 0, 1)
    qtbot.keyClick(table, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert header_names(editor) == ["x_0", "x_1", "x_2", "y_0"] and table.currentIndex().column() == 2
    type_cell(qtbot, table, 0, 2, "0.5")
    qtbot.mouseClick(editor.add_target_button, Qt.MouseButton.LeftButton)
    assert header_names(editor) == ["x_0", "x_1", "x_2", "y_0", "y_1"] and editor.dirty
    type_cell(qtbot, table, 1, 4, "1")
    qtbot.keyClick(table, Qt.Key.Key_Return)  # dims 2, 2, 1 take neither: one message, nothing sent
    refused(qtbot, window, editor, window.snapshot, "does not fit", "3 inputs and 2 targets")
    assert window.snapshot.generation == gen and editor.fit_button.text() == "apply with dims 3, 2, 2"
    with qtbot.waitSignal(editor.setupRequested) as sent:
        qtbot.mouseClick(editor.fit_button, Qt.MouseButton.LeftButton)
    assert sent.args[0].spec.dims == (3, 2, 2)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    xor = make_dataset("xor")
    assert snap.dims == (3, 2, 2) and snap.data == sent.args[0].custom
    assert snap.data.X.tolist() == [[*x, 0.5 if r == 0 else 0.0] for r, x in enumerate(xor.X.tolist())]
    assert snap.data.Y.tolist() == [[*y, 1.0 if r == 1 else 0.0] for r, y in enumerate(xor.Y.tolist())]


def test_a_column_selected_by_its_name_is_deleted_with_the_keys_and_the_rest_renamed(qtbot, window, editor):
    table, gen = editor.table, window.snapshot.generation
    qtbot.mouseClick(editor.add_input_button, Qt.MouseButton.LeftButton)
    type_cell(qtbot, table, 3, 2, "7")
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(0) + 5, header.height() // 2))
    assert {i.column() for i in table.selectionModel().selectedIndexes()} == {0}
    qtbot.keyClick(table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert header_names(editor) == ["x_0", "x_1", "y_0"]
    with qtbot.waitSignal(editor.setupRequested) as sent:
        qtbot.keyClick(table, Qt.Key.Key_Return)  # the dims fit again: applied as it is
    xor = make_dataset("xor")
    assert sent.args[0].spec.dims == (2, 2, 1)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.data.X.tolist() == [[x[1], 7.0 if r == 3 else 0.0] for r, x in enumerate(xor.X.tolist())]
    assert np.array_equal(snap.data.Y, xor.Y)


def test_deleting_the_only_target_column_is_refused_and_the_table_stays(qtbot, window, editor):
    before = editor.model.values.copy()
    click_cell(qtbot, editor.table, 2, 2)
    qtbot.mouseClick(editor.delete_columns_button, Qt.MouseButton.LeftButton)
    assert "at least one target (y) column" in editor.error.text() and editor.error.isVisible()
    assert np.array_equal(editor.model.values, before) and header_names(editor) == ["x_0", "x_1", "y_0"]
    assert not editor.dirty


def test_the_column_buttons_say_what_they_do_and_their_keys(editor):
    for button, key in ((editor.add_input_button, "Ctrl+Shift+X"), (editor.add_target_button, "Ctrl+Shift+Y"),
                        (editor.delete_columns_button, "Ctrl+Shift+Delete")):
        assert key in button.toolTip()


def test_a_bad_paste_is_one_message_naming_the_line_and_the_table_stays(qtbot, window, editor):
    QGuiApplication.clipboard().setText("0.5\t0.5\n")
    before = editor.model.values.copy()
    qtbot.mouseClick(editor.paste_button, Qt.MouseButton.LeftButton)
    assert "line 1: 2 cells, but the table has 3 columns" in editor.error.text()
    assert np.array_equal(editor.model.values, before) and not editor.dirty


def test_a_csv_round_trip_through_the_editor_keeps_every_digit(qtbot, window, editor, tmp_path):
    rng = np.random.default_rng(7)
    data = custom_data(rng.normal(size=(9, 2)), rng.normal(size=(9, 1)), "mine")
    save_csv(tmp_path / "in.csv", data)
    assert editor.import_csv(str(tmp_path / "in.csv"))
    assert editor.export_csv(str(tmp_path / "out.tsv"))
    back = load_csv(tmp_path / "out.tsv")
    assert np.array_equal(back.X, data.X) and np.array_equal(back.Y, data.Y)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.setup.dataset == "custom")
    assert np.array_equal(snap.data.X, data.X) and np.array_equal(snap.data.Y, data.Y)


@pytest.mark.parametrize("text, words", [("abc", ("sample 1, x_0", "'abc' is not a number")),
                                         ("nan", ("sample 1, x_0 is NaN", "finite")),
                                         ("", ("sample 1, x_0", "empty cell"))])
def test_a_bad_cell_is_refused_with_a_message_naming_it_and_nothing_changes(qtbot, window, editor, text, words):
    before = window.snapshot
    type_cell(qtbot, editor.table, 1, 0, text)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    refused(qtbot, window, editor, before, *words)
    type_cell(qtbot, editor.table, 1, 0, "0.5")  # mended, it goes through and the message goes
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda s: s.setup.dataset == "custom" and s.data.X[1, 0] == 0.5)
    assert not editor.error.isVisible()


def test_an_empty_table_and_a_csv_with_nan_are_refused_and_nothing_changes(qtbot, window, editor, tmp_path):
    before = window.snapshot
    click_cell(qtbot, editor.table, 0, 0)
    qtbot.keyClick(editor.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert editor.model.rowCount() == 0
    qtbot.mouseClick(editor.apply_button, Qt.MouseButton.LeftButton)
    refused(qtbot, window, editor, before, "empty")
    (tmp_path / "nan.csv").write_text("x_0,x_1,y_0\n0,1,nan\n")
    assert not editor.import_csv(str(tmp_path / "nan.csv"))
    refused(qtbot, window, editor, before, "line 2, column 3", "finite")


def test_the_preset_picker_fills_the_table_and_apply_chooses_that_preset(qtbot, window, editor):
    choose(qtbot, editor.preset_box, "nand")
    assert editor.model.values[:, 2].tolist() == [1.0, 1.0, 1.0, 0.0]
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.setup.dataset == "nand")
    assert snap.setup.custom is None and window.controls.data_box.currentText() == "nand"


def test_the_table_follows_the_models_data_unless_it_holds_edits(qtbot, window, editor):
    choose(qtbot, window.controls.data_box, "and")
    qtbot.waitUntil(lambda: editor.model.values[:, 2].tolist() == [0.0, 0.0, 0.0, 1.0])
    type_cell(qtbot, editor.table, 0, 0, "9")
    choose(qtbot, window.controls.data_box, "or")
    wait_for(qtbot, window, lambda s: s.setup.dataset == "or")
    assert editor.model.values[0, 0] == 9.0 and "keeps your edits" in editor.note.text()
    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)
    assert editor.model.values[:, 2].tolist() == [0.0, 1.0, 1.0, 1.0] and not editor.dirty


def test_ten_thousand_samples_import_scroll_and_apply(qtbot, window, editor, tmp_path):
    rng = np.random.default_rng(3)
    data = custom_data(rng.normal(size=(10_000, 2)), rng.integers(0, 2, (10_000, 1)), "big")
    save_csv(tmp_path / "big.csv", data)
    assert editor.import_csv(str(tmp_path / "big.csv"))
    table = editor.table
    click_cell(qtbot, table, 0, 0)
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert table.currentIndex().row() == 9_999
    assert table.rowAt(table.viewport().height() // 2) > 9_900  # scrolled to the end
    qtbot.keyClick(table, Qt.Key.Key_Return)
    snap = wait_for(qtbot, window, lambda s: s.setup.dataset == "custom")
    assert snap.data.X.shape == (10_000, 2) and np.array_equal(snap.data.X, data.X)


def test_the_data_tab_is_no_wider_than_the_side_pane_allows(editor):
    assert editor.minimumSizeHint().width() <= PLOT_MINIMUM.width()  # the tabs never scroll sideways for it


def test_a_message_in_the_data_tab_leaves_every_tab_and_the_four_samples_in_view(qtbot, placed, screen):  # noqa: F811
    from PySide6.QtWidgets import QScrollArea

    bar = placed.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(placed.tabs.indexOf(placed.data_editor)).center())
    editor = placed.data_editor
    qtbot.waitUntil(editor.table.isVisible)
    type_cell(qtbot, editor.table, 1, 0, "abc")
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    qtbot.waitUntil(editor.error.isVisible)
    qtbot.wait(50)
    table = editor.table
    assert not placed.findChild(QScrollArea, "tabsScroll").verticalScrollBar().isVisible()
    assert all(bar.rect().contains(bar.tabRect(k)) for k in range(bar.count())), "a tab is cut or scrolled away"
    last = table.rowAt(table.viewport().height() - 1)
    assert last in (-1, 3), f"only {last} rows in view on {screen.name()}"
