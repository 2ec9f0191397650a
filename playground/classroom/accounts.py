"""Logins for a shared playground: ``--auth USER:PASS``, ``$PLAYGROUND_AUTH``, or ``--auth-file PATH``.

An accounts file holds one ``user:password`` per line; blank lines and lines starting with ``#`` are skipped, and
a password may itself contain ``:``.

>>> parse_account("teacher:s3cret:x")
('teacher', 's3cret:x')
>>> read_accounts("class-accounts.txt")          # [('teacher', '...'), ('student01', '...'), ...]

Every mistake raises :class:`AccountsError` naming the line and what to fix (the password is never echoed).
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_FILE_BYTES = 1_000_000


class AccountsError(ValueError):
    """The --auth value or the accounts file is wrong; the message says where and what to change."""


def parse_account(value: str, where: str = "--auth") -> tuple[str, str]:
    """``"user:password"`` → ``("user", "password")``; surrounding spaces are dropped."""
    user, sep, password = value.strip().partition(":")
    user, password = user.strip(), password.strip()
    if not sep:
        raise AccountsError(f"{where}: expected user:password (with a colon), e.g. teacher:PASSWORD")
    if not user:
        raise AccountsError(f"{where}: the user name before ':' is empty")
    if not password:
        raise AccountsError(f"{where}: the password after '{user}:' is empty")
    return user, password


def read_accounts(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Every account in an accounts file, in order; :class:`AccountsError` for a missing, empty or bad file."""
    file = Path(path).expanduser()
    try:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise AccountsError(f"{file}: larger than {MAX_FILE_BYTES:,} bytes; is this really an accounts file?")
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AccountsError(f"{file}: no such file. Create it with one user:password per line") from None
    except IsADirectoryError:
        raise AccountsError(f"{file}: is a folder; give the path of a text file") from None
    except UnicodeDecodeError:
        raise AccountsError(f"{file}: not a UTF-8 text file. Save it as plain text (UTF-8)") from None
    except OSError as exc:
        raise AccountsError(f"{file}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    accounts: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        user, password = parse_account(line, f"{file}, line {number}")
        if user in accounts:
            raise AccountsError(f"{file}, line {number}: user {user!r} is listed twice; keep one line per user")
        accounts[user] = password
    if not accounts:
        raise AccountsError(f"{file}: no accounts found. Add one user:password per line (# starts a comment)")
    return list(accounts.items())


def accounts_from(auth: str | None, auth_file: str | None) -> list[tuple[str, str]] | None:
    """All logins from ``--auth`` (or $PLAYGROUND_AUTH) and ``--auth-file`` together; None when there are none."""
    found: list[tuple[str, str]] = []
    if auth:
        found.append(parse_account(auth))
    if auth_file:
        found += [a for a in read_accounts(auth_file) if a[0] not in {user for user, _ in found}]
    return found or None
