"""WhatsApp text-export layouts: header regexes and the vendor strings that classify a message.

A chat export is a sequence of "header" lines (a date, a time, then an optional author and the
first line of the message) followed by continuation lines. The layouts seen in exports are:

* Android: ``12/31/23, 9:05 PM - Name: text`` and ``31.12.23, 21:05 - Name: text``; system
  events have no ``Name:`` part.
* iOS: ``[31.12.23, 21:05:07] Name: text``; system events carry the chat's name as the author
  and start with U+200E; attachment lines also start with U+200E before the bracket.
* Locale variants: separators ``/ . -`` (with or without a space after them, as in
  ``13. 6. 2018.``), year-first dates (``2023-12-24``), a word between date and time (Finnish
  ``klo``, French ``à``), ``.`` in times, seconds or not, 12 h markers ``AM``, ``a.m.``,
  ``a. m.`` with a space, NBSP (U+00A0) or NNBSP (U+202F) before them.

One permissive regex (``GENERIC_HEADER``) finds the first header of a file; from it a
``Layout`` fixes the bracket, the date separator and the clock, and compiles a stricter regex
that the parser runs once per line. A header-shaped line in another layout inside a message body
therefore stays part of that body.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Final

from onward.model import MessageKind

# U+200E LEFT-TO-RIGHT MARK: iOS writes one before attachment lines and before the text of
# system events, media placeholders and missed calls.
LRM: Final = "\u200e"
# U+200F RIGHT-TO-LEFT MARK: written instead of U+200E by right-to-left locales.
RLM: Final = "\u200f"
# Invisible marks that may precede a header: U+200E/U+200F (iOS) and a BOM left at the start
# of a second export appended to the first.
_LINE_MARKS: Final = LRM + RLM + "\ufeff"
# Spaces seen between the time and the 12 h marker: plain, NBSP (older Android, some locales),
# NNBSP U+202F (Android since 2023 and CLDR 42 locales).
_MARKER_SPACE: Final = "[ \u00a0\u202f]"
# The Unicode replacement character, which the decoder puts where bytes were not UTF-8.
REPLACEMENT_CHAR: Final = "\ufffd"

# Between the date and the time: a comma and/or a space, then an optional short word such as
# Finnish "klo", French "à", Norwegian "kl.".
_JOINER: Final = r",?[ \u00a0](?:[^\W\d_]{1,4}\.?[ \u00a0])?"
# 12 h markers: AM, am, a.m., a. m. (Spanish), with any of the spaces above before them.
_AMPM: Final = rf"{_MARKER_SPACE}?[AaPp]\.?{_MARKER_SPACE}?[Mm]\.?"

GENERIC_HEADER: Final = re.compile(
    rf"[{_LINE_MARKS}]?(?P<open>\[)?"
    r"(?P<date>\d{1,4}(?P<sep>[./-]) ?\d{1,4}(?P=sep) ?\d{1,4}\.?)"
    rf"(?P<join>{_JOINER})"
    r"(?P<time>\d{1,2}(?P<tsep>[:.])\d{2}(?P<sec>(?P=tsep)\d{2})?)"
    rf"(?P<ampm>{_AMPM})?"
    r"(?P<close>\] | - |: )"
)
"""Any header layout; used to find the first header of a file and to sniff files."""


@dataclass(frozen=True, slots=True)
class Layout:
    """The header layout of one file, fixed from its first header line.

    Fixing the layout makes the per-line regex cheaper and stricter: a header-shaped line in
    another layout inside a message body stays part of that body.
    """

    bracketed: bool
    date_sep: str
    joiner: str  # ", ", " ", " klo ", ...
    time_sep: str
    seconds: bool
    marker: str | None  # the first 12 h marker seen, e.g. " PM", "\u202fp. m."; None: 24 h
    closer: str  # "] ", " - " or ": "

    @property
    def regex(self) -> re.Pattern[str]:
        """The header regex of this layout (use ``match``).

        Groups: the date text; the clock text (hours and minutes, with the 12 h marker when
        the layout has no seconds); the seconds and the 12 h marker of layouts with seconds
        (else ""); the rest of the line up to LF (a CR before the LF, from a CR LF line end,
        stays in it for the caller to drop). Splitting off the seconds keeps the caches small.
        """
        return _compile_layout(self)

    @property
    def lines(self) -> re.Pattern[str]:
        """The same header regex made optional, for ``findall`` over many lines at once.

        Multi-line mode, anchored at each line start: one match per line of the text it is
        given (lines end at LF; a CR stays in the line), each the same five groups as
        ``regex``, all but the last empty for a line that is not a header, whose whole text
        is then the last group. A header matches exactly as with ``regex``.
        """
        return _compile_lines(self)


def _marker_pattern(marker: str) -> str:
    """A regex for 12 h markers shaped like ``marker``: same letters' case, dots and spacing."""
    parts = [f"{_MARKER_SPACE}?"]
    for ch in marker.lstrip(" \u00a0\u202f"):
        if ch in "AP":
            parts.append("[AP]")
        elif ch in "ap":
            parts.append("[ap]")
        elif ch in " \u00a0\u202f":
            parts.append(_MARKER_SPACE)
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


