"""`layout lsp`: a language server over stdio for edition.yaml, styles, ads.yaml and articles/*.md
(docs/lsp.md). The checks are the program's own: the loader and the layout run on the editor's unsaved
buffers through `layout.infra.files.overlay`; this package only maps their findings, and the loaded edition, to
the protocol (`analysis` → diagnostics, `complete`, `hover`, definition; `server` wires them to pygls)."""
