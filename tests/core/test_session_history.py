"""Branching from the timeline keeps the run's figures up to there, in bounded memory."""

import numpy as np

from xorgui.core.session.command import Branch, Step
from xorgui.core.session.session import Session
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.loss_history import LossHistory
from xorgui.core.training.setup import Setup


def snapshots(messages):
    return [p for k, p in messages if k == "snapshot"]


def test_a_branch_goes_on_from_the_epoch_with_the_figures_up_to_there_and_sends_none_again():
    s = Session(Setup(config=TrainConfig(epochs=10_000)))
    s.trainer.history = LossHistory(capacity=64)  # so that 3000 epochs are thinned
    every = Setup(config=TrainConfig(epochs=10_000)).trainer().run(3000)
    for _ in range(30):
        s.handle(Step())
    s.trainer.run(2970)
    old = s.trainer.history
    assert old.rows <= 64 and old.stride > 1
    before = old.epochs[old.epochs <= 1700].copy()
    out = s.handle(Branch(1700, s.setup.with_(config=s.setup.config.with_(learning_rate=2.0))))
    snap = snapshots(out)[-1]
    assert snap.epoch == 1700 and snap.parent is not None and len(snap.epoch_losses) == 0
    t = s.trainer
    assert t.epoch == 1700 and t.history.last_epoch == 1700 and np.array_equal(t.history.epochs, before)
    assert np.array_equal(t.history.loss, every.loss[before - 1])  # the old run's true figures
    step = snapshots(s.handle(Step()))[-1]
    assert step.epoch == 1701 and len(step.epoch_losses) == 1 and t.history.last_epoch == 1701
    assert t.history.at(1701) == (step.epoch_losses[0], step.epoch_error_rates[0])


def test_the_schedule_goes_on_after_a_branch_from_the_last_two_losses():
    # η = 30: the rules first halve η after epoch 97; η = 20: they stop the run after epoch 69
    for lr, epoch in ((30.0, 97), (20.0, 69)):
        setup = Setup(config=TrainConfig(epochs=300, schedule=True, learning_rate=lr))
        straight = setup.trainer()
        straight.run(epoch)
        s = Session(setup)
        s.trainer.history = LossHistory(capacity=16)  # the losses before the branch are thinned
        s.trainer.run(epoch + 20)
        s.handle(Branch(epoch - 1, setup))
        assert s.trainer.learning_rate == lr and s.trainer.stop_reason is None
        s.handle(Step())
        assert s.trainer.learning_rate == straight.learning_rate and s.trainer.stop_reason == straight.stop_reason
        assert np.allclose(s.trainer.net.theta, straight.net.theta, rtol=1e-12)
