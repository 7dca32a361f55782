"""The source stage: an edition folder (edition.yaml, articles/*.md, ads.yaml; a zone and its base) → `Edition`."""

from layout.source.edition import load_edition

__all__ = ["load_edition"]
