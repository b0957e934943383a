"""The one view decorator of the portal: anonymous visitors are sent to log in; signed-in people
without the permission get 403. Object scope comes from `fn` (as in rules' own decorator)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from rules.contrib.views import permission_required as rules_permission_required


def permission_required(perm, fn=None):
    def decorator(view_func):
        checked = rules_permission_required(perm, fn=fn, raise_exception=True)(view_func)

        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return checked(request, *args, **kwargs)

        return wrapped

    return decorator