@functools.lru_cache(maxsize=32)
def _compile_layout(layout: Layout) -> re.Pattern[str]:
    sep, tsep = re.escape(layout.date_sep), re.escape(layout.time_sep)
    marker = _marker_pattern(layout.marker) if layout.marker else ""
    if layout.seconds:  # "21:05" "07" "" or "9:05" "07" " PM"
        time = rf"(\d{{1,2}}{tsep}\d{{2}}){tsep}([0-5]\d)({marker})"
    else:  # "21:05" or "9:05 PM" as one text: few enough distinct values to cache whole
        time = rf"(\d{{1,2}}{tsep}\d{{2}}{marker})()()"
    return re.compile(
        rf"[{_LINE_MARKS}]?{re.escape('[') if layout.bracketed else ''}"
        rf"(\d{{1,4}}{sep} ?\d{{1,4}}{sep} ?\d{{1,4}}\.?){re.escape(layout.joiner)}"
        rf"{time}{re.escape(layout.closer)}(.*)"
    )


_ANY_LINE: Final = "(.*)"


@functools.lru_cache(maxsize=32)
def _compile_lines(layout: Layout) -> re.Pattern[str]:
    header = _compile_layout(layout).pattern
    assert header.endswith(_ANY_LINE)  # the pattern is built above
    return re.compile(f"^(?:{header[: -len(_ANY_LINE)]})?{_ANY_LINE}", re.MULTILINE)


def layout_of(line: str) -> Layout | None:
    """The layout of a header line, or None when the line is not a header."""
    m = GENERIC_HEADER.match(line)
    if m is None or (m["open"] is not None) != (m["close"] == "] "):
        return None
    return Layout(
        bracketed=m["open"] is not None,
        date_sep=m["sep"],
        joiner=m["join"],
        time_sep=m["tsep"],
        seconds=m["sec"] is not None,
        marker=m["ampm"],
        closer=m["close"],
    )


# --- message classification -------------------------------------------------------------------

