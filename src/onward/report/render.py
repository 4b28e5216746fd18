"""The report as a PDF (reportlab), laid out from a ``ReportContext``."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from onward.i18n import gettext as _
from onward.i18n import ngettext
from onward.report import chart, texts
from onward.report.blocks import Line, TextBlock
from onward.report.context import EntryView, MessageView, RedactionView, ReportContext
from onward.report.fonts import Fonts, drawable, load_fonts

BODY, SMALL, HEAD = 9.5, 7.5, 8.5
MARGIN = 18 * mm


class _Pdf:
    """One rendering: fonts, styles, and whether any glyph had to be replaced."""

    def __init__(self, fonts: Fonts) -> None:
        self.fonts = fonts
        self.replaced = False
        self.body = ParagraphStyle("body", fontName=fonts.regular, fontSize=BODY, leading=12.5)
        self.h1 = ParagraphStyle(
            "h1", parent=self.body, fontName=fonts.bold, fontSize=17, leading=21, spaceAfter=6
        )
        self.h2 = ParagraphStyle(
            "h2",
            parent=self.body,
            fontName=fonts.bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
        )
        self.small = ParagraphStyle("small", parent=self.body, fontSize=SMALL, leading=9.5)

    def text(self, value: str) -> str:
        clean, replaced = drawable(value, self.fonts)
        self.replaced = self.replaced or replaced
        return clean

    def para(self, value: str, style: ParagraphStyle | None = None) -> Paragraph:
        markup = escape(self.text(value)).replace("\n", "<br/>")
        return Paragraph(markup, style or self.body)

    def run(self, value: str, *, bold: bool = False, size: float = BODY) -> Line:
        return (self.fonts.bold if bold else self.fonts.regular, size, self.text(value))


def _label(name: str, value: str) -> str:
    return f"{name}: {value}"


def _entry_block(pdf: _Pdf, entry: EntryView) -> TextBlock:
    head = f"{entry.occurred_at} · {entry.channel}"
    if entry.clock_flag:
        head += " · " + _("saved while the computer's clock had gone back")
    runs = [pdf.run(head, bold=True, size=HEAD), pdf.run(entry.what)]
    for name, value in (
        (_("Where"), entry.where),
        (_("Witnesses"), entry.witnesses),
        (_("Harm or damage"), entry.harm),
    ):
        if value:
            runs.append(pdf.run(_label(name, value)))
    for a in entry.attachments:
        where = f" · {a.bundle_path}" if a.bundle_path else ""
        line = f"{_('Attached')}: {a.name} ({a.media_type}, {a.size:,} B) SHA-256 {a.sha256}{where}"
        runs.append(pdf.run(line, size=SMALL))
    for v in entry.versions:
        stamp = _("Version %(n)s saved %(at)s · record SHA-256") % {
            "n": v.version,
            "at": v.recorded_at,
        }
        stamp += " " + v.sha256
        runs.append(pdf.run(stamp, size=SMALL))
    runs.append(pdf.run(_label(_("Entry"), entry.entry_id), size=SMALL))
    return TextBlock(runs)


def _redaction_block(pdf: _Pdf, r: RedactionView) -> TextBlock:
    head = _("Removed %(at)s") % {"at": r.redacted_at}
    if r.clock_flag:
        head += " · " + _("saved while the computer's clock had gone back")
    return TextBlock(
        [
            pdf.run(head, bold=True, size=HEAD),
            pdf.run(_label(_("Reason given"), r.reason)),
            pdf.run(f"{_('Entry')}: {r.entry_id} · {_('record SHA-256')} {r.sha256}", size=SMALL),
        ]
    )


def _message_block(pdf: _Pdf, m: MessageView) -> TextBlock:
    cats = ", ".join(m.categories)
    head = f"{m.at} · {m.channel} · {m.sender}" + (f" · {cats}" if cats else "")
    return TextBlock(
        [
            pdf.run(head, bold=True, size=HEAD),
            pdf.run(m.text),
            pdf.run(
                f"{_('Source')}: {m.source} · {_('record')} contact-{m.contact_id}", size=SMALL
            ),
        ]
    )


def _table(pdf: _Pdf, rows: list[tuple[str, str]]) -> Table:
    data = [[pdf.para(a), pdf.para(b)] for a, b in rows]
    table = Table(data, colWidths=[70 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc")]
        )
    )
    return table


def _summary(pdf: _Pdf, ctx: ReportContext) -> list[Any]:
    s = ctx.summary
    rows = [
        (_("Entries logged by hand"), f"{s.entries:,}"),
        (_("Of these, amended later"), f"{s.amended:,}"),
        (_("Entries removed (with a reason)"), f"{s.redactions:,}"),
        (_("Flagged messages and calls"), f"{s.messages:,}"),
        (_("All contacts on the timeline in this period"), f"{s.contacts_total:,}"),
        (_("Records saved while the clock had gone back"), f"{s.clock_flags:,}"),
    ]
    if s.unreadable:
        rows.append((_("Messages that could not be read"), f"{s.unreadable:,}"))
    rows += [(_("Contacts by channel: %(c)s") % {"c": c}, f"{n:,}") for c, n in s.by_channel]
    rows += [(_("Flagged as: %(c)s") % {"c": c}, f"{n:,}") for c, n in s.by_category]
    return [Paragraph(escape(_("Summary")), pdf.h2), _table(pdf, rows)]


def _flag_limits() -> str:
    """What a flag is worth, said where the flagged messages are listed (docs/flags.md)."""
    return _(
        "Flags are found by fixed rules and a small computer model, or marked by the "
        "person who made this report, which the flag then says. They miss many "
        "messages and sometimes mark harmless ones, "
        "so read every message, not only the flagged ones. A flag is not a finding about "
        "anyone."
    )


def _section(pdf: _Pdf, title: str, blocks: list[Any], empty: str) -> list[Any]:
    return [Paragraph(escape(title), pdf.h2), *(blocks or [pdf.para(empty)])]


def _integrity(pdf: _Pdf, ctx: ReportContext) -> list[Any]:
    rows = [
        (_("Chain head (short code)"), ctx.chain_code),
        (_("Chain head (full SHA-256)"), ctx.chain_head),
        (_("Links on the chain"), f"{ctx.chain_length:,}"),
    ]
    rows += [(_("Code noted by the person, %(at)s") % {"at": a.at}, a.code) for a in ctx.anchors]
    story: list[Any] = [Paragraph(escape(_("How to check this report")), pdf.h2), _table(pdf, rows)]
    story += [Spacer(1, 4), *(pdf.para(step) for step in ctx.how_to_verify)]
    return story


def _story(pdf: _Pdf, ctx: ReportContext) -> list[Any]:
    meta = [ctx.generated_at, ctx.period]
    if ctx.categories:
        meta.append(_("Flag types: %(c)s") % {"c": ", ".join(ctx.categories)})
    if ctx.redact_names:
        meta.append(_("Names removed"))
    story: list[Any] = [Paragraph(escape(ctx.title), pdf.h1), pdf.para(" · ".join(meta), pdf.small)]
    story += [Paragraph(escape(_("What this report shows")), pdf.h2)]
    story += [pdf.para(c) for c in ctx.claims]
    story += _summary(pdf, ctx)
    story += [Paragraph(escape(_("Contacts per day")), pdf.h2)]
    story += [chart.drawing(ctx.per_day, pdf.fonts.regular, 170 * mm, 45 * mm)]
    entries = [_entry_block(pdf, e) for e in ctx.entries]
    story += _section(pdf, _("Logged entries, oldest first"), entries, _("No entries."))
    if ctx.redactions:
        removed = [_redaction_block(pdf, r) for r in ctx.redactions]
        story += _section(pdf, _("Removed entries"), removed, "")
    messages = [_message_block(pdf, m) for m in ctx.messages]
    story += _section(
        pdf,
        _("Flagged messages and calls, oldest first"),
        messages,
        _("No flagged messages in this period."),
    )
    story.append(pdf.para(_flag_limits(), pdf.small))
    story += [Paragraph(escape(_("Imported files")), pdf.h2)]
    for imp in ctx.imports:
        counts = ", ".join(f"{k}: {n:,}" for k, n in imp.counts)
        lines = [
            f"{imp.file_name} · SHA-256 {imp.sha256}",
            f"{_('Read by')} {imp.parser} {imp.parser_version} · {_('imported')} {imp.imported_at}",
            counts,
            imp.original,
        ]
        story.append(pdf.para("\n".join(line for line in lines if line)))
    if not ctx.imports:
        story.append(pdf.para(_("No files were imported.")))
    story += _integrity(pdf, ctx)
    story += [pdf.para(n, pdf.small) for n in ctx.notes]
    return story


def render_pdf(ctx: ReportContext, fonts: Fonts | None = None) -> bytes:
    """The report as PDF bytes."""
    pdf = _Pdf(fonts or load_fonts())
    story = _story(pdf, ctx)
    if pdf.replaced:
        story.append(pdf.para(texts.glyph_note(), pdf.small))
    buffer = io.BytesIO()
    footer = pdf.text(_("Chain head {code}").format(code=ctx.chain_code))

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(pdf.fonts.regular, SMALL)
        page = ngettext("Page %(num)d", "Page %(num)d", doc.page) % {"num": doc.page}
        canvas.drawString(MARGIN, 10 * mm, f"{page} · {footer}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=ctx.title,
        author="",
        subject="",
        creator="Onward",
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
