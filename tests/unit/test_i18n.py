"""The language of a page: `_()` in templates and `gettext` in page code follow `speaking`."""

from __future__ import annotations

import gettext

from fairmarket.entrypoints.web import i18n
from fairmarket.entrypoints.web.rendering import TEMPLATES

_WORDS = {"Log out": "Sair", "Hi %(name)s": "Olá, %(name)s"}


class _Portuguese(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return _WORDS.get(message, message)


def test_templates_and_page_code_speak_the_current_language() -> None:
    template = TEMPLATES.env.from_string('{{ _("Log out") }} · {{ _("Hi %(name)s", name=who) }}')
    i18n.register_catalogue("xx", _Portuguese())
    assert template.render(who="<b>") == "Log out · Hi &lt;b&gt;"
    with i18n.speaking("xx"):
        assert i18n.gettext("Log out") == "Sair"
        assert template.render(who="<b>") == "Sair · Olá, &lt;b&gt;"
    assert i18n.current_locale() == i18n.DEFAULT_LOCALE


def test_an_unknown_locale_speaks_english() -> None:
    with i18n.speaking("zz"):
        assert i18n.current_locale() == i18n.DEFAULT_LOCALE
        assert i18n.gettext("Log out") == "Log out"
