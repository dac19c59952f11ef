"""The survey's HTML: Jinja2 templates rendered on the server, one environment per language.

Templates autoescape everything (a respondent's text, a questionnaire's text, a region name
are all shown as text, never as markup) and take the web's own texts from its gettext
catalogue through Jinja2's i18n extension (`{% trans %}`, `_()`, `ngettext()`); one
environment per language keeps the translations of concurrent requests apart without any
shared state.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, cast

import jinja2

from s3engine.web.translations import translations

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


class _WithGettext(Protocol):
    def install_gettext_translations(self, translations: Any, newstyle: bool | None) -> None: ...


@lru_cache(maxsize=16)
def environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    # The i18n extension adds this method to the environment when it is created.
    cast(_WithGettext, env).install_gettext_translations(translations(lang), newstyle=True)
    return env


def render(lang: str, template: str, context: dict[str, Any]) -> str:
    return environment(lang).get_template(template).render(context)
