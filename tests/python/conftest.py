"""Paths for the Python module's tests: the repository and the shared data (set by ctest)."""
import os
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("AMPEL_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SHARED = Path(os.environ.get("AMPEL_SHARED_DATA", SOURCE.parent / "shared" / "data"))
GRID = SOURCE / "scenarios" / "grid4x4" / "scenario.json"


def shared(*parts):
    """A file of ../shared/data; the test skips, naming it, when a fresh clone does not have it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (shared data, not in the repository; configure with "
                    "-DAMPEL_SHARED_DATA=<folder>)")
    return path
