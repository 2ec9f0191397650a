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
                 rows_code: str | None = None) -> str:
    """The ``datasets`` + ``Trainer`` lines that reproduce a run (the one just made, else the page's settings).

    The examples are read and split as the app splits them (``train_data.check_examples`` and ``split_examples``):
    ``rows_code`` (Python lines defining ``texts`` and ``labels``; by default ``data_name`` read as a CSV or TSV),
    each text's white space joined, rows without a text or a label left out, ``1.0`` read as ``1``, the classes
    numbers first in numeric order then names, and the same number of held-out examples."""
    if trained is not None:
        s = trained.settings
        model, epochs, seed, max_length, learning_rate = s.model, s.epochs, s.seed, s.max_length, s.learning_rate
        tokenizer_kwargs = dict(trained.base.options.get("tokenizer") or {})
    pinned = trained.base.revision if trained is not None else None
    revision = f", revision={json.dumps(pinned)}" if pinned else ""  # the catalog's pin
    extra = revision + "".join(f", {k}={json.dumps(v)}" for k, v in (tokenizer_kwargs or {}).items())
    extra = extra.replace("false", "False").replace("true", "True")
    rows_code = rows_code or table_rows_code(data_name, text_column, label_column)
    return f'''import re

from datasets import ClassLabel, Dataset, Features, Value, load_dataset
from transformers import (AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding, Trainer,
                          TrainingArguments, pipeline, set_seed)

{rows_code.rstrip()}


def label_name(value):  # a label cell as a class name: 1.0 -> "1" (spreadsheets write integers as floats)
    text = "" if value is None else str(value).strip()
    return text.split(".")[0] if re.fullmatch(r"-?\\d+\\.0+", text) else text


def class_order(name):  # numbers first in numeric order (0, 1, 2, 10), then names alphabetically
    try:
        return (0, float(name), "")
    except ValueError:
        return (1, 0.0, name)


# The examples as the app keeps them: white space joined, rows without a text or a label left out
examples = [(" ".join(str(text).split()), label_name(label)) for text, label in zip(texts, labels)
            if text is not None]
examples = [(text, label) for text, label in examples if text and label]
classes = sorted({{label for _, label in examples}}, key=class_order)
data = Dataset.from_dict({{"text": [text for text, _ in examples],
                          "label": [classes.index(label) for _, label in examples]}},
                         features=Features({{"text": Value("string"), "label": ClassLabel(names=classes)}}))
# {limits.TRAIN_HELD_OUT:.0%} of the examples held out, at least one of each class
held_out = max(len(classes), round(len(data) * {limits.TRAIN_HELD_OUT}))
parts = data.train_test_split(test_size=held_out, stratify_by_column="label", seed={seed})

tokenizer = AutoTokenizer.from_pretrained("{model}"{extra})
parts = parts.map(lambda b: tokenizer(b["text"], truncation=True, max_length={max_length}), batched=True)
set_seed({seed})
model = AutoModelForSequenceClassification.from_pretrained(
    "{model}"{revision}, num_labels=len(classes), id2label=dict(enumerate(classes)),
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


def table_rows_code(data_name: str, text_column: str, label_column: str, *, kind: str | None = None,
                    config: str | None = None, split: str | None = None) -> str:
    """Lines that read a table's two columns as ``texts`` and ``labels``: a file of ``kind`` (as the app read it:
    csv, tsv, json, jsonl or parquet; by default from its name), or a Hub dataset (``hf://datasets/<id>``) with its
    config and split, a ClassLabel's numbers as its names."""
    columns = (f"texts, labels = rows[{json.dumps(text_column, ensure_ascii=False)}], "
               f"rows[{json.dumps(label_column, ensure_ascii=False)}]\n")
    if data_name.startswith("hf://datasets/"):
        name = data_name.removeprefix("hf://datasets/")
        args = f", {json.dumps(config)}" if config else ""
        return (f"rows = load_dataset({json.dumps(name)}{args}, split={json.dumps(split or 'train')})\n" + columns
                + f"names = getattr(rows.features[{json.dumps(label_column, ensure_ascii=False)}], \"names\", None)"
                "  # a ClassLabel: its numbers as its names\n"
                "labels = [names[v] if names and isinstance(v, int) else v for v in labels]\n")
    suffix = data_name.lower().rsplit(".", 1)[-1]
    kind = kind or {"tsv": "tsv", "txt": "tsv", "json": "json", "jsonl": "jsonl", "parquet": "parquet"}.get(suffix,
                                                                                                        "csv")
    file = json.dumps(data_name, ensure_ascii=False)
    load = {"json": f'load_dataset("json", data_files={file})', "jsonl": f'load_dataset("json", data_files={file})',
            "parquet": f'load_dataset("parquet", data_files={file})',
            "tsv": f'load_dataset("csv", data_files={file}, delimiter="\\t", quoting=3)'}.get(
                kind, f'load_dataset("csv", data_files={file})')
    return f"rows = {load}[\"train\"]\n" + columns


def typed_rows_code(texts: list[str], labels: list[str]) -> str:
    """Lines that define the typed examples as ``texts`` and ``labels`` (one example a line)."""
    pairs = "".join(f"    ({json.dumps(text, ensure_ascii=False)}, {json.dumps(label, ensure_ascii=False)}),\n"
                    for text, label in zip(texts, labels, strict=True))
    return f"typed = [  # (text, class), as typed in the page\n{pairs}]\ntexts, labels = zip(*typed)\n"
