"""What the monkey types and presses: keys, and texts good and bad for each field, by the field's object name."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.monkey.hands import NO_MOD

K, M = Qt.Key, Qt.KeyboardModifier
CTRL, SHIFT = M.ControlModifier, M.ShiftModifier
KEYS = [(K.Key_Space, NO_MOD), (K.Key_Right, NO_MOD), (K.Key_Left, NO_MOD), (K.Key_Up, NO_MOD),
        (K.Key_Down, NO_MOD), (K.Key_Tab, NO_MOD), (K.Key_Backtab, SHIFT), (K.Key_Escape, NO_MOD),
        (K.Key_Return, NO_MOD), (K.Key_R, NO_MOD), (K.Key_R, SHIFT), (K.Key_Z, CTRL), (K.Key_A, CTRL),
        (K.Key_Delete, NO_MOD), (K.Key_Backspace, NO_MOD), (K.Key_Home, NO_MOD), (K.Key_End, NO_MOD),
        (K.Key_PageUp, NO_MOD), (K.Key_PageDown, NO_MOD), (K.Key_K, CTRL), (K.Key_F1, NO_MOD), (K.Key_S, CTRL)]
DIMS = ["2,2,1", "2,3,1", "2,4,1", "2, 10, 2", "2,2,2,1", "2,1", "2,8,8,1", "2,12,1", "2,3,3,3,2", "2,64,64,2",
        " 2 , 2 , 1 ", "2,2,1,", "", "abc", "2,0,1", "3,2,1", "2,2,5", "2,,1", "2;3;1", "-2,2,1", "2,1e9,1",
        "2,513,1", "2,2.5,1", "２,２,１"]
RATES = ["0.5", "1", "0.1", "2", "1e-3", "10", "100", "1e6", "abc", "0", "-1", "nan", "inf", "", "1e400", "0x10",
         "1,5", "−0.5"]
VALUES = ["0.5", "-3", "0", "1e3", "1e308", "-1e308", "abc", "nan", "", "inf", "-0", "1e-320"]
NAMES_BAD = ["w:9:9:9", "z:0:0", "x:0", "b:1", "foo", "", "w:1:0:0:0", "W:1:0:0", " z:1:0 ", "z:1:-1"]
SPINS = {"batchSizeSpin": ["1", "2", "3", "4", "99", "0"], "epochsSpin": ["1", "5", "100", "10000", "100000000", "0"],
         "studyRuns": ["3", "20", "50"], "studyFirstSeed": ["0", "7", "2147483647"]}
GENERIC = ["abc", "0", "1", "", "-1", "1e308", "nan", "2,2,1", "w:1:0:0", "0.5"]
TEXTS = {"dimsEdit": DIMS, "learningRateEdit": RATES, "paramValueEdit": VALUES, "graphValueEditor": VALUES}
