"""Markdown rendering of the reading commands, for pull requests, wikis and tickets."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.results import ApplicableControl, Assessment, Classification
from hkaigov.reports.labels import cited_as, role_label, tier_label


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; cells are escaped and kept on one line."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def classifications_md(items: Sequence[Classification], lang: str = "en") -> str:
    out = ["# Classification\n"]
    for c in items:
        out.append(f"## {c.name} (`{c.system}`)\n")
        out.append(
            f"- **Tier:** {tier_label(c.tier, lang)}\n- **Roles:** {', '.join(role_label(r, lang) for r in c.roles)}\n"
            f"- **Catalog:** {c.catalog_version}\n"
        )
        out.append(
            table(
                ["rule", "tier", "basis", "reason", "citation"],
                [(r.id, r.tier.value, r.basis.value, r.reason.get(lang), r.citation) for r in c.triggered_rules],
            )
        )
        out.extend(f"> ⚠ {w}\n" for w in c.warnings)
    return "\n".join(out)


def obligations_md(
    c: Classification, applicable: Sequence[ApplicableControl], catalog: Catalog, lang: str = "en"
) -> str:
    rows = []
    for item in applicable:
        ctl = item.control
        rows.append(
            (
                ctl.id,
                ctl.title.get(lang),
                ctl.kind.value,
                ctl.scope.value,
                cited_as(ctl, catalog),
                "; ".join(item.why),
            )
        )
    roles = ", ".join(role_label(r, lang) for r in c.roles)
    head = (
        f"# Obligations: {c.name} (`{c.system}`)\n\n"
        f"Tier **{tier_label(c.tier, lang)}**; roles {roles}; {len(applicable)} controls.\n\n"
    )
    return head + table(["control", "title", "kind", "scope", "citation", "why"], rows)


def assessment_md(a: Assessment, applicable: Sequence[ApplicableControl], lang: str = "en") -> str:
    titles = {i.control.id: i.control.title.get(lang) for i in applicable}
    out = [
        f"# Assessment: `{a.system}`\n",
        f"- **Tier:** {tier_label(a.tier, lang)}\n- **Score:** {a.score:.1f}% of expected controls\n"
        f"- **Next review:** {a.next_review}\n- **As of:** {a.as_of}; catalog {a.catalog_version}\n",
    ]
    out.append(
        table(
            ["control", "title", "status", "evidence"],
            [
                (
                    f.control,
                    titles[f.control],
                    f.status.value,
                    (f.evidence.reference or "") if f.evidence else f.note,
                )
                for f in a.findings
            ],
        )
    )
    if a.consistency:
        out.append("\n## Consistency findings\n")
        out.extend(f"- **{f.severity}** `{f.id}`: {f.message.get(lang)}\n" for f in a.consistency)
    return "\n".join(out)


def portfolio_md(rows: Sequence[dict[str, Any]]) -> str:
    return "# Portfolio\n\n" + table(
        ["system", "sector", "tier", "roles", "controls", "top reasons"],
        [
            (
                r["system"],
                r["sector"],
                r["tier"],
                ", ".join(r["roles"]),
                r["controls"],
                "; ".join(r["top_reasons"]),
            )
            for r in rows
        ],
    )
