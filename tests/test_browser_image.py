"""The Image tab in Chromium: generate an image and see it in the gallery; the Korean tip; reuse a PNG's settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import open_section

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page):
    """The shared app page (conftest), on the Image tab."""
    page.get_by_role("tab", name="Image").click(timeout=60_000)
    return page


def open_settings(page) -> None:
    open_section(page, "Settings")  # the Image tab's accordion


def seed_box(page):
    return page.get_by_label("Seed", exact=True)


def test_generate_shows_the_image_in_the_gallery(page, tmp_path: Path) -> None:
    page.get_by_label("Prompt", exact=True).fill("A corgi astronaut floating in space, digital art")
    page.get_by_role("button", name="Generate", exact=True).click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('img')].some(i => /playground-\\d+\\.png/.test(i.src) && i.complete"
        " && i.naturalWidth > 0)", timeout=60_000)
    found = page.evaluate("() => [...document.querySelectorAll('img')].map(i => i.src)"
                          ".filter(s => /playground-\\d+\\.png/.test(s))")
    assert found and found[0].endswith(".png")
    shown_seed = found[0].rsplit("playground-", 1)[1].removesuffix(".png")
    assert "Seed: " + shown_seed in page.locator("body").inner_text()  # the note names the seed used (English page)
    open_settings(page)
    assert seed_box(page).input_value() == shown_seed  # written back into the seed box
    page.screenshot(path=str(tmp_path / "image_tab.png"), full_page=True)


def test_a_korean_prompt_gets_the_english_tip_and_a_translate_button(page) -> None:
    tip = page.get_by_text("Most image models understand English best")
    assert not tip.is_visible()
    box = page.get_by_label("Prompt", exact=True)
    box.fill("한복을 입은 고양이가 경복궁 앞에 서 있는 수채화")
    box.blur()
    tip.wait_for(state="visible", timeout=10_000)
    korean = box.input_value()
    translate = page.get_by_role("button", name="Translate the prompt to English")
    translate.click()  # the Translate tab's engine (a tiny random model here: the English is nonsense)
    page.wait_for_function("k => document.querySelector('textarea') && "
                           "![...document.querySelectorAll('textarea')].some(t => t.value === k)", arg=korean,
                           timeout=60_000)
    assert box.input_value() not in ("", korean)
    box.fill("a cat in a hanbok")
    box.blur()
    tip.wait_for(state="hidden", timeout=10_000)


def test_reuse_the_settings_of_a_png(page, engine, tmp_path: Path) -> None:
    from playground.tasks import image, image_png

    settings, notes = image.check_inputs(engine, "a paper boat on a river", "fog", model="tiny/text-to-image",
                                         steps=5, guidance=3.5, width=96, seed=4242, randomize_seed=False)
    result = image.generate(engine, settings, notes)
    path = image_png.save_png(result.images[0], settings.for_image(4242), tmp_path / "boat.png")
    open_section(page, "Reuse the settings of a PNG")
    page.locator("input[type=file]").last.set_input_files(str(path))
    page.get_by_text("Settings loaded").wait_for(timeout=20_000)
    assert page.get_by_label("Prompt", exact=True).input_value() == "a paper boat on a river"
    open_settings(page)
    assert seed_box(page).input_value() == "4242"
    assert not page.get_by_label("Random seed each time").is_checked()
    assert page.get_by_label("Negative prompt (what to keep out)").input_value() == "fog"


def test_the_korean_tip_does_not_move_generate(page) -> None:
    """The tip appeared above Generate while the student typed and pushed it down; it now shows below
    Generate, so nothing the student is about to click moves."""
    box = page.get_by_label("Prompt", exact=True)
    generate = page.locator("#image-generate")
    before = generate.bounding_box()
    box.fill("한복을 입은 고양이가 경복궁 앞에 서 있는 수채화")
    box.blur()
    page.get_by_text("Most image models understand English best").wait_for(state="visible", timeout=10_000)
    tip = page.locator("#image-korean-tip").bounding_box()
    after = generate.bounding_box()
    assert abs(after["y"] - before["y"]) < 1 and abs(after["x"] - before["x"]) < 1, (before, after)
    assert tip["y"] >= after["y"] + after["height"] - 1  # below the button, not above it
