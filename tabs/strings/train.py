"""Strings of the Train tab. Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "train.intro": (
        "Teach a model your own classes: pick labelled examples, fine-tune a pre-trained model on them, test it, "
        "try it and share it. Machine learning is exactly this: a model learning from data.",
        "나만의 분류 모델을 만들어 보세요: 정답이 달린 예시를 고르고, 사전 학습된 모델을 그 데이터로 "
        "미세 조정(파인튜닝)한 뒤, 시험하고, 직접 써 보고, 공유합니다. "
        "머신러닝이 바로 이것입니다: 모델이 데이터로부터 배우는 것.",
    ),
    "train.step_data": ("### 1. Data", "### 1. 데이터"),
    "train.step_model": ("### 2. Base model", "### 2. 기본 모델"),
    "train.step_train": ("### 3. Train", "### 3. 학습"),
    "train.step_eval": ("### 4. Evaluate", "### 4. 평가"),
    "train.step_try": ("### 5. Try it", "### 5. 써 보기"),
    "train.step_share": ("### 6. Share", "### 6. 공유"),
    "train.source": ("Where the examples come from", "예시 가져올 곳"),
    "train.src_nsmc": ("NSMC sample (100 Korean movie reviews)", "NSMC 예시 (한국어 영화 리뷰 100개)"),
    "train.src_file": ("A file in the data folder", "데이터 폴더의 파일"),
    "train.src_upload": ("Upload a table", "표 파일 올리기"),
    "train.src_hub": ("A Hub dataset", "Hub 데이터셋"),
    "train.hub_id": ("Hub dataset id (press Enter to read its columns)",
                     "Hub 데이터셋 ID (Enter를 누르면 열을 읽습니다)"),
    "train.src_typed": ("Type examples per class", "클래스별로 예시 입력"),
    "train.data_file": ("File in the data folder (e.g. an AI Hub export)", "데이터 폴더의 파일 (예: AI Hub 자료)"),
    "train.upload": ("CSV, TSV, JSON, JSONL or Parquet table", "CSV, TSV, JSON, JSONL, Parquet 표"),
    "train.text_column": ("Text column", "텍스트 열"),
    "train.label_column": ("Label column (2 to 10 classes)", "정답 열 (클래스 2~10개)"),
    "train.class_1": ("Class 1 name", "클래스 1 이름"),
    "train.class_2": ("Class 2 name", "클래스 2 이름"),
    "train.class_3": ("Class 3 name (optional)", "클래스 3 이름 (선택)"),
    # One label per class: Gradio's examples table keys its columns by the inputs' labels (three alike broke it).
    "train.class_1_examples": ("Class 1 examples, one per line (at least 4)",
                               "클래스 1 예시, 한 줄에 하나씩 (최소 4개)"),
    "train.class_2_examples": ("Class 2 examples, one per line (at least 4)",
                               "클래스 2 예시, 한 줄에 하나씩 (최소 4개)"),
    "train.class_3_examples": ("Class 3 examples, one per line", "클래스 3 예시, 한 줄에 하나씩"),
    "train.typed_hint": (
        "Like Teachable Machine: name each class and give it a few examples. Leave a class empty to skip it.",
        "티처블 머신처럼: 클래스마다 이름을 짓고 예시를 몇 개씩 넣으세요. 빈 클래스는 건너뜁니다.",
    ),
    "train.data_license": ("Where the data is from (for the model card)", "데이터 출처 (모델 카드에 적힘)"),
    "train.lic_auto": ("Guess from the source", "출처로 추측"),
    "train.lic_cc0": ("NSMC / CC0 (public domain)", "NSMC / CC0 (퍼블릭 도메인)"),
    "train.lic_aihub": ("AI Hub (never uploaded)", "AI Hub (절대 업로드 안 함)"),
    "train.lic_own": ("Made by our class", "우리 반이 만든 데이터"),
    "train.lic_other": ("Other", "기타"),
    "train.check_data": ("Check the data", "데이터 확인"),
    "train.sizes": ("Examples per class: training / held out for testing",
                    "클래스별 예시 수: 학습용 / 시험용(따로 떼어 둠)"),
    "train.col_class": ("Class", "클래스"),
    "train.col_train": ("Training", "학습용"),
    "train.col_test": ("Held out", "시험용"),
    "train.data_ok": (
        "**{rows:,}** examples, **{classes}** classes. {test:,} are held out: the model never sees them while it "
        "learns, so they show how well it does on new text.",
        "예시 **{rows:,}**개, 클래스 **{classes}**개. 그중 {test:,}개는 따로 떼어 두어 학습 중에는 보여 주지 않습니다. "
        "그래서 처음 보는 글에 얼마나 잘하는지 알 수 있습니다.",
    ),
    "train.epochs": ("Epochs (passes over the data)", "에포크 (데이터를 몇 번 볼지)"),
    "train.max_length": ("Max length (tokens per example)", "최대 길이 (예시 하나의 토큰 수)"),
    "train.seed": ("Seed (same seed, same result)", "시드 (같은 시드면 같은 결과)"),
    "train.advanced": ("Advanced", "고급 설정"),
    "train.learning_rate": ("Learning rate", "학습률"),
    "train.run": ("Train", "학습 시작"),
    "train.chart": ("Loss and held-out accuracy per step", "단계별 손실과 시험 정확도"),
    "train.chart_x": ("step", "단계"),
    "train.chart_y": ("value", "값"),
    "train.loss": ("loss (training)", "손실 (학습)"),
    "train.accuracy": ("accuracy (held out)", "정확도 (시험용)"),
    "train.status_start": (
        "Training {name} on {rows:,} examples: {steps} steps.",
        "{name} 모델을 예시 {rows:,}개로 학습합니다: {steps}단계.",
    ),
    "train.status_step": (
        "Step **{step} / {steps}** · loss {loss} · about {left} s left",
        "**{step} / {steps}**단계 · 손실 {loss} · 약 {left}초 남음",
    ),
    "train.status_done": (
        "✅ Trained: {steps} steps in {seconds:.0f} s ({rate:.1f} examples/s).",
        "✅ 학습 완료: {steps}단계, {seconds:.0f}초 (초당 예시 {rate:.1f}개).",
    ),
    "train.status_stopped": (
        "⏹ Stopped after {steps} of {planned} steps: the model trained so far is kept.",
        "⏹ {planned}단계 중 {steps}단계에서 멈췄습니다. 지금까지 학습한 모델을 그대로 씁니다.",
    ),
    "train.before_after": (
        "Held-out accuracy: **{before:.0%}** before training (the new, untrained head) → **{after:.0%}** after, on "
        "{count} examples the model never saw.",
        "시험용 정확도: 학습 전 **{before:.0%}** (아직 학습하지 않은 새 분류기) → 학습 후 **{after:.0%}**. "
        "모델이 한 번도 보지 못한 예시 {count}개로 쟀습니다.",
    ),
    "train.confusion": ("Confusion matrix (rows: true class, columns: predicted)",
                        "혼동 행렬 (행: 정답, 열: 모델의 예측)"),
    "train.true_predicted": ("true ↓ / predicted →", "정답 ↓ / 예측 →"),
    "train.wrong": ("Held-out examples it gets wrong", "모델이 틀린 시험용 예시"),
    "train.col_text": ("Text", "텍스트"),
    "train.col_label": ("True class", "정답"),
    "train.col_predicted": ("Predicted", "예측"),
    "train.col_score": ("Confidence", "확신도"),
    "train.no_wrong": ("It got every held-out example right.", "시험용 예시를 모두 맞혔습니다."),
    "train.try_text": ("A sentence to classify", "분류해 볼 문장"),
    "train.try_placeholder": ("e.g. The actors were wonderful", "예: 배우들 연기가 정말 좋았어요"),
    "train.try": ("Classify", "분류하기"),
    "train.your_model": ("Your model", "내 모델"),
    "train.catalog_model": ("The Sentiment tab's model, for comparison", "비교: 감정 분석 탭의 모델"),
    "train.zip": ("📦 Download the model (zip)", "📦 모델 내려받기 (zip)"),
    "train.zip_file": ("Your model as a zip", "내 모델 zip 파일"),
    "train.zip_hint": (
        "Unzip it and load it with `pipeline(\"text-classification\", model=\"<folder>\")`. Models are kept here "
        "for {hours} hours, for you only.",
        "압축을 풀고 `pipeline(\"text-classification\", model=\"<폴더>\")`로 불러오세요. 모델은 여기에 {hours}시간 "
        "동안, 나에게만 보관됩니다.",
    ),
    "train.repo_name": ("Repository name on your Hugging Face account", "내 Hugging Face 계정의 저장소 이름"),
    "train.push": ("⬆️ Push to the Hub (private)", "⬆️ Hub에 올리기 (비공개)"),
    "train.pushed": (
        "✅ Pushed as a private repository: [{url}]({url}). Its model card names the base model's license and "
        "where the data came from.",
        "✅ 비공개 저장소로 올렸습니다: [{url}]({url}). 모델 카드에 기본 모델의 라이선스와 데이터 출처가 "
        "적혀 있습니다.",
    ),
    "train.push_hint": (
        "Sign in with Hugging Face to push the model to your own account. Only the model is uploaded, never the data.",
        "Hugging Face로 로그인하면 모델을 내 계정에 올릴 수 있습니다. 모델만 올라가고 데이터는 절대 올라가지 않습니다.",
    ),
    "train.push_off": (
        "Pushing to the Hub is turned off by the teacher; download the zip instead.",
        "선생님이 Hub 올리기를 꺼 두었습니다. 대신 zip 파일을 내려받으세요.",
    ),
}

# Typed-in examples per class (Teachable-Machine style), one set per language: (class name, examples one per line).
TYPED_EXAMPLES = {
    "ko": [
        ("긍정", "정말 재밌어요\n배우들 연기가 최고였어요\n또 보고 싶어요\n감동적인 영화\n음악이 너무 좋아요"),
        ("부정", "시간 낭비였어요\n너무 지루해요\n스토리가 엉망이에요\n다시는 안 볼래요\n배우 연기가 어색해요"),
        ("", ""),
    ],
    "en": [
        ("sports", "The team won the final\nShe scored two goals\nThe match went to extra time\nHe broke the "
                   "world record\nThe coach praised the players"),
        ("science", "The cell divides in two\nWater boils at 100 degrees\nThe telescope found a new planet\n"
                    "Plants need light to grow\nThe experiment tested the theory"),
        ("food", "The soup was too salty\nI baked bread this morning\nKimchi is made from cabbage\nThe pizza has "
                 "cheese on it\nWe ate noodles for lunch"),
    ],
}
