import numpy as np

from xorgui.core.model.data import make_dataset
from xorgui.core.walkthrough.quantity import value
from xorgui.core.walkthrough.sheet import DIMS, make_sheet
from xorgui.core.walkthrough.walk import walk


def test_a_sheet_draws_small_networks_with_one_decimal_weights_and_distinct_questions():
    sheet = make_sheet(30, 5)
    assert {ex.net.spec.dims for ex in sheet.exercises} == set(DIMS)
    for ex in sheet.exercises:
        assert np.array_equal(np.round(ex.net.theta * 10), ex.net.theta * 10)
        assert np.all(np.abs(ex.net.theta) <= 1)
        assert len(set(ex.asked)) == len(ex.asked) == 3
        assert ex.asked[-1].kind in ("w_new", "b_new")
        data = make_dataset("xor", ex.net.spec.dims[-1])
        again = walk(ex.net, data, ex.sample, ex.setup.config.learning_rate)
        assert [value(again, q) for q in ex.asked] == [value(ex.walk, q) for q in ex.asked]
    assert sheet.exercises_md.count("\n## Exercise ") == sheet.answers_md.count("\n## Exercise ") == 30


def test_the_markdown_keeps_the_notation_out_of_emphasis():
    # underscores of w(n)_ij outside code would turn into italics when the sheet is rendered
    sheet = make_sheet(4, 0)
    for text in (sheet.exercises_md, sheet.answers_md):
        prose = [line for block in text.split("```")[::2] for line in block.splitlines()]
        for line in prose:
            outside_code = "".join(line.split("`")[::2])
            assert "_" not in outside_code, line
