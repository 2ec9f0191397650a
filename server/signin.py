"""Sign in with Hugging Face (a Space with ``hf_oauth: true``): the student's own account, for the rate limit and
for remote models billed to that account instead of the Space's token.

Gradio keeps the signed-in student's OAuth data in the session cookie (``request.session["oauth_info"]``, set by
``gr.LoginButton``'s routes); this module only reads it. The token is handed to remote calls, never shown, logged
or put in the code panel.

>>> account_key(request)      # "hf:<username>" when signed in, else None (the rate limit then keys on the session)
>>> user_token(request)       # the student's OAuth access token, or None
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import gradio as gr

from tabs.i18n import t

SIGNIN_ENV = "PLAYGROUND_SIGNIN"  # "off" hides the button even on a Space with hf_oauth: true


def enabled() -> bool:
    """Whether to offer "Sign in with Hugging Face": on a Space whose front matter says ``hf_oauth: true``.

    Spaces set ``OAUTH_CLIENT_ID`` (and ``SPACE_ID``) only then. Elsewhere Gradio would mock the sign-in with the
    machine's own account, which needs the Hub at start-up, so the button is not drawn.
    """
    if os.environ.get(SIGNIN_ENV, "").lower() in ("0", "off", "false", "no"):
        return False
    return bool(os.environ.get("OAUTH_CLIENT_ID") and os.environ.get("SPACE_ID"))


def login_button() -> gr.LoginButton | None:
    """The button, where sign-in is offered (call it inside the Blocks)."""
    if not enabled():
        return None
    # One language at a time: both labels are i18n markers the page translates (Gradio compares the button's
    # value, the marker, with its default to tell "sign in" from "sign out"); "({})" takes the username.
    sign_out = str(t("signin.sign_out")).replace("{", "{{").replace("}", "}}") + " ({})"
    return gr.LoginButton(t("signin.button"), logout_value=sign_out, size="sm", scale=0, min_width=240)


@dataclass(frozen=True)
class Account:
    username: str
    token: str | None


def account(request: gr.Request | Any | None) -> Account | None:
    """The signed-in student of ``request``, from Gradio's OAuth session data; None if nobody is signed in."""
    info = _oauth_info(request)
    if not info:
        return None
    expires = info.get("expires_at")
    if isinstance(expires, (int, float)) and expires < time.time():
        return None
    user = info.get("userinfo") or {}
    username = user.get("preferred_username") if isinstance(user, Mapping) else None
    if not isinstance(username, str) or not username:
        return None
    token = info.get("access_token")
    return Account(username=username, token=token if isinstance(token, str) and token else None)


def account_key(request: gr.Request | Any | None) -> str | None:
    """The rate limit's key for a signed-in student: the account, whatever browser or address they use."""
    found = account(request)
    return f"hf:{found.username}" if found else None


def user_token(request: gr.Request | Any | None) -> str | None:
    found = account(request)
    return found.token if found else None


def _oauth_info(request: Any) -> Mapping[str, Any] | None:
    # A gr.Request wraps the Starlette request (which holds the session); a Starlette request is used as is.
    inner = getattr(request, "request", None) if isinstance(request, gr.Request) else request
    if inner is None:
        return None
    try:
        session = inner.session  # Starlette raises (an AssertionError) when no SessionMiddleware is installed
    except Exception:  # noqa: BLE001 - no sign-in configured
        return None
    info = session.get("oauth_info") if isinstance(session, Mapping) else None
    return info if isinstance(info, Mapping) else None