# Placeholders written instead of a file when exporting without media: Android writes one
# generic line per locale, iOS one per media type. English: the layouts in chat-parsers.md and
# shared/bench/gen_whatsapp.py. Other locales: the list in mlomb/chat-analytics
# (pipeline/parse/parsers/WhatsApp.ts), which compares case-insensitively, as ``classify`` does;
# entries marked "unverified" were not in that list and come from user reports.
MEDIA_PLACEHOLDERS: Final = frozenset(
    {
        "<Media omitted>",  # Android, en
        "<Medien ausgeschlossen>",  # Android, de
        "<Medien weggelassen>",  # Android, de
        "<Multimedia omitido>",  # Android, es
        "<Archivo omitido>",  # Android, es
        "<Médias omis>",  # Android, fr
        "<Fichier omis>",  # Android, fr
        "<Mídia omitida>",  # Android, pt
        "<Media omessi>",  # Android, it
        "<Media weggelaten>",  # Android, nl
        "image omitted",  # iOS, en (one per media type)
        "video omitted",
        "audio omitted",
        "sticker omitted",
        "GIF omitted",
        "document omitted",
        "Contact card omitted",  # iOS, en (unverified)
        "imagen omitida",  # iOS, es
        "video omitido",
        "audio omitido",
        "sticker omitido",
        "GIF omitido",
        "documento omitido",
        "Bild weggelassen",  # iOS, de (unverified)
        "Video weggelassen",
        "Audio weggelassen",
    }
)

# "This message was deleted" as shown to the recipient and to the sender; iOS adds a full stop.
# English as in chat-parsers.md; other locales from user reports (unverified).
DELETED_TEXTS: Final = frozenset(
    {
        "This message was deleted",  # en
        "You deleted this message",
        "Diese Nachricht wurde gelöscht",  # de
        "Du hast diese Nachricht gelöscht",
        "Se eliminó este mensaje",  # es
        "Eliminaste este mensaje",
        "Ce message a été supprimé",  # fr
        "Vous avez supprimé ce message",
        "Esta mensagem foi apagada",  # pt
        "Você apagou esta mensagem",
    }
)

# Missed calls (iOS exports contain them; Android .txt exports do not). iOS may append
# ", Tap to call back", so these are prefixes. Non-English entries are unverified.
MISSED_CALL_PREFIXES: Final = (
    "Missed voice call",  # en
    "Missed video call",
    "Missed group voice call",
    "Missed group video call",
    "Verpasster Sprachanruf",  # de
    "Verpasster Videoanruf",
    "Llamada perdida",  # es
    "Videollamada perdida",
)

# iOS attachment line: "<attached: 00000012-PHOTO-2021-03-14-08-10-00.jpg>" (non-English
# entries unverified).
ATTACHED_PREFIXES: Final = (
    "<attached: ",  # en
    "<Anhang: ",  # de
    "<adjunto: ",  # es
    "<anexado: ",  # pt
)
# Android attachment line (exports with media): "IMG-20210314-WA0001.jpg (file attached)"
# (Pustur/whatsapp-chat-parser issue #231; non-English entries unverified).
FILE_ATTACHED_SUFFIXES: Final = (
    " (file attached)",  # en
    " (Datei angehängt)",  # de
    " (archivo adjunto)",  # es
    " (fichier joint)",  # fr
    " (arquivo anexado)",  # pt
    " (file allegato)",  # it
)

# Phrases of system events that carry an author position on iOS (the chat's name) or that could
# be mistaken for "Name: text" on Android because the event quotes a name containing ": ".
SYSTEM_PHRASES: Final = (
    "Messages and calls are end-to-end encrypted",
    "Messages to this group are now secured with end-to-end encryption",
    "Your security code with ",
    "You blocked this contact",
    "You unblocked this contact",
    " changed their phone number",
    " changed to ",
    "created group ",
    " changed the subject ",
    " changed the group description",
    " changed this group's icon",
    " changed this group's settings",
    " deleted this group's icon",
    " added ",
    " removed ",
    " left",
    " joined using this group's invite link",
    "You're now an admin",
    "turned on disappearing messages",
    "turned off disappearing messages",
    "Disappearing messages were turned ",
    "This chat is with a business account",
    "Die Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt",  # de
    "Los mensajes y las llamadas están cifrados de extremo a extremo",  # es
)
_SYSTEM_RX: Final = re.compile("|".join(re.escape(p) for p in SYSTEM_PHRASES))
# Event verbs that quote a group name; seeing one in front of ": " means the colon belongs to
# the quoted name, not to an author ("Alex created group "Plans: summer"").
_QUOTING_EVENTS: Final = re.compile(
    r" created group | changed the subject | changed the group name | changed the group "
    r"description| changed this group's "
)
# Contact names are short; WhatsApp limits push names to 25 characters and saved contact names
# rarely pass 60. A longer "author" is text that happens to contain ": ".
MAX_AUTHOR_LEN: Final = 100
# Longest exact placeholder worth a set lookup (avoids hashing long message texts).
EXACT_MAX_LEN: Final = 48
# First characters that can begin a classified (non-text) message on the fast path.
SPECIAL_LEADS: Final = LRM + RLM + "<"


