"""Disputes: findings about the same event grouped together, with the sides taken.

Claims are nodes and findings are edges; each connected component is one dispute (union-find). Sides come
from two-colouring the component: the two claims of a conflict finding hold opposite positions. The root,
side "P", is the earliest asserting claim of the highest-scoring finding; its proposition states P.
Superseded findings are not conflicts of sides (an update is not a disagreement): a component made only
of superseded findings becomes a dispute with verdict ``superseded`` and one side per time, and in a mixed
component the claims reached only through superseded findings form a third side, ``"superseded"``.
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


def _side(position: str, claims: list[Claim]) -> Side:
    speakers = tuple(dict.fromkeys(c.speaker or c.source for c in claims))
    dates = tuple(sorted({c.event_date or c.date for c in claims if (c.event_date or c.date) is not None}))
    return Side(position=position, speakers=speakers, claims=tuple(claims), dates=dates)


def group_disputes(findings: Sequence[Finding]) -> list[Dispute]:
    """Group ``findings`` into disputes, sorted by score (highest first).

    Returns:
        Disputes with ids ``"D1"``, ``"D2"``, ... in that order.
    """
    parent: dict[str, str] = {}
    claims: dict[str, Claim] = {}
    for f in findings:
        for c in (f.a, f.b):
            parent.setdefault(c.id, c.id)
            claims[c.id] = c
        parent[_find(parent, f.a.id)] = _find(parent, f.b.id)
    components: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        components[_find(parent, f.a.id)].append(f)
    disputes: list[Dispute] = []
    for group in components.values():
        group.sort(key=lambda f: -f.score)
        top = group[0]
        conflicts = [f for f in group if f.verdict != "superseded"]
        if not conflicts:
            ordered = sorted({c.id: c for f in group for c in (f.a, f.b)}.values(),
                             key=lambda c: (c.event_date or c.date or dt.date.min, c.id))
            sides = tuple(_side(f"as of {c.event_date or c.date or 'undated'}", [c]) for c in ordered)
            disputes.append(Dispute("", ordered[-1].content, sides, tuple(group), top.score, "superseded"))
            continue
        lead = conflicts[0]
        candidates = [c for c in (lead.a, lead.b) if c.stance != "denies"] or [lead.a]
        root = min(candidates, key=lambda c: (c.date or dt.date.max, c.id))
        edges: dict[str, list[str]] = defaultdict(list)
        for f in conflicts:
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
        p_side = [members[i] for i in sorted(members) if colour.get(i) == 0]
        not_p = [members[i] for i in sorted(members) if colour.get(i) == 1]
        other = [members[i] for i in sorted(members) if i not in colour]
        sides = (_side("P", p_side), _side("not P", not_p))
        if other:  # reached only through superseded findings: earlier or later reports of the same matter
            sides += (_side("superseded", other),)
        verdicts = [f.verdict for f in conflicts]
        verdict = max(set(verdicts), key=verdicts.count)
        disputes.append(Dispute("", root.content, sides, tuple(group), top.score, verdict))
    disputes.sort(key=lambda d: (-d.score, d.proposition))
    return [Dispute(f"D{n}", d.proposition, d.sides, d.findings, d.score, d.verdict) for n, d in enumerate(disputes, 1)]
