"""CSV data files: read strictly with messages naming line and column, written to the last digit."""

import numpy as np
import pytest

from xorgui.core.files.csvdata import CsvDataError, csv_text, has_header, load_csv, parse_block, parse_csv, save_csv
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.limits import MAX_CSV_BYTES, MAX_SAMPLES


def test_a_tutorial_table_reads_with_its_inputs_and_targets_split_by_the_header():
    data = parse_csv("x_0,x_1,y_0,y_1\n0.05,0.10,0.01,0.99\n", name="tutorial")
    assert data.name == "tutorial" and data.X.tolist() == [[0.05, 0.1]] and data.Y.tolist() == [[0.01, 0.99]]


def test_tabs_quotes_spaces_blank_lines_comments_crlf_and_a_bom_are_fine():
    text = '\ufeff# my example\r\n\r\n"X1"\t"x2"\tY\r\n 1 \t"2.5"\t-3e-2\r\n\r\n4\t5\t6\r\n# end\r\n'
    data = parse_csv(text)
    assert data.X.tolist() == [[1.0, 2.5], [4.0, 5.0]] and data.Y.tolist() == [[-0.03], [6.0]]


def test_a_file_round_trips_bit_for_bit(tmp_path):
    rng = np.random.default_rng(7)
    X = np.vstack([rng.normal(size=(50, 3)) * 10.0 ** rng.integers(-300, 300, (50, 3)), [[-0.0, 5e-324, 0.1]]])  # noqa: N806
    Y = np.vstack([rng.random((50, 2)), [[1.7976931348623157e308, -2.2250738585072014e-308]]])  # noqa: N806
    data = custom_data(X, Y, "d.csv")
    for sep in (",", "\t"):
        save_csv(tmp_path / "d.csv", data, sep)
        back = load_csv(tmp_path / "d.csv")
        assert back == data and back.X.tobytes() == data.X.tobytes() and back.Y.tobytes() == data.Y.tobytes()
    assert (tmp_path / "d.csv").read_text().split("\n")[0] == "x_0\tx_1\tx_2\ty_0\ty_1"


@pytest.mark.parametrize("text,message", [
    ("", "the data is empty"),
    ("\n  \n# only a comment\n", "the data is empty"),
    ("x_0,y_0\n", "a header but no samples"),
    ("x_0,y_0\n\n1,2\n3,abc\n", "line 4, column 2 (y_0): 'abc' is not a number"),
    ("x_0,y_0\n1,\n", "line 2, column 2 (y_0): an empty cell is not a number"),
    ("x_0,y_0\n1,1_000\n", "line 2, column 2 (y_0): '1_000' is not a number"),
    ("x_0,x_1,y_0\n1,2,3\n4,5\n", "line 3: 2 cells, but the header names 3 columns (comma-separated)"),
    ("x_0,x_1,y_0\n1,2,3,\n", "line 2: 4 cells, but the header names 3 columns"),
    ("x_0,y_0\n1,2\n0.5,nan\n", "line 3, column 2 (y_0): 'nan' is not a finite number"),
    ("x_0,y_0\n-inf,2\n", "line 2, column 1 (x_0): '-inf' is not a finite number"),
    ("x_0,y_0\n1e999,2\n", "line 2, column 1 (x_0): '1e999' is not a finite number"),
    ("x_0,z,y_0\n1,2,3\n", "line 1, column 2: 'z' is not a column name"),
    ("y_0,x_0\n1,2\n", "line 1, column 2: input 'x_0' comes after a target"),
    ("x_0,x_1\n1,2\n", "line 1: the header names no target (y…) column"),
    ("y_0,y_1\n1,2\n", "line 1: the header names no input (x…) column"),
    (b"x_0,y_0\n1,\xff\n", "is not UTF-8 text (byte 10"),
])
def test_every_bad_table_is_refused_naming_the_line_and_column(text, message):
    with pytest.raises(CsvDataError) as err:
        parse_csv(text)
    assert message in str(err.value) and str(err.value).startswith("the data")


def test_too_many_rows_or_bytes_are_refused_before_anything_is_made(tmp_path):
    rows = "x,y\n" + "0,1\n" * (MAX_SAMPLES + 1)
    with pytest.raises(CsvDataError, match=f"line {MAX_SAMPLES + 2}: more than 10 000 samples"):
        parse_csv(rows)
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(MAX_CSV_BYTES + 1)
    with pytest.raises(CsvDataError, match=r"big.csv is 32 MB: a CSV data file has at most 32 MB"):
        load_csv(big)
    with pytest.raises(CsvDataError, match="bytes; a CSV data file has at most"):
        parse_csv("x,y\n" + " " * MAX_CSV_BYTES)


