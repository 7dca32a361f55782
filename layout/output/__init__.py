"""What leaves the house: which plates an edition and its zones share (`plates`), the PDF/X finishing
(`finishing`), committing an output folder whole (`commit`) and its manifest and send/ folder (`manifest`:
`write_output`, the entry point, re-exported here)."""

from layout.output.manifest import write_output

__all__ = ["write_output"]
