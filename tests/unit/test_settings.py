"""Settings refuse a secret key anyone could know outside development mode, and say how to
make one; development keeps its published default."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from fairmarket.settings import DEVELOPMENT_SECRET, Mode, Settings

STRONG = "Vq3kN8x-Zt1rL0pW5yB7cF2hJ4mS6dG9aE_uT0iO1oP"
HOW_TO = (
    'generate one with `python -c "import secrets; print(secrets.token_urlsafe(48))"` '
    "and set FAIRMARKET_SECRET_KEY to it"
)


def settings(mode: Mode, tmp_path: Path, **values: object) -> Settings:
    # No .env and a secret key file that only exists when a test writes it.
    return Settings(  # type: ignore[call-arg]
        mode=mode, secret_key_file=tmp_path / "secret_key", _env_file=None, **values
    )


def refusal(mode: Mode, tmp_path: Path, **values: object) -> str:
    with pytest.raises(ValidationError) as refused:
        settings(mode, tmp_path, **values)
    [problem] = refused.value.errors()
    return str(problem["msg"]).removeprefix("Value error, ")


@pytest.mark.parametrize("mode", [Mode.SANDBOX, Mode.PRODUCTION])
@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        (
            DEVELOPMENT_SECRET,
            "FAIRMARKET_SECRET_KEY is the development secret, which is published with the "
            "source code.",
        ),
        ("", "FAIRMARKET_SECRET_KEY is empty."),
        ("a-production-secret", "FAIRMARKET_SECRET_KEY is only 19 characters long."),
        ("changeme" * 5, "FAIRMARKET_SECRET_KEY uses only 7 different characters."),
    ],
)
def test_a_guessable_secret_is_refused_outside_development(
    tmp_path: Path, mode: Mode, secret: str, problem: str
) -> None:
    message = refusal(mode, tmp_path, secret_key=secret)

    assert message.startswith(f"{problem} {mode.value.capitalize()} mode signs web sessions ")
    assert HOW_TO in message


@pytest.mark.parametrize("mode", [Mode.SANDBOX, Mode.PRODUCTION])
def test_no_secret_at_all_is_refused_naming_both_places_but_development_has_its_own(
    tmp_path: Path, mode: Mode
) -> None:
    message = refusal(mode, tmp_path)

    assert settings(Mode.DEVELOPMENT, tmp_path).secret_key == DEVELOPMENT_SECRET
    assert message.startswith(
        f"FAIRMARKET_SECRET_KEY is not set and there is no {tmp_path / 'secret_key'}. "
    )
    assert HOW_TO in message
    assert f"or write it to {tmp_path / 'secret_key'}, readable by the server's user only" in (
        message
    )


def test_an_empty_environment_variable_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY", "")

    assert refusal(Mode.PRODUCTION, tmp_path).startswith("FAIRMARKET_SECRET_KEY is empty. ")


def test_the_refusal_never_repeats_the_secret(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as refused:
        settings(Mode.PRODUCTION, tmp_path, secret_key="short-but-secret")

    assert "short-but-secret" not in str(refused.value)


def test_without_the_variable_the_secret_key_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text(f"{STRONG}\n")
    given = "Pn4-wQ8zR2tY6uI0oA3sD5fG7hJ9kL1xC_vB" + "m" * 8

    assert settings(Mode.SANDBOX, tmp_path).secret_key == STRONG
    assert settings(Mode.PRODUCTION, tmp_path, secret_key=given).secret_key == given


def test_a_weak_secret_in_the_file_is_refused_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("short\n")

    assert refusal(Mode.SANDBOX, tmp_path).startswith(
        f"The secret key in {tmp_path / 'secret_key'} is only 5 characters long. "
    )
