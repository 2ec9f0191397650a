"""The playground's engine: catalog, shared model cache, device placement, and one module per task.

Imports no Gradio. Importing it turns off Hugging Face telemetry for the process (a classroom's usage is
nobody's business), which also stops huggingface_hub from asking the Hub for its agent registry, a 3 s wait
per process when the Hub is out of reach. It must be set before huggingface_hub is imported to take effect.
"""

import os

os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
