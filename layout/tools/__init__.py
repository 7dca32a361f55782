"""Tools on PDFs: proofs as images (`proof`), page differences (`diff`), page rasters (`raster`) and the
bounded opener for a PDF from outside (`pdfin`)."""