def test_a_missing_file_or_a_folder_is_one_sentence_naming_it(tmp_path):
    with pytest.raises(CsvDataError, match="nope.csv: no such file"):
        load_csv(tmp_path / "nope.csv")
    with pytest.raises(CsvDataError, match="is a directory, not a CSV data file"):
        load_csv(tmp_path)


def test_a_file_is_named_by_its_file_name(tmp_path):
    (tmp_path / "xor.csv").write_text("x_0,x_1,y_0\n0,0,0\n")
    assert load_csv(tmp_path / "xor.csv").name == "xor.csv"


def test_the_writer_refuses_another_separator():
    with pytest.raises(ValueError, match="comma or a tab"):
        csv_text(custom_data([[1.0]], [[2.0]]), ";")


@pytest.mark.parametrize("text, header", [("x_0,y_0\n1,2\n", True), ('# mine\n\n "Y1"\t2\n', True),
                                          ("0.5\t0.5\t1\n", False), ("\n\n", False), ("-1,x\n", False)])
def test_a_block_has_a_header_when_its_first_cell_names_a_column(text, header):
    assert has_header(text) is header


def test_a_block_without_a_header_is_read_under_the_tables_columns_by_the_files_rules():
    columns = ["x_0", "x_1", "y_0"]
    data = parse_block('# copied\r\n0.5\t"0.25"\t1\r\n\r\n-1e-3\t2\t0\r\n', columns, name="mine")
    assert data.name == "mine" and data.X.tolist() == [[0.5, 0.25], [-1e-3, 2.0]] and data.Y.tolist() == [[1.0], [0.0]]
    with_header = parse_block("x_0,y_0,y_1\n0.05,0.01,0.99\n", columns)
    assert with_header.X.tolist() == [[0.05]] and with_header.Y.tolist() == [[0.01, 0.99]]


@pytest.mark.parametrize("text, message", [("1,2,3\n4,5\n", "the block, line 2: 2 cells, but the table has 3 columns"),
                                           ("1,2,nan\n", "the block, line 1, column 3 (y_0): 'nan' is not a finite"),
                                           ("1,a,3\n", "the block, line 1, column 2 (x_1): 'a' is not a number"),
                                           ("\n# nothing\n", "the block is empty")])
def test_a_bad_block_is_refused_naming_its_own_line(text, message):
    with pytest.raises(CsvDataError) as err:
        parse_block(text, ["x_0", "x_1", "y_0"])
    assert message in str(err.value)


def test_semicolons_a_name_given_twice_and_one_cell_are_each_said_plainly():
    with pytest.raises(CsvDataError, match="separated by semicolons"):
        parse_csv("x_0;x_1;y_0\n0;1;1\n")
    with pytest.raises(CsvDataError, match=r"column 2: .x_0. names a column twice"):
        parse_csv("x_0,x_0,y_0\n0,1,1\n")
    with pytest.raises(CsvDataError, match="line 2: 1 cell, but"):
        parse_csv("x_0,x_1,y_0\n5\n")


def test_a_quoted_cell_may_hold_the_separator_and_a_decimal_comma_is_named_as_such():
    data = parse_csv('"x_0","x, second",y_0\n"1",2,"3"\n')
    assert data.X.tolist() == [[1.0, 2.0]] and data.Y.tolist() == [[3.0]]
    with pytest.raises(CsvDataError) as err:
        parse_csv('x_0,x_1,y_0\n"0,5",1,1\n')  # a spreadsheet's decimal comma, quoted as CSV quotes it
    assert "line 2, column 1 (x_0): '0,5' is not a number: write the decimal point as '.', e.g. 0.5" in str(err.value)
    with pytest.raises(CsvDataError, match=r"line 2, column 2 \(x_1\): 'nan' is not a finite"):
        parse_csv('"x, first",x_1,y_0\n"1",nan,1\n')
    assert parse_block('"1",2,"3"\n', ["x_0", "x_1", "y_0"]).X.tolist() == [[1.0, 2.0]]


def test_old_mac_line_ends_read_as_line_ends():
    data = parse_csv("x_0,x_1,y_0\r0,1,1\r\r1,1,0\r")
    assert data.X.tolist() == [[0.0, 1.0], [1.0, 1.0]] and data.Y.tolist() == [[1.0], [0.0]]
    with pytest.raises(CsvDataError, match="line 4, column 3"):
        parse_csv("x_0,x_1,y_0\r0,1,1\r\r1,1,abc\r")
