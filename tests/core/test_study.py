import os
import threading
import time

import numpy as np
import pytest

from xorgui.core.model.network import Spec, default_activations
from xorgui.core.study import memory as study_memory
from xorgui.core.study import share as study_share
from xorgui.core.study import study as study_module
from xorgui.core.study.batch import StudyBatch
from xorgui.core.study.study import Study, default_workers
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


@pytest.mark.parametrize("spec", [
    Spec((2, 2, 1)),
    Spec((2, 3, 2, 1), ("tanh", "relu", "sigmoid"), True, "sse", "sum"),
    Spec((2, 4, 2), ("sigmoid", "softmax"), True, "cross-entropy", "mean"),
    Spec((2, 3, 1), ("sigmoid", "linear"), False, "half-sse", "sum"),
])
def test_each_run_of_a_study_equals_the_same_seed_trained_alone(spec):
    # a moderate rate: at high rates a run can pass through chaos that magnifies rounding
    setup = Setup(spec=spec, config=TrainConfig(learning_rate=0.2, epochs=300), init="uniform")
    study = Study(setup, 5, first_seed=3)
    study.run(300)
    result = study.result()
    for k in range(5):
        t = setup.with_(seed=3 + k).trainer()
        t.run(300)
        for n in range(1, spec.N + 1):
            assert np.allclose(study.weights(k)[n], t.net.W[n], rtol=1e-8, atol=1e-10)  # sums in another order
        assert result.final_loss[k] == pytest.approx(t.net.loss(t.data.X, t.data.Y), rel=1e-8, abs=1e-15)
        first = np.flatnonzero(np.array(t.error_rates) == 0)
        assert result.solved_at[k] == (first[0] + 1 if first.size else -1)


def test_about_a_fifth_of_2_2_1_runs_get_stuck_on_a_plateau():
    setup = Setup(config=TrainConfig(learning_rate=4.0, epochs=3000), init="uniform")
    study = Study(setup, 400)
    study.run(3000)
    r = study.result()
    assert 0.1 < r.stuck.mean() < 0.3
    assert np.median(r.final_loss[r.stuck]) > 0.05 and np.median(r.final_loss[~r.stuck]) < 0.01
    assert "stuck" in r.summary() and "of 400 runs solved" in r.summary()


def test_a_study_needing_over_half_the_memory_is_refused_before_it_allocates(monkeypatch):
    setup = Setup(spec=Spec((2, 64, 64, 2), ("sigmoid", "sigmoid", "softmax"), True, "cross-entropy", "mean"))
    per_run = study_share.bytes_per_run(setup)
    assert per_run == 8 * (3 * setup.spec.n_params + 5 * 4 * 130)
    monkeypatch.setattr(study_memory, "memory_bytes", lambda: 2 * 1000 * per_run)
    monkeypatch.setattr(study_memory, "address_space_left", lambda: None)
    with pytest.raises(ValueError, match=r"1,001 runs of \[2, 64, 64, 2\] need about 0\.13 GB, more than half "
                                         r"of this machine's 0\.26 GB: use fewer runs"):
        Study(setup, 1001)
    with Study(setup.with_(config=TrainConfig(epochs=1)), 1000) as fits:
        assert fits.epoch == 0


def test_the_memory_check_takes_the_process_limit_when_it_is_smaller(monkeypatch):
    setup = Setup()
    per_run = study_share.bytes_per_run(setup)
    monkeypatch.setattr(study_memory, "memory_bytes", lambda: 10**12)
    monkeypatch.setattr(study_memory, "address_space_left", lambda: 2 * 1000 * per_run)
    with pytest.raises(ValueError, match=r"1,001 runs of \[2, 2, 1\] need about .* GB, more than half of the .* GB "
                                         r"this process may still use \(ulimit -v\): use fewer runs"):
        Study(setup, 1001)
    assert study_memory.available() == (2 * 1000 * per_run, f"the {2000 * per_run / 1e9:.2g} GB this process may "
                                                              "still use (ulimit -v)")


def test_the_address_space_left_is_the_limit_less_what_the_process_maps():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        pytest.skip("this test runs under a memory limit already")
    assert study_memory.address_space_left() is None
    with open("/proc/self/statm") as f:
        mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (mapped + 2**33, hard))
    try:
        left = study_memory.address_space_left()
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    assert 2**33 - 2**26 < left <= 2**33  # the little this process mapped in between


