"""A tab that cannot run yet: its issue is still open, or the catalog offers it no model."""

from __future__ import annotations

import gradio as gr

from .i18n import t


def build(task: str) -> None:
    gr.Markdown(t(f"soon.{task}"))


def no_models() -> None:
    gr.Markdown(t("common.no_models"))
