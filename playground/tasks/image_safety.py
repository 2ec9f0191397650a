"""Classroom safety for the Image tab: a prompt filter (a short Korean + English blocklist) and the switch for it.

The filter is ON unless a teacher turns it off with ``PLAYGROUND_IMAGE_SAFETY=off`` (or ``python app.py
--no-image-safety``). The same switch also turns off the image safety checker of pipelines that ship one
(``StableDiffusionPipeline`` models such as SD 1.5 do; sd-turbo and FLUX.1-schnell do not). A teacher can add
terms with ``PLAYGROUND_IMAGE_BLOCKLIST="word one,word two"``.

It is a simple word list, not a classifier: it stops the obvious requests a class would try, in both languages,
and says so clearly; it cannot catch every wording. Negative prompts are never filtered (students write
"nsfw, nude" there precisely to keep such content out).

>>> blocked_terms("a naked person on a beach")
['naked']
>>> blocked_terms("한복을 입은 고양이")
[]
"""

from __future__ import annotations

import re
import unicodedata

from playground import settings

SAFETY_ENV = settings.IMAGE_SAFETY
EXTRA_TERMS_ENV = settings.IMAGE_BLOCKLIST

# English: matched as whole words (an optional plural "s"/"es"), case-insensitive.
ENGLISH = (
    # sexual content and nudity
    "nude", "nudity", "naked", "nsfw", "porn", "porno", "pornographic", "pornography", "sex", "sexual",
    "sexy", "erotic", "erotica", "hentai", "topless", "bottomless", "lingerie", "genital", "genitals", "penis",
    "vagina", "nipple", "boobs", "undressed", "stripper", "fetish", "bdsm",
    # gore and self-harm
    "gore", "gory", "dismembered", "dismemberment", "decapitated", "decapitation", "beheaded", "beheading",
    "mutilated", "mutilation", "disembowelled", "suicide", "self-harm", "self harm",
    # drugs
    "cocaine", "heroin", "methamphetamine",
    # hate symbols
    "swastika", "nazi", "kkk",
)
# Korean: matched as substrings (Korean attaches particles to words, so there are no word boundaries).
KOREAN = (
    # 성적인 내용, 노출
    "나체", "알몸", "음란", "포르노", "야동", "야한", "섹스", "섹시", "성행위", "젖꼭지", "속옷만", "벌거벗",
    # 잔혹, 자해
    "참수", "시체", "자살", "자해",
    # 마약
    "필로폰", "코카인", "헤로인",
    # 혐오 상징
    "하켄크로이츠",
)
# Left out on purpose, because they are parts of everyday words: 누드 (누드김밥), 마약 (마약김밥), 나치 (바나나치즈),
# 성기 (전성기, 성기사), 전라 (전라도), 고어 (고어텍스), 토막.

_SPACES = re.compile(r"\s+")


def enabled() -> bool:
    """True unless ``PLAYGROUND_IMAGE_SAFETY`` is off / 0 / false / no (the teacher's switch)."""
    return settings.flag(SAFETY_ENV)


def _extra_terms() -> list[str]:
    raw = settings.text(EXTRA_TERMS_ENV)
    return [term.strip().lower() for term in raw.split(",") if term.strip()]


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower())


def blocked_terms(prompt: str) -> list[str]:
    """The blocklist terms ``prompt`` contains, in blocklist order (empty when it is fine)."""
    text = _normalise(prompt)
    found = []
    for term in (*ENGLISH, *_extra_terms()):
        if not term.isascii():
            if term in text:
                found.append(term)
            continue
        pattern = r"(?<![a-z0-9])" + re.escape(term).replace(r"\ ", r"[\s_-]*") + r"s?(?![a-z0-9])"
        if re.search(pattern, text):
            found.append(term)
    found += [term for term in KOREAN if term in text]
    return list(dict.fromkeys(found))
