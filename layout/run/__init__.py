"""Running a render: loading, laying out, drawing and committing one edition (`pipeline`: `render`, the night's
run of one edition), several editions in one night (`night`: `render_night`), the glyph check before layout
(`glyphs`), the broken paragraphs kept on disk (`breaks`), and a warm render replayed from the state the last
render of the same inputs kept (`replay`, `record`). The entry points, `render` and `render_night`, are
re-exported here, imported when first asked for: a replayed render imports `run.replay` without the pipeline
(nothing that lays out or draws)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from layout.run.night import render_night
    from layout.run.pipeline import render

__all__ = ["render", "render_night"]


def __getattr__(name: str) -> Any:
    if name == "render":
        from layout.run import pipeline

        return pipeline.render
    if name == "render_night":
        from layout.run import night

        return night.render_night
    raise AttributeError(f"module 'layout.run' has no attribute {name!r}")
