"""The public site's limits hold when requests arrive at the same moment."""

import threading

from fund.core.limits import HOUR, Limit, limits_take


def test_requests_at_the_same_moment_cannot_all_slip_under_a_limit():
    limit = Limit("test", "victim@example.net", 3, HOUR)
    barrier = threading.Barrier(20)
    allowed = []

    def ask():
        barrier.wait(timeout=10)
        allowed.append(limits_take(limit))

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert allowed.count(True) == 3
    assert len(allowed) == 20


def test_a_limit_with_nobody_to_count_never_refuses():
    assert all(limits_take(Limit("test", "", 1, HOUR)) for _ in range(5))
