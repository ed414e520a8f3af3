"""Scale-out benchmark: `python bench/scale_out.py` or `make bench`.

Submissions per second (bench/submission.py's flow: an application with
three 1 MB documents, form, check your answers, accept and send) through
one gunicorn instance of four sync workers against two instances of two
workers each, the clients shared between the two in turn: the same number
of workers, on the same fresh database and shared cache (the database's:
production's without REDIS_URL), on loopback. Rounds alternate between
the two; prints the machine's load before and after, each side's median
submissions per second and the median ratio of two instances' to one's.
On one machine two instances cannot do more work than one: the figure
shows what sharing the database, the cache and the files between servers
costs, which is what adding a machine must not lose.
"""

import statistics

from _data import build_site
from _setup import django_setup, load_average, machine
from submission import free_port, load_run, start_gunicorn, stop_gunicorn

WORKERS = 4  # in all, on each side
CLIENTS = 8
SUBMISSIONS = 16  # a round, on each side
ROUNDS = 3


def throughput(ports, call):
    latencies, wall, errors = load_run(ports, call, clients=CLIENTS, count=SUBMISSIONS)
    if errors or len(latencies) < SUBMISSIONS:
        raise RuntimeError(f"{len(latencies)}/{SUBMISSIONS} submissions; {errors[:3]}")
    return len(latencies) / wall


def main():
    environment = django_setup()
    print(machine())
    from django.db import connection

    _site, _fund, call = build_site()
    connection.close()  # the servers use the database from here on
    sides = {
        "one instance x 4 workers": [free_port()],
        "two instances x 2": [free_port(), free_port()],
    }
    servers = []
    try:
        for ports in sides.values():
            for port in ports:
                servers.append(start_gunicorn(environment, port, workers=WORKERS // len(ports)))
        for ports in sides.values():
            throughput(ports, call)  # a round to warm up, not counted
        rounds = [[throughput(ports, call) for ports in sides.values()] for _ in range(ROUNDS)]
    finally:
        stop_gunicorn(servers)
    print()
    print(f"Submissions, {CLIENTS} clients, {SUBMISSIONS} a round, {ROUNDS} rounds alternately:")
    for index, name in enumerate(sides):
        rates = [each[index] for each in rounds]
        print(f"  {name:<26} {statistics.median(rates):6.2f} submissions/s (median)")
    ratio = statistics.median(two / one for one, two in rounds)
    print(f"  two instances / one, submissions per second: {ratio:6.3f}")
    print(f"Load average at the end (1, 5, 15 min): {load_average()}")


if __name__ == "__main__":
    main()
