"""`{% json_ld data %}`: structured data in a <script type="application/ld+json">.

The JSON is escaped as Django's `json_script` escapes it: <, > and & become \\u
escapes, so no text in the data (a title containing "</script>", say) can close the
element or start markup. JSON parsers read the escapes back as the same characters.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
