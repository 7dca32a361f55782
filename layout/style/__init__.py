"""The style stage: `styles/*.yaml` (following `extends:`) → `PaperStyle`."""

from layout.style.load import load_style

__all__ = ["load_style"]
