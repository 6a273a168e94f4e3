"""The next Step taken apart in the session: every update in the trainer's order, ending where the Step ends."""

import pickle

import numpy as np
import pytest

from xorgui.core.model.network import Spec
from xorgui.core.session.command import FinishWalk, Play, SetParam, Step, Walk
from xorgui.core.session.session import Session
from xorgui.core.session.stepping import StepWalk
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup

CONFIGS = [
    TrainConfig(learning_rate=0.5),
    TrainConfig(learning_rate=0.5, mode="online"),
    TrainConfig(learning_rate=0.5, mode="online", shuffle=False),
    TrainConfig(learning_rate=0.3, mode="minibatch", batch_size=3, seed=7),
    TrainConfig(learning_rate=0.3, mode="batch", schedule=True, seed=3),
]


def walks(session):
    """Take every update of the next Step apart, as the window asks for them, one at a time."""
    first = answer(session.handle(Walk(0)))
    return [first] + [answer(session.handle(Walk(k))) for k in range(1, first.updates)]


def answer(replies):
    (walk,) = [p for k, p in replies if k == "walkthrough"]
    assert isinstance(walk, StepWalk)
    return pickle.loads(pickle.dumps(walk))  # as it arrives from the trainer process


def setup_of(config, dataset="xor"):
    return Setup(spec=Spec((2, 3, 1)), config=config, dataset=dataset, n_points=10, seed=5)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.mode}-{c.shuffle}-{c.schedule}")
@pytest.mark.parametrize("dataset", ["xor", "noisy-xor"])
def test_the_updates_chain_and_end_bit_for_bit_where_one_step_ends(config, dataset):
    session = Session(setup_of(config, dataset))
    session.handle(Step())  # a shuffled run's second epoch draws a new order
    parts = walks(session)
    m = len(session.trainer.data.X)
    assert len(parts) == {"batch": 1, "online": m}.get(config.mode, -(-m // 3))
    taken = np.concatenate([p.walk.rows for p in parts])
    assert sorted(taken) == list(range(m))
    for before, after in zip(parts, parts[1:]):
        assert np.array_equal(before.walk.theta_after, after.walk.theta_before)
    assert np.array_equal(parts[0].walk.theta_before, session.trainer.net.theta)  # nothing changed yet
    stepped = Session(setup_of(config, dataset))
    stepped.handle(Step())
    stepped.handle(Step())
    assert np.array_equal(parts[-1].walk.theta_after, stepped.trainer.net.theta)
    last = parts[-1]
    session.handle(FinishWalk(last.generation, last.epoch, last.start))
    assert np.array_equal(session.trainer.net.theta, stepped.trainer.net.theta)
    assert session.trainer.epoch == stepped.trainer.epoch == 2
    # and the trainer's own draws went on as if nothing had looked: the next Steps agree too
    session.handle(Step())
    stepped.handle(Step())
    assert np.array_equal(session.trainer.net.theta, stepped.trainer.net.theta)


def test_an_online_update_is_one_sample_and_a_batch_update_all():
    online = answer(Session(setup_of(CONFIGS[1])).handle(Walk(2)))
    assert not online.walk.batch and len(online.walk.rows) == 1 and (online.update, online.updates) == (2, 4)
    batch = answer(Session(setup_of(CONFIGS[0])).handle(Walk()))
    assert batch.walk.batch and list(batch.walk.rows) == [0, 1, 2, 3] and batch.last


def test_finishing_after_the_network_changed_applies_nothing():
    session = Session(setup_of(CONFIGS[0]))
    part = answer(session.handle(Walk()))
    session.handle(SetParam("w:1:0:0", 0.25))
    theta = session.trainer.net.theta.copy()
    replies = session.handle(FinishWalk(part.generation, part.epoch, part.start))
    assert [k for k, _ in replies][0] == "error" and "nothing was applied" in replies[0][1]
    assert np.array_equal(session.trainer.net.theta, theta) and session.trainer.epoch == 0


def test_taking_a_step_apart_pauses_training_and_changes_nothing():
    session = Session(setup_of(CONFIGS[0]))
    session.handle(Play())
    session.tick(0.01)
    theta, epoch = session.trainer.net.theta.copy(), session.trainer.epoch
    replies = session.handle(Walk())
    assert not session.running and ("state", False) in replies
    assert np.array_equal(session.trainer.net.theta, theta) and session.trainer.epoch == epoch


def test_an_update_the_step_does_not_make_is_refused():
    replies = Session(setup_of(CONFIGS[0])).handle(Walk(1))
    assert replies[0][0] == "error" and "updates 1 … 1" in replies[0][1]