def _exact_kinds() -> dict[str, MessageKind]:
    kinds: dict[str, MessageKind] = {}
    for text in MEDIA_PLACEHOLDERS:
        kinds[text] = kinds[LRM + text] = MessageKind.MEDIA
    for text in DELETED_TEXTS:
        for variant in (text, text + ".", LRM + text, LRM + text + "."):
            kinds[variant] = MessageKind.DELETED
    return kinds


EXACT_KINDS: Final = _exact_kinds()
"""Exact first lines that decide a kind, with and without the iOS U+200E and full stop."""
_FOLDED_KINDS: Final = {text.casefold(): kind for text, kind in EXACT_KINDS.items()}


@dataclass(frozen=True, slots=True)
class Classified:
    """What the first line of a message says about its kind."""

    kind: MessageKind
    attachment: str | None = None
    call_missed: bool | None = None


TEXT: Final = Classified(MessageKind.TEXT)
# One shared value per kind: a frozen dataclass is costly to build once per message.
_OF_KIND: Final = {kind: Classified(kind) for kind in MessageKind}
_SYSTEM: Final = Classified(MessageKind.SYSTEM)
_MISSED_CALL: Final = Classified(MessageKind.CALL, call_missed=True)


def classify(first_line: str) -> Classified:
    """Classify a message by the first line of its text (after the author)."""
    exact = EXACT_KINDS.get(first_line)
    if exact is None and len(first_line) <= EXACT_MAX_LEN:
        exact = _FOLDED_KINDS.get(first_line.casefold())
    if exact is not None:
        return _OF_KIND[exact]
    marked = first_line.startswith((LRM, RLM))
    bare = first_line[1:] if marked else first_line
    if bare.startswith(ATTACHED_PREFIXES) and bare.endswith(">"):
        name = bare[bare.index(" ") + 1 : -1]
        return Classified(MessageKind.MEDIA, attachment=name or None)
    if bare.endswith(FILE_ATTACHED_SUFFIXES):
        name = bare[: bare.rindex(" (")]
        return Classified(MessageKind.MEDIA, attachment=name or None)
    if bare.startswith(MISSED_CALL_PREFIXES):
        return _MISSED_CALL
    if marked and _SYSTEM_RX.search(bare):
        return _SYSTEM
    return TEXT


def classify_event(text: str) -> Classified:
    """Classify a line without an author (an Android system event, or an iOS group event)."""
    bare = text[1:] if text.startswith((LRM, RLM)) else text
    if bare.startswith(MISSED_CALL_PREFIXES):
        return _MISSED_CALL
    return _SYSTEM


def is_author(candidate: str) -> bool:
    """Whether the text before the first ": " of a header is an author name.

    It is not when the colon sits inside a quoted group name of a system event
    (``Alex created group "Plans: summer"``) or when the candidate is far too long for a name.
    """
    if not candidate or len(candidate) > MAX_AUTHOR_LEN or candidate.startswith((LRM, RLM)):
        return False
    return _QUOTING_EVENTS.search(candidate) is None and not _has_open_quote(candidate)


def _has_open_quote(candidate: str) -> bool:
    opens = candidate.count("“") + candidate.count("«") + candidate.count("„")
    closes = candidate.count("”") + candidate.count("»")
    return candidate.count('"') % 2 == 1 or opens > closes
