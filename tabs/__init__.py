"""The playground's UI: one module per tab, each exposing ``build(engine)``; shared pieces in ``common``."""
