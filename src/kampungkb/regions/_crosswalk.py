"""The crosswalk between two editions: renames, code changes, splits and merges.

Derived from the editions alone, level by level from provinces down to villages, by matching
a vanished code to a new code with the same name under the (mapped) same parent, then in wider
scopes; what the names cannot decide is listed for a human (:attr:`Crosswalk.undecided`), and
a province can add what it knows in a CSV file (:func:`read_changes`).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Literal

import attrs

from kampungkb.errors import RegionCodeError
from kampungkb.regions._errors import code_at_line

__all__ = [
    "CHANGE_COLUMNS",
    "CHANGE_KINDS",
    "Change",
    "Crosswalk",
    "Undecided",
    "derive_crosswalk",
    "read_changes",
]

ChangeKind = Literal["rename", "code_change", "split", "merge", "added", "removed"]
#: The kinds of change, as written in the CSV files.
CHANGE_KINDS: tuple[str, ...] = ("rename", "code_change", "split", "merge", "added", "removed")
#: Columns of the changes CSV (``kampungkb regions changes``), in order: a file
#: :func:`read_changes` reads back (a province may correct an exported crosswalk and give it
#: to ``with_changes``).
CHANGE_COLUMNS: tuple[str, ...] = (
    "kind", "old_code", "old_name", "new_code", "new_name", "confidence", "from_edition",
    "to_edition", "note",
)
_LEVELS = {2: "province", 5: "regency", 8: "district", 13: "village"}
_LINKING = frozenset({"rename", "code_change", "split", "merge"})


@attrs.frozen
class Change:
    """One change between two editions.

    A split of X into X and Y is two rows (X→X, X→Y); a merge of X and Y into Z is two rows
    (X→Z, Y→Z).  ``added`` has no old code, ``removed`` no new code.

    Attributes:
        kind: ``rename`` (same code, new name), ``code_change`` (one unit, new code — moved
            to another parent, desa↔kelurahan, renumbered; possibly renamed too), ``split``,
            ``merge``, ``added`` (a new code whose origin the names do not tell),
            ``removed`` (a code gone whose successor the names do not tell).
        old_code, old_name: in the earlier edition (empty for ``added``).
        new_code, new_name: in the later edition (empty for ``removed``).
        confidence: ``high``, ``medium``, ``low``, ``undecided`` (a human must say), or who
            supplied the row (``province``).
        note: how it was decided.
    """

    kind: str
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    confidence: str
    note: str = ""

    @property
    def level(self) -> str:
        """``province``, ``regency``, ``district`` or ``village``."""
        return _LEVELS[len(self.old_code or self.new_code)]

    def row(self) -> tuple[str, str, str, str, str, str]:
        """The CSV row (:data:`CHANGE_COLUMNS`)."""
        return (self.kind, self.old_code, self.old_name, self.new_code, self.new_name,
                self.confidence)

    def reversed(self) -> Change:
        """The same change seen from the later edition back to the earlier."""
        kind = {"split": "merge", "merge": "split", "added": "removed",
                "removed": "added"}.get(self.kind, self.kind)
        return attrs.evolve(self, kind=kind, old_code=self.new_code, old_name=self.new_name,
                            new_code=self.old_code, new_name=self.old_name)


@attrs.frozen
class Undecided:
    """A case the names could not decide, for a human to settle.

    Attributes:
        kind: ``removed`` (no successor found), ``added`` (no origin found), ``ambiguous``
            (several equally good matches) or ``rename`` (same code, a very different name:
            a rename or a reused code?).
        code, name: the code in question (in the earlier edition for ``removed``,
            ``ambiguous`` and ``rename``; in the later for ``added``).
        candidates: codes that might be its counterpart (same parent, other side).
        reason: why it is listed.
    """

    kind: str
    code: str
    name: str
    candidates: tuple[str, ...]
    reason: str

    @property
    def level(self) -> str:
        """``province``, ``regency``, ``district`` or ``village``."""
        return _LEVELS[len(self.code)]

    def reversed(self) -> Undecided:
        """The same case seen from the later edition back to the earlier."""
        kind = {"added": "removed", "removed": "added"}.get(self.kind, self.kind)
        return attrs.evolve(self, kind=kind)


@attrs.frozen
class Crosswalk:
    """The changes from one edition (``from_edition``) to another (``to_edition``).

    Attributes:
        from_edition, to_edition: edition ids.
        changes: every change, ordered by level then code.
        undecided: what the derivation could not decide (see :class:`Undecided`).
    """

    from_edition: str
    to_edition: str
    changes: tuple[Change, ...]
    undecided: tuple[Undecided, ...] = ()

    def __len__(self) -> int:
        return len(self.changes)

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def within(self, region: str) -> Crosswalk:
        """Only the changes touching ``region`` (a code, dotted, in either edition)."""
        prefix = _dotted(region)

        def inside(code: str) -> bool:
            return bool(code) and (code == prefix or code.startswith(prefix + "."))

        return attrs.evolve(
            self,
            changes=tuple(c for c in self.changes if inside(c.old_code) or inside(c.new_code)),
            undecided=tuple(u for u in self.undecided
                            if inside(u.code) or any(inside(c) for c in u.candidates)),
        )

    def level(self, level: str) -> Crosswalk:
        """Only the changes of one level (``"village"`` …)."""
        return attrs.evolve(
            self,
            changes=tuple(c for c in self.changes if c.level == level),
            undecided=tuple(u for u in self.undecided if u.level == level),
        )

    def reversed(self) -> Crosswalk:
        """The crosswalk from ``to_edition`` back to ``from_edition``."""
        return Crosswalk(self.to_edition, self.from_edition,
                         tuple(_sorted(c.reversed() for c in self.changes)),
                         tuple(u.reversed() for u in self.undecided))

    def with_changes(self, extra: Iterable[Change]) -> Crosswalk:
        """This crosswalk with ``extra`` rows (e.g. a province's, :func:`read_changes`)
        taking the place of every derived row and undecided case about the same codes."""
        extra = list(extra)
        olds = {c.old_code for c in extra if c.old_code}
        news = {c.new_code for c in extra if c.new_code}
        kept = [c for c in self.changes if c.old_code not in olds and c.new_code not in news]
        undecided = tuple(u for u in self.undecided if u.code not in olds | news)
        return attrs.evolve(self, changes=tuple(_sorted([*kept, *extra])), undecided=undecided)

    def to_csv(self, path: str | Path | None = None) -> str:
        """The changes as CSV (:data:`CHANGE_COLUMNS`, the editions and the note on every
        row, so :func:`read_changes` reads it back); written to ``path`` when given."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(CHANGE_COLUMNS)
        writer.writerows((*c.row(), self.from_edition, self.to_edition, c.note)
                         for c in self.changes)
        text = buf.getvalue()
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def counts(self) -> dict[tuple[str, str], int]:
        """Number of changes per (level, kind)."""
        out: dict[tuple[str, str], int] = defaultdict(int)
        for c in self.changes:
            out[(c.level, c.kind)] += 1
        return dict(out)


def _dotted(code: str) -> str:
    from kampungkb.models._regions import RegionCode  # noqa: PLC0415 - light, avoids a cycle

    return str(RegionCode(code))


def _sorted(changes: Iterable[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (len(c.old_code or c.new_code), c.old_code or c.new_code,
                                          c.new_code, c.kind))


# -- matching by name ------------------------------------------------------------------------

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def name_key(name: str) -> str:
    """The name as compared: lower case, ``Kab.`` as ``Kabupaten``, letters and digits only
    (``"Tanjungketapang"`` and ``"Tanjung Ketapang"`` compare equal)."""
    text = name.lower().replace("kab.", "kabupaten ")
    return _NOT_ALNUM.sub("", text)


def _same_display(a: str, b: str) -> bool:
    """Names differing only in letter case, spacing or ``Kab.``/``Kabupaten``: not a rename."""

    def canon(s: str) -> str:
        s = s.lower().replace("kab.", "kabupaten ")
        return " ".join(s.split())

    return canon(a) == canon(b)


def _parent(code: str) -> str | None:
    return code[: code.rfind(".")] if "." in code else None


def _ancestors(code: str) -> list[str]:
    out = []
    parent = _parent(code)
    while parent is not None:
        out.append(parent)
        parent = _parent(parent)
    return out


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


class _Deriver:
    """One derivation; state shared across levels (the code map of units already matched)."""

    def __init__(self, old: Mapping[str, str], new: Mapping[str, str]) -> None:
        self.old = old
        self.new = new
        self.code_map: dict[str, str] = {}  # old unit -> new unit (identity or matched)
        self.changes: list[Change] = []
        self.undecided: list[Undecided] = []

    def change(self, kind: str, old: str, new: str, confidence: str, note: str = "") -> None:
        self.changes.append(Change(kind, old, self.old.get(old, "") if old else "", new,
                                   self.new.get(new, "") if new else "", confidence, note))

    def run(self) -> None:
        for length in (2, 5, 8, 13):
            self.level(length)
        self.higher_splits()

    def level(self, length: int) -> None:
        o = sorted(c for c in self.old if len(c) == length)
        w = sorted(c for c in self.new if len(c) == length)
        new_set = set(w)
        old_set = set(o)
        for code in o:
            if code in new_set:
                self.code_map[code] = code
                self.rename(code)
        removed = [c for c in o if c not in new_set]
        added = [c for c in w if c not in old_set]
        free = set(added)
        index: dict[tuple[str | None, str], list[str]] = defaultdict(list)
        for n in added:
            key = name_key(self.new[n])
            index[(None, key)].append(n)
            for anc in _ancestors(n):
                index[(anc, key)].append(n)
        left = [r for r in removed if not self.match_exact(r, index, free, length)]
        gone = set(left)
        for n in added:
            if n in free and self.match_merge(n, left, gone):
                free.discard(n)
        left = [r for r in left if r in gone]
        for step in (self.match_split, self.match_fuzzy, self.match_prefix):
            done = {r for r in left if step(r, added, free)}
            gone -= done
            left = [r for r in left if r not in done]
        for r in left:
            if r in gone:
                cands = tuple(n for n in added if n in free and _parent(n) is not None
                              and _parent(n) == self.code_map.get(_parent(r) or ""))
                self.change("removed", r, "", "undecided", "no successor found by name")
                self.undecided.append(Undecided(
                    "removed", r, self.old[r], cands,
                    "no new code with this name under the same parent: merged into a "
                    "neighbour, renamed beyond recognition, or abolished?"))
        back = {v: k for k, v in self.code_map.items()}
        for n in added:
            if n in free:
                parent = _parent(n)
                cands = tuple(r for r in left if r in gone and parent is not None
                              and self.code_map.get(_parent(r) or "") == parent)
                siblings = () if parent is None or back.get(parent) is None else cands
                self.change("added", "", n, "undecided", "no predecessor found by name")
                self.undecided.append(Undecided(
                    "added", n, self.new[n], siblings,
                    "a new code with no predecessor by name: split off a neighbour (which?) "
                    "or newly formed"))

    def rename(self, code: str) -> None:
        a, b = self.old[code], self.new[code]
        if _same_display(a, b):
            return
        ka, kb = name_key(a), name_key(b)
        if ka == kb:
            self.change("rename", code, code, "high", "spelling")
        elif ka in kb or kb in ka or _similar(ka, kb) >= 0.5:
            self.change("rename", code, code, "high", "renamed")
        else:
            self.change("rename", code, code, "low", "very different name")
            self.undecided.append(Undecided(
                "rename", code, a, (code,),
                f"same code, very different name ({a!r} → {b!r}): renamed, or the code "
                "given to another place?"))

    def matched(self, r: str, n: str, confidence: str, note: str, free: set[str]) -> None:
        free.discard(n)
        self.code_map[r] = n
        a, b = self.old[r], self.new[n]
        extra = [note]
        if len(r) == 13 and r[9] != n[9]:
            extra.append({"1": "desa → kelurahan", "2": "kelurahan → desa"}.get(
                n[9], "village status changed") if r[9] in "12" else "village status changed")
        if not _same_display(a, b):
            extra.append("renamed")
        self.change("code_change", r, n, confidence, "; ".join(extra))

    def match_exact(self, r: str, index: Mapping[tuple[str | None, str], list[str]],
                    free: set[str], length: int) -> bool:
        key = name_key(self.old[r])
        for depth, anc in enumerate(_ancestors(r)):
            mapped = self.code_map.get(anc)
            if mapped is None:
                continue
            cands = [n for n in index.get((mapped, key), ()) if n in free]
            if len(cands) == 1:
                scope = ("same parent", "same grandparent", "same province")[min(depth, 2)]
                self.matched(r, cands[0], "high" if depth < 2 else "medium",
                             f"same name, {scope}", free)
                return True
            if len(cands) > 1:
                return self.ambiguous(r, cands, "several new codes with the same name")
        cands = [n for n in index.get((None, key), ()) if n in free]
        if not cands:
            return False
        if length > 5:  # districts and villages: names repeat across the country
            pkey = name_key(self.old.get(_parent(r) or "", ""))
            cands = [n for n in cands if name_key(self.new.get(_parent(n) or "", "")) == pkey]
        if len(cands) == 1:
            self.matched(r, cands[0], "high" if length <= 5 else "medium",
                         "same name" + ("" if length <= 5 else " and parent name") +
                         ", elsewhere in the country", free)
            return True
        if len(cands) > 1:
            return self.ambiguous(r, cands, "several new codes with the same name")
        return False

    def ambiguous(self, r: str, cands: Sequence[str], reason: str) -> bool:
        self.change("removed", r, "", "undecided", "ambiguous: " + ", ".join(cands))
        self.undecided.append(Undecided("ambiguous", r, self.old[r], tuple(cands), reason))
        return True

    def free_under(self, r: str, added: Sequence[str], free: set[str]) -> list[str]:
        mapped = self.code_map.get(_parent(r) or "")
        if mapped is None:
            return []
        return [n for n in added if n in free and _parent(n) == mapped]

    def match_fuzzy(self, r: str, added: Sequence[str], free: set[str]) -> bool:
        key = name_key(self.old[r])
        scored = sorted(((_similar(key, name_key(self.new[n])), n)
                         for n in self.free_under(r, added, free)), reverse=True)
        if scored and scored[0][0] >= 0.8 and (len(scored) == 1 or scored[1][0] < 0.8):
            self.matched(r, scored[0][1], "medium", "similar name, same parent", free)
            return True
        return False

    def prefixed(self, r: str, added: Sequence[str], free: set[str]) -> list[str]:
        """Free new codes under the mapped parent whose names begin with ``r``'s name."""
        key = name_key(self.old[r])
        if len(key) < 4:
            return []
        return [n for n in self.free_under(r, added, free)
                if name_key(self.new[n]).startswith(key)]

    def match_split(self, r: str, added: Sequence[str], free: set[str]) -> bool:
        parts = self.prefixed(r, added, free)
        if len(parts) < 2:
            return False
        for n in parts:
            free.discard(n)
            self.change("split", r, n, "medium", "new names begin with the old, same parent")
        self.code_map[r] = parts[0]
        return True

    def match_prefix(self, r: str, added: Sequence[str], free: set[str]) -> bool:
        parts = self.prefixed(r, added, free)
        if len(parts) == 1:
            self.matched(r, parts[0], "medium", "new name begins with the old, same parent", free)
            return True
        return False

    def match_merge(self, n: str, left: Sequence[str], gone: set[str]) -> bool:
        key = name_key(self.new[n])
        parent = _parent(n)
        parts = [r for r in left if r in gone and parent is not None
                 and self.code_map.get(_parent(r) or "") == parent
                 and len(name_key(self.old[r])) >= 4 and name_key(self.old[r]) in key]
        if len(parts) < 2:
            return False
        for r in parts:
            gone.discard(r)
            self.code_map[r] = n
            self.change("merge", r, n, "medium", "the new name holds the old names, same parent")
        return True

    def higher_splits(self) -> None:
        """A new district (regency, province) whose children came from existing units: a
        split of those units (one row per source), instead of an ``added`` of unknown origin."""
        moved: dict[str, set[str]] = defaultdict(set)
        for c in self.changes:
            if c.kind in ("code_change", "split", "merge") and c.old_code and c.new_code:
                op, np_ = _parent(c.old_code), _parent(c.new_code)
                if op and np_:
                    moved[np_].add(op)
        settled: set[str] = set()
        out: list[Change] = []
        for c in self.changes:
            if c.kind == "added" and moved.get(c.new_code):
                sources = sorted(moved[c.new_code])
                origin = [self.code_map.get(s, s) for s in sources]
                how = "its parts moved here from " + ", ".join(sources)
                for s, still in zip(sources, origin, strict=True):
                    if still in self.new:
                        out.append(Change("split", s, self.old.get(s, ""), still,
                                          self.new.get(still, ""), "high", "keeps its code"))
                    out.append(Change("split", s, self.old.get(s, ""), c.new_code, c.new_name,
                                      "high" if len(sources) == 1 else "medium", how))
                settled.add(c.new_code)
            else:
                out.append(c)
        self.changes = _dedupe(out)
        self.undecided = [u for u in self.undecided if not (u.kind == "added"
                                                            and u.code in settled)]


def _dedupe(changes: Iterable[Change]) -> list[Change]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for c in changes:
        key = (c.kind, c.old_code, c.new_code)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def derive_crosswalk(old: Mapping[str, str], new: Mapping[str, str], *, from_edition: str,
                     to_edition: str) -> Crosswalk:
    """Derive the changes from one edition's ``{code: name}`` to another's.

    Level by level (provinces, regencies, districts, villages): a code in both editions is the
    same unit (a ``rename`` if the name changed beyond case and spacing); a vanished code is
    matched to a new code of the same name (letters and digits compared) under the same
    mapped parent (``high``), grandparent (``high``), province (``medium``) or — regencies by
    name alone, others by name and parent name — anywhere (``high``/``medium``); then to the
    one new code with a similar name under the same parent (``medium``); then to the new codes
    whose names begin with its name (a ``split``, ``medium``); several vanished codes whose
    names a new name holds form a ``merge`` (``medium``).  A new district, regency or province
    whose children came from existing ones is a ``split`` of those.  What is left is ``added``
    / ``removed`` with confidence ``undecided`` and listed in :attr:`Crosswalk.undecided`.
    """
    deriver = _Deriver(old, new)
    deriver.run()
    return Crosswalk(from_edition, to_edition, tuple(_sorted(deriver.changes)),
                     tuple(sorted(deriver.undecided, key=lambda u: (len(u.code), u.code))))


# -- a province's own changes ----------------------------------------------------------------

_REQUIRED = ("kind", "old_code", "new_code", "from_edition", "to_edition")


def read_changes(source: str | Path | Iterable[Mapping[str, str]], *,
                 names: Mapping[str, Mapping[str, str]] | None = None) -> list[tuple[str, str,
                                                                                      Change]]:
    """Read a province's changes: a CSV file with columns ``kind, old_code, new_code,
    from_edition, to_edition`` and optionally ``old_name, new_name, confidence, note``.

    A split of X into X and Y is two rows (``split,X,X`` and ``split,X,Y``); a merge of X and
    Y into Z is two rows (``merge,X,Z`` and ``merge,Y,Z``).  ``confidence`` defaults to
    ``province``.  Codes may be undotted.

    Args:
        source: the file, or rows as dicts.
        names: ``{edition: {code: name}}`` to fill missing names from; given, every row is
            also checked against them: both editions known and different, the old code in
            the earlier edition and the new code in the later (a typo would otherwise link
            nothing, silently).

    Returns:
        ``[(from_edition, to_edition, change)]``.

    Raises:
        RegionCodeError: a missing column, an unknown kind, a malformed code; with ``names``,
            an unknown edition, a row within one edition, or a code its edition does not
            hold; the message names the line.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
            label = path.name
    else:
        rows = [dict(r) for r in source]
        label = "<rows>"
    out = []
    for line, given in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in given.items()}
        missing = [c for c in _REQUIRED if c not in row]
        if missing:
            raise RegionCodeError.of(
                "regions.crosswalk_missing_columns", file=label, columns=", ".join(missing)
            )
        kind = row["kind"]
        if kind not in CHANGE_KINDS:
            raise RegionCodeError.of(
                "regions.crosswalk_unknown_kind",
                file=label,
                line=line,
                kind=kind[:20],
                kinds=", ".join(CHANGE_KINDS),
            )
        try:
            old = _dotted(row["old_code"]) if row["old_code"] else ""
            new = _dotted(row["new_code"]) if row["new_code"] else ""
        except RegionCodeError as exc:
            raise code_at_line(exc, label, line) from None
        if (not old and kind != "added") or (not new and kind != "removed"):
            raise RegionCodeError.of(
                "regions.crosswalk_needs",
                file=label,
                line=line,
                kind=kind,
                column="old_code" if not old else "new_code",
            )
        frm, to = row["from_edition"], row["to_edition"]
        if names is not None:
            _check_row(names, label, line, frm=frm, to=to, old=old, new=new)
        old_name = row.get("old_name") or (names or {}).get(frm, {}).get(old, "")
        new_name = row.get("new_name") or (names or {}).get(to, {}).get(new, "")
        out.append((frm, to, Change(kind, old, old_name, new, new_name,
                                    row.get("confidence") or "province", row.get("note", ""))))
    return out


def _check_row(names: Mapping[str, Mapping[str, str]], label: str, line: int, *, frm: str,
               to: str, old: str, new: str) -> None:
    """A province's row names two known, different editions and codes they hold."""
    for edition in (frm, to):
        if edition not in names:
            raise RegionCodeError.of("regions.crosswalk_unknown_edition", file=label, line=line,
                                     edition=edition[:20], known=", ".join(sorted(names)))
    if frm == to:
        raise RegionCodeError.of("regions.crosswalk_same_edition", file=label, line=line,
                                 edition=frm)
    for code, edition, column in ((old, frm, "old_code"), (new, to, "new_code")):
        if code and code not in names[edition]:
            raise RegionCodeError.of("regions.crosswalk_code_not_in_edition", file=label,
                                     line=line, code=code, column=column, edition=edition)
