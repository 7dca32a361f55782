"""Command line: argv → options → pipeline → messages and exit code (0 done, 1 layout problem, 2 bad input).

`run` is the program (the console script `layout`, `python -m layout`): `main` (the `layout` group, in
`base.py`, what tests invoke) run so that a command that has committed its output leaves at once
(`base.exit_now`). Each command family is a module that adds its
commands to it: `render` (render, epaper), `reports` (check, fonts, ads), `tools` (proof, diff, preflight),
`desk` (watch, serve, init, normalize), `cache`."""

from __future__ import annotations

from layout.cli import base, cache, desk, render, reports, tools
from layout.cli.base import main

COMMANDS = (cache, desk, render, reports, tools)  # imported for their commands, which they add to `main`


def run() -> None:
    """The command line as a program: `main`, with the fast exit of a command that wrote its output."""
    base.AS_PROGRAM = True
    main()


__all__ = ["COMMANDS", "main", "run"]
