"""The survey's HTML: Jinja2 templates rendered on the server.

Templates autoescape everything (a respondent's text, a questionnaire's text, a region name
are all shown as text, never as markup) and take the web's own texts from its gettext
catalogue through Jinja2's i18n extension (`_()`, `ngettext()`). One environment serves every
language: each template is compiled once per process, and the language's `gettext` and
`ngettext` come with each rendering, so concurrent requests in different languages share
nothing but the compiled code.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from s3engine.web.translations import translations

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,
)
# `_()` and `ngettext()` take their values as keywords and escape them (newstyle gettext).
_ENVIRONMENT.extend(newstyle_gettext=True)
#: One thread compiles a template while the others wait for it (not all compiling it at once).
_COMPILING = threading.Lock()


@lru_cache(maxsize=16)
def _gettext(lang: str) -> dict[str, Any]:
    """The gettext functions of one language, as the templates call them."""
    catalogue = translations(lang)

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str, **values: Any) -> str:
        text = catalogue.gettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % values

    @jinja2.pass_context
    def ngettext(
        context: jinja2.runtime.Context, singular: str, plural: str, num: int, **values: Any
    ) -> str:
        text = catalogue.ngettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % {"num": num, **values}

    return {"gettext": gettext, "ngettext": ngettext}


def render(lang: str, template: str, context: dict[str, Any]) -> str:
    with _COMPILING:
        compiled = _ENVIRONMENT.get_template(template)
    return compiled.render({**context, **_gettext(lang)})
