"""The fixtures of tests/grants/applications.

Staff read applications in the Wagtail admin (issue 3: the Applications listing).
"""

import pytest


@pytest.fixture
def staff(request):
    """The user of the role fixture named by the test's ``staff`` parameter."""
    return request.getfixturevalue(request.param)
