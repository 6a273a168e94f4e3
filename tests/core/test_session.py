"""The worker's logic, driven synchronously (no Qt, no process)."""

import pickle
import time
from dataclasses import dataclass

import numpy as np
import pytest

from xorgui.core.model.network import Spec
from xorgui.core.session.command import (
    CancelStudy,
    Pause,
    Play,
    Rebuild,
    Reset,
    Restart,
    SetParam,
    SetRate,
    SetSpeed,
    StartStudy,
    Step,
)
from xorgui.core.session.session import Session
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


def kinds(messages):
    return [k for k, _ in messages]


def snapshots(messages):
    return [p for k, p in messages if k == "snapshot"]


def run_for(session, seconds):
    out, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end:
        out += session.tick()
    return out


def test_play_trains_and_emits_at_most_about_30_snapshots_a_second():
    s = Session(Setup(config=TrainConfig(epochs=10**7)))
    assert kinds(s.handle(Play())) == ["state"]
    out = run_for(s, 0.5)
    snaps = snapshots(out)
    assert 5 <= len(snaps) <= 17
    assert sum(len(x.epoch_losses) for x in snaps) <= s.trainer.epoch
    assert snaps[-1].epoch > snaps[0].epoch > 0


def test_while_running_the_grid_goes_out_only_when_drawn_anew_and_a_paused_state_always_has_one():
    s = Session(Setup(config=TrainConfig(epochs=10**7)))
    s.handle(Play())
    snaps = snapshots(run_for(s, 0.6))
    with_grid = [x for x in snaps if x.grid is not None]
    assert len(snaps) >= 8 and 0 < len(with_grid) < len(snaps)  # about 30 snapshots a second, 10 grids
    for snap in with_grid:  # a grid sent is the output of the snapshot's own weights
        yhat = snap.network().forward(np.array([[snap.grid.x_range[0], snap.grid.y_range[0]]])).yhat[0, 0]
        assert snap.grid.values[0, 0] == pytest.approx(yhat, abs=1e-12)
    paused = snapshots(s.handle(Pause()))
    assert paused and all(x.grid is not None for x in paused)


def test_pause_sends_the_final_state_then_nothing():
    s = Session()
    s.handle(Play())
    run_for(s, 0.05)
    out = s.handle(Pause())
    assert kinds(out) == ["snapshot", "state"] and out[1][1] is False
    assert snapshots(out)[0].epoch == s.trainer.epoch
    assert run_for(s, 0.1) == []


def test_step_is_exactly_one_epoch_and_pauses_first_when_running():
    s = Session()
    first = snapshots(s.handle(Step()))
    assert [x.epoch for x in first] == [1] and len(first[0].epoch_losses) == 1
    s.handle(Play())
    run_for(s, 0.05)
    out = s.handle(Step())
    assert kinds(out) == ["snapshot", "state", "snapshot"]
    paused, stepped = snapshots(out)
    assert stepped.epoch == paused.epoch + 1 and not s.running


def test_rebuild_bumps_the_generation_and_validates_first():
    s = Session()
    gen = s.generation
    out = s.handle(Rebuild(Setup(spec=Spec((2, 3, 1)),)))
    assert snapshots(out)[0].generation == gen + 1 and snapshots(out)[0].dims == (2, 3, 1)
    bad = s.handle(Rebuild(Setup(spec=Spec((3, 2, 1)),)))
    assert kinds(bad) == ["error", "snapshot"] and "inputs" in bad[0][1]
    kept = snapshots(bad)[0]  # what still holds, for the views to show
    assert kept.generation == gen + 1 and kept.dims == (2, 3, 1)
    assert s.generation == gen + 1 and s.trainer.net.spec.dims == (2, 3, 1)


def test_an_unknown_or_failing_command_answers_an_error_and_the_session_lives_on(monkeypatch):
    @dataclass(frozen=True)
    class Fly:  # not a command the session knows
        height: int

    s = Session()
    out = s.handle(Fly(1))
    assert kinds(out) == ["error", "snapshot"] and "unknown command" in out[0][1] and "Fly(height=1)" in out[0][1]
    out = s.handle("step")  # a verb is not a command
    assert kinds(out) == ["error", "snapshot"] and "unknown command 'step'" in out[0][1]

    def broken(*_):
        raise ZeroDivisionError("inside")

    monkeypatch.setattr(s.trainer, "run", broken)
    out = s.handle(Step())
    assert kinds(out) == ["error", "snapshot"] and "Step failed (ZeroDivisionError: inside)" in out[0][1]
    monkeypatch.undo()
    assert snapshots(s.handle(Step()))[0].epoch == 1


def test_restart_gives_the_same_initial_weights_and_reset_new_ones():
    s = Session()
    start = s.trainer.net.theta.copy()
    s.handle(Step())
    s.handle(Restart())
    assert np.array_equal(s.trainer.net.theta, start) and s.trainer.epoch == 0
    s.handle(Reset())
    assert not np.array_equal(s.trainer.net.theta, start)


