import numpy as np
import pytest

from xorgui.core.network import Spec
from xorgui.core.setup import Setup
from xorgui.core.study import Study
from xorgui.core.trainer import TrainConfig


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


def test_only_full_batch_and_at_least_one_run():
    with pytest.raises(ValueError, match="batch"):
        Study(Setup(config=TrainConfig(mode="online")), 3)
    with pytest.raises(ValueError, match="at least one"):
        Study(Setup(), 0)
