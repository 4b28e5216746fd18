"""The report's fixed wording: what it claims, how to check it, and plain labels.

One place for these words, so the PDF, the HTML preview, the export's README and
the docs say the same thing (R30). They promise nothing about courts, and claim
only that records were not changed after they were saved.
"""

from __future__ import annotations

from onward.i18n import gettext as _

NAME_REMOVED = "[name removed]"


def channel_label(channel: str) -> str:
    labels = {
        "in_person": _("In person"),
        "phone": _("Phone call"),
        "sms": _("Text message"),
        "mms": _("Picture message (MMS)"),
        "whatsapp": _("WhatsApp"),
        "telegram": _("Telegram"),
        "signal": _("Signal"),
        "imessage": _("iMessage"),
        "facebook": _("Facebook Messenger"),
        "instagram": _("Instagram"),
        "email": _("Email"),
        "social": _("Social media"),
        "other": _("Other"),
    }
    return labels.get(channel, channel.replace("_", " ").capitalize())


def format_label(name: str) -> str:
    """What a person calls an import format (a third party's format: its own name)."""
    return {
        "whatsapp": _("WhatsApp chat export"),
        "telegram": _("Telegram Desktop export (JSON)"),
        "sms_backup_restore": _("SMS Backup & Restore (XML)"),
        "facebook": _("Facebook Messenger (JSON)"),
        "instagram": _("Instagram messages (JSON)"),
        "imessage": _("iMessage (chat.db)"),
        "signal": _("Signal (signal-export)"),
        "csv": _("Spreadsheet (CSV)"),
    }.get(name, name)


def category_label(category: str) -> str:
    labels = {
        "threat": _("Threat"),
        "self_harm_pressure": _("Pressure through talk of self-harm"),
        "refuses_breakup": _("Will not accept the relationship is over"),
        "monitoring": _("Checking up on where you are or who you see"),
        "control": _("Control"),
        "insult": _("Insult"),
        "guilt_trip": _("Guilt-tripping"),
        "jealousy": _("Jealousy"),
        "pressure_to_meet": _("Pressure to meet"),
        "hoovering": _("Trying to draw you back"),
        "begging": _("Begging"),
    }
    return labels.get(category, category.replace("_", " ").capitalize())


def name_removed() -> str:
    return _(NAME_REMOVED)


def claims() -> tuple[str, ...]:
    """What the report shows and what it does not (R30)."""
    return (
        _(
            "This report lists what was recorded in Onward, word for word, with the time "
            "each record was saved by the computer and the time the person said it happened."
        ),
        _(
            "Each record got a fingerprint (a SHA-256 hash) when it was saved, and the "
            "fingerprints are linked one after another in a chain. If a record had been "
            "changed after it was saved, it would no longer match the chain. So this shows "
            "that the records were not changed after they were captured."
        ),
        _(
            "It does not show who wrote the messages, that what they say is true, or that "
            "the times the person gave are right."
        ),
        _(
            "It is not a claim that a court or anyone else will accept these records. "
            "That depends on the place and the case; a lawyer can advise."
        ),
        _(
            "Onward cannot tell whether the computer's clock was right or whether the device "
            "was being watched. Records saved while the clock had gone backwards are marked."
        ),
    )


def how_to_verify(code: str) -> tuple[str, ...]:
    """Steps anyone can follow with standard tools (R29)."""
    return (
        _(
            "This report comes with an export folder: report.pdf, records/ (every record as "
            "JSON), originals/ (attached files, byte for byte), working/ (copies of photos "
            "with location data removed), chain.json, SHA256SUMS, verify_chain.py and "
            "README.txt. If you have only this PDF, ask for the folder."
        ),
        _("1. In the folder, run: sha256sum -c SHA256SUMS  (every line should end in OK)."),
        _(
            "2. Run: python3 verify_chain.py  (it needs only Python 3). It checks that each "
            "link of the chain follows the one before, and that each record and each "
            "original matches the fingerprint its link or record gives."
        ),
        _(
            "3. If the person wrote down or sent themselves a short code earlier, run: "
            "python3 verify_chain.py --code XXXX-XXXX-XXXX-XXXX. A code that is on the chain "
            "shows the records up to that point were not rewritten afterwards."
        ),
        _(
            "A single record can be checked by hand: sha256sum records/log-<id>.json prints "
            "the value found in the sha256 field of the chain link that names it."
        ),
        _("The chain head when this report was made is {code}.").format(code=code),
    )


def glyph_note() -> str:
    return _(
        "Characters the report's font cannot show are written as [U+XXXX]; "
        "the JSON records in the export folder keep the exact text."
    )
