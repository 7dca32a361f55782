"""Fonts: the catalogue of roles (catalogue.py), faces found on this machine (face.py), metrics per role
(fontset.py: `FontSet`, the entry point, re-exported here). Nothing is converted: the pages embed the CFF or
TrueType outlines as they are (layout.render.cidfont). fontTools is imported only when a face is read
(face.py); the cache keys of face.py and vertical.py hold this package's code too (a change to fontset.py
reads the faces' metrics again once)."""

from layout.fonts.fontset import FontSet

__all__ = ["FontSet"]
