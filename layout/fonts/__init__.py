"""Fonts: the catalogue of roles, faces found on this machine, metrics, TrueType files for ReportLab."""

from layout.fonts.fontset import ChainMetrics, FontSet

__all__ = ["ChainMetrics", "FontSet"]
