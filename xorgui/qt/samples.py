"""A combo box listing the samples of a data set."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from xorgui.core.data import Dataset


def sample_label(x, y) -> str:
    """Return a sample's label, e.g. ``x = (0, 1), y = (1)``."""
    return f"x = ({', '.join(f'{v:.3g}' for v in x)}), y = ({', '.join(f'{v:g}' for v in y)})"


class SampleBox(QComboBox):
    """Lists each sample of a data set, then optional extra entries; refilled only when the data change."""

    def __init__(self, name: str, extra=None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._extra = extra  # callable(data) -> list of extra entries
        self._data_key = None

    def set_data(self, data: Dataset, reduction: str = "mean") -> bool:
        """List the samples of ``data`` keeping the current index; return True if the list changed."""
        key = (data.X.tobytes(), data.Y.tobytes(), reduction)
        if key == self._data_key:
            return False
        self._data_key = key
        keep = self.currentIndex()
        self.blockSignals(True)
        self.clear()
        self.addItems([sample_label(x, y) for x, y in zip(data.X, data.Y)])
        if self._extra is not None:
            self.addItems(self._extra(data, reduction))
        self.setCurrentIndex(keep if 0 <= keep < self.count() else 0)
        self.blockSignals(False)
        return True