def test_running_out_of_memory_while_allocating_is_the_same_clear_refusal(monkeypatch):
    def no_memory(*args):
        raise MemoryError

    monkeypatch.setattr(study_module, "StudyShare", no_memory)
    with pytest.raises(ValueError, match=r"^300 runs of \[2, 2, 1\] need about .* GB, more than is free .*: use "
                                         r"fewer runs$"):
        Study(Setup(), 300, workers=1)


def test_seeds_past_the_last_are_refused():
    with pytest.raises(ValueError, match="seeds go from 0 to 4 294 967 295: 10 runs from seed 4 294 967 287"):
        Study(Setup(), 10, first_seed=2**32 - 9)  # the last run's seed would be 2**32
    with pytest.raises(ValueError, match="seeds go from 0"):
        Study(Setup(), 10, first_seed=-1)


def test_a_study_needs_at_least_one_run():
    with pytest.raises(ValueError, match="at least one"):
        Study(Setup(), 0)


def _threads():
    return [t for t in threading.enumerate() if t.name.startswith("xorgui-study")]


def test_a_study_split_over_threads_trains_each_run_as_one_thread_does():
    setup = Setup(config=TrainConfig(learning_rate=4.0, epochs=400), init="uniform")
    alone = Study(setup, 90, first_seed=7, workers=1)
    with Study(setup, 90, first_seed=7, workers=3) as split:
        for study in (alone, split):
            study.run(150)
            study.run(1000)  # stops at the setup's 400 epochs
        assert split.workers == 3 and len(_threads()) == 2  # the calling thread trains the first share
        assert split.epoch == alone.epoch == 400 and split.done
        a, b = alone.result(), split.result()
        assert np.array_equal(a.seeds, b.seeds) and np.array_equal(a.solved_at, b.solved_at)
        assert np.allclose(a.final_loss, b.final_loss, rtol=1e-12, atol=0)
        assert np.array_equal(a.final_error_rate, b.final_error_rate) and b.epochs == 400
        assert 0 < b.stuck.sum() < 90  # both kinds of run, in every part
        for run in (0, 29, 30, 59, 60, 89):  # the first and last run of each thread
            for w, v in zip(alone.weights(run)[1:], split.weights(run)[1:]):
                assert np.allclose(w, v, rtol=1e-12, atol=1e-15)
    assert _threads() == []  # leaving the with block let them go
    for call in (lambda: split.run(1), split.result, lambda: split.weights(0)):
        with pytest.raises(RuntimeError, match="closed"):
            call()
    for run in (-1, 90):
        with pytest.raises(IndexError, match="runs 0 to 89"):
            alone.weights(run)


def test_an_error_in_a_study_thread_reaches_the_caller_after_every_thread_stopped(monkeypatch):
    with Study(Setup(), 60, workers=3) as study:
        study.run(2)
        finished = []
        def fail(epochs, *stop):
            raise MemoryError("a block's temporaries")
        def slow(epochs, *stop, run=study._shares[2].run):
            time.sleep(0.3)
            run(epochs, *stop)
            finished.append(epochs)
        monkeypatch.setattr(study._shares[1], "run", fail)
        monkeypatch.setattr(study._shares[2], "run", slow)
        with pytest.raises(MemoryError, match="temporaries"):
            study.run(5)
        assert finished == [5]  # the slow thread had ended before the error was raised


def _once_trained(share):
    """Wait until ``share`` has trained, in another thread, at least one epoch."""
    deadline = time.monotonic() + 30
    while share.epoch == 0 and time.monotonic() < deadline:
        time.sleep(0.001)


LONG = 10**6  # epochs a thread would take many seconds over, were it not told to stop


@pytest.mark.parametrize("mode", ["batch", "online"])
@pytest.mark.parametrize(("failing", "error"), [(0, KeyboardInterrupt), (1, MemoryError)])
def test_ctrl_c_or_an_error_in_one_thread_stops_the_other_at_its_next_epoch(monkeypatch, mode, failing, error):
    # Ctrl+C reaches the calling thread (share 0); an error may come from any thread
    with Study(Setup(config=TrainConfig(mode=mode, epochs=10**8)), 64, workers=2) as study:
        other = study._shares[1 - failing]

        def fail(epochs, *stop):
            _once_trained(other)
            raise error("stopped here")
        monkeypatch.setattr(study._shares[failing], "run", fail)
        with pytest.raises(error):
            study.run(LONG)
        assert 0 < other.epoch < LONG
        for call in (lambda: study.run(1), study.result, lambda: study.weights(0)):  # its runs are at odd epochs
            with pytest.raises(RuntimeError, match="stopped part-way"):
                call()


