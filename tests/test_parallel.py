"""Independent calls share the cores: results in call order, failures raised as they were."""

from __future__ import annotations

import threading

import pytest

from custgrade import parallel


def test_results_come_back_in_call_order_from_more_than_one_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "WORKERS", 2)
    both_started = threading.Barrier(2, timeout=10)

    def call(value: int) -> tuple[int, str]:
        both_started.wait()  # fails unless the two calls run at the same time
        return value, threading.current_thread().name

    (first, one), (second, two) = parallel.side_by_side(lambda: call(1), lambda: call(2))
    assert (first, second) == (1, 2) and one != two


def test_on_one_core_the_calls_run_in_the_calling_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "WORKERS", 1)
    here = threading.current_thread()
    assert parallel.side_by_side(threading.current_thread, threading.current_thread) == [here, here]


def test_the_first_failure_is_raised_after_every_call_has_ended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "WORKERS", 2)
    ended = []

    def fails() -> None:
        raise KeyError("电话")

    def lasts() -> None:
        threading.Event().wait(0.2)
        ended.append(True)

    with pytest.raises(KeyError, match="电话"):
        parallel.side_by_side(lasts, fails)
    assert ended == [True]
