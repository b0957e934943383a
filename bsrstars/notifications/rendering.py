from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe


def _render(notification, part: str, *, autoescape: bool) -> str:
    context = {"notification": notification, "recipient": notification.recipient, **notification.payload}
    template = get_template(f"notifications/{notification.kind}/{part}.txt").template
    return template.render(Context(context, autoescape=autoescape)).strip()


def render_title(notification) -> str:
    """HTML-safe, in the active language (the reader's, in the inbox)."""
    return mark_safe(_render(notification, "title", autoescape=True))  # noqa: S308 -- escaped by the template engine


def render_email(notification) -> tuple[str, str]:
    """(subject, body) as plain text in the recipient's language, whatever language is active.
    A notification with a link ends with it, made absolute with PORTAL_BASE_URL."""
    from django.conf import settings

    with translation.override(notification.recipient.language or "en"):
        subject = " ".join(_render(notification, "subject", autoescape=False).split())
        body = _render(notification, "body", autoescape=False)
        if notification.url.startswith("/") and not notification.url.startswith("//"):
            body += "\n\n" + settings.PORTAL_BASE_URL + notification.url
        return subject, body
