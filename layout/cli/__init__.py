"""Command line: argv → options → pipeline → messages and exit code (0 done, 1 layout problem, 2 bad input).

`main` (the `layout` group, in `base.py`) is the entry point; each command family is a module that adds its
commands to it: `render` (render, epaper), `reports` (check, fonts, ads), `tools` (proof, diff, preflight),
`desk` (watch, serve, init, normalize), `cache`."""

from __future__ import annotations

from layout.cli import cache, desk, render, reports, tools
from layout.cli.base import main

COMMANDS = (cache, desk, render, reports, tools)  # imported for their commands, which they add to `main`

__all__ = ["COMMANDS", "main"]
