"""A combo box listing the samples of a data set, then "batch": the one choice of sample the views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtWidgets import QComboBox, QListView

from xorgui.core.model.data import Dataset
from xorgui.core.model.notation import sample_label


class SampleBox(QComboBox):
    """Lists each sample of a data set, then one entry for the whole batch; refilled only when the data change.

    ``sample`` is the index of the chosen sample, or None for the batch
    (the default: a single sample such as (0, 0) can make a gradient
    exactly zero, the batch's is the one training follows).
    """

    def __init__(self, name: str, batch: Callable[[Dataset, str], str], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # one line each: the popup need not measure 10 000 entries to lay them out
        cast(QListView, self.view()).setUniformItemSizes(True)
        self._batch = batch  # callable(data, reduction) -> the batch entry's text
        self._data_key: tuple[bytes, bytes, str] | None = None  # the data and reduction listed

    @property
    def sample(self) -> int | None:
        """Index of the chosen sample, or None for the batch."""
        k = self.currentIndex()
        return None if k < 0 or k == self.count() - 1 else k

    def set_sample(self, sample: int | None) -> None:
        """Choose a sample (None: the batch) without emitting."""
        self.blockSignals(True)
        self.setCurrentIndex(self.count() - 1 if sample is None or not 0 <= sample < self.count() - 1 else sample)
        self.blockSignals(False)

    def set_data(self, data: Dataset, reduction: str = "mean") -> bool:
        """List the samples of ``data`` keeping the choice if it still exists; return True if the list changed."""
        key = (data.X.tobytes(), data.Y.tobytes(), reduction)
        if key == self._data_key:
            return False
        self._data_key = key
        keep = self.sample
        self.blockSignals(True)
        self.clear()
        self.addItems([sample_label(x, y, digits=3) for x, y in zip(data.X, data.Y)])
        self.addItem(self._batch(data, reduction))
        self.blockSignals(False)
        self.set_sample(keep)
        return True
