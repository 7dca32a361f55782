"""Fonts: the catalogue of roles (catalogue.py), faces found on this machine (face.py), metrics per role
(fontset.py), TrueType files for ReportLab (convert.py). Empty on purpose: importing one module does not
import the others (the conversion cache is keyed by the code of convert.py and what it imports)."""
