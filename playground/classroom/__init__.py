"""Running the playground for a class: ratelimit (each student's pace), sharing (links and QR codes),
accounts (the logins file), redaction (tokens never reach a log).

May import ``playground.errors`` and ``limits``; never Gradio, never the model engine.
"""
