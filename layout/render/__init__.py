"""The render stage: pages → one-page PDFs drawn with ReportLab, in parallel processes and cached; photos
prepared for newsprint, fonts subset and embedded as they are, advertisers' PDFs placed."""

from layout.render.pages import draw_jobs

__all__ = ["draw_jobs"]
