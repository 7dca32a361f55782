"""`python -m layout …` runs the command line."""

from layout.cli import main

main()