def test_speed_limits_epochs_per_second():
    s = Session(Setup(config=TrainConfig(epochs=10**7)))
    s.handle(SetSpeed(200.0))
    s.handle(Play())
    end = time.perf_counter() + 0.5
    while time.perf_counter() < end:
        s.tick()
        time.sleep(s.idle_time())
    assert 60 <= s.trainer.epoch <= 110


def test_the_learning_rate_and_a_parameter_change_without_a_reset():
    s = Session()
    s.handle(Step())
    out = s.handle(SetRate(0.25))
    assert snapshots(out)[0].learning_rate == 0.25 and s.trainer.epoch == 1
    out = s.handle(SetParam("w:2:0:1", 3.5))
    assert snapshots(out)[0].weights[2][0, 1] == 3.5
    assert kinds(s.handle(SetRate(float("nan")))) == ["error", "snapshot"]
    assert kinds(s.handle(SetParam("w:9:0:0", 1.0))) == ["error", "snapshot"]


def test_divergence_stops_the_run_and_says_why():
    s = Session(Setup(spec=Spec((2, 3, 1), ("relu", "linear"), True, "sse", "sum"),
                      config=TrainConfig(learning_rate=50.0, epochs=10**6), init="uniform"))
    s.handle(Play())
    out = run_for(s, 0.3)
    assert not s.running and "learning rate" in snapshots(out)[-1].stop_reason
    assert kinds(out)[-1] == "state"


def test_snapshots_survive_a_pipe_read_only():
    s = Session()
    snap = snapshots(s.handle(Step()))[0]
    copy = pickle.loads(pickle.dumps(snap))
    for arr in (copy.weights[1], copy.a[1], copy.data.X, copy.grid.values, copy.epoch_losses,
                copy.derived.sample_costs, copy.derived.wrong):
        with pytest.raises(ValueError):
            arr[...] = 0
    assert np.array_equal(copy.weights[1], snap.weights[1]) and copy.setup == snap.setup


def test_a_study_reports_progress_and_matches_single_runs():

    s = Session(Setup(config=TrainConfig(epochs=600, learning_rate=4.0), init="uniform"))
    assert kinds(s.handle(StartStudy(30, 5))) == ["progress"]
    assert kinds(s.handle(Play())) == ["error"]
    out = []
    while s.study is not None:
        out += s.tick(0.01)
    assert kinds(out)[-1] == "study" and set(kinds(out[:-1])) <= {"progress"}
    result = out[-1][1]
    for k in (0, 11, 29):
        t = s.setup.with_(seed=5 + k).trainer()
        t.run(600)
        first = np.flatnonzero(np.array(t.error_rates) == 0)
        assert result.solved_at[k] == (first[0] + 1 if first.size else -1)
        assert result.final_loss[k] == pytest.approx(t.net.loss(t.data.X, t.data.Y), rel=1e-9)


def test_cancelling_a_study_lets_its_threads_go():
    s = Session(Setup(config=TrainConfig(epochs=100_000)))
    s.handle(StartStudy(400, 0, workers=2))
    s.tick(0.01)
    study = s.study
    assert study.workers == 2 and not study.done
    assert kinds(s.handle(CancelStudy())) == ["study"] and s.study is None
    with pytest.raises(RuntimeError, match="closed"):
        study.run(1)
    assert s.handle(CancelStudy()) == []  # nothing under way: nothing to say


def test_a_study_that_ran_out_of_memory_ends_with_a_message_and_training_goes_on(monkeypatch):
    s = Session(Setup(config=TrainConfig(epochs=100_000)))
    s.handle(StartStudy(400, 0, workers=2))

    def no_memory(epochs, *stop):
        raise MemoryError

    monkeypatch.setattr(s.study._shares[1], "run", no_memory)
    out = s.tick(0.01)
    assert out == [("study", "The study stopped: the memory ran out.")] and s.study is None
    assert kinds(s.handle(Step()))[-1] == "snapshot"


def test_a_study_too_big_for_the_memory_says_so_and_the_session_goes_on():
    s = Session()
    (kind, text), = s.handle(StartStudy(10**9, 0))  # about 700 GB of arrays
    assert kind == "study" and text.startswith("The study could not start: 1,000,000,000 runs of [2, 2, 1] need")
    assert "GB" in text and "use fewer runs" in text and s.study is None
    assert kinds(s.handle(Step()))[-1] == "snapshot"


def test_a_study_runs_in_chunks_of_a_few_hundredths_of_a_second_whatever_the_setup():
    from xorgui.core.training.presets import PRESETS

    chunks = {}
    for name, setup in (("xor", Setup(config=TrainConfig(epochs=10**6))),
                        ("configuration 5", PRESETS["online-noisy-2-2-1"].setup)):
        s = Session(setup)
        s.handle(StartStudy(40, 0))
        for _ in range(30):
            s.tick()
        chunks[name] = s.studies.study.chunk
        s.handle(CancelStudy())
    # a full-batch epoch of [2, 2, 1] takes microseconds, an online epoch on 200 samples milliseconds
    assert chunks["xor"] >= 10 * chunks["configuration 5"] and chunks["configuration 5"] < 100, chunks
