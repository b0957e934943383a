from rest_framework.permissions import BasePermission


class RulesPermission(BasePermission):
    """The pages' permission layer for the API: a view names `permission_required` (a rules
    permission); it is checked without an object for lists and with the object for details.
    A view that names none is refused, so no resource is open by accident."""

    def _permission(self, view):
        return getattr(view, "permission_required", None)

    def has_permission(self, request, view):
        permission = self._permission(view)
        return bool(permission and request.user and request.user.is_authenticated and request.user.has_perm(permission))

    def has_object_permission(self, request, view, obj):
        return request.user.has_perm(self._permission(view), obj)
