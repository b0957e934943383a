"""Counts the SQL statements of each request and reports them in an X-Bench-Queries header
(bench/pages.py only: its settings add this middleware)."""

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count[0])
        return response
