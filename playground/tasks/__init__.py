"""One module a task: what each tab computes, as plain Python in and out.

chat (streaming), sentiment, seq2seq (the runner Summarize and Translate share), summarize, translate and
languages (detection), image with image_png (settings in PNG metadata) and image_safety (the prompt filter).
May import the core (``playground.engine``, ``cache``, ``catalog``, ``device``, ``errors``, ``hub``, ``limits``,
``runtime``, ``tempfiles``, ``text``), ``playground.data.tables`` (uploaded CSV/TSV) and each other; never Gradio,
never ``tabs``.
"""
