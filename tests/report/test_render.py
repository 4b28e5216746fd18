"""The report renders the same context to PDF and HTML; text stays verbatim (R29, R30)."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from onward.report import texts
from onward.report.context import (
    AnchorView,
    AttachmentView,
    DayCount,
    EntryView,
    ImportView,
    MessageView,
    RedactionView,
    ReportContext,
    Summary,
    VersionStamp,
)
from onward.report.fonts import drawable, load_fonts
from onward.report.html import render_html
from onward.report.render import render_pdf

HEAD = "ab12" * 16
CODE = "AB12-AB12-AB12-AB12"
TRICKY = "Ты где? 😔 你好 <script>alert(1)</script> & \u202eevil\u202c"
FORBIDDEN = re.compile(r"court-proof|admissible|military-grade|untraceable|proves what", re.I)


def make_context(**changes: object) -> ReportContext:
    ctx = ReportContext(
        title="Contact record",
        generated_at="Made 2026-03-02 10:00:00+00:00",
        period="All dates",
        categories=("Threat",),
        redact_names=False,
        summary=Summary(entries=1, amended=1, redactions=1, messages=1, contacts_total=3,
                        by_channel=(("In person", 1),), by_category=(("Threat", 1),)),
        per_day=(DayCount("2026-03-01", 2), DayCount("2026-03-02", 0), DayCount("2026-03-03", 1)),
        entries=(
            EntryView(
                entry_id="e" * 32,
                occurred_at="2026-03-01 21:30:00+01:00",
                recorded_at="2026-03-01 21:40:00+01:00",
                channel="In person",
                what="SENTINEL-entry He stood at the door for an hour.",
                where="home",
                witnesses="neighbour",
                harm="door frame cracked",
                attachments=(AttachmentView("door.jpg", "image/jpeg", 1234, "c" * 64,
                                            "originals/x-door.jpg"),),
                versions=(VersionStamp(1, "2026-03-01 21:40:00+01:00", "d" * 64, True),),
            ),
        ),
        redactions=(RedactionView("f" * 32, "2026-03-02 09:00:00+00:00", "typo", "9" * 64),),
        messages=(
            MessageView("1" * 32, "2026-03-01 22:00:00+01:00", "WhatsApp", "Alex", TRICKY,
                        ("Threat",), "chat.txt"),
        ),
        imports=(ImportView("2" * 32, "chat.txt", "3" * 64, "whatsapp", "1.0", "2026-03-02",
                            (("messages", 10),), "not kept"),),
        chain_head=HEAD,
        chain_code=CODE,
        chain_length=7,
        anchors=(AnchorView("2026-03-01 23:00:00+01:00", "0000-1111-2222-3333", "written"),),
        claims=texts.claims(),
        how_to_verify=texts.how_to_verify(CODE),
    )  # fmt: skip
    return dataclasses.replace(ctx, **changes)  # type: ignore[arg-type]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def test_report_context_contract() -> None:
    """Every field the renderers use is documented on the dataclass (house style 3)."""
    names = {f.name for f in dataclasses.fields(ReportContext)}
    assert names >= {"entries", "messages", "imports", "chain_head", "chain_code", "claims"}
    assert ReportContext.__doc__ and EntryView.__doc__ and MessageView.__doc__


def test_report_pdf_holds_the_text_the_code_and_the_honest_claims() -> None:
    pdf = render_pdf(make_context())
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert "SENTINEL-entry He stood at the door for an hour." in flat
    assert CODE in flat and HEAD[:32] in flat.replace(" ", "")
    assert "sha256sum -c SHA256SUMS" in flat and "python3 verify_chain.py" in flat
    assert "were not changed after they were captured" in flat
    assert "not a claim that a court" in flat
    assert "saved while the computer's clock had gone back" in flat
    assert "They miss many messages and sometimes mark harmless ones" in flat
    assert "typo" in flat and "chat.txt" in flat and "0000-1111-2222-3333" in flat
    assert "Ты где?" in text and "<script>alert(1)</script> &" in text
    assert not FORBIDDEN.search(flat)


def test_report_pdf_marks_characters_the_font_cannot_show() -> None:
    text = pdf_text(render_pdf(make_context()))
    assert "[U+4F60][U+597D]" in text  # CJK is not in DejaVu Sans
    assert "[U+202E]evil[U+202C]" in text  # direction overrides are shown, not obeyed
    assert "[U+XXXX]" in text  # and the report says so


def test_report_pdf_falls_back_to_helvetica(tmp_path: Path) -> None:
    fonts = load_fonts(tmp_path / "missing.ttf", tmp_path / "missing-bold.ttf")
    assert fonts.regular == "Helvetica" and not fonts.embedded
    assert drawable("café Ты", fonts) == ("café [U+0422][U+044B]", True)
    text = pdf_text(render_pdf(make_context(), fonts))
    assert "SENTINEL-entry" in text and "[U+0422]" in text


def test_report_pdf_splits_long_text_across_pages() -> None:
    long_entry = dataclasses.replace(make_context().entries[0], what="word " * 4000 + "x" * 500)
    pdf = render_pdf(make_context(entries=(long_entry,) * 3))
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 6


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_report_pdf_pages_render_and_are_not_blank(tmp_path: Path) -> None:
    (tmp_path / "r.pdf").write_bytes(render_pdf(make_context()))
    subprocess.run(
        ["pdftoppm", "-r", "40", "-gray", "-f", "1", "-l", "1", str(tmp_path / "r.pdf"),
         str(tmp_path / "p")],
        check=True,
    )  # fmt: skip
    (page,) = tmp_path.glob("p*.pgm")
    raw = page.read_bytes()
    pixels = raw[raw.index(b"255\n") + 4 :]
    dark = sum(1 for b in pixels if b < 128)
    assert 0.01 < dark / len(pixels) < 0.5  # text and a chart, not an empty or black page


def test_report_html_escapes_and_matches_the_pdf_content() -> None:
    html = render_html(make_context())
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "SENTINEL-entry" in html and CODE in html and "<rect" in html
    assert "<html" not in html  # a fragment for the app page
    page = render_html(make_context(), standalone=True)
    assert page.startswith("<!doctype html>") and "</html>" in page
    for claim in texts.claims():
        assert claim.replace("'", "&#39;") in html
    assert not FORBIDDEN.search(html)


def test_report_texts_are_honest() -> None:
    words = " ".join([*texts.claims(), *texts.how_to_verify(CODE)])
    assert "not changed after they were captured" in words
    assert "does not show who wrote" in words and "not a claim that a court" in words
    assert not FORBIDDEN.search(words)
    assert texts.channel_label("telegram") == "Telegram"
    assert texts.category_label("unknown_thing") == "Unknown thing"
