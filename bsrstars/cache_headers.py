"""Pages for signed-in people and every download carry personal or scoped data: no shared cache
(a proxy, a CDN) and no browser history cache may keep them."""

from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in person, every attachment
    and every calendar feed (a secret link to someone's agenda), unless the view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        personal = (
            signed_in
            or response.get("Content-Disposition", "").startswith("attachment")
            or response.get("Content-Type", "").startswith("text/calendar")
        )
        if personal and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