def test_a_study_is_split_only_when_each_thread_gets_arrays_enough_to_pay():
    readme = Setup(config=TrainConfig(learning_rate=4.0, epochs=3000), init="uniform")
    assert default_workers(10) == 1 and default_workers(1000, readme) == 1  # the README's study
    per_thread = study_share.share_runs(readme)
    assert study_share.SHARE_BYTES // 2 < per_thread * study_share.bytes_per_run(readme) <= study_share.SHARE_BYTES
    assert default_workers(2 * per_thread - 1, readme) == 1  # two threads would each get too little
    assert default_workers(2 * per_thread, readme) == min(2, len(os.sched_getaffinity(0)))
    assert default_workers(100 * per_thread, readme) == min(len(os.sched_getaffinity(0)), 8)
    wide = readme.with_(spec=Spec((2, 16, 16, 2), default_activations(3)))
    assert default_workers(1000, wide) >= min(2, len(os.sched_getaffinity(0)))  # 7 MB a thread on two CPUs
    with Study(readme, 1000) as study:
        assert study.workers == 1 and _threads() == []


def test_a_share_trained_in_blocks_trains_each_run_as_one_block_does(monkeypatch):
    setup = Setup(config=TrainConfig(learning_rate=4.0, epochs=300), init="uniform")
    per_run = study_share.bytes_per_run(setup)
    assert study_share.block_runs(setup) == study_share.block_bytes() // per_run  # [2, 2, 1]: thousands of runs
    monkeypatch.setattr(study_share, "block_runs", lambda s: 200)
    share, whole = study_share.StudyShare(setup, 450, first_seed=3), StudyBatch(setup, 450, first_seed=3)
    assert [len(b.seeds) for b in share.blocks] == [150, 150, 150]  # the fewest blocks, as even as can be
    assert [b.seeds[0] for b in share.blocks] == [3, 153, 303]
    share.run(300)
    whole.run(300)
    assert share.epoch == whole.epoch == 300
    for a, b in zip(share.result(), whole.result()):
        assert a.shape == (450,) and np.allclose(a, b, rtol=1e-12, atol=0)
    for run in (0, 149, 150, 449):
        assert all(np.allclose(v, w, rtol=1e-12) for v, w in zip(share.weights(run)[1:], whole.weights(run)[1:]))
    with pytest.raises(IndexError):
        share.weights(450)


@pytest.mark.parametrize("runs, most, sizes", [(450, 200, [150, 150, 150]), (1000, 603, [500, 500]),
                                               (7, 16, [7]), (401, 200, [133, 134, 134]), (1, 1, [1])])
def test_a_share_deals_its_runs_over_the_fewest_blocks_evenly(runs, most, sizes):
    assert study_share.blocks(runs, most) == sizes


def test_blocks_are_a_quarter_of_the_largest_cache_between_1_and_8_megabytes(tmp_path, monkeypatch):
    for k, (level, size) in enumerate([(1, "32K"), (2, "1024K"), (3, "16384K")]):
        (tmp_path / f"index{k}").mkdir()
        (tmp_path / f"index{k}" / "size").write_text(f"{size}\n")
        (tmp_path / f"index{k}" / "level").write_text(f"{level}\n")
    assert study_share.cache_bytes(str(tmp_path)) == 16 << 20
    assert study_share.cache_bytes(str(tmp_path / "none")) is None
    (tmp_path / "index3").mkdir()
    (tmp_path / "index3" / "size").write_text("garbled")
    assert study_share.cache_bytes(str(tmp_path)) == 16 << 20  # an entry it cannot read is passed over
    for largest, expected in [(16 << 20, 4 << 20), (256 << 20, 8 << 20), (512 << 10, 1 << 20), (None, 8 << 20)]:
        monkeypatch.setattr(study_share, "cache_bytes", lambda largest=largest: largest)
        study_share.block_bytes.cache_clear()
        assert study_share.block_bytes() == expected
    study_share.block_bytes.cache_clear()
    monkeypatch.undo()
    assert 1 << 20 <= study_share.block_bytes() <= 8 << 20


def test_a_wide_network_trains_in_blocks_that_fit_the_cache_not_a_fixed_count():
    wide = Setup(spec=Spec((2, 64, 64, 2), default_activations(3)), config=TrainConfig(epochs=10), init="uniform")
    most = study_share.block_runs(wide)
    assert most * study_share.bytes_per_run(wide) <= study_share.block_bytes()
    assert study_share.MIN_BLOCK <= most < 200


