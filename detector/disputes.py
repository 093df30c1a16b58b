"""Disputes: findings about the same event grouped together, with the sides taken.

Claims are nodes and conflict findings (contradiction, numeric mismatch) are edges; each connected
component is one dispute (union-find). Sides come from two-colouring the component: the two claims of a
conflict hold opposite positions. The root, side "P", is the earliest non-denying claim of the
highest-scoring finding; its proposition states P.
Superseded findings are not disagreements (an update is not a conflict of sides): they are grouped the
same way among themselves into disputes with verdict ``superseded`` and one side per time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from typing import Sequence

from detector.records import Claim, Dispute, Finding, Side

__all__ = ["group_disputes"]


def _find(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def _components(findings: Sequence[Finding]) -> list[list[Finding]]:
    """Findings grouped by the connected components of their claims, each sorted by score (highest first)."""
    parent: dict[str, str] = {}
    for f in findings:
        for c in (f.a, f.b):
            parent.setdefault(c.id, c.id)
        parent[_find(parent, f.a.id)] = _find(parent, f.b.id)
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[_find(parent, f.a.id)].append(f)
    return [sorted(g, key=lambda f: -f.score) for g in groups.values()]


def _side(position: str, claims: list[Claim]) -> Side:
    speakers = tuple(dict.fromkeys(c.speaker or c.source for c in claims))
    dates = tuple(sorted({c.event_date or c.date for c in claims if (c.event_date or c.date) is not None}))
    return Side(position=position, speakers=speakers, claims=tuple(claims), dates=dates)


def _conflict_dispute(group: list[Finding]) -> Dispute:
    lead = group[0]
    candidates = [c for c in (lead.a, lead.b) if c.stance != "denies"] or [lead.a]
    root = min(candidates, key=lambda c: (c.date or dt.date.max, c.id))
    edges: dict[str, list[str]] = defaultdict(list)
    for f in group:
        edges[f.a.id].append(f.b.id)
        edges[f.b.id].append(f.a.id)
    colour = {root.id: 0}
    queue = deque([root.id])
    while queue:
        x = queue.popleft()
        for y in edges[x]:
            if y not in colour:
                colour[y] = 1 - colour[x]
                queue.append(y)
    members = {c.id: c for f in group for c in (f.a, f.b)}
    sides = (_side("P", [members[i] for i in sorted(members) if colour[i] == 0]),
             _side("not P", [members[i] for i in sorted(members) if colour[i] == 1]))
    verdicts = [f.verdict for f in group]
    return Dispute("", root.content, sides, tuple(group), lead.score, max(sorted(set(verdicts)), key=verdicts.count))


def _update_dispute(group: list[Finding]) -> Dispute:
    ordered = sorted({c.id: c for f in group for c in (f.a, f.b)}.values(),
                     key=lambda c: (c.event_date or c.date or dt.date.min, c.id))
    sides = tuple(_side(f"as of {c.event_date or c.date or 'undated'}", [c]) for c in ordered)
    return Dispute("", ordered[-1].content, sides, tuple(group), group[0].score, "superseded")


def group_disputes(findings: Sequence[Finding]) -> list[Dispute]:
    """Group ``findings`` into disputes, sorted by score (highest first).

    Returns:
        Disputes with ids ``"D1"``, ``"D2"``, ... in that order.
    """
    conflicts = [f for f in findings if f.verdict != "superseded"]
    updates = [f for f in findings if f.verdict == "superseded"]
    disputes = [_conflict_dispute(g) for g in _components(conflicts)]
    disputes += [_update_dispute(g) for g in _components(updates)]
    disputes.sort(key=lambda d: (-d.score, d.proposition))
    return [Dispute(f"D{n}", d.proposition, d.sides, d.findings, d.score, d.verdict) for n, d in enumerate(disputes, 1)]
