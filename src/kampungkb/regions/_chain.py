"""Crosswalks between editions that are not neighbours: the chain of neighbouring ones.

From 2018 to 2025 a village goes through 2022: its 2018 → 2022 changes (including a
province's own rows) are followed by its 2022 → 2025 changes.  Composing the steps keeps every
link either step knows; deriving 2018 → 2025 straight from the two lists of names loses the
links that only the edition in between shows (a renamed village whose later code another name
took, say).  Where the chain ends without a counterpart — a code ``removed`` on the way, or
``added`` with no origin — a link found straight between the two ends still fills the gap.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import attrs

from kampungkb.regions._crosswalk import (
    Change,
    Crosswalk,
    Undecided,
    _same_display,
    _sorted,
)

__all__ = ["compose", "fill_gaps"]

_LINKING = frozenset({"rename", "code_change", "split", "merge"})
#: Confidence ranks: a composed link is as sure as its least sure step.
_RANK = {"undecided": 0, "low": 1, "medium": 2, "high": 3, "province": 4}

Link = tuple[str, tuple[Change, ...]]  # (code in the later edition, the steps' rows)


def _links(step: Crosswalk, old: Mapping[str, str], new: Mapping[str, str]
           ) -> dict[str, list[tuple[str, Change | None]]]:
    """``{code in the earlier edition: [(code in the later, its row or None if unchanged)]}``;
    a code with an empty list has no counterpart."""
    out: dict[str, list[tuple[str, Change | None]]] = defaultdict(list)
    for c in step.changes:
        if c.kind in _LINKING and c.old_code and c.new_code:
            out[c.old_code].append((c.new_code, c))
        elif c.kind == "removed" and c.old_code:
            out.setdefault(c.old_code, [])
    for code in old:
        if code not in out:
            out[code] = [(code, None)] if code in new else []
    return out


def _weakest(rows: Sequence[Change]) -> str:
    return min((r.confidence for r in rows), key=lambda c: _RANK.get(c, 0), default="high")


def _note(rows: Sequence[Change], via: str) -> str:
    notes = dict.fromkeys(part for r in rows for part in r.note.split("; ") if part)
    return "; ".join([f"via {via}", *notes])


def _ends(step1: Mapping[str, list[tuple[str, Change | None]]],
          step2: Mapping[str, list[tuple[str, Change | None]]]
          ) -> dict[str, dict[str, tuple[Change, ...]]]:
    """``{code in A: {code in C: the steps' rows}}``, the surest path to each end."""
    targets: dict[str, dict[str, tuple[Change, ...]]] = {}
    for x, ys in step1.items():
        ends: dict[str, tuple[Change, ...]] = {}
        for y, r1 in ys:
            for z, r2 in step2.get(y, []):
                rows = tuple(r for r in (r1, r2) if r is not None)
                if z not in ends or _RANK.get(_weakest(rows), 0) > _RANK.get(
                        _weakest(ends[z]), 0):
                    ends[z] = rows
        targets[x] = ends
    return targets


def _kind(x: str, z: str, *, n_ends: int, n_sources: int, old: str, new: str) -> str | None:
    """The kind of the composed link ``x`` → ``z`` (None: the same unit, the same name)."""
    if n_ends > 1:
        return "split"
    if n_sources > 1:
        return "merge"
    if x != z:
        return "code_change"
    return None if _same_display(old, new) else "rename"


def compose(first: Crosswalk, second: Crosswalk, names: Mapping[str, Mapping[str, str]]
            ) -> Crosswalk:
    """``first`` (A → B) followed by ``second`` (B → C): the crosswalk A → C.

    ``names`` holds ``{edition id: {code: name}}`` of the three editions.  A code whose links
    end in several codes is a ``split``, several codes ending in one a ``merge``, one in one a
    ``code_change`` (or a ``rename``: the same code, another name); the confidence is the
    least sure step's, the note says which edition the link went through.
    """
    a, b, c = first.from_edition, first.to_edition, second.to_edition
    old, mid, new = names[a], names[b], names[c]
    step1, step2 = _links(first, old, mid), _links(second, mid, new)
    targets = _ends(step1, step2)
    sources: dict[str, set[str]] = defaultdict(set)
    for x, ends in targets.items():
        for z in ends:
            sources[z].add(x)
    removed1 = {r.old_code: r for r in first.changes if r.kind == "removed"}
    removed2 = {r.old_code: r for r in second.changes if r.kind == "removed"}
    changes: list[Change] = []
    for x, ends in targets.items():
        if not ends:  # removed on the way: by the step that removed it
            gone = [removed1[x]] if x in removed1 else []
            gone += [removed2[y] for y, _ in step1[x] if y in removed2]
            changes.append(Change("removed", x, old[x], "", "", _weakest(gone) if gone
                                  else "undecided", _note(gone, b)))
        for z, rows in ends.items():
            kind = _kind(x, z, n_ends=len(ends), n_sources=len(sources[z]), old=old[x],
                         new=new[z])
            if kind is not None:
                changes.append(Change(kind, x, old[x], z, new[z], _weakest(rows),
                                      _note(rows, b)))
    origin1 = {r.new_code: r for r in first.changes if r.kind == "added"}
    origin2 = {r.new_code: r for r in second.changes if r.kind == "added"}
    back2: dict[str, list[str]] = defaultdict(list)  # code in C -> codes in B leading to it
    for y, ends2 in step2.items():
        for z, _ in ends2:
            back2[z].append(y)
    for z in new:
        if z not in sources:  # no origin: said by the step that added it (or its origin)
            why = [origin2[z]] if z in origin2 else [origin1[y] for y in back2[z]
                                                     if y in origin1]
            changes.append(Change("added", "", "", z, new[z], _weakest(why) if why
                                  else "undecided", _note(why, b)))
    undecided = _undecided(first, second, targets=targets, sources=sources, step1=step1,
                           step2=step2, names=names)
    return Crosswalk(a, c, tuple(_sorted(changes)), undecided)


def _undecided(first: Crosswalk, second: Crosswalk, *,
               targets: Mapping[str, Mapping[str, tuple[Change, ...]]],
               sources: Mapping[str, set[str]],
               step1: Mapping[str, list[tuple[str, Change | None]]],
               step2: Mapping[str, list[tuple[str, Change | None]]],
               names: Mapping[str, Mapping[str, str]]) -> tuple[Undecided, ...]:
    """The steps' undecided cases, restated between the chain's ends: each about a code of
    the earlier end (``removed``, ``ambiguous``, ``rename``) or of the later (``added``),
    with candidates on the other end."""
    old, new = names[first.from_edition], names[second.to_edition]
    back1: dict[str, set[str]] = defaultdict(set)  # code in B -> codes in A leading to it
    for x, ys in step1.items():
        for y, _ in ys:
            back1[y].add(x)

    def later(codes: Sequence[str]) -> tuple[str, ...]:  # B codes -> their codes in C
        return tuple(sorted({z for y in codes for z, _ in step2.get(y, [])}))

    out: dict[tuple[str, str], Undecided] = {}
    for u in first.undecided:  # about A codes, candidates in B (or a B code "added")
        if u.kind == "added":  # restated for what it became, unless the chain found an origin
            for z in later([u.code]):
                if z not in sources:
                    out[("added", z)] = attrs.evolve(u, code=z, name=new[z])
        elif u.code in old and (u.kind != "removed" or not targets.get(u.code)):
            out[(u.kind, u.code)] = attrs.evolve(u, candidates=later(u.candidates))
    for u in second.undecided:  # about B codes, candidates in C (or a C code "added")
        if u.kind == "added":
            if u.code in new and u.code not in sources:
                earlier = tuple(sorted({x for y in u.candidates for x in back1.get(y, ())}))
                out[("added", u.code)] = attrs.evolve(u, candidates=earlier)
            continue
        for x in sorted(back1.get(u.code, ())):
            if u.kind == "removed" and targets.get(x):
                continue
            out.setdefault((u.kind, x), attrs.evolve(u, code=x, name=old[x]))
    return tuple(sorted(out.values(), key=lambda u: (len(u.code), u.code, u.kind)))


def fill_gaps(chain: Crosswalk, direct: Crosswalk) -> Crosswalk:
    """``chain`` with the links of ``direct`` (derived straight between the same editions)
    that join a code the chain left without a counterpart to one it left without an origin."""
    removed = {c.old_code for c in chain.changes if c.kind == "removed"}
    added = {c.new_code for c in chain.changes if c.kind == "added"}
    extra = [attrs.evolve(c, note="; ".join(filter(None, ["between the editions directly",
                                                           c.note])))
             for c in direct.changes
             if c.kind in _LINKING and c.old_code in removed and c.new_code in added]
    if not extra:
        return chain
    linked_old = {c.old_code for c in extra}
    linked_new = {c.new_code for c in extra}
    kept = [c for c in chain.changes
            if not (c.kind == "removed" and c.old_code in linked_old)
            and not (c.kind == "added" and c.new_code in linked_new)]
    undecided = tuple(u for u in chain.undecided
                      if not ((u.kind == "removed" and u.code in linked_old)
                              or (u.kind == "added" and u.code in linked_new)))
    return attrs.evolve(chain, changes=tuple(_sorted([*kept, *extra])), undecided=undecided)
