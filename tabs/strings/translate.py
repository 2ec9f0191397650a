"""Strings of the Translate tab, in English and Korean (same keys)."""

from __future__ import annotations

EN: dict[str, str] = {}

KO: dict[str, str] = {}
