"""Run calls at the same moment, each in its own thread with its own database connection, as
two requests served by two workers would be. For tests of row locks (PostgreSQL only: SQLite
serialises writers and `select_for_update` does nothing there)."""

import threading

from django.db import connection


def at_once(*calls):
    """Start every call together (a barrier releases them) and return, in order, what each
    returned or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 -- the caller asserts on it
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
