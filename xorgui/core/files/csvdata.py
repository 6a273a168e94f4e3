"""Data sets as CSV: a header naming the columns, one row per sample; read strictly, written to the last digit.

Format::

    x_0,x_1,y_0,y_1
    0.05,0.1,0.01,0.99

- The first line that is neither blank nor a comment is the header. A
  column whose name starts with ``x`` (or ``X``) is an input, one whose
  name starts with ``y`` (or ``Y``) a target; the inputs come first, then
  the targets, at least one of each. The rest of a name is free (``x1``,
  ``x_0``, ``y_target``); the columns are taken in their order.
- Cells are separated by commas, or by tabs when the header holds a tab
  (a block pasted from a spreadsheet). A cell may be wrapped in double
  quotes (then it may hold the separator, as CSV writers quote it) and
  surrounded by spaces. Each is a number as Python writes it
  (``0.05``, ``-1e-3``, ``5``), finite: NaN and infinities are refused.
- Blank lines and lines starting with ``#`` are ignored. Lines end with
  LF, CRLF or a lone CR (old Mac files).
- At most ``MAX_SAMPLES`` rows and ``MAX_CSV_BYTES`` bytes (``limits``).

A block pasted into a table (``parse_block``) may leave the header out:
it has one when its first cell names a column (``has_header``), else its
rows are read under the table's column names, by the same rules.

Every problem raises ``CsvDataError`` naming the line, and the column
where there is one, and the data set is not made. ``csv_text`` writes each
number with ``repr`` (the shortest text that reads back to the same float),
so that a data set written and read again is the same bit for bit.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Sequence

import numpy as np

from xorgui.core.files.access import FileAccessError, read_limited, write_atomic
from xorgui.core.model.data import Dataset
from xorgui.core.model.datacheck import DataError, custom_data
from xorgui.core.model.limits import MAX_CSV_BYTES, MAX_SAMPLES, thousands
from xorgui.core.model.parsing import written_float
from xorgui.core.model.validate import shown

__all__ = ["CsvDataError", "content_lines", "csv_text", "has_header", "load_csv", "parse_block", "parse_csv",
           "save_csv", "separator"]


class CsvDataError(ValueError):
    """A CSV data file that cannot be read; the message names the file, the line and the column."""


def load_csv(path: str | os.PathLike, name: str | None = None) -> Dataset:
    """Read a data set from a CSV file (see the module's docstring); its name is the file's name unless given.

    Raises
    ------
    CsvDataError
        One sentence naming the file and the problem, also for a file that
        is missing, unreadable, not a regular file or larger than
        ``MAX_CSV_BYTES``.
    """
    try:
        data = read_limited(path, MAX_CSV_BYTES, "a CSV data file")
    except FileAccessError as exc:
        raise CsvDataError(str(exc)) from None
    return parse_csv(data, os.fspath(path), name or os.path.basename(os.fspath(path)))


def parse_csv(data: bytes | str, source: str = "the data", name: str = "custom") -> Dataset:
    """Return the data set of a CSV text; ``source`` starts every error message, ``name`` names the data set."""
    lines = content_lines(_text(data, source))
    if not lines:
        raise CsvDataError(f"{source} is empty: give a header such as x_0,x_1,y_0 and one row per sample")
    head_no, head = lines[0]
    sep = separator(head)
    names = [_cell(c) for c in _split(head, sep)]
    inputs = _split_header(names, source, head_no)
    return _dataset(lines[1:], sep, names, inputs, source, name, "the header names")


def parse_block(data: str, columns: Sequence[str], source: str = "the block", name: str = "custom") -> Dataset:
    """Return the data set of a block of rows, with a header (``has_header``) or under the names ``columns``.

    Parameters
    ----------
    data : str
        Rows separated by tabs (as a spreadsheet copies them) or commas,
        by the rules of ``parse_csv``; lines are numbered from the block's first.
    columns : sequence of str
        The names (x… then y…) of a table the rows go into, when the block has no header.
    source, name : str
        As for ``parse_csv``.

    Raises
    ------
    CsvDataError
        As ``parse_csv``; a row of another width names the table's columns.
    """
    text = _text(data, source)
    if has_header(text):
        return parse_csv(text, source, name)
    lines = content_lines(text)
    if not lines:
        raise CsvDataError(f"{source} is empty: give one row per sample")
    names = list(columns)
    inputs = _split_header(names, f"{source} (the table's columns)", 0)
    return _dataset(lines, separator(lines[0][1]), names, inputs, source, name, "the table has")


def content_lines(text: str) -> list[tuple[int, str]]:
    """Return the lines of ``text`` that are neither blank nor comments (``#``), with their numbers from 1."""
    return [(no, line) for no, line in enumerate(_LINE_END.split(text), start=1)
            if line.strip() and not line.lstrip().startswith("#")]


def separator(line: str) -> str:
    """Return the separator of the cells of a CSV text: a tab when its first line (``line``) holds one, else a comma."""
    return "\t" if "\t" in line else ","


def has_header(text: str) -> bool:
    """Return whether a CSV text starts with a header: its first cell names a column (x… or y…), not a number."""
    lines = content_lines(text)
    if not lines:
        return False
    first = lines[0][1]
    return _cell(_split(first, separator(first))[0])[:1].lower() in ("x", "y")


def _text(data: bytes | str, source: str) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise CsvDataError(f"{source} has {thousands(len(data))} bytes; a CSV data file has at most "
                           f"{thousands(MAX_CSV_BYTES)}")
    try:
        return data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise CsvDataError(f"{source} is not UTF-8 text (byte {exc.start}: {exc.reason})") from None


def _dataset(lines: list[tuple[int, str]], sep: str, names: list[str], inputs: int, source: str, name: str,
             width_of: str) -> Dataset:
    rows = _rows(lines, sep, names, source, width_of)
    table = np.array(rows, dtype=float).reshape(len(rows), len(names))
    _check_finite(table, lines, sep, names, source)
    try:
        return custom_data(table[:, :inputs], table[:, inputs:], name)
    except DataError as exc:
        raise CsvDataError(f"{source}: {exc}") from None


_LINE_END = re.compile(r"\r\n|\r|\n")


def _split(line: str, sep: str) -> list[str]:
    """Return the cells of a line: split at ``sep``, except inside a cell wrapped in double quotes.

    A line whose quotes are not as CSV writes them is split at every
    ``sep``, so that the cell at fault is named as it was typed.
    """
    if '"' not in line:
        return line.split(sep)
    try:
        return next(csv.reader([line], delimiter=sep, strict=True, skipinitialspace=True))
    except csv.Error:
        return line.split(sep)


def _cell(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()
    return text


def _split_header(names: list[str], source: str, line: int) -> int:
    """Return the number of inputs the header names; refuse a header that is not x… then y… names."""
    kinds = [n[:1].lower() for n in names]
    if len(names) == 1 and ";" in names[0]:
        raise CsvDataError(f"{source}, line {line}: the cells are separated by semicolons; separate them by commas "
                           "or tabs, e.g. x_0,x_1,y_0")
    named: set[str] = set()
    first_target = kinds.index("y") + 1 if "y" in kinds else len(kinds) + 1  # the column of the first y…
    for col, (name, kind) in enumerate(zip(names, kinds), start=1):
        if name.strip() in named:
            raise CsvDataError(f"{source}, line {line}, column {col}: {shown(name)} names a column twice: "
                               "give each column its own name, e.g. x_0,x_1,y_0")
        named.add(name.strip())
        if kind not in ("x", "y"):
            raise CsvDataError(f"{source}, line {line}, column {col}: {shown(name)} is not a column name: name "
                               "each column x… (an input) or y… (a target), e.g. x_0,x_1,y_0")
        if kind == "x" and first_target < col:
            raise CsvDataError(f"{source}, line {line}, column {col}: input {shown(name)} comes after a target: "
                               "give the inputs (x…) first, then the targets (y…)")
    inputs = kinds.count("x")
    if inputs == 0 or inputs == len(names):
        missing = "input (x…)" if inputs == 0 else "target (y…)"
        raise CsvDataError(f"{source}, line {line}: the header names no {missing} column; e.g. x_0,x_1,y_0")
    return inputs


def _rows(lines: list[tuple[int, str]], sep: str, names: list[str], source: str,
          width_of: str) -> list[list[float]]:
    if not lines:
        raise CsvDataError(f"{source} has a header but no samples: give one row per sample after it")
    if len(lines) > MAX_SAMPLES:
        raise CsvDataError(f"{source}, line {lines[MAX_SAMPLES][0]}: more than {thousands(MAX_SAMPLES)} samples, "
                           "the most a data set may have")
    rows, width = [], len(names)
    for no, line in lines:
        cells = _split(line, sep)
        if len(cells) != width:
            raise CsvDataError(f"{source}, line {no}: {len(cells)} cell{'' if len(cells) == 1 else 's'}, but "
                               f"{width_of} {width} columns "
                               f"({'tab' if sep == chr(9) else 'comma'}-separated)")
        try:
            if '"' in line or "_" in line:
                raise ValueError  # said cell by cell below
            rows.append([float(c) for c in cells])
        except ValueError:
            rows.append([_number(c, no, col, names, source) for col, c in enumerate(cells, start=1)])
    return rows


def _number(cell: str, line: int, col: int, names: list[str], source: str) -> float:
    text = _cell(cell)
    try:
        return written_float(text)
    except ValueError:
        where = f"{source}, line {line}, column {col} ({names[col - 1]})"
        hint = f": write the decimal point as '.', e.g. {_decimal_point(text)}" if _decimal_point(text) else ""
        raise CsvDataError(f"{where}: {shown(text) if text else 'an empty cell'} is not a number{hint}") from None


def _decimal_point(text: str) -> str | None:
    """Return ``text`` with its decimal comma made a point ("0,5" → "0.5"), or None if that is no number either."""
    if text.count(",") != 1:
        return None
    try:
        written_float(text.replace(",", "."))
    except ValueError:
        return None
    return text.replace(",", ".")


def _check_finite(table: np.ndarray, lines: list[tuple[int, str]], sep: str, names: list[str], source: str) -> None:
    bad = np.argwhere(~np.isfinite(table))
    if bad.size:
        r, c = (int(v) for v in bad[0])
        text = _cell(_split(lines[r][1], sep)[c])
        raise CsvDataError(f"{source}, line {lines[r][0]}, column {c + 1} ({names[c]}): {shown(text)} is not a "
                           "finite number (NaN and infinities cannot be trained on)")


def csv_text(data: Dataset, sep: str = ",") -> str:
    """Return a data set as CSV: the header ``x_0,…,y_0,…``, then one row per sample, every number to the last digit."""
    if sep not in (",", "\t"):
        raise ValueError(f"the separator is a comma or a tab, not {sep!r}")
    head = [f"x_{j}" for j in range(data.X.shape[1])] + [f"y_{j}" for j in range(data.Y.shape[1])]
    table = np.hstack([data.X, data.Y]).tolist()
    return "\n".join([sep.join(head), *(sep.join(map(repr, row)) for row in table)]) + "\n"


def save_csv(path: str | os.PathLike, data: Dataset, sep: str = ",") -> None:
    """Write a data set as CSV atomically (see ``access.write_atomic``); a failure leaves any old file untouched."""
    write_atomic(path, csv_text(data, sep))
