"""Running a render: loading, laying out, drawing and committing one edition (`pipeline`), several editions
in one night (`night`), the glyph check before layout (`glyphs`) and the broken paragraphs kept on disk
(`breaks`)."""
