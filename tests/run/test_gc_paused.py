"""The collector is paused while an edition is laid out (layout/infra/gcpause.py), and only then."""

from __future__ import annotations

import gc

import pytest

from layout.infra.gcpause import gc_paused
from layout.run import pipeline


def test_paused_inside_enabled_after_and_a_nested_pause_keeps_it_paused() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block is still running
    assert gc.isenabled()


def test_enabled_again_after_an_error() -> None:
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("x")
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_lay_out_runs_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def font_set(edition: object) -> object:
        seen.append(gc.isenabled())
        raise LookupError("stop here")

    monkeypatch.setattr(pipeline, "font_set", font_set)
    with pytest.raises(LookupError):
        pipeline.lay_out(pipeline.Edition.__new__(pipeline.Edition))
    assert seen == [False]
    assert gc.isenabled()