@pytest.mark.parametrize("config, epochs", [
    (TrainConfig(learning_rate=0.5, mode="online", shuffle=False), 300),
    (TrainConfig(learning_rate=0.5, mode="minibatch", batch_size=3, shuffle=True, seed=4), 300),
    (TrainConfig(learning_rate=20.0, mode="batch", schedule=True), 400),
    (TrainConfig(learning_rate=4.0, mode="online", shuffle=True, schedule=True), 400),
])
def test_every_mode_and_the_schedule_train_each_run_as_the_explorer_does(config, epochs):
    setup = Setup(config=config.with_(epochs=epochs), init="uniform")
    with Study(setup, 6, first_seed=11, workers=1) as study:
        study.run(epochs)
        result, batch = study.result(), study._shares[0].blocks[0]
        halved = stopped = 0
        for k in range(6):
            t = setup.with_(seed=11 + k).trainer()
            t.run(epochs)
            for n in (1, 2):
                assert np.allclose(study.weights(k)[n], t.net.W[n], rtol=1e-8, atol=1e-10)
            assert result.final_loss[k] == pytest.approx(t.net.loss(t.data.X, t.data.Y), rel=1e-8, abs=1e-15)
            first = np.flatnonzero(np.array(t.error_rates) == 0)
            assert result.solved_at[k] == (first[0] + 1 if first.size else -1)
            assert batch.lr[k] == t.learning_rate and batch.stopped[k] == (t.stop_reason is not None)
            assert result.stopped_at[k] == (t.epoch if t.stop_reason is not None else -1)
            halved += t.learning_rate < config.learning_rate
            stopped += t.stop_reason is not None
        if config.schedule:  # the rules did act here: η halved, and online runs that stalled stopped
            assert halved and (stopped or config.mode == "batch")
        assert ("stopped by the schedule's rules" in result.summary()) == bool(stopped)


def test_configuration_5_studied_gives_each_seed_the_explorers_run():
    from xorgui.core.training.presets import PRESETS

    setup = PRESETS["online-noisy-2-2-1"].setup
    setup = setup.with_(config=setup.config.with_(epochs=60))
    with Study(setup, 4, first_seed=2, workers=2) as study:
        study.run(60)
        result = study.result()
        for k in range(4):
            t = setup.with_(seed=2 + k).trainer()
            t.run(60)
            assert np.allclose(study.weights(k)[1], t.net.W[1], rtol=1e-8, atol=1e-10)
            assert result.final_loss[k] == pytest.approx(t.net.loss(t.data.X, t.data.Y), rel=1e-8)
            first = np.flatnonzero(np.array(t.error_rates) == 0)
            assert result.solved_at[k] == (first[0] + 1 if first.size else -1)


def test_a_share_whose_runs_all_stopped_waits_for_the_others():
    # seeds 8 and 9 stop by the schedule's rules within 44 epochs, seeds 10 and 11 train all 300
    setup = Setup(config=TrainConfig(learning_rate=4.0, mode="online", schedule=True, epochs=300), init="uniform")
    with Study(setup, 4, first_seed=8, workers=2) as study:
        while not study.done:
            study.run(10)
        result = study.result()
        assert result.epochs == 300 and list(result.stopped_at < 0) == [False, False, True, True]
        t = setup.with_(seed=11).trainer()
        t.run(300)
        assert t.stop_reason is None and np.allclose(study.weights(3)[1], t.net.W[1], rtol=1e-8)


def test_the_summary_says_in_words_how_many_runs_diverged():
    from xorgui.core.study.result import StudyResult

    r = StudyResult(np.arange(5), np.array([-1, -1, -1, -1, 7]), np.array([np.nan, np.inf, 0.0631, 0.0634, 1e-5]),
                    np.zeros(5), np.full(5, -1), 100)
    line = r.summary().splitlines()[-1]
    assert line == "80.0 % stuck; their final loss: 0.063 (2), not a finite number: training diverged (2)"


def test_advance_trains_at_least_one_chunk_sizes_the_next_and_stops_at_the_epoch_limit():
    with Study(Setup(config=TrainConfig(epochs=5000)), 20, workers=1) as study:
        study.advance(0.0)
        assert study.epoch == 1 and study.chunk == 2  # an epoch took far less than a chunk's 20 ms: doubled
        study.advance(60.0)  # more than enough: it ends at the limit, not the time
        assert study.done and study.epoch == 5000 and study.chunk > 2
