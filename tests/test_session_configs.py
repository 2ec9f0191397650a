"""A new session's component configs are built when first read (Gradio built every one when a session started),
and read, they are exactly Gradio's own.
"""

from __future__ import annotations

import gradio as gr
from gradio.state_holder import SessionState

from server import gradio_private


def test_a_new_session_builds_component_configs_on_first_read_and_they_equal_gradios():
    """Gradio built every component's config when a session started (about 40 ms of server CPU
    per new session with the playground's components). Now each is built when read; read, they equal what
    Gradio's own start of a session gives (every component, in order), after the same updates too."""
    gradio_private.lazy_session_configs()
    gradio_private.lazy_session_configs()  # once: a second call wraps nothing twice
    with gr.Blocks() as demo:
        text = gr.Textbox(value="hello", label="text")
        label = gr.Label(label="result")
        gr.Dropdown(choices=["a", "b"], value="a")
    lazy = SessionState(demo)
    eager = SessionState.__new__(SessionState)
    SessionState.__init__.original(eager, demo)
    assert isinstance(lazy.config_values, gradio_private.LazyConfigs)
    assert all(v is gradio_private._PENDING for v in lazy.config_values._values.values())  # nothing built yet
    assert len(eager.config_values) > 3 and list(lazy.config_values) == list(eager.config_values)
    for state in (lazy, eager):  # what an event does to its session: inputs and outputs
        state[text._id] = gr.Textbox(value="changed", render=False)
        state._update_value_in_config(text._id, "typed")
        state._update_value_in_config(label._id, {"label": "positive"})
    assert dict(lazy.config_values) == dict(eager.config_values)
    assert lazy.config_values[text._id]["props"]["value"] == "typed"
    assert list(lazy.components) == list(eager.components)  # what a deep link reads: all of them
    assert SessionState(demo).config_values[text._id]["props"]["value"] == "hello"  # another session: the app's
