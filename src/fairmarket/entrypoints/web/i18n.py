"""Which language a page speaks, and the words in it (gettext).

Every visible string in templates is written `{{ _("Text") }}` (or `{% trans %}`), and every
message page code shows is wrapped in `gettext`. The language of the request being rendered is
held in a context variable, so templates and page code need no parameter for it. English is the
source language; until a catalogue is loaded for a locale, its words are the English ones.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_LOCALE = "en"

_NULL = stdlib_gettext.NullTranslations()
_CATALOGUES: dict[str, stdlib_gettext.NullTranslations] = {DEFAULT_LOCALE: _NULL}
_current_locale: ContextVar[str] = ContextVar("fairmarket_locale", default=DEFAULT_LOCALE)


def current_locale() -> str:
    return _current_locale.get()


def _translations() -> stdlib_gettext.NullTranslations:
    return _CATALOGUES.get(_current_locale.get(), _NULL)


def gettext(message: str) -> str:
    return _translations().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translations().ngettext(singular, plural, count)


@contextmanager
def speaking(locale: str) -> Iterator[None]:
    """Render (part of) a response in `locale`; the previous language comes back afterwards."""
    token = _current_locale.set(locale if locale in _CATALOGUES else DEFAULT_LOCALE)
    try:
        yield
    finally:
        _current_locale.reset(token)


def register_catalogue(locale: str, translations: stdlib_gettext.NullTranslations) -> None:
    _CATALOGUES[locale] = translations
