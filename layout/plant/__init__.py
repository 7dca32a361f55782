"""The printing plant's side: preflight of a finished PDF (`preflight`: its function `preflight`, the entry
point, re-exported here as `preflight_pdf` — the module keeps its own name), each advertiser's PDF checked
before layout (`ads`: `check_ads`), the walk of a page's content (`walk`) with its lexer (`pdfops`), the GWG
measurements of ads (`gwg`), images named from the layout (`images`). Plain Python: pypdf is imported when a
file is opened."""

from layout.plant.ads import check_ads
from layout.plant.preflight import preflight as preflight_pdf

__all__ = ["check_ads", "preflight_pdf"]
