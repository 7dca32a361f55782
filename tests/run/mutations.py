"""Prove the run's tests can fail (lean processes, one render for one edition and for the night, no message
text matched, the package entry points, one severity for overset): each mutation breaks one thing on
purpose and runs the tests that guard it (tests/mutations.py's machinery; not collected by pytest).

    .venv/bin/python -m tests.run.mutations            # every mutation
    .venv/bin/python -m tests.run.mutations L1 L3      # some
"""

from __future__ import annotations

import sys

from tests.mutations import Mutation, main

LEAN = "tests/run/test_lean.py::"
MUTATIONS = [
    Mutation("L1", "numpy and Pillow's colour modules imported with render/images.py again", "layout/render/images.py",
             "if TYPE_CHECKING:  # numpy and Pillow's", "if True:  # numpy and Pillow's",
             (LEAN + "test_a_page_without_photos_is_drawn_without_numpy_or_pillows_colour_modules",)),
]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], MUTATIONS))
