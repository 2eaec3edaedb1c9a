"""Terminal rendering (rich): pleasant to read, never parsed (use `--format json` for machines)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.enums import RiskTier, Role
from hkaigov.domain.results import ApplicableControl, Assessment, Classification
from hkaigov.reports.labels import cited_as, role_label, tier_label, word

TIER_STYLE = {"unacceptable": "bold white on red", "high": "bold red", "limited": "yellow", "low": "green"}
STATUS_STYLE = {"met": "green", "partial": "yellow", "not_met": "red", "not_applicable": "dim"}


def tier_text(tier: str, lang: str = "en") -> Text:
    return Text(tier_label(RiskTier(tier), lang), style=TIER_STYLE.get(tier, ""))


def classifications_table(items: Sequence[Classification], lang: str = "en") -> RenderableType:
    table = Table(title=word("Classification", lang), show_lines=True)
    for name in ("system", "tier", "roles", "why (rule: reason) and source"):
        table.add_column(word(name, lang), overflow="fold")
    for c in items:
        reasons = Text()
        for i, r in enumerate(c.triggered_rules):
            if i:
                reasons.append("\n")
            reasons.append(f"{r.id} → {r.tier.value}", style=TIER_STYLE.get(r.tier.value, ""))
            reasons.append(f" [{r.basis.value}]\n  {r.reason.get(lang)}\n  ")
            reasons.append(r.citation, style="dim")
        for w in c.warnings:
            reasons.append(f"\n⚠ {w}", style="yellow")
        roles = "\n".join(role_label(r, lang) for r in c.roles)
        table.add_row(f"{c.system}\n{c.name}", tier_text(c.tier.value, lang), roles, reasons)
    return table


def obligations_table(
    c: Classification, applicable: Sequence[ApplicableControl], catalog: Catalog, lang: str = "en"
) -> RenderableType:
    title = f"{c.system}: {tier_label(c.tier, lang)}, {len(applicable)} {word('controls', lang)}"
    table = Table(title=title, show_lines=False)
    for name in ("control", "title", "kind", "scope", "citation", "why"):
        table.add_column(word(name, lang), overflow="fold")
    for item in applicable:
        ctl = item.control
        table.add_row(
            ctl.id,
            ctl.title.get(lang),
            ctl.kind.value + ("" if ctl.confidence.value == "confirmed" else f"\n({ctl.confidence.value})"),
            ctl.scope.value,
            cited_as(ctl, catalog),
            "; ".join(item.why),
        )
    return table


def assessment_table(a: Assessment, applicable: Sequence[ApplicableControl], lang: str = "en") -> RenderableType:
    titles = {i.control.id: i.control for i in applicable}
    table = Table(title=f"{a.system}: {tier_label(a.tier, lang)} — score {a.score:.1f}% — next review {a.next_review}")
    for name in ("control", "title", "kind", "status", "evidence"):
        table.add_column(word(name, lang), overflow="fold")
    for f in a.findings:
        ctl = titles[f.control]
        ev = f.evidence.reference or f.evidence.note or "" if f.evidence else ""
        if f.note and f.note != "no evidence":
            ev = f"{ev}\n{f.note}".strip()
        table.add_row(
            f.control,
            ctl.title.get(lang),
            ctl.kind.value,
            Text(f.status.value, style=STATUS_STYLE[f.status.value]),
            ev or "—",
        )
    parts: list[RenderableType] = [table]
    if a.consistency:
        tree = Tree("Consistency findings (the manifest contradicts itself or an applicable control)")
        for cf in a.consistency:
            tree.add(
                Text(
                    f"[{cf.severity}] {cf.id}: {cf.message.get(lang)}",
                    style="red" if cf.severity == "high" else "yellow",
                )
            )
        parts.append(tree)
    parts.append(
        Text(
            f"{len(a.gaps)} expected controls not met or partial; {len(a.recommended_gaps)} recommended controls open."
        )
    )
    return Group(*parts)


def portfolio_table(rows: Sequence[dict[str, Any]], lang: str = "en") -> RenderableType:
    table = Table(title=word("Portfolio", lang), show_lines=True)
    for name in ("system", "sector", "tier", "roles", "controls", "top reasons"):
        table.add_column(word(name, lang), overflow="fold")
    for row in rows:
        table.add_row(
            row["system"],
            row["sector"],
            tier_text(row["tier"], lang),
            "\n".join(role_label(Role(r), lang) for r in row["roles"]),
            str(row["controls"]),
            "\n".join(row["top_reasons"]),
        )
    return table
