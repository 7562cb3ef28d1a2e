import os
import tempfile

import pytest

from engine import Scenario, load_library, simulate

# The app's shared result cache (engine.result_store) in a folder of this test run's own, so that
# no test reads what an earlier run left in the system's default folder.
os.environ.setdefault("SEATCAST_CACHE_DIR", tempfile.mkdtemp(prefix="seatcast-test-cache-"))


@pytest.fixture(scope="session")
def library():
    return load_library()


@pytest.fixture(scope="session")
def ipsos_2024(library):
    """The 2024-11-21 Ipsos poll, 2^18 simulations (enough for ±1 seat comparisons), with the
    plain regional swing of docs/method.md §3.1 (no constituency noise), the model of the reference reports."""
    return simulate(
        Scenario(library.polls["2024-11-21-Ipsos"], simulations=2**18, constituency_noise=0.0, polling_error="none"), library
    )
