"""The settings panel: network, cost, training and data, with inline error messages."""

from __future__ import annotations

import html
import math
import numbers

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from xorgui.core.model.costs import COSTS, REDUCTIONS
from xorgui.core.model.data import CUSTOM as CUSTOM_DATA
from xorgui.core.model.data import DATASETS
from xorgui.core.model.limits import MAX_BATCH_SIZE, MAX_EPOCHS, MIN_EPOCHS
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.model.notation import num
from xorgui.core.model.parsing import parse_dims, parse_positive
from xorgui.core.training.config import MODES
from xorgui.core.training.presets import PRESETS
from xorgui.core.training.setup import Setup
from xorgui.qt.setup_check import HIDDEN, OUTPUTS, check_fit, check_setup
from xorgui.qt.widgets import ElidingComboBox, named, signals_blocked, tip

SPEEDS = (("30 epochs/s", 30.0), ("300 epochs/s", 300.0), ("3 000 epochs/s", 3000.0), ("as fast as possible", None))
CUSTOM = "custom"


def _combo(name: str, items: tuple) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    box.addItems(list(items))
    # short entries: the box is as wide as the longest, so none is ever cut
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return box


def _preset_box() -> ElidingComboBox:
    box = ElidingComboBox(objectName="presetBox")
    box.addItem(CUSTOM)
    box.setItemData(0, "The settings match no classic configuration; choose one to start it",
                    Qt.ItemDataRole.ToolTipRole)
    for k, preset in enumerate(PRESETS.values(), start=1):
        box.addItem(preset.title)
        # rich text: a tooltip then wraps its lines instead of running across the screen
        box.setItemData(k, f"<b>{html.escape(preset.title)}</b><p>{html.escape(preset.notes, quote=False)}</p>",
                        Qt.ItemDataRole.ToolTipRole)
    return box


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class Controls(QWidget):
    """Edits a Setup. Structural changes ask for a rebuild; η and speed change live.

    Signals
    -------
    setupRequested(Setup)
        Rebuild the network, paused, with this setup.
    learningRateRequested(float)
        Change η without a reset.
    configRequested(object)
        Change the mode, batch size or epoch limit without a reset (a dict).
    speedRequested(object)
        Epochs per second, or None for as fast as possible.
    """

    setupRequested = Signal(object)
    learningRateRequested = Signal(float)
    configRequested = Signal(object)
    speedRequested = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.preset_box = _preset_box()
        self.setup, self._lr_text = Setup(), ""
        self.dims_edit = QLineEdit()
        self.dims_edit.setObjectName("dimsEdit")
        self.dims_edit.setToolTip(tip("Layer widths [inputs, hidden…, outputs], e.g. 2,3,1 or 2, 10, 2; press Enter"))
        self.dims_error = _error_label("dimsError")
        self.hidden_box, self.output_box = _combo("hiddenBox", HIDDEN), _combo("outputBox", OUTPUTS)
        self.bias_box = QCheckBox("biases")
        self.bias_box.setObjectName("biasBox")
        self.cost_box, self.reduction_box = _combo("costBox", tuple(COSTS)), _combo("reductionBox", REDUCTIONS)
        self.mode_box = _combo("modeBox", MODES)
        self.batch_spin = named(QSpinBox(minimum=1, maximum=MAX_BATCH_SIZE), "batchSizeSpin")
        self.batch_spin.setToolTip(tip("Mini-batch mode: the samples of each update (batch mode takes them all, "
                                       "online mode one at a time)"))
        self.shuffle_box = named(QCheckBox("shuffle each epoch"), "shuffleBox")
        self.shuffle_box.setToolTip("Online and mini-batch modes: a new random order of the samples every epoch")
        self.schedule_box = named(QCheckBox("η schedule (halving)"), "scheduleBox")
        self.schedule_box.setToolTip(tip("Configuration 5's rules: past epoch 20, halve η (never below 1e-6) when the "
                                         "epoch's loss rose; stop when the MSE is under 1e-6 or the loss fell by less "
                                         "than 1e-6"))
        self.lr_edit = named(QLineEdit(), "learningRateEdit")
        self.lr_edit.setToolTip("Learning rate η: a positive number such as 0.5 or 1e-3; press Enter")
        self.lr_error = _error_label("learningRateError")
        self.epochs_spin = named(QSpinBox(minimum=MIN_EPOCHS, maximum=MAX_EPOCHS, singleStep=1000), "epochsSpin")
        self.data_box = _combo("dataBox", DATASETS)
        self.speed_box = _combo("speedBox", tuple(s for s, _ in SPEEDS))
        self.settings_error = _error_label("settingsError")
        self._build_layout()
        self._connect()
        self.show_setup(self.setup)

    def _build_layout(self) -> None:
        form = QFormLayout()
        form.addRow("preset", self.preset_box)
        form.addRow("dims", self.dims_edit)
        form.addRow("", self.dims_error)
        form.addRow("hidden g", self.hidden_box)
        form.addRow("output g", self.output_box)
        form.addRow("", self.bias_box)
        form.addRow("cost", self.cost_box)
        form.addRow("batch gradient", self.reduction_box)
        form.addRow("mode", self.mode_box)
        form.addRow("batch size", self.batch_spin)
        form.addRow("", self.shuffle_box)
        form.addRow("learning rate η", self.lr_edit)
        form.addRow("", self.lr_error)
        form.addRow("", self.schedule_box)
        form.addRow("epoch limit", self.epochs_spin)
        form.addRow("data", self.data_box)
        form.addRow("speed", self.speed_box)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(self.settings_error)
        box.addStretch(1)

    def _connect(self) -> None:
        self.dims_edit.returnPressed.connect(self._apply_structure)
        for combo in (self.hidden_box, self.output_box, self.cost_box, self.reduction_box, self.data_box):
            combo.activated.connect(self._apply_structure)
        self.bias_box.clicked.connect(self._apply_structure)
        self.lr_edit.returnPressed.connect(self._apply_learning_rate)
        self.lr_edit.editingFinished.connect(self._apply_learning_rate)
        self.mode_box.activated.connect(self._apply_config)
        self.batch_spin.editingFinished.connect(self._apply_config)
        self.epochs_spin.editingFinished.connect(self._apply_config)
        self.shuffle_box.clicked.connect(self._apply_config)
        self.schedule_box.clicked.connect(self._apply_config)
        self.speed_box.activated.connect(lambda k: self.speedRequested.emit(SPEEDS[k][1]))
        self.preset_box.activated.connect(self._apply_preset)

    @property
    def setup(self) -> Setup:
        """The setup the panel shows (and edits); the preset box names it, or says "custom"."""
        return self._setup

    @setup.setter
    def setup(self, setup: Setup) -> None:
        self._setup = setup
        self._show_preset()

    def _show_preset(self) -> None:
        match = next((k for k, p in enumerate(PRESETS.values(), start=1) if _same_configuration(self._setup, p.setup)),
                     0)
        with signals_blocked([self.preset_box]):
            self.preset_box.setCurrentIndex(match)
        self.preset_box.setToolTip(self.preset_box.itemData(match, Qt.ItemDataRole.ToolTipRole))

    @property
    def speed(self) -> float | None:
        """Epochs per second chosen, or None for as fast as possible."""
        return SPEEDS[self.speed_box.currentIndex()][1]

    def set_speed_index(self, index: int) -> None:
        """Select a speed without emitting."""
        self.speed_box.setCurrentIndex(max(0, min(index, len(SPEEDS) - 1)))

    def show_setup(self, setup: Setup, learning_rate: float | None = None) -> None:
        """Mirror a setup in the widgets, without emitting anything.

        Raises
        ------
        ValueError
            If the panel cannot show the setup (a value outside its limits or
            choices); the panel is then left as it was.
        """
        check_setup(setup)
        if learning_rate is not None and not (isinstance(learning_rate, numbers.Real) and 0 < learning_rate < math.inf):
            raise ValueError(f"the learning rate must be a positive finite number, not {learning_rate!r}")
        widgets = (self.dims_edit, self.hidden_box, self.output_box, self.bias_box, self.cost_box, self.reduction_box,
                   self.mode_box, self.batch_spin, self.lr_edit, self.epochs_spin, self.data_box, self.shuffle_box,
                   self.schedule_box)
        shown = self._entries()
        with signals_blocked(widgets):
            self._fill(setup, learning_rate)
        self.setup = setup
        # a message is about what was typed or chosen there: once the fields show other values, it is stale
        for label, before, after in zip((self.dims_error, self.lr_error, self.settings_error), shown, self._entries()):
            if before != after:
                self._show_error(label, "")

    def _entries(self) -> tuple[tuple[str, str], str, tuple[object, ...]]:
        """Return what the fields that can show a message show: dims and data, η, the choices a network is made of."""
        choices = (self.hidden_box.currentText(), self.output_box.currentText(), self.bias_box.isChecked(),
                   self.cost_box.currentText(), self.reduction_box.currentText())
        return (self.dims_edit.text(), self.data_box.currentText()), self.lr_edit.text(), choices

    def _fill(self, setup: Setup, learning_rate: float | None) -> None:
        spec, cfg = setup.spec, setup.config
        self.dims_edit.setText(", ".join(str(d) for d in spec.dims))
        self.hidden_box.setCurrentText(spec.activations[0] if spec.N > 1 else "sigmoid")
        self.output_box.setCurrentText(spec.activations[-1])
        self.bias_box.setChecked(spec.bias)
        self.cost_box.setCurrentText(spec.cost)
        self.reduction_box.setCurrentText(spec.reduction)
        self.mode_box.setCurrentText(cfg.mode)
        self._enable_for_mode(cfg.mode)
        self.batch_spin.setValue(cfg.batch_size)
        self.shuffle_box.setChecked(cfg.shuffle)
        self.schedule_box.setChecked(cfg.schedule)
        if not self.lr_edit.hasFocus():
            self._lr_text = num(learning_rate if learning_rate is not None else cfg.learning_rate)
            self.lr_edit.setText(self._lr_text)
        self.epochs_spin.setValue(cfg.epochs)
        self._show_data_choice(setup)

    def _show_data_choice(self, setup: Setup) -> None:
        """Select the setup's data set; "custom" is a choice only while the setup holds data of the user's own."""
        custom = self.data_box.findText(CUSTOM_DATA)
        if setup.custom is not None and custom < 0:
            self.data_box.addItem(CUSTOM_DATA)
            self.data_box.setItemData(self.data_box.count() - 1, tip("Data of your own, from the data editor or a "
                                      "model file; choosing a preset replaces it"), Qt.ItemDataRole.ToolTipRole)
        elif setup.custom is None and custom >= 0:
            self.data_box.removeItem(custom)
        self.data_box.setCurrentText(setup.dataset)

    def _show_error(self, label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def _apply_structure(self, *_: object) -> None:
        try:
            dims = parse_dims(self.dims_edit.text())
        except ValueError as exc:
            self._show_error(self.dims_error, str(exc))
            return
        try:
            spec = Spec(dims, default_activations(len(dims) - 1, self.hidden_box.currentText(),
                                                  self._output_activation(dims)),
                        self.bias_box.isChecked(), self.cost_box.currentText(), self.reduction_box.currentText())
        except ValueError as exc:
            self._show_error(self.settings_error, str(exc))
            return
        setup = self._with_data(self.setup.with_(spec=spec))
        try:
            check_fit(setup)  # data and dims that do not fit: one message at the dims, nothing sent
        except ValueError as exc:
            self._show_error(self.dims_error, str(exc))
            return
        self._show_error(self.dims_error, "")
        try:
            self.show_setup(setup)
        except ValueError as exc:
            self._show_error(self.settings_error, str(exc))
            return
        self._show_error(self.settings_error, "")
        self.setupRequested.emit(setup)

    def _output_activation(self, dims: tuple[int, ...]) -> str:
        cost, output = self.cost_box.currentText(), self.output_box.currentText()
        if cost == "cross-entropy" and output not in ("sigmoid", "softmax"):
            output = "softmax" if dims[-1] > 1 else "sigmoid"
        if output == "softmax" and dims[-1] == 1:
            output = "sigmoid"
        return output

    def _with_data(self, setup: Setup) -> Setup:
        """Return ``setup`` with the data box's choice: a preset, or the custom data it holds (kept as it is)."""
        choice = self.data_box.currentText()
        return setup if choice == CUSTOM_DATA else setup.with_(dataset=choice)

    def _apply_learning_rate(self) -> None:
        if self.lr_edit.text() == self._lr_text:  # the rate as shown, rounded to 8 digits: η stays as it is
            self._show_error(self.lr_error, "")
            return
        try:
            lr = parse_positive(self.lr_edit.text())
        except ValueError as exc:
            self._show_error(self.lr_error, str(exc))
            return
        self._show_error(self.lr_error, "")
        self._lr_text = self.lr_edit.text()
        if lr != self.setup.config.learning_rate:
            self.setup = self.setup.with_(config=self.setup.config.with_(learning_rate=lr))
            self.learningRateRequested.emit(lr)

    def _enable_for_mode(self, mode: str) -> None:
        """Let the batch size be edited in mini-batch mode only, the order of the samples where there is one."""
        self.batch_spin.setEnabled(mode == "minibatch")
        self.shuffle_box.setEnabled(mode != "batch")

    def _apply_config(self, *_: object) -> None:
        self._enable_for_mode(self.mode_box.currentText())
        changes = {"mode": self.mode_box.currentText(), "batch_size": self.batch_spin.value(),
                   "epochs": self.epochs_spin.value(), "shuffle": self.shuffle_box.isChecked(),
                   "schedule": self.schedule_box.isChecked()}
        config = self.setup.config.with_(**changes)
        if config != self.setup.config:
            self.setup = self.setup.with_(config=config)
            self.configRequested.emit(changes)

    def _apply_preset(self, index: int) -> None:
        if index <= 0:
            return
        preset = list(PRESETS.values())[index - 1]
        self.show_setup(preset.setup)
        self.setupRequested.emit(preset.setup)


def _same_configuration(setup: Setup, preset: Setup) -> bool:
    """Whether ``setup`` is ``preset`` but for its seeds (Reset draws a new seed, not a new configuration)."""
    return setup.with_(seed=preset.seed, config=setup.config.with_(seed=preset.config.seed)) == preset
