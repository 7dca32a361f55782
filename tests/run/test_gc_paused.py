"""The collector is paused while an edition is laid out (layout/infra/gcpause.py), and only then."""

from __future__ import annotations

import gc
from pathlib import Path

import click
import pytest

from layout.infra import gcpause
from layout.infra.gcpause import gc_paused
from layout.run import pipeline

SAMPLE = Path(__file__).resolve().parents[2] / "seeds" / "tianjin-daily-2026-04-23"


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


def test_lay_out_reads_the_fonts_with_the_collector_on_and_flows_with_it_paused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, bool]] = []

    def font_set(edition: object) -> object:
        seen.append(("fonts", gc.isenabled()))
        return object()

    def stages(*args: object) -> object:
        seen.append(("flow", gc.isenabled()))
        raise LookupError("stop here")

    monkeypatch.setattr(pipeline, "font_set", font_set)
    monkeypatch.setattr(pipeline, "check_glyphs", lambda *args: [])
    monkeypatch.setattr(pipeline, "scan_ahead", lambda *args: None)
    monkeypatch.setattr(pipeline, "BreakStore", type("B", (), {"for_folder": staticmethod(lambda folder: None)}))
    monkeypatch.setattr(pipeline, "Stages", stages)
    edition = pipeline.Edition.__new__(pipeline.Edition)
    object.__setattr__(edition, "folder", "/nonexistent")
    with pytest.raises(LookupError):
        pipeline.lay_out(edition)
    assert seen == [("fonts", True), ("flow", False)]
    assert gc.isenabled()


def test_a_one_shot_process_freezes_what_the_block_made(monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_freeze_count()
    with gc_paused():
        made = [[k] for k in range(100)]
    assert gc.get_freeze_count() == before  # not asked: a long-running process collects as usual
    monkeypatch.setattr(gcpause, "FREEZE_AFTER", True)
    try:
        with gc_paused():
            made += [[k] for k in range(100)]
        assert gc.get_freeze_count() >= before + 200
    finally:
        gc.unfreeze()
    assert len(made) == 200


@pytest.mark.parametrize("as_program", [True, False])
def test_layout_render_asks_for_it_only_as_a_program(monkeypatch: pytest.MonkeyPatch, as_program: bool) -> None:
    from click.testing import CliRunner

    from layout.cli import base, main
    from layout.cli import render as cli_render

    seen: list[bool] = []

    def render_one(*args: object) -> None:
        seen.append(gcpause.FREEZE_AFTER)
        raise click.exceptions.Exit(0)  # (before anything is laid out, and before the fast exit)

    monkeypatch.setattr(gcpause, "FREEZE_AFTER", False)
    monkeypatch.setattr(base, "AS_PROGRAM", as_program)
    monkeypatch.setattr(cli_render, "_replayed", lambda *args, **kw: False)
    monkeypatch.setattr(cli_render, "_render_one", render_one)
    result = CliRunner().invoke(main, ["render", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert seen == [as_program]
