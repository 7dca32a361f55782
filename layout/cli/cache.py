"""`layout cache`: what is cached, pruned or cleared."""

from __future__ import annotations

import click

from layout.cli.base import handled, main, say


def _size(value: str) -> int:
    units = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
    text = value.strip().upper().removesuffix("B")
    unit = text[-1:] if text[-1:] in units else ""
    try:
        return int(float(text[: len(text) - len(unit)]) * units[unit])
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a size like 500M or 2G") from None


@main.command("cache", epilog="""\b
Examples:
  layout cache                     what is cached, per kind, and where
  layout cache --prune             drop entries unused for 60 days, then the oldest above 2 GB
  layout cache --prune --max-size 500M --max-age 7
  layout cache --clear             empty the cache (the next render draws every page again)""")
@click.option("--prune", is_flag=True, help="Remove old entries (by age, then by total size).")
@click.option("--clear", "clear_all", is_flag=True, help="Remove every entry.")
@click.option("--max-size", default="2G", show_default=True, help="Size the cache is pruned down to.")
@click.option("--max-age", type=float, default=60.0, show_default=True, help="Days an unused entry is kept.")
@handled
def cache_command(prune: bool, clear_all: bool, max_size: str, max_age: float) -> None:
    """Show, prune or clear the cache ($LAYOUT_CACHE_DIR, else ~/.cache/layout): font metrics, file
    digests, broken paragraphs, drawn pages, finished PDFs, preflight results and plans seen valid, each keyed
    by everything that decides it."""
    from layout.infra import cache

    if clear_all:
        cache.clear()
        say(f"cleared {cache.cache_root()}")
    elif prune:
        files, freed = cache.prune(_size(max_size), max_age)
        say(f"pruned {files} entries, {freed / 1024**2:.1f} MB freed")
    total = 0
    say(f"cache: {cache.cache_root()}")
    for name, (files, size) in cache.usage().items():
        total += size
        say(f"  {name:<10} {files:>6} files {size / 1024**2:>9.1f} MB  {cache.NAMESPACES[name]}")
    say(f"  {'total':<10} {'':>6}       {total / 1024**2:>9.1f} MB")
