"""Keyed pseudonyms for NIK and KK numbers (HMAC-SHA256), computed inside DuckDB.

``pseudonym(kind, value) = HMAC-SHA256(key, f"{kind}:{value}")`` as hex, first 32 characters
(128 bits). ``kind`` is ``"nik"`` (persons) or ``"kk"`` (families), so a NIK and a KK number
with the same digits get different pseudonyms, while the same NIK always gets the same one
under one key — records still link across tables and files.

The key comes from the ``pseudonym_key`` argument, else the ``KAMPUNGKB_PSEUDONYM_KEY``
environment variable; without either, a random key is drawn for the run and a
:class:`PseudonymKeyWarning` says that pseudonyms will not match another run's.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import warnings
from typing import Literal

import attrs
import duckdb

from kampungkb.errors import KampungKBWarning

__all__ = [
    "ENV_PSEUDONYM_KEY",
    "PSEUDONYM_LENGTH",
    "PseudonymKey",
    "PseudonymKeyWarning",
    "pseudonym",
    "resolve_key",
]

#: Environment variable holding the pseudonymisation key.
ENV_PSEUDONYM_KEY = "KAMPUNGKB_PSEUDONYM_KEY"
#: Hex characters kept from the HMAC digest.
PSEUDONYM_LENGTH = 32
_BLOCK = 64


class PseudonymKeyWarning(KampungKBWarning):
    """No pseudonymisation key was given: a random per-run key is used.

    Pseudonyms then link records within this run only; set ``KAMPUNGKB_PSEUDONYM_KEY`` (or
    pass ``pseudonym_key=``) to get the same pseudonyms in every run.
    """


@attrs.frozen(repr=False)
class PseudonymKey:
    """A pseudonymisation key; its ``repr`` never shows the key.

    Attributes:
        secret: the key bytes.
        source: ``"argument"``, ``"environment"`` or ``"random"``.
    """

    secret: bytes
    source: Literal["argument", "environment", "random"]

    def __repr__(self) -> str:
        return f"PseudonymKey(source={self.source!r})"


def resolve_key(key: str | bytes | None) -> PseudonymKey:
    """The key from the argument, else the environment, else a random one (with a warning)."""
    if key:
        return PseudonymKey(key.encode() if isinstance(key, str) else bytes(key), "argument")
    env = os.environ.get(ENV_PSEUDONYM_KEY)
    if env:
        return PseudonymKey(env.encode(), "environment")
    warnings.warn(
        PseudonymKeyWarning.of("io.no_pseudonym_key", env=ENV_PSEUDONYM_KEY), stacklevel=3
    )
    return PseudonymKey(secrets.token_bytes(32), "random")


def pseudonym(key: PseudonymKey, kind: str, value: str) -> str:
    """The pseudonym of one value (the same as the SQL macro computes); for tests and apps."""
    digest = hmac.new(key.secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return digest[:PSEUDONYM_LENGTH]


def _blob(data: bytes) -> str:
    return "'" + "".join(f"\\x{b:02X}" for b in data) + "'::BLOB"


def install_macros(con: duckdb.DuckDBPyConnection, key: PseudonymKey) -> None:
    """Define ``kkb_pseudo(kind, value)`` and ``kkb_mask(value)`` on ``con``.

    ``kkb_mask`` keeps the first two characters of a value of 8 or more characters (the
    province of a NIK, as :class:`~kampungkb.models.NIK` shows it) and stars the rest.
    """
    secret = key.secret
    if len(secret) > _BLOCK:
        secret = hashlib.sha256(secret).digest()
    secret = secret.ljust(_BLOCK, b"\0")
    ipad = _blob(bytes(b ^ 0x36 for b in secret))
    opad = _blob(bytes(b ^ 0x5C for b in secret))
    con.execute(
        "CREATE OR REPLACE TEMP MACRO kkb_pseudo(kind, v) AS CASE WHEN v IS NULL THEN NULL "
        f"ELSE left(sha256({opad} || unhex(sha256({ipad} || encode(kind || ':' || v)))), "
        f"{PSEUDONYM_LENGTH}) END"
    )
    con.execute(
        "CREATE OR REPLACE TEMP MACRO kkb_mask(v) AS CASE WHEN v IS NULL THEN NULL "
        "WHEN length(v) >= 8 THEN left(v, 2) || repeat('*', length(v) - 2) "
        "ELSE repeat('*', length(v)) END"
    )
