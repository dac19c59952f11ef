"""Numbers, percentages, lists and dates as each language writes them (CLDR, through Babel).

German, Italian and Slovenian write 54,2 and 1.234; French 1 234,5; English 1,234.5. A
percentage is 45 % in German, French and Slovenian and 45% in English and Italian. These
rules come from the Unicode CLDR, which Babel ships; nothing here is hand-written per
language. Babel is imported on first use, so that commands that format nothing in another
language never load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import datetime as dt

    from babel import Locale

#: s3engine writes British English ("normalise", "organisation"); CLDR's "en" is American
#: (a comma before "and" in lists, "Mar 1, 2024").
_CLDR_NAMES = {"en": "en_GB"}


@cache
def cldr_locale(lang: str) -> Locale:
    """The CLDR data of a language code such as `de` or `sl`; English for an unknown code."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(_CLDR_NAMES.get(lang, lang).replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_CLDR_NAMES["en"])


def format_number(
    value: float, lang: str, digits: int | None = None, *, grouping: bool = True
) -> str:
    """`value` as `lang` writes it: with exactly `digits` decimals, or with all the decimals it
    has (3.5, 0.0001; a whole float as an integer). -0 shows as 0."""
    from decimal import Decimal

    from babel.numbers import format_decimal

    if digits is None:
        number = Decimal(str(int(value)) if float(value).is_integer() else repr(float(value)))
        pattern = "#,##0.###" if grouping else "0.###"
        return format_decimal(number, pattern, locale=cldr_locale(lang), decimal_quantization=False)
    rounded = round(float(value), digits)
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * digits if digits else "")
    return format_decimal(rounded or 0.0, pattern, locale=cldr_locale(lang))


def format_percent(share: float, lang: str, digits: int = 0) -> str:
    """A share from 0 to 1 as a percentage: 45% (en, it), 45 % (de, fr, sl)."""
    from babel.numbers import format_percent as babel_percent

    pattern = None
    if digits:
        pattern = (
            cldr_locale(lang).percent_formats[None].pattern.replace("0", "0." + "0" * digits, 1)
        )
    rounded = round(float(share) * 100, digits) / 100
    return babel_percent(rounded or 0.0, pattern, locale=cldr_locale(lang))


def format_list(
    items: Sequence[str], lang: str, style: Literal["and", "or", "unit"] = "and"
) -> str:
    """'A, B and C' (or 'A, B or C') with the language's words and commas."""
    from babel.lists import format_list as babel_list

    if not items:
        return ""
    name: Literal["standard", "or", "unit"] = "standard" if style == "and" else style
    return babel_list(list(items), style=name, locale=cldr_locale(lang))


def format_date(
    value: dt.date, lang: str, length: Literal["short", "medium", "long"] = "long"
) -> str:
    """A date as the language writes it in a sentence: 1 March 2024, 1. März 2024."""
    from babel.dates import format_date as babel_date

    return babel_date(value, format=length, locale=cldr_locale(lang))


def decimal_symbol(lang: str) -> str:
    """The character that separates the decimals: '.' in English, ',' in de, fr, it, sl."""
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(cldr_locale(lang))
