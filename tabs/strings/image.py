"""Strings of the Image tab, in English and Korean (same keys)."""

from __future__ import annotations

EN: dict[str, str] = {
    "image.intro": "Turn a sentence into a picture with a fast diffusion model. The same seed and settings always "
    "give the same image; every image downloads as a PNG that remembers its settings.",
    "image.prompt": "Prompt",
    "image.prompt_placeholder": "e.g. A corgi astronaut floating in space, digital art / 한복을 입은 고양이, 수채화",
    "image.generate": "Generate",
    "image.settings": "Settings",
    "image.negative": "Negative prompt (what to keep out)",
    "image.negative_placeholder": "e.g. blurry, low quality, text",
    "image.steps": "Steps (denoising passes)",
    "image.guidance": "Guidance (how strictly to follow the prompt)",
    "image.width": "Width (px)",
    "image.height": "Height (px)",
    "image.num_images": "Number of images",
    "image.seed": "Seed",
    "image.randomize": "Random seed each time",
    "image.gallery": "Images (click one, then download it as PNG)",
    "image.notes": "Notes",
    "image.reuse": "Reuse the settings of a PNG",
    "image.reuse_file": "A PNG downloaded from this tab",
    "image.translate": "Translate the prompt to English",
}

KO: dict[str, str] = {
    "image.intro": "빠른 확산(diffusion) 모델로 문장을 그림으로 바꿔 보세요. 같은 시드와 설정이면 언제나 같은 그림이 "
    "나오고, 모든 그림은 설정을 기억하는 PNG로 내려받을 수 있습니다.",
    "image.prompt": "프롬프트",
    "image.prompt_placeholder": "예: 한복을 입은 고양이, 수채화 / A corgi astronaut floating in space, digital art",
    "image.generate": "생성",
    "image.settings": "설정",
    "image.negative": "네거티브 프롬프트 (빼고 싶은 것)",
    "image.negative_placeholder": "예: blurry, low quality, text",
    "image.steps": "스텝 (잡음 제거 횟수)",
    "image.guidance": "가이던스 (프롬프트를 얼마나 엄격히 따를지)",
    "image.width": "너비 (px)",
    "image.height": "높이 (px)",
    "image.num_images": "이미지 수",
    "image.seed": "시드",
    "image.randomize": "매번 무작위 시드",
    "image.gallery": "이미지 (하나를 누른 뒤 PNG로 내려받으세요)",
    "image.notes": "알림",
    "image.reuse": "PNG의 설정 다시 쓰기",
    "image.reuse_file": "이 탭에서 내려받은 PNG",
    "image.translate": "프롬프트를 영어로 번역",
}
