"""The closing summary a run prints: as-of date, tiers, the ledgers, notes, where the result is."""

from __future__ import annotations

from custgrade.messages import note_text, text
from custgrade.result import RunResult
from custgrade.sheet_text import describe_sheet


def render_summary(result: RunResult) -> str:
    """The closing summary: as-of date, customers per tier, the ledger, where the output is."""
    lang, ledger = result.lang, result.ledger
    total = max(ledger.graded, 1)
    lines = [
        text("cli.summary.title", lang),
        text("cli.summary.as_of", lang, as_of=result.as_of, start=result.window_start),
    ]
    for tier in result.rules.tiers:
        count = result.tier_counts[tier.name]
        lines.append(
            "  "
            + text(
                "cli.summary.tier",
                lang,
                icon=tier.icon,
                tier=tier.name,
                count=count,
                share=f"{count / total:.1%}",
            )
        )
    lines.append(
        text(
            "cli.summary.ledger-derived" if ledger.customers_derived else "cli.summary.ledger",
            lang,
            input=ledger.input_rows,
            graded=ledger.graded,
            merged=ledger.merged,
            rejected=ledger.rejected,
        )
    )
    for kind in ("orders", "interactions"):
        counts = ledger.record_counts(kind)
        if counts["rows"]:
            lines.append(text(f"cli.summary.{kind}", lang, **counts))
    lines.extend("  " + describe_sheet(sheet, lang) for sheet in result.sheets)
    lines.append(text("cli.summary.issues", lang, count=len(result.issues)))
    for note in result.notes:
        if note.key != "note.as-of-from-data":
            lines.append(
                text("cli.summary.note", lang, note=note_text(note.key, note.params, lang))
            )
    lines.append(text("cli.summary.rules", lang, source=result.rules_source))
    lines.append(text("cli.summary.output", lang, path=result.output_path))
    return "\n".join(lines)
