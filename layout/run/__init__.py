"""Running a render: loading, laying out, drawing and committing one edition (`pipeline`: `render`, the night's
run of one edition), several editions in one night (`night`: `render_night`), the glyph check before layout
(`glyphs`) and the broken paragraphs kept on disk (`breaks`). The entry points, `render` and `render_night`,
are re-exported here: importing anything of `run` is running a render, which needs the pipeline anyway."""

from layout.run.night import render_night
from layout.run.pipeline import render

__all__ = ["render", "render_night"]
