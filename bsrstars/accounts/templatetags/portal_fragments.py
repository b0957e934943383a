"""{% fragment %}: a part of a page that is the same for everyone who may see it, kept by
bsrstars.fragments until a table it reads is written.

    {% load portal_fragments %}
    {% fragment "events:registrations" event.pk request.get_full_path models="events.Registration accounts.User" %}
      ... the table, its filter form, its pagination ...
    {% endfragment %}

The first argument names the part, the others (any number) are what it varies on besides the
language and time zone (always part of the key); `models` lists the models ("app_label.Model",
"app_label.Model.field" for a many-to-many table, "app_label" for all of an app's) whose rows it
shows; `timeout` (seconds, 300 by default) how long it may be kept at most, for parts that change
with the clock. Querysets in the context are only evaluated when the part is built, so a kept
part costs no queries. A {% csrf_token %} inside is put in for each request, never kept: the kept
part holds a placeholder.
"""

from django import template
from django.utils.safestring import mark_safe

from bsrstars import fragments

register = template.Library()

CSRF_SLOT = "csrf-slot-2b7c9e41"  # stands in for the request's token in a kept part


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary, models, timeout):
        self.nodelist, self.name, self.vary, self.models, self.timeout = nodelist, name, vary, models, timeout

    def render(self, context):
        models = str(self.models.resolve(context)).split()
        vary = [v.resolve(context) for v in self.vary]

        def build():
            with context.push(csrf_token=CSRF_SLOT):
                return str(self.nodelist.render(context))

        timeout = int(self.timeout.resolve(context)) if self.timeout else fragments.CACHE_SECONDS
        html = fragments.cached(str(self.name.resolve(context)), vary, models, build, timeout)
        if CSRF_SLOT in html:
            token = context.get("csrf_token")
            html = html.replace(CSRF_SLOT, str(token) if token and token != "NOTPROVIDED" else "")
        return mark_safe(html)  # noqa: S308 -- rendered by the template engine, escaped there


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3 or not any(b.startswith("models=") for b in bits[2:]):
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name, what it varies on and models=")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    vary, models, timeout = [], None, None
    for bit in bits[2:]:
        if bit.startswith("models="):
            models = parser.compile_filter(bit.removeprefix("models="))
        elif bit.startswith("timeout="):
            timeout = parser.compile_filter(bit.removeprefix("timeout="))
        else:
            vary.append(parser.compile_filter(bit))
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), vary, models, timeout)
