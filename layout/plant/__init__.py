"""The printing plant's side: preflight of a finished PDF (`preflight`, the entry), each advertiser's PDF
checked before layout (`ads`: `check_ads`), the walk of a page's content (`walk`) with its lexer (`pdfops`),
the GWG measurements of ads (`gwg`), images named from the layout (`images`). Both entry points are
re-exported here (plain Python: pypdf is imported when a file is opened)."""

from layout.plant.ads import check_ads
from layout.plant.preflight import preflight

__all__ = ["check_ads", "preflight"]
