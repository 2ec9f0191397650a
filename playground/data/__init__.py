"""The dataset browser: local files through DuckDB, Hub datasets through the viewer API, uploaded tables.

browser (the entry points the Datasets tab calls), local (data folder and uploads), hub_viewer (the Hub's
dataset viewer API), common (sources, queries, pages, statistics, media cells), media (image and audio cells made
showable), tables (CSV/TSV uploads for the Sentiment tab). Needs no model: only ``browser.sentiment_over_column``
borrows the engine it is handed (through ``playground.tasks.sentiment``).
May import ``playground.errors``, ``limits``, ``hub``, ``tempfiles`` and ``text``; never Gradio, never ``tabs``.
"""
