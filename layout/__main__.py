"""`python -m layout …` runs the command line."""

from layout.cli import run

run()
