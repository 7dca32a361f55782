"""The printing plant's side: preflight of a finished PDF (`preflight`) with its content-stream reader
(`pdfops`)."""
