"""A tab whose issue is still open: one line saying what it will do."""

from __future__ import annotations

import gradio as gr

from .i18n import t


def build(task: str) -> None:
    gr.Markdown(t(f"soon.{task}"))
