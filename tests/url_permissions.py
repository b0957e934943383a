"""Project-level URLs (bsrstars/urls.py and the API root): who may do what. See tests/url_matrix.py."""

from tests.url_matrix import EVERYONE, NOT_ALLOWED, SIGNED_IN, Call, Expect

URLS = {
    "home": Expect(get=EVERYONE),
    "healthz": Expect(get=EVERYONE),
    "service_status": Expect(get=EVERYONE),
    "privacy": Expect(get=EVERYONE),
    "accessibility": Expect(get=EVERYONE),
    # Anyone may switch the language; signed-in people keep it on their account (a write).
    "set_language": Expect(get=NOT_ALLOWED, post=Call(EVERYONE, writes=SIGNED_IN, data={"language": "sv"})),
    "api-root": Expect(get=SIGNED_IN),
    "api-schema": Expect(get=SIGNED_IN),
    "api-docs": Expect(get=SIGNED_IN),
    "me": Expect(get=SIGNED_IN),
}
