"""The main window's panes: splitters that never collapse a pane, scroll areas, first sizes.

Each pane has a minimum of its own, set here, so that neither a long
neuron list nor a dragged splitter handle can squeeze another pane to
nothing, and the window's minimum fits a 1280×720 screen with room.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QStyle, QWidget

from xorgui.qt.widgets import named

GRAPH_MINIMUM = QSize(280, 160)  # the network view: a [2, 2, 1] stays readable
PLOT_MINIMUM = QSize(220, 190)  # the loss plot (two plots above each other) and the tabs
INSPECTOR_MINIMUM_WIDTH = 290
INSPECTOR_SHARE, INSPECTOR_MAXIMUM = 0.3, 560  # of the window's width, on the first show
GRAPH_SHARE = 0.56  # of the height under the toolbar
TABS_SHARE = 0.55  # of the width under the graph: the tabs' tables and map need more than the loss curves


def pane_splitter(orientation: Qt.Orientation, name: str, panes: list[QWidget],
                  stretch: tuple[int, ...] | None = None) -> QSplitter:
    """Return a splitter of ``panes`` whose handles stop at each pane's minimum instead of collapsing it."""
    splitter = named(QSplitter(orientation), name)
    for pane in panes:
        splitter.addWidget(pane)
    splitter.setChildrenCollapsible(False)
    for k, factor in enumerate(stretch or ()):
        splitter.setStretchFactor(k, factor)
    return splitter


def scrolled(widget: QWidget, name: str, minimum: QSize, horizontal: bool = True) -> QScrollArea:
    """Return ``widget`` in a frameless scroll area of the given minimum size.

    With ``horizontal`` False the area is never narrower than the widget's
    own minimum width plus a vertical scroll bar: only vertical scrolling.
    """
    area = named(QScrollArea(widgetResizable=True), name)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no Tab stop of its own: the widgets in it take the keys
    area.setWidget(widget)
    if not horizontal:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        minimum = minimum.expandedTo(QSize(widget.minimumSizeHint().width() + bar + 2, 0))
    area.setMinimumSize(minimum)
    return area


def size_panes(main: QSplitter, width: int, height: int) -> None:
    """Share a window of ``width`` × ``height`` between the panes.

    The panel is as narrow as it can be, the inspector about a third, the
    graph a little over half the height; under it the tabs get a little
    over half the width, the loss plot the rest.
    """
    center, plots = main.findChild(QSplitter, "centerSplitter"), main.findChild(QSplitter, "plotsSplitter")
    first = main.widget(0)
    if center is None or plots is None or first is None:
        raise ValueError("size_panes takes the window's main splitter: the panel, then the centre and plots splitters")
    panel = first.minimumWidth()
    inspector = max(INSPECTOR_MINIMUM_WIDTH, min(INSPECTOR_MAXIMUM, round(INSPECTOR_SHARE * width)))
    middle = max(width - panel - inspector, 1)
    main.setSizes([panel, middle, inspector])
    body = max(height - 90, 1)  # less the menu bar, the toolbar and the status bar
    center.setSizes([round(GRAPH_SHARE * body), body - round(GRAPH_SHARE * body)])
    plots.setSizes([middle - round(TABS_SHARE * middle), round(TABS_SHARE * middle)])
