"""Train, sharing: the checkpoint as a zip, a model card, a push to the student's own Hub account, the code.

Only the model's own files ever leave the machine (weights, config, tokenizer and a generated ``README.md``):
never the training data, never the held-out examples. AI Hub data stays in Korea, as its policy requires; the card
says so. A push uses the student's token (``server.signin.user_token``), never the server's ``HF_TOKEN``.

>>> path = zip_model(trained)                      # pipeline("text-classification", model=<unzipped folder>)
>>> push(trained, "my-nsmc-model", username="student", token="hf_...")   # a private repository
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

from playground import limits, settings
from playground.errors import BadInput
from playground.tasks.train import TrainedModel

PUSH_ENV = settings.TRAIN_PUSH  # "off": the teacher's switch, pushing to the Hub is turned off
ENDPOINT_ENV = settings.HF_ENDPOINT  # the Hub's address (huggingface_hub's own variable; tests point it elsewhere)
MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
               "special_tokens_map.json")
_REPO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
DATA_LICENSE_NAMES = {
    "cc0-1.0": "CC0 1.0 (public domain)", "aihub": "AI Hub terms (not redistributable; data stays in Korea)",
    "own": "made by the class", "other": "see the data's own terms",
}


def push_enabled() -> bool:
    """True unless ``PLAYGROUND_TRAIN_PUSH`` is off / 0 / false / no (``python app.py --no-train-push`` sets it)."""
    return settings.flag(PUSH_ENV)


def hub_endpoint() -> str:
    """Where pushes go: ``$HF_ENDPOINT`` (read at each push), else the Hub."""
    return settings.text(ENDPOINT_ENV).rstrip("/")


def model_files(trained: TrainedModel) -> list[Path]:
    """The files of the checkpoint that are shared (download and push): the model's own, nothing else."""
    folder = trained.folder / "model"
    return [folder / name for name in MODEL_FILES if (folder / name).is_file()]


def zip_model(trained: TrainedModel) -> Path:
    """``<run>/<name>.zip``: the checkpoint and its card, one folder that ``pipeline`` loads once unzipped."""
    name = default_repo_name(trained)
    target = trained.folder / f"{name}.zip"
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in model_files(trained):
            archive.write(path, f"{name}/{path.name}")
        archive.writestr(f"{name}/README.md", model_card(trained, f"{name}"))
    return target


def default_repo_name(trained: TrainedModel) -> str:
    """e.g. ``koelectra-small-v3-discriminator-nsmc-100`` (lower case, letters, digits and dashes)."""
    base = trained.base.id.split("/")[-1]
    data = Path(trained.source.name).stem if trained.source.kind != "typed" else "my-classes"
    return re.sub(r"[^a-z0-9]+", "-", f"{base}-{data}".lower()).strip("-")[:90]


def model_card(trained: TrainedModel, repo_id: str) -> str:
    """README.md with YAML front matter (base_model, license, datasets, metrics) and how to use the model."""
    import yaml

    source = trained.source
    meta: dict[str, Any] = {
        "library_name": "transformers",
        "pipeline_tag": "text-classification",
        "base_model": trained.base.id,
        "license": trained.base.license,
        "language": list(trained.base.languages),
        "tags": ["text-classification", "the-playground"],
        "metrics": ["accuracy"],
        "model-index": [{"name": repo_id.split("/")[-1], "results": [{
            "task": {"type": "text-classification", "name": "Text Classification"},
            "metrics": [{"type": "accuracy", "value": round(trained.after.accuracy, 4),
                         "name": "held-out accuracy"}]}]}],
    }
    if source.kind == "nsmc":
        meta["datasets"] = ["e9t/nsmc"]
    elif source.kind == "hub":
        meta["datasets"] = [source.name]
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    s = trained.settings
    sizes = ", ".join(f"{row['label']}: {row['train']} / {row['test']}" for row in trained.sizes)
    lines = [
        f"---\n{front}---\n",
        f"# {repo_id.split('/')[-1]}\n",
        f"A text classifier fine-tuned from [{trained.base.id}](https://huggingface.co/{trained.base.id}) in "
        "the Playground's Train tab, with `datasets` and `transformers.Trainer`.\n",
        "## Classes\n",
        ", ".join(f"`{name}`" for name in trained.classes) + "\n",
        "## Data\n",
        f"- Source: {source.name} ({source.kind})",
        f"- Data license: {DATA_LICENSE_NAMES.get(source.license, source.license)} (`{source.license}`)",
        f"- Examples per class (train / held-out): {sizes}",
        "- The data itself is **not** part of this repository: only the trained weights are.",
    ]
    if source.is_aihub:
        lines.append("- Trained on **AI Hub** data. Under AI Hub's policy the data may not leave Korea or be "
                     "uploaded to any repository; this repository holds only the fine-tuned weights. "
                     "(AI Hub 데이터는 국외 반출과 저장소 업로드가 금지되어 있어, "
                     "이 저장소에는 학습된 가중치만 있습니다.)")
    if source.kind == "nsmc":
        lines.append("- NSMC: Naver sentiment movie corpus, github.com/e9t/nsmc (CC0 1.0); 0 = negative, "
                     "1 = positive.")
    lines += [
        "",
        "## Training",
        f"- Base model: `{trained.base.id}` (license `{trained.base.license}`: this model is a derivative work and "
        "carries the base model's license terms)",
        f"- Epochs {s.epochs}, learning rate {s.learning_rate:g}, batch size {s.batch_size}, max length "
        f"{s.max_length} tokens, seed {s.seed}",
        f"- Steps: {trained.steps} of {trained.steps_planned}" + (" (stopped early)" if trained.stopped else ""),
        "",
        "## Evaluation (held-out split)",
        f"- Accuracy before training (untrained head): {trained.before.accuracy:.1%}",
        f"- Accuracy after training: **{trained.after.accuracy:.1%}** on {trained.after.count} examples",
        "",
        "## Use it",
        "```python",
        "from transformers import pipeline",
        "",
        f'classifier = pipeline("text-classification", model="{repo_id}")',
        'print(classifier("이 영화 정말 재밌어요"))' if "ko" in trained.base.languages
        else 'print(classifier("What a wonderful film."))',
        "```",
        "",
    ]
    return "\n".join(lines)


