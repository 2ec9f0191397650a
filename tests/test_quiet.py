"""A quiet terminal (``playground.quiet``): each library warning once, the app's deliberate choices not at all, no
library progress bars once the app turned it on."""

from __future__ import annotations

import logging

import pytest

from playground import quiet


def record(name: str, text: str) -> logging.LogRecord:
    return logging.LogRecord(name, logging.WARNING, __file__, 1, text, None, None)


def test_each_warning_passes_once_and_known_noise_never() -> None:
    once = quiet.Once()
    fallback = "`CLIPImageProcessor` requires torchvision (not installed); falling back to the PIL one"
    length = "Both `max_new_tokens` (=40) and `max_length`(=128) seem to have been set. `max_new_tokens` will take " \
             "precedence."
    assert [once.filter(record("transformers.x", "a new warning")) for _ in range(3)] == [True, False, False]
    assert once.filter(record("diffusers.y", "a new warning"))  # the same text from another library: once too
    assert not once.filter(record("transformers.generation", length))
    assert not once.filter(record("transformers.image_processing", fallback))


def test_apply_turns_the_bars_off_and_filters_the_handlers_only_once_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    from transformers.utils import logging as transformers_logging

    handler = logging.getLogger("transformers").handlers[0]
    was_active = transformers_logging.is_progress_bar_enabled()
    monkeypatch.setattr(quiet, "_installed", False)
    quiet.apply()  # not installed (tests, a library user): nothing changes
    assert quiet.ONCE not in handler.filters and transformers_logging.is_progress_bar_enabled() == was_active
    try:
        quiet.install()
        quiet.apply()  # idempotent
        assert handler.filters.count(quiet.ONCE) == 1 and not transformers_logging.is_progress_bar_enabled()
    finally:  # this process's other tests keep the libraries as they were
        handler.removeFilter(quiet.ONCE)
        if was_active:
            transformers_logging.enable_progress_bar()
