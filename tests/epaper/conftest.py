"""The sample day and its zone, published once for the e-paper tests (the session's own cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from layout.epaper import ImageSettings, Printed, from_built, publish_all
from layout.run.pipeline import build
from tests.conftest import SAMPLE
from tests.epaper.support import WIDTH, ZONE


@pytest.fixture(scope="session")
def printed() -> list[Printed]:
    return [from_built(build(SAMPLE)), from_built(build(ZONE))]


@pytest.fixture(scope="session")
def site(printed: list[Printed], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """DIR with DIR/<edition>/ for the sample and its zone."""
    folder = tmp_path_factory.mktemp("epaper")
    publish_all(printed, folder, ImageSettings(width=WIDTH))
    return folder
