"""What the OpenAPI schema at /api/schema/ says beyond drf-spectacular's defaults, so it agrees
with what the API answers (tests/test_schema.py holds it to that):

- error responses: every operation documents 401, 403 and 404 (an unknown id, or a page past
  the end), and 400 where it takes query filters or a body;
- fields a caller may not see come back as null, so a field marked `hidden_as_null` is nullable
  in responses (and stays non-nullable in requests, where null is refused).
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "description": "Messages by field name (`non_field_errors` for the whole request), a list of "
    "messages, or a single `detail` message.",
    "anyOf": [
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        {"type": "array", "items": {"type": "string"}},
        {"$ref": "#/components/schemas/Error"},
    ],
}
ERROR_RESPONSES = {
    "400": ("Invalid input.", "ValidationError"),
    "401": ("Not signed in: no, or an invalid, session or token.", "Error"),
    "403": ("Signed in, but not allowed to do this.", "Error"),
    "404": ("No such object (or not one you may see), or no such page.", "Error"),
}


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "response" and getattr(field, "hidden_as_null", False):
            schema = {**schema, "nullable": True}
        return schema


def _takes_input(operation: dict) -> bool:
    filters = [p for p in operation.get("parameters", []) if p["in"] == "query" and p["name"] != "page"]
    return "requestBody" in operation or bool(filters)


def document_errors(result, generator, request, public):
    """Postprocessing hook: the error responses every operation can give, in DRF's shapes."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    schemas["ValidationError"] = VALIDATION_ERROR
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for code, (description, component) in ERROR_RESPONSES.items():
                if code == "400" and not _takes_input(operation):
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
                    },
                )
    return result
