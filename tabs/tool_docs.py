"""What each endpoint says to an API or MCP client: a summary, one line per parameter (its range and default)
and what it returns, in the ``Args:`` form Gradio's MCP server reads.

Each tab module writes its own endpoints' docs in a ``tool_docs(engine)`` function, from ``playground.limits`` and
the catalog, so they follow what the server checks; :func:`collect` gathers them over the tasks of
``playground.registry``. ``app.build_app`` gives them to the handlers (``server.mcp.name_tools``); a handler with
its own ``Args:`` block keeps it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from playground.catalog import AUTO
from playground.engine import Engine
from playground.registry import TASKS


def collect(engine: Engine) -> dict[str, str]:
    """endpoint name -> docstring, for every task whose tab module has ``tool_docs``."""
    docs: dict[str, str] = {}
    for task in TASKS:
        module = importlib.import_module(task.tab)
        if hasattr(module, "tool_docs"):
            docs.update(module.tool_docs(engine))
    return docs


def model_doc(engine: Engine, task: str) -> str:
    """The ``model`` parameter's line: the catalog's choices for ``task`` and the default."""
    choices = engine.choices(task)
    default = engine.default_choice(task) or AUTO
    auto = " (auto: picked by the text's language)" if AUTO in choices else ""
    return f"a catalog model id, one of: {', '.join(choices) or '-'}{auto}; default {default}."


def tool_doc(summary: str, args: Mapping[str, str], returns: str) -> str:
    """A docstring in the form Gradio's MCP server reads: one ``name: description`` line per parameter.

    Gradio keeps only the first line of each parameter, so each description is one line, whatever its length::

        api_summarize.__doc__ = tool_doc("Summarize a text.", {"text": "1 to 20,000 characters."}, "The summary.")
    """
    lines = [summary, "", "Args:", *(f"    {name}: {text}" for name, text in args.items()), "", "Returns:",
             f"    {returns}"]
    return "\n".join(lines)
