"""Strings of the Image tab. Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "image.intro": (
        "Turn a sentence into a picture with a fast diffusion model. The same seed and settings always give the "
        "same image; every image downloads as a PNG that remembers its settings.",
        "빠른 확산(diffusion) 모델로 문장을 그림으로 바꿔 보세요. 같은 시드와 설정이면 언제나 같은 그림이 나오고, "
        "모든 그림은 설정을 기억하는 PNG로 내려받을 수 있습니다.",
    ),
    "image.prompt": ("Prompt", "프롬프트"),
    "image.prompt_placeholder": (
        "e.g. A corgi astronaut floating in space, digital art",
        "예: 한복을 입은 고양이, 수채화",
    ),
    "image.generate": ("Generate", "생성"),
    "image.settings": ("Settings", "설정"),
    "image.negative": ("Negative prompt (what to keep out)", "네거티브 프롬프트 (빼고 싶은 것)"),
    "image.negative_placeholder": ("e.g. blurry, low quality, text", "예: blurry, low quality, text"),
    "image.steps": ("Steps (denoising passes)", "스텝 (잡음 제거 횟수)"),
    "image.guidance": ("Guidance (how strictly to follow the prompt)", "가이던스 (프롬프트를 얼마나 엄격히 따를지)"),
    "image.width": ("Width (px)", "너비 (px)"),
    "image.height": ("Height (px)", "높이 (px)"),
    "image.num_images": ("Number of images", "이미지 수"),
    "image.seed": ("Seed", "시드"),
    "image.randomize": ("Random seed each time", "매번 무작위 시드"),
    "image.gallery": ("Images (click one, then download it as PNG)", "이미지 (하나를 누른 뒤 PNG로 내려받으세요)"),
    "image.reuse": ("Reuse the settings of a PNG", "PNG의 설정 다시 쓰기"),
    "image.reuse_file": ("A PNG downloaded from this tab", "이 탭에서 내려받은 PNG"),
    "image.translate": ("Translate the prompt to English", "프롬프트를 영어로 번역"),
    "image.korean_tip": (
        "Most image models understand English best: a Korean prompt may be misread.",
        "대부분의 이미지 모델은 영어를 가장 잘 이해합니다. 한국어 프롬프트는 잘못 이해될 수 있어요.",
    ),
    "image.loaded": ("Settings loaded", "설정을 불러왔습니다"),
    "image.not_in_catalog": (
        "{stored} is not in this playground's catalog: kept {kept}.",
        "{stored} 모델은 이 카탈로그에 없어 {kept} 모델을 그대로 씁니다.",
    ),
    "image.seed_used": ("Seed", "시드"),
    "image.seed_step": ("+1 per image", "이미지마다 +1"),
    "image.note.size_adjusted": (
        "Size {asked} → {used}: this model takes multiples of {multiple} px from {min} to {max}.",
        "크기 {asked} → {used}: 이 모델은 {min}~{max} px 사이의 {multiple}의 배수만 받습니다.",
    ),
    "image.note.guidance_ignored": (
        "This model ignores guidance; it ran with {used}.",
        "이 모델은 가이던스를 쓰지 않아 가이던스 {used} 값으로 실행했습니다.",
    ),
    "image.note.negative_ignored": (
        "The negative prompt was not used: it only acts with guidance above 1 (here {guidance}).",
        "네거티브 프롬프트는 쓰이지 않았습니다. 가이던스가 1보다 클 때만 작동합니다 (지금 {guidance}).",
    ),
    "image.note.prompt_truncated": (
        "The prompt is {tokens} tokens; the model reads only the first {window}. Ignored:",
        "프롬프트가 {tokens} 토큰이라 모델은 앞의 {window} 토큰만 읽었습니다. 무시된 부분:",
    ),
    "image.note.withheld": ("The model's safety checker withheld {count} image(s).",
                            "모델의 안전 검사기가 이미지 {count}장을 가렸습니다."),
    "image.note.stopped": ("Stopped: {done} of {asked} image(s) finished.",
                           "정지했습니다: {asked}장 중 {done}장을 완성했습니다."),
}
