"""The region list through time: dated editions, the registry of each, and the crosswalks."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyarrow as pa

from kampungkb.errors import RegionCodeError
from kampungkb.labels import text as label_text
from kampungkb.models._regions import RegionRegistry, looks_like_bps_village
from kampungkb.regions._chain import compose, fill_gaps
from kampungkb.regions._crosswalk import (
    Change,
    Crosswalk,
    Undecided,
    derive_crosswalk,
    read_changes,
)
from kampungkb.regions._editions import EDITIONS, Edition, edition_for
from kampungkb.regions._store import CROSSWALK_FILE, UNDECIDED_FILE, packaged_names, packaged_rows

__all__ = ["EDITION_PROBLEM_COLUMNS", "RegionEditions", "packaged"]

#: Columns of :meth:`RegionEditions.check_village_codes`' table.
EDITION_PROBLEM_COLUMNS: tuple[str, ...] = (
    "row", "value", "period", "edition", "rule", "severity", "detail", "message_id", "message_en",
)
_VILLAGE = 13


class RegionEditions:
    """Dated editions of the Kemendagri region list and the crosswalks between them.

    :func:`packaged` gives the editions kampungkb ships (2018, 2022, 2025, down to villages
    with names); build others from ``{edition id: {code: name}}`` and :class:`Edition` records.

    Example:
        >>> from kampungkb.regions import packaged
        >>> eds = packaged()
        >>> eds.edition_for("2019").decree
        'Permendagri 137/2017'
        >>> eds.registry("2025").name("19.05.01.1008")
        'Keranggan'
    """

    def __init__(self, names: Mapping[str, Mapping[str, str]], editions: Sequence[Edition], *,
                 crosswalks: Mapping[tuple[str, str], Crosswalk] | None = None,
                 extra: Sequence[tuple[str, str, Change]] = (), source: str = "") -> None:
        self._names = dict(names)
        self.editions: tuple[Edition, ...] = tuple(sorted(editions, key=lambda e: e.date))
        missing = [e.id for e in self.editions if e.id not in self._names]
        if missing:
            raise RegionCodeError.of("regions.no_codes", editions=", ".join(missing))
        self._crosswalks = dict(crosswalks or {})
        self._extra = tuple(extra)
        self.source = source
        self._registries: dict[str, RegionRegistry] = {}
        self._villages: dict[str, frozenset[str]] = {}

    def __repr__(self) -> str:
        ids = ", ".join(e.id for e in self.editions)
        return f"RegionEditions({ids}{', ' + self.source if self.source else ''})"

    # -- editions ----------------------------------------------------------------------------

    def edition(self, edition_id: str | Edition) -> Edition:
        """The edition with this id; :class:`~kampungkb.errors.RegionCodeError` if unknown."""
        wanted = edition_id.id if isinstance(edition_id, Edition) else str(edition_id).strip()
        for ed in self.editions:
            if ed.id == wanted:
                return ed
        known = ", ".join(e.id for e in self.editions)
        raise RegionCodeError.of(
            "regions.unknown_edition_known", edition=wanted[:20], known=known
        )

    def edition_for(self, period: str | dt.date) -> Edition:
        """The edition that applies to a period (``"2019"``, ``"2019-Q2"``, ``"2019-06"``) or
        a date: the latest whose decree is dated on or before the period's last day; the
        earliest for periods before every decree."""
        return edition_for(period, self.editions)

    def names(self, edition_id: str | Edition) -> Mapping[str, str]:
        """``{dotted code: name}`` of every region of an edition (all levels)."""
        return self._names[self.edition(edition_id).id]

    def registry(self, edition_id: str | Edition) -> RegionRegistry:
        """The :class:`~kampungkb.models.RegionRegistry` of an edition (built once, cached).

        Its ``edition`` reads ``"Kemendagri 2025 (Kepmendagri 300.2.2-2138/2025)"``.  It can
        be given as ``registry=`` to :func:`kampungkb.io.validate_path` (districts checked).
        """
        ed = self.edition(edition_id)
        if ed.id not in self._registries:
            self._registries[ed.id] = RegionRegistry._trusted(
                self._names[ed.id], edition=f"Kemendagri {ed.id} ({ed.decree})")
        return self._registries[ed.id]

    def villages(self, edition_id: str | Edition) -> frozenset[str]:
        """The village codes of an edition."""
        ed = self.edition(edition_id)
        if ed.id not in self._villages:
            self._villages[ed.id] = frozenset(c for c in self._names[ed.id] if len(c) == _VILLAGE)
        return self._villages[ed.id]

    def editions_with(self, code: str) -> tuple[Edition, ...]:
        """The editions that hold ``code`` (dotted)."""
        return tuple(e for e in self.editions if code in self._names[e.id])

    # -- crosswalks --------------------------------------------------------------------------

    def changes(self, from_edition: str | Edition, to_edition: str | Edition, *,
                region: str | None = None) -> Crosswalk:
        """The changes between two editions (either order), with the province's own rows
        (:meth:`with_changes`) in place of the derived ones they concern.

        Consecutive shipped editions use the crosswalk shipped with kampungkb (other
        neighbours are derived on the spot by the same rules).  Editions with others between
        them follow the chain: each step's changes (with the province's own rows for that
        step), composed — a code that splits on the way is a ``split``, codes that meet a
        ``merge``, the confidence the least sure step's, the note naming the edition passed
        (``via 2022``) — and where the chain leaves a code without a counterpart and another
        without an origin, a link derived straight between the two editions joins them (about
        a second, once).

        Args:
            region: keep only the changes touching this code (in either edition).
        """
        a, b = self.edition(from_edition), self.edition(to_edition)
        cw = self._crosswalk(a.id, b.id)
        return cw.within(region) if region is not None else cw  # "" is malformed, not all

    def _crosswalk(self, a: str, b: str) -> Crosswalk:
        if (a, b) not in self._crosswalks:
            if (b, a) in self._crosswalks:
                cw = self._crosswalks[(b, a)].reversed()
            elif a == b:
                cw = Crosswalk(a, b, ())
            else:
                early, late = sorted((a, b), key=lambda i: self.edition(i).date)
                cw = derive_crosswalk(self._names[early], self._names[late],
                                      from_edition=early, to_edition=late)
                between = self._between(early, late)
                if between:  # the chain of neighbouring editions, gaps filled straight
                    chain = self._crosswalk(early, between[0])
                    for here, there in zip(between, [*between[1:], late], strict=True):
                        chain = compose(chain, self._crosswalk(here, there), self._names)
                    cw = fill_gaps(chain, cw)
                extra = [c for f, t, c in self._extra if (f, t) == (early, late)]
                extra += [c.reversed() for f, t, c in self._extra if (f, t) == (late, early)]
                cw = cw.with_changes(extra) if extra else cw
                if early != a:
                    self._crosswalks[(early, late)] = cw
                    cw = cw.reversed()
            self._crosswalks[(a, b)] = cw
        return self._crosswalks[(a, b)]

    def _between(self, early: str, late: str) -> list[str]:
        """The editions dated strictly between ``early`` and ``late``, oldest first."""
        first, last = self.edition(early).date, self.edition(late).date
        return [e.id for e in self.editions if first < e.date < last]

    def with_changes(self, source: str | Path | Iterable[Mapping[str, str]]) -> RegionEditions:
        """A copy that also knows a province's changes (a CSV file; see
        :func:`~kampungkb.regions.read_changes` for the columns).  Each of its rows replaces
        the derived rows and undecided cases about the same codes."""
        extra = read_changes(source, names=self._names)
        for frm, to, _ in extra:
            self.edition(frm)
            self.edition(to)
        crosswalks = {}
        for (a, b), cw in self._crosswalks.items():
            if self._between(*sorted((a, b), key=lambda i: self.edition(i).date)):
                continue  # a chain: composed again from its steps, which may change now
            rows = [c for f, t, c in extra if (f, t) == (a, b)]
            rows += [c.reversed() for f, t, c in extra if (f, t) == (b, a)]
            crosswalks[(a, b)] = cw.with_changes(rows) if rows else cw
        return RegionEditions(self._names, self.editions, crosswalks=crosswalks,
                              extra=(*self._extra, *extra), source=self.source)

    # -- checking codes ----------------------------------------------------------------------

    def suggest(self, code: str, edition_id: str | Edition) -> tuple[str, ...]:
        """What ``code`` (not in the edition) might be in ``edition_id``: its counterpart
        through the crosswalk from a neighbouring edition that holds it (nearest first), else
        the closest codes of the same district."""
        target = self.edition(edition_id)
        holders = sorted(self.editions_with(code),
                         key=lambda e: abs((e.date - target.date).days))
        for ed in holders:
            cw = self._crosswalk(ed.id, target.id)
            found = tuple(dict.fromkeys(
                c.new_code for c in cw.changes
                if c.old_code == code and c.new_code and c.kind != "removed"))
            if found:
                return found
            undecided = [u for u in cw.undecided if u.code == code]
            if undecided and undecided[0].candidates:
                return undecided[0].candidates
        district = code[:8]
        siblings = [c for c in self.villages(target) if c.startswith(district + ".")]
        return tuple(difflib.get_close_matches(code, siblings, n=3, cutoff=0.75))

    def check_village_codes(self, codes: Sequence[str | None] | pa.Array | pa.ChunkedArray,
                            periods: Sequence[str | None] | pa.Array | pa.ChunkedArray | str, *,
                            editions: Mapping[str, str] | None = None,
                            severity: str = "warning") -> pa.Table:
        """Village codes absent from the edition that applies to their period.

        The function :mod:`kampungkb.io`'s validation (or anyone) calls: one problem per row
        whose code is well formed, Kemendagri-numbered and not in the period's edition, with a
        did-you-mean from the neighbouring editions.  Work is per distinct (code, period) pair.

        Args:
            codes: village codes (dotted or 10 digits); nulls and malformed codes are skipped
                (the io rules ``village_code`` and ``bps_village_code`` report those).
            periods: the period of each row (``"2019"``, ``"2019-06"``, a date), or one period
                for all rows.
            editions: ``{period: edition id}`` overriding :meth:`edition_for` (data recoded
                to one edition: ``{"2017": "2025", "2019": "2025"}``).
            severity: ``"warning"`` (default) or ``"error"``.

        Returns:
            Arrow table with :data:`EDITION_PROBLEM_COLUMNS`: ``row`` is the 0-based row
            index, ``rule`` is ``village_edition``, ``detail`` the suggested codes.
        """
        code_list = _as_list(codes)
        period_list = ([periods] * len(code_list) if isinstance(periods, str)
                       else _as_list(periods))
        if len(period_list) != len(code_list):
            raise ValueError("codes and periods differ in length")
        verdicts: dict[tuple[str, str], tuple[str, str, str, str] | None] = {}
        rows: list[dict[str, object]] = []
        for i, (raw, period) in enumerate(zip(code_list, period_list, strict=True)):
            if raw is None or period is None:
                continue
            key = (raw, period)
            if key not in verdicts:
                verdicts[key] = self._verdict(raw, period, editions)
            verdict = verdicts[key]
            if verdict is not None:
                ed, detail, msg_id, msg_en = verdict
                rows.append({"row": i, "value": raw, "period": period, "edition": ed,
                             "rule": "village_edition", "severity": severity, "detail": detail,
                             "message_id": msg_id, "message_en": msg_en})
        schema = pa.schema([("row", pa.int64())] +
                           [(c, pa.string()) for c in EDITION_PROBLEM_COLUMNS[1:]])
        return pa.Table.from_pylist(rows, schema=schema)

    def _verdict(self, raw: str, period: str, editions: Mapping[str, str] | None
                 ) -> tuple[str, str, str, str] | None:
        text = raw.strip()
        if looks_like_bps_village(text):
            return None
        if len(text) == 10 and text.isdigit():
            text = f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
        if len(text) != _VILLAGE or not text.replace(".", "").isdigit():
            return None
        try:
            ed = self.edition(editions[period]) if editions and period in editions \
                else self.edition_for(period)
        except RegionCodeError:
            return None  # not a period: the io rule ``period`` reports it
        if text in self.villages(ed):
            return None
        guess = self.suggest(text, ed)
        seen = [e.id for e in self.editions_with(text)]
        key = "regions.village_not_in_edition" + ("_seen" if seen else "") + (
            "_guess" if guess else "")
        fields = {"code": raw, "edition": ed.id, "decree": ed.decree, "period": period,
                  "seen": ", ".join(seen), "guess": ", ".join(guess)}
        msg_id, msg_en = (label_text(key, lang, **fields) for lang in ("id", "en"))
        return ed.id, " ".join(guess), msg_id, msg_en


def _as_list(values: object) -> list[str | None]:
    if isinstance(values, pa.ChunkedArray | pa.Array):
        values = values.cast(pa.string()).to_pylist()
    return [None if v is None else str(v) for v in values]  # type: ignore[attr-defined]


@functools.cache
def packaged() -> RegionEditions:
    """The editions kampungkb ships (2018, 2022, 2025) with their derived crosswalks.

    Loaded on first use (about 0.3 s) and cached.
    """
    names = packaged_names()
    crosswalks: dict[tuple[str, str], list[Change]] = {}
    for r in packaged_rows(CROSSWALK_FILE):
        a, b = r["from_edition"], r["to_edition"]
        old, new = r["old_code"], r["new_code"]
        crosswalks.setdefault((a, b), []).append(Change(
            r["kind"], old, names[a].get(old, "") if old else "", new,
            names[b].get(new, "") if new else "", r["confidence"], r["note"]))
    undecided: dict[tuple[str, str], list[Undecided]] = {}
    for r in packaged_rows(UNDECIDED_FILE):
        undecided.setdefault((r["from_edition"], r["to_edition"]), []).append(Undecided(
            r["kind"], r["code"], r["name"], tuple(r["candidates"].split()), r["reason"]))
    walks = {key: Crosswalk(key[0], key[1], tuple(rows), tuple(undecided.get(key, ())))
             for key, rows in crosswalks.items()}
    return RegionEditions(names, EDITIONS, crosswalks=walks,
                          source="kampungkb (cahyadsn/wilayah, MIT)")
