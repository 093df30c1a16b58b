"""Human-readable renderings of a :class:`~detector.report.Report`: Markdown and HTML.

Article text is untrusted: HTML goes through Jinja2 with autoescaping on; Markdown escapes every character
that Markdown or inline HTML would interpret.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detector.report import Report

__all__ = ["render_markdown", "render_html", "md_escape"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~])")


def md_escape(text: object) -> str:
    """Escape Markdown/HTML-significant characters and flatten newlines."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())).replace("&", "&amp;")


def _who(claim) -> str:
    date = claim.event_date or claim.date
    return f"{claim.speaker or claim.source}" + (f", {date.isoformat()}" if date else "")


def render_markdown(report: "Report") -> str:
    """Markdown: a summary line, disputes with their sides, then a table of every finding."""
    lines = ["# Contradiction report", "",
             f"{report.n_documents} documents, {report.n_claims} claims, {report.n_pairs_scored} pairs scored, "
             f"{len(report.contradictions)} findings in {len(report.disputes)} disputes.", ""]
    if report.errors:
        lines += ["## Input errors", ""] + [f"- {md_escape(e)}" for e in report.errors] + [""]
    lines += ["## Disputes", ""]
    for d in report.disputes:
        lines += [f"### {d.id}: {d.verdict} (score {d.score:.2f})", "", f"**P:** {md_escape(d.proposition)}", ""]
        for side in d.sides:
            for claim in side.claims:
                lines.append(f"- **{md_escape(side.position)}** ({md_escape(_who(claim))}, {claim.stance}, "
                             f"source {md_escape(claim.source)}): {md_escape(claim.text)} `{md_escape(claim.id)}`")
        lines.append("")
    lines += ["## Findings", "", "| score | verdict | claim A | claim B | why |", "|---|---|---|---|---|"]
    for f in report.contradictions:
        lines.append(f"| {f.score:.2f} | {f.verdict} | {md_escape(_who(f.a))}: {md_escape(f.a.text)} | "
                     f"{md_escape(_who(f.b))}: {md_escape(f.b.text)} | {md_escape(f.reason)} |")
    return "\n".join(lines) + "\n"


_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contradiction report</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
.dispute{border:1px solid #ccc;border-radius:6px;padding:.6em 1em;margin:1em 0}
.side{margin:.4em 0 .4em 1em}.P{border-left:4px solid #2a7}.notP{border-left:4px solid #c33}
.meta{color:#666;font-size:.9em} table{border-collapse:collapse;width:100%} td,th{border:1px solid #ddd;padding:4px;vertical-align:top}
</style></head><body>
<h1>Contradiction report</h1>
<p>{{ r.n_documents }} documents, {{ r.n_claims }} claims, {{ r.n_pairs_scored }} pairs scored,
{{ r.contradictions|length }} findings in {{ r.disputes|length }} disputes.</p>
{% if r.errors %}<h2>Input errors</h2><ul>{% for e in r.errors %}<li>{{ e }}</li>{% endfor %}</ul>{% endif %}
<h2>Disputes</h2>
{% for d in r.disputes %}<div class="dispute"><h3>{{ d.id }}: {{ d.verdict }} <span class="meta">score {{ '%.2f'|format(d.score) }}</span></h3>
<p><b>P:</b> {{ d.proposition }}</p>
{% for s in d.sides %}<div class="side {{ 'P' if s.position == 'P' else 'notP' }}"><b>{{ s.position }}</b>: {{ s.speakers|join(', ') }}
<ul>{% for c in s.claims %}<li>{{ c.text }} <span class="meta">{{ c.speaker or c.source }} ({{ c.stance }}), {{ c.source }}, {{ c.event_date or c.date or 'undated' }}, {{ c.id }}</span></li>{% endfor %}</ul></div>
{% endfor %}</div>{% endfor %}
<h2>Findings</h2>
<table><tr><th>score</th><th>verdict</th><th>claim A</th><th>claim B</th><th>why</th></tr>
{% for f in r.contradictions %}<tr><td>{{ '%.2f'|format(f.score) }}</td><td>{{ f.verdict }}</td>
<td>{{ f.a.text }}<div class="meta">{{ f.a.speaker or f.a.source }}, {{ f.a.source }}, {{ f.a.date or '' }}</div></td>
<td>{{ f.b.text }}<div class="meta">{{ f.b.speaker or f.b.source }}, {{ f.b.source }}, {{ f.b.date or '' }}</div></td>
<td>{{ f.reason }}</td></tr>{% endfor %}
</table></body></html>
"""


def render_html(report: "Report") -> str:
    """A self-contained HTML page (no scripts, no external resources); all text autoescaped."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(_HTML).render(r=report)