def check_repo_name(name: object) -> str:
    text = str(name or "").strip()
    if not _REPO_NAME.match(text) or ".." in text or text.endswith((".git", ".")):
        raise BadInput("train_bad_repo_name", value=text[:100])
    return text


def push(trained: TrainedModel, name: str, *, username: str | None, token: str | None) -> str:
    """Create ``username/name`` as a **private** model repository with the student's ``token`` and upload the
    checkpoint and its card; returns the repository's URL. Refused when pushing is off or nobody is signed in."""
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    if not push_enabled():
        raise BadInput("train_push_off")
    if not token or not username:
        raise BadInput("train_sign_in")
    repo_id = f"{username}/{check_repo_name(name)}"
    endpoint = hub_endpoint()
    api = HfApi(endpoint=endpoint, token=token, library_name="the-playground")
    staging = trained.folder / "push"
    staging.mkdir(exist_ok=True)
    for path in model_files(trained):
        (staging / path.name).write_bytes(path.read_bytes())
    (staging / "README.md").write_text(model_card(trained, repo_id), encoding="utf-8")
    try:
        api.create_repo(repo_id, private=True, repo_type="model", exist_ok=True)
        api.upload_folder(repo_id=repo_id, folder_path=str(staging), repo_type="model",
                          commit_message=f"Fine-tuned {trained.base.id} in the Playground's Train tab",
                          allow_patterns=[*MODEL_FILES, "README.md"])
    except (HfHubHTTPError, OSError, ValueError) as exc:
        status = getattr(getattr(exc, "response", None), "status_code", None)
        raise BadInput("train_push_failed", detail=f"HTTP {status}" if status else type(exc).__name__) from None
    finally:
        for path in staging.iterdir():
            path.unlink(missing_ok=True)
        staging.rmdir()
    return f"{endpoint}/{repo_id}"


def code_snippet(trained: TrainedModel | None, *, model: str, data_name: str, text_column: str = "text",
                 label_column: str = "label", epochs: int = 1, seed: int = 42, max_length: int = 64,
                 learning_rate: float = limits.TRAIN_LEARNING_RATE, tokenizer_kwargs: dict[str, Any] | None = None,
                 ) -> str:
    """The ``datasets`` + ``Trainer`` lines that reproduce a run (the one just made, else the page's settings)."""
    if trained is not None:
        s = trained.settings
        model, epochs, seed, max_length, learning_rate = s.model, s.epochs, s.seed, s.max_length, s.learning_rate
        tokenizer_kwargs = dict(trained.base.options.get("tokenizer") or {})
    extra = "".join(f", {k}={json.dumps(v)}" for k, v in (tokenizer_kwargs or {}).items())
    extra = extra.replace("false", "False").replace("true", "True")
    sep = "\\t" if data_name.endswith((".tsv", ".txt")) else ","
    hub = data_name.removeprefix("hf://datasets/") if data_name.startswith("hf://datasets/") else None
    load = (f'load_dataset("{hub}", split="train")' if hub else
            f'load_dataset("csv", data_files="{data_name}", delimiter="{sep}")["train"]')
    renames = {old: new for old, new in ((text_column, "text"), (label_column, "label")) if old != new}
    rename = f"data = data.rename_columns({json.dumps(renames, ensure_ascii=False)})\n" if renames else ""
    return f'''from datasets import load_dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                          TrainingArguments, pipeline, set_seed)

data = {load}
{rename}data = data.class_encode_column("label")
parts = data.train_test_split(test_size={limits.TRAIN_HELD_OUT}, stratify_by_column="label", seed={seed})
classes = parts["train"].features["label"].names

tokenizer = AutoTokenizer.from_pretrained("{model}"{extra})
parts = parts.map(lambda b: tokenizer(b["text"], truncation=True, max_length={max_length}), batched=True)
set_seed({seed})
model = AutoModelForSequenceClassification.from_pretrained(
    "{model}", num_labels=len(classes), id2label=dict(enumerate(classes)),
    label2id={{name: i for i, name in enumerate(classes)}})

args = TrainingArguments("my-model", num_train_epochs={epochs}, learning_rate={learning_rate:g},
                         per_device_train_batch_size={limits.TRAIN_BATCH_SIZE}, seed={seed}, data_seed={seed},
                         eval_strategy="epoch", report_to=[], save_strategy="no")
trainer = Trainer(model=model, args=args, train_dataset=parts["train"], eval_dataset=parts["test"],
                  data_collator=DataCollatorWithPadding(tokenizer))
trainer.train()
trainer.save_model("my-model")
tokenizer.save_pretrained("my-model")

classifier = pipeline("text-classification", model="my-model")
print(classifier("정말 재밌는 영화였어요"))
'''
