"""Passphrase rules that fit this threat model (security.md R11).

At least 8 characters (15 or more recommended), no composition rules, and not
one of the 3,000 most common passwords or a variant that is trivially guessed.
Words the person gave Onward (names, places) can be passed as context.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from onward.errors import WeakPassphraseError
from onward.i18n import gettext as _

MIN_LENGTH = 8
RECOMMENDED_LENGTH = 15
COMMON_LIST_SIZE = 3000
MIN_ZXCVBN_SCORE = 2  # 0-4; below 2 is guessable within about 10^6 tries
# zxcvbn raises ValueError on longer input (its max_length default); a long passphrase is
# scored on its first 72 characters, which is plenty to tell a guessable one.
ZXCVBN_MAX_CHARS = 72


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # large; loaded only when needed

    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_LIST_SIZE])


def check_passphrase(passphrase: str, *, context: Iterable[str] = ()) -> None:
    """Raise WeakPassphraseError with a kind, specific hint when it is too easy to guess."""
    if len(passphrase) < MIN_LENGTH:
        raise WeakPassphraseError(
            _("Your passphrase needs at least {n} characters.").format(n=MIN_LENGTH),
            hint=_("A few unrelated words make a strong, easy-to-remember passphrase."),
        )
    if passphrase.lower() in _common():
        raise WeakPassphraseError(
            _("That passphrase is one of the most common ones."),
            hint=_("Choose something others could not guess, such as four unrelated words."),
        )
    from zxcvbn import zxcvbn

    words = [w for w in context if w]
    result = zxcvbn(passphrase[:ZXCVBN_MAX_CHARS], user_inputs=words)
    if result["score"] < MIN_ZXCVBN_SCORE:
        raise WeakPassphraseError(
            _("That passphrase would be easy to guess."),
            hint=_(
                "Avoid names, dates and common words someone close to you might know. "
                "Try four unrelated words."
            ),
        )
