"""The compose stage: flow's records → drawable pages (masthead, headlines, set lines, figures, ads, rules).
Measures and places nothing flow already decided."""

from layout.compose.page import compose_pages

__all__ = ["compose_pages"]
