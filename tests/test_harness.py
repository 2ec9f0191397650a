"""The tests' own helpers that decide whether a run is green: starting an app (conftest's ``launch``)."""

from __future__ import annotations

import pytest

from conftest import LOCALHOST_CHECK, launch


class Stub:
    """A Blocks stand-in whose launch fails as Gradio's does when its own check of the page times out."""

    def __init__(self, failures: int, message: str = LOCALHOST_CHECK + ", a shareable link must be created.") -> None:
        self.failures, self.message = failures, message
        self.ports: list[int] = []
        self.closed = 0

    def launch(self, **options: object) -> str:
        assert options["server_name"] == "127.0.0.1"
        self.ports.append(int(options["server_port"]))  # type: ignore[call-overload]
        if len(self.ports) <= self.failures:
            raise ValueError(self.message)
        return "launched"

    def close(self) -> None:
        self.closed += 1


def test_a_launch_whose_page_check_timed_out_is_tried_again_on_a_fresh_port() -> None:
    demo = Stub(failures=2)
    assert launch(demo, quiet=True) == "launched"
    assert demo.closed == 2 and len(demo.ports) == 3


def test_a_third_timeout_or_any_other_failure_is_raised() -> None:
    with pytest.raises(ValueError, match="localhost is not accessible"):
        launch(Stub(failures=3))
    other = Stub(failures=1, message="Cannot find empty port")
    with pytest.raises(ValueError, match="empty port"):
        launch(other)
    assert other.closed == 0 and len(other.ports) == 1
