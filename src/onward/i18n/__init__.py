"""Translations. Every user-facing string goes through ``gettext`` (English ships first).

Catalogues live in ``onward/i18n/<lang>/LC_MESSAGES/onward.mo``; extract with
``make i18n`` (pybabel). A missing catalogue falls back to the English source.
"""

from __future__ import annotations

import gettext as _gettext
from functools import lru_cache
from pathlib import Path

DOMAIN = "onward"
LOCALE_DIR = Path(__file__).parent


@lru_cache(maxsize=8)
def translations(lang: str = "en") -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def gettext(message: str) -> str:
    return translations().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations().ngettext(singular, plural, n)
