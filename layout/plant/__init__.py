"""The printing plant's side: preflight of a finished PDF (`preflight`, the entry), the walk of a page's
content (`walk`) with its lexer (`pdfops`), the GWG measurements of ads (`gwg`), images named from the layout
(`images`)."""
