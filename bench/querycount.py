"""Counts the SQL statements of each request and reports them in an X-Bench-Queries header;
statements slower than BENCH_SLOW_MS (default 100) are appended, with the page, to the file
BENCH_SLOW_LOG as JSON lines (bench/pages.py only: its settings add this middleware)."""

import json
import os
import time

from django.db import connections

SLOW_MS = float(os.environ.get("BENCH_SLOW_MS", "100"))
SLOW_LOG = os.environ.get("BENCH_SLOW_LOG", "")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]
        slow = []

        def counter(execute, sql, params, many, context):
            count[0] += 1
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                ms = (time.perf_counter() - started) * 1000
                if ms >= SLOW_MS:
                    slow.append({"ms": round(ms), "path": request.path, "sql": sql})

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count[0])
        if slow and SLOW_LOG:
            with open(SLOW_LOG, "a", encoding="utf-8") as fh:
                fh.writelines(json.dumps(row) + "\n" for row in slow)
        return response
