"""YAML with positions and typed reads of its values: used by the edition reader, the styles and the font
catalogue alike (a neutral package, so that none of them imports another for it)."""
