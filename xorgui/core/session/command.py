"""A command to the training session (``session.Session.handle``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """A command to the session: a verb and its arguments.

    Verbs: ``play``, ``pause``, ``step``, ``reset`` (new weights from a new
    seed, or ``args[0]``), ``restart`` (the same initial weights again),
    ``rebuild`` (``args[0]``: a Setup), ``load`` (``args``: Network, Setup),
    ``set_lr`` (``args[0]``: η), ``set_param`` (``args``: name, value),
    ``set_speed`` (``args[0]``: epochs per second, or None for flat out),
    ``configure`` (``args[0]``: TrainConfig fields to change, e.g. the mode),
    ``study`` (``args``: number of runs, first seed; pauses training, then
    sends ``("progress", (epoch, epochs))`` and at last ``("study", StudyResult)``,
    or ``("study", text)`` if it could not start or stopped), ``cancel_study``
    (answers ``("study", None)``), ``surface`` (``args``: two weight or bias names; answers
    ``("surface", LossSurface)`` with the trajectory from the timeline),
    ``view_epoch`` (``args[0]``: an epoch of the run's timeline; the snapshot
    has ``live`` False), ``branch`` (``args``: epoch,
    Setup: continue from that epoch's weights with new settings),
    ``snapshot`` (send the current state).
    """

    verb: str
    args: tuple = ()
