"""A teacher's exercise sheet written to a folder: Markdown and PDF (Qt prints it), its answer key, the model files."""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextCursor, QTextDocument, QTextOption

from xorgui.core.files.access import write_atomic
from xorgui.core.files.modelfile import save_model
from xorgui.core.walkthrough.sheet import make_sheet


def pdf_bytes(markdown: str, title: str) -> bytes:
    """Return a PDF (A4, 15 mm margins) of a Markdown document, laid out by Qt's rich-text engine."""
    doc = QTextDocument()
    doc.setMarkdown(markdown)
    _wrap_code(doc)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
    doc.print_(writer)
    del writer  # the PDF is finished when its writer goes
    data = bytes(buffer.data().data())
    buffer.close()
    return data


def _wrap_code(doc: QTextDocument) -> None:
    """Let the lines of code blocks break at the page's edge (a printed page cannot scroll sideways)."""
    option = doc.defaultTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    doc.setDefaultTextOption(option)
    cursor = QTextCursor(doc)
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.nonBreakableLines():
            fmt.setNonBreakableLines(False)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
        block = block.next()


def write_sheet(folder: str, count: int, seed: int) -> list[str]:
    """Write ``count`` exercises drawn from ``seed`` into ``folder``; return the files written.

    The sheet and its answer key as Markdown (``exercises.md``,
    ``answers.md``, as ``xorgui exercises`` writes them) and as PDF, and
    each exercise's model file, every one atomically.
    """
    sheet = make_sheet(count, seed)
    os.makedirs(folder, exist_ok=True)
    written = []
    for stem, text, title in (("exercises", sheet.exercises_md, "Backpropagation exercises"),
                              ("answers", sheet.answers_md, "Backpropagation exercises: answers")):
        for ext, data in (("md", text), ("pdf", pdf_bytes(text, title))):
            path = os.path.join(folder, f"{stem}.{ext}")
            write_atomic(path, data)
            written.append(path)
    for ex in sheet.exercises:
        path = os.path.join(folder, ex.model_file)
        save_model(path, ex.net, ex.setup)
        written.append(path)
    return written
