"""The playground's engine: everything that runs models or reads data. Imports no Gradio.

The core lives here: ``engine`` (ties the parts together), ``catalog`` (the allowlist), ``cache`` (load once,
single-flight, memory budget, eviction), ``batching``, ``device`` (cuda / mps / cpu, ZeroGPU), ``hub``,
``errors``, ``limits``, ``text``, ``prepare``. Subpackages: ``tasks`` (one module a task), ``data`` (the dataset
browser) and ``classroom`` (rate limit, sharing, accounts, redaction).

Importing it turns off Hugging Face telemetry for the process (a classroom's usage is nobody's business), which
also stops huggingface_hub from asking the Hub for its agent registry, a 3 s wait per process when the Hub is
out of reach. It must be set before huggingface_hub is imported to take effect.
"""

import os

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
