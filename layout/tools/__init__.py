"""Tools on PDFs: proofs as images (`proof`: `write_proofs`, the entry point, re-exported here; it imports
Pillow and the rasteriser when it runs), page differences (`diff`), page rasters (`raster`) and the bounded
opener for a PDF from outside (`pdfin`)."""

from layout.tools.proof import write_proofs

__all__ = ["write_proofs"]
