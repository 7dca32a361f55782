"""Fonts: the catalogue of roles (catalogue.py), faces found on this machine (face.py), metrics per role
(fontset.py). Nothing is converted: the pages embed the CFF or TrueType outlines as they are
(layout.render.cidfont). Empty on purpose: importing one module does not import the others (each cache
is keyed by the code of the module that fills it and what that imports)."""
