"""What plugs into Gradio's server: fair use at the queue (``fairuse``), logins and logouts (``login``), the share
check and the launch announcement (``share``), the MCP gate (``mcp``), sign-in with Hugging Face (``signin``), the
page's script, style sheet and middleware (``page``), and the one renderer of engine errors (``errors``).

Public extension points first; the private Gradio attributes still needed are listed in ``gradio_private``.
``tabs/`` draws the page; ``playground/`` (the engine) imports neither.
"""
