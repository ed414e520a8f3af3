"""The fixtures of tests/core/length_limits.

The same limits everywhere (issue 11, item 5).
"""

import pytest

from tests.core.length_limits.helpers import World


@pytest.fixture
def world(client, open_call, manager, finance, panel_member):
    return World(client, open_call, manager, finance, panel_member)
