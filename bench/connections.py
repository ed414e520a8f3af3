"""Database connections benchmark: `python bench/connections.py` or `make bench`.

The public call page through gunicorn on loopback, from a browser that has
been before (its session cookie kept), against two servers of one sync
worker each on the same fresh database: one opening a database connection
for every request (DB_CONN_MAX_AGE=0, as before) and one keeping its
connection for a minute and checking it before reuse (DB_CONN_MAX_AGE=60
with health checks, the default now). Batches of requests go to each in
turn; prints each one's median time per request and the median ratio of
the kept connection's time to the new connection's.

PostgreSQL here is on the same machine and trusts loopback: a connection
costs a fork and a little start-up, no network round trips, TLS or
password exchange, so a real site gains more than this shows.
"""

from _data import build_site
from _setup import compare, django_setup, load_average, machine, ms
from submission import Applicant, free_port, start_gunicorn, stop_gunicorn

BATCH = 20  # requests per timed batch
REPEAT = 15  # batches each, alternately
SETTINGS = {"new connection per request": "0", "connection kept 60 s": "60"}


def main():
    environment = django_setup()
    print(machine())
    from django.db import connection

    _site, _fund, call = build_site()
    connection.close()  # the servers use the database from here on
    servers, browsers = [], []
    try:
        for age in SETTINGS.values():
            port = free_port()
            env = {**environment, "DB_CONN_MAX_AGE": age}
            servers.append(start_gunicorn(env, port, workers=1))
            browsers.append(Applicant(port, call.url, fields=None))

        def batch(browser):
            return lambda: [browser.request("GET", call.url) for _ in range(BATCH)]

        new, kept, ratio = compare(*(batch(each) for each in browsers), repeat=REPEAT)
    finally:
        stop_gunicorn(servers)
    print()
    print(f"Call page through gunicorn (1 sync worker each), {BATCH} requests a batch:")
    for name, seconds in zip(SETTINGS, (new, kept), strict=True):
        print(f"  {name:<28} {ms(seconds / BATCH)} a request  {BATCH / seconds:6.1f} requests/s")
    print(f"  kept / new, time per request: {1 / ratio:6.3f}")
    print(f"Load average at the end (1, 5, 15 min): {load_average()}")


if __name__ == "__main__":
    main()
