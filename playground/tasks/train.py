"""Train: fine-tune a catalog base encoder into a text classifier with ``datasets`` + ``transformers.Trainer``.

The run is one generator: it yields :class:`Update` objects (plain, picklable data) while ``Trainer.train()`` runs
in a thread, a :class:`LiveCallback` streaming each step's loss and each held-out evaluation, and stopping the
run within a step when the student presses Stop (or the run reaches ``TRAIN_MAX_SECONDS``): the model trained so
far is kept, evaluated and saved. On ZeroGPU the whole run is one ``spaces.GPU`` generator call whose duration is
computed from rows × epochs (:func:`gpu_seconds`).

A trained model belongs to the browser session that trained it (:class:`ModelStore`): another session's
"Try it", download or push gets ``train_no_model``; models are removed after ``TRAIN_KEEP_S``.

>>> examples = train_data.from_nsmc_sample()
>>> for update in run(engine, examples, Settings(model="monologg/koelectra-small-v3-discriminator"), "session-1"):
...     print(update.step, update.steps, update.loss)
>>> predict("session-1", "정말 재밌어요")      # {'1': 0.91, '0': 0.09}
"""

from __future__ import annotations

import logging
import math
import queue
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playground import limits, tempfiles, tokenizer_check
from playground.catalog import ModelEntry
from playground.device import Placement, gpu_task
from playground.errors import BadInput, Message
from playground.hub import pretrained_kwargs
from playground.tasks import train_data
from playground.tasks.train_data import DataSource, Examples

if TYPE_CHECKING:
    from playground.engine import Engine, Progress

log = logging.getLogger(__name__)
TASK = "train"
STORE_NAME = "playground-train"  # <tmp>/playground-train/<hash of the session>/<run id>/model (0700)
MAX_SEED = 2**31 - 1
EVALS_PER_RUN = 12  # held-out evaluations spread over a run (the chart's accuracy points)
WRONG_SHOWN = 20  # held-out examples the model gets wrong, listed after a run


# -- what the engine's cache holds for a train entry: the checked tokenizer ---------------------------------------
@dataclass
class BaseEncoder:
    """A base model's tokenizer, loaded and checked once (the weights are read fresh for every run: training
    changes them). ``engine.model(entry)`` returns this; on ZeroGPU it is preloaded before launch."""

    entry: ModelEntry
    tokenizer: Any
    nbytes: int = 0


def load(entry: ModelEntry, placement: Placement) -> BaseEncoder:
    """Load and check the tokenizer (it must read the languages the catalog claims); never remote code."""
    tokenizer = load_tokenizer(entry)
    tokenizer_check.check(entry, tokenizer)
    return BaseEncoder(entry, tokenizer)


def load_tokenizer(entry: ModelEntry) -> Any:
    return tokenizer_check.load_tokenizer(entry, **pretrained_kwargs(entry))


# -- settings -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Settings:
    """One run's choices, each checked against ``playground/limits.py`` by :meth:`checked`."""

    model: str
    epochs: int = 1
    max_length: int = 64
    seed: int = 42
    learning_rate: float = limits.TRAIN_LEARNING_RATE
    batch_size: int = limits.TRAIN_BATCH_SIZE
    max_seconds: float = limits.TRAIN_MAX_SECONDS

    def checked(self) -> Settings:
        """This, or :class:`BadInput` ("out_of_range" / "not_a_number") naming the first bad value."""
        epochs = _number("epochs", self.epochs, *limits.TRAIN_EPOCHS, whole=True)
        max_length = _number("max_length", self.max_length, *limits.TRAIN_MAX_LENGTH, whole=True)
        seed = _number("seed", self.seed, 0, MAX_SEED, whole=True)
        rate = _number("learning_rate", self.learning_rate, 1e-6, 1e-2)
        batch = _number("batch_size", self.batch_size, 1, 64, whole=True)
        seconds = _number("max_seconds", self.max_seconds, 1, limits.TRAIN_MAX_SECONDS)
        return replace(self, epochs=int(epochs), max_length=int(max_length), seed=int(seed), learning_rate=rate,
                       batch_size=int(batch), max_seconds=seconds)


def _number(name: str, value: object, low: float, high: float, *, whole: bool = False) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadInput("not_a_number", name=name, value=str(value)[:40]) from None
    if not math.isfinite(number) or not low <= number <= high or (whole and not number.is_integer()):
        raise BadInput("out_of_range", name=name, low=low if not whole else int(low),
                       high=high if not whole else int(high), value=value)
    return number


# -- what a run yields ----------------------------------------------------------------------------------------------
@dataclass
class Evaluation:
    """Held-out results: accuracy, the confusion matrix (rows: true class, columns: predicted) and the examples
    it gets wrong (text, true class, predicted class, the predicted class's probability)."""

    accuracy: float
    confusion: list[list[int]]
    wrong: list[dict[str, Any]]
    count: int


@dataclass
class Point:
    """One point of the live chart: the training loss at a step, or the held-out accuracy after it."""

    step: int
    metric: str  # "loss" or "accuracy"
    value: float


@dataclass
class Update:
    """What the run yields, at its start, after steps and evaluations, and once at its end (``done``)."""

    step: int = 0
    steps: int = 0
    elapsed: float = 0.0
    points: list[Point] = field(default_factory=list)
    message: Message | None = None
    sizes: list[dict[str, Any]] = field(default_factory=list)
    before: Evaluation | None = None
    after: Evaluation | None = None
    done: bool = False
    stopped: bool = False
    model: TrainedModel | None = None

    @property
    def loss(self) -> float | None:
        losses = [p.value for p in self.points if p.metric == "loss"]
        return losses[-1] if losses else None

    @property
    def seconds_left(self) -> float | None:
        if not self.step or not self.steps or self.done:
            return None
        return self.elapsed / self.step * (self.steps - self.step)


@dataclass
class TrainedModel:
    """A finished run: where its files are, and everything its card and the page need."""

    run_id: str
    folder: Path
    base: ModelEntry
    classes: list[str]
    source: DataSource
    settings: Settings
    sizes: list[dict[str, Any]]
    before: Evaluation
    after: Evaluation
    steps: int
    steps_planned: int
    stopped: bool
    seconds: float
    samples_per_second: float
    created: float = field(default_factory=time.time)


# -- one run per student, N per server -----------------------------------------------------------------------------
class Runs:
    """Who is training: at most ``TRAIN_MAX_RUNS`` runs at once, one per session; refused at once (with a
    clear message) rather than waiting, so a student knows why."""

    def __init__(self, limit: int = limits.TRAIN_MAX_RUNS) -> None:
        self.limit = limit
        self._running: set[str] = set()
        self._lock = threading.Lock()

    def begin(self, session: str) -> None:
        with self._lock:
            if session in self._running:
                raise BadInput("train_already_running")
            if len(self._running) >= self.limit:
                raise BadInput("train_busy", running=len(self._running), limit=self.limit)
            self._running.add(session)

    def end(self, session: str) -> None:
        with self._lock:
            self._running.discard(session)

    def __len__(self) -> int:
        return len(self._running)


RUNS = Runs()


# -- the trained models, per session -------------------------------------------------------------------------------
class ModelStore:
    """Each session's latest trained model, in a private folder, removed after ``keep_s``; a few kept loaded."""

    def __init__(self, root_name: str = STORE_NAME, keep_s: float = limits.TRAIN_KEEP_S) -> None:
        self.root_name = root_name
        self.keep_s = keep_s
        self._models: dict[str, TrainedModel] = {}
        self._loaded: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def folder_for(self, session: str) -> Path:
        """A fresh run folder for ``session`` (the session's own folder is named by a hash, never the id)."""
        self.sweep()
        base = tempfiles.root(self.root_name) / _session_key(session)
        base.mkdir(mode=0o700, exist_ok=True)
        folder = base / uuid.uuid4().hex[:12]
        folder.mkdir(mode=0o700)
        return folder

    def put(self, session: str, model: TrainedModel, loaded: Any = None) -> None:
        """Keep ``model`` as ``session``'s (its previous one is removed: one model per student on disk)."""
        with self._lock:
            old = self._models.get(_session_key(session))
            self._models[_session_key(session)] = model
            if loaded is not None:
                self._remember(model.run_id, loaded)
        if old is not None and old.folder != model.folder:
            self._forget(old)

    def get(self, session: str | None) -> TrainedModel:
        """``session``'s model, or :class:`BadInput` ("train_no_model") for any other session or none."""
        key = _session_key(session) if session else None
        with self._lock:
            model = self._models.get(key) if key else None
        if model is None or self._expired(model) or not model.folder.is_dir():
            raise BadInput("train_no_model", hours=round(self.keep_s / 3600))
        return model

    def classifier(self, session: str | None) -> tuple[TrainedModel, Any]:
        """(model, (torch model, tokenizer)) for "Try it", loaded from disk if it is not among the kept ones."""
        model = self.get(session)
        with self._lock:
            if model.run_id in self._loaded:
                self._loaded.move_to_end(model.run_id)
                return model, self._loaded[model.run_id]
        loaded = load_trained(model.folder / "model")
        with self._lock:
            self._remember(model.run_id, loaded)
        return model, loaded

    def sweep(self) -> int:
        """Remove expired models and folders (of every session); returns how many folders went."""
        with self._lock:
            expired = [key for key, model in self._models.items() if self._expired(model)]
            gone = [self._models.pop(key) for key in expired]
        for model in gone:
            self._forget(model)
        return tempfiles.sweep(tempfiles.root(self.root_name), self.keep_s)

    def _expired(self, model: TrainedModel) -> bool:
        return time.time() - model.created > self.keep_s

    def _remember(self, run_id: str, loaded: Any) -> None:
        self._loaded[run_id] = loaded
        while len(self._loaded) > limits.TRAIN_LOADED_MAX:
            self._loaded.popitem(last=False)

    def _forget(self, model: TrainedModel) -> None:
        with self._lock:
            self._loaded.pop(model.run_id, None)
        shutil.rmtree(model.folder, ignore_errors=True)


STORE = ModelStore()


def _session_key(session: str | None) -> str:
    return sha256(f"playground-train:{session}".encode()).hexdigest()[:24]


# -- the run --------------------------------------------------------------------------------------------------------
def run(engine: Engine, examples: Examples, settings: Settings, session: str | None,
        stop: threading.Event | None = None, progress: Progress | None = None,
        store: ModelStore = STORE, runs: Runs = RUNS) -> Iterator[Update]:
    """Split, train, evaluate and keep a model for ``session``, yielding :class:`Update` objects as it goes.

    Every limit is checked before any work; the last update has ``done=True`` and the saved ``model``.
    """
    settings = settings.checked()
    entry = engine.catalog.entry(TASK, settings.model)  # the allowlist (also on ZeroGPU: weights are read fresh)
    session = session or f"anonymous-{uuid.uuid4().hex}"
    if entry.size_mb * 2 > limits.TRAIN_MAX_DISK_MB:
        raise BadInput("train_disk_full", size_mb=entry.size_mb * 2, limit_mb=limits.TRAIN_MAX_DISK_MB)
    if progress:
        progress(0.0, Message("progress_train_loading", name=entry.name))
    engine.model(entry, progress)  # the tokenizer, checked (and on ZeroGPU preloaded)
    split = train_data.split_examples(examples, settings.seed)
    runs.begin(session)
    stop = stop or threading.Event()
    try:
        folder = store.folder_for(session)
        yield Update(sizes=split.sizes(), steps=planned_steps(len(split.train), settings))
        final: Update | None = None
        flag = _StopFlag(stop, folder / "STOP")
        for update in train_on_device(entry, split.plain(), settings, str(folder), flag):
            if stop.is_set() and not flag.is_set():
                flag.set()  # the Stop button: also seen by a ZeroGPU worker, within a step
            if update.done:
                final = update
                break
            yield update
        if final is None or final.before is None or final.after is None:  # the consumer stopped early
            return
        trained = TrainedModel(
            run_id=folder.name, folder=folder, base=entry, classes=split.classes, source=split.source,
            settings=settings, sizes=split.sizes(), before=final.before, after=final.after, steps=final.step,
            steps_planned=final.steps, stopped=final.stopped, seconds=final.elapsed,
            samples_per_second=_rate(final, settings, len(split.train)))
        _check_disk(folder)
        store.put(session, trained)
        yield replace(final, model=trained)
    finally:
        runs.end(session)


def planned_steps(rows: int, settings: Settings) -> int:
    """Optimizer steps of a run: ceil(rows / batch) per epoch."""
    return max(1, math.ceil(rows / settings.batch_size)) * settings.epochs


def gpu_seconds(entry: ModelEntry, data: dict[str, Any], settings: Settings, folder: str, stop: Any) -> float:
    """ZeroGPU duration of one run, from rows × epochs: loading + evaluations + steps, never far above the work.

    >>> gpu_seconds(entry, {"train_text": ["a"] * 800, "test_text": ["a"] * 200}, Settings("m", epochs=2), "", None)
    40.0
    """
    rows = len(data["train_text"])
    steps = max(1, math.ceil(rows / settings.batch_size)) * settings.epochs
    evaluated = len(data["test_text"]) * (EVALS_PER_RUN + 2)
    seconds = 15 + steps * 0.15 * settings.max_length / 64 + evaluated * 0.002
    return float(min(limits.TRAIN_MAX_SECONDS, math.ceil(seconds)))


class _StopFlag:
    """The stop switch handed to the device call: a ``threading.Event`` here, and a file in the run's folder that
    ZeroGPU's forked worker sees too (an Event does not cross the process boundary; it pickles as the file)."""

    def __init__(self, event: threading.Event, path: Path | None = None) -> None:
        self.event = event
        self.path = path

    def is_set(self) -> bool:
        return self.event.is_set() or (self.path is not None and self.path.exists())

    def set(self) -> None:
        self.event.set()
        if self.path is not None:
            self.path.touch()

    def __reduce__(self) -> tuple[Any, ...]:
        return (_flag_for, (str(self.path) if self.path else None,))


def _flag_for(path: str | None) -> _StopFlag:
    return _StopFlag(threading.Event(), Path(path) if path else None)


@gpu_task(duration=gpu_seconds)
def train_on_device(entry: ModelEntry, data: dict[str, Any], settings: Settings, folder: str,
                    stop: _StopFlag) -> Iterator[Update]:
    """The device part of a run (one ZeroGPU call): yields step updates, then one ``done`` update. Runs
    ``Trainer.train()`` in a thread and relays its callback's updates, so a closed generator stops training."""
    updates: queue.Queue[Update | BaseException | None] = queue.Queue()
    worker = threading.Thread(target=_train_thread, args=(entry, data, settings, Path(folder), stop, updates),
                              name="train-run", daemon=True)
    worker.start()
    try:
        while True:
            item = updates.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
            if item.done:
                return
    finally:
        stop.set()  # a consumer that stopped early (Stop on ZeroGPU, a closed page) ends the training thread
        worker.join(timeout=60)


def _train_thread(entry: ModelEntry, data: dict[str, Any], settings: Settings, folder: Path, stop: _StopFlag,
                  updates: queue.Queue[Any]) -> None:
    try:
        _train(entry, data, settings, folder, stop, updates.put)
    except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which raises it
        updates.put(exc)
    finally:
        updates.put(None)


def _train(entry: ModelEntry, data: dict[str, Any], settings: Settings, folder: Path, stop: _StopFlag,
           emit: Any) -> None:
    import torch
    from datasets import Dataset
    from transformers import (
        AutoModelForSequenceClassification,
        DataCollatorWithPadding,
        PrinterCallback,
        Trainer,
        set_seed,
    )

    on_gpu = torch.cuda.is_available()
    if not on_gpu:
        torch.set_num_threads(limits.TRAIN_TORCH_THREADS)  # this thread's OpenMP pool: other tabs keep the rest
    started = time.monotonic()
    classes = data["classes"]
    tokenizer = load_tokenizer(entry)
    set_seed(settings.seed)  # the new head's initial weights, the shuffling, dropout
    model = AutoModelForSequenceClassification.from_pretrained(
        entry.source, num_labels=len(classes), id2label=dict(enumerate(classes)),
        label2id={name: i for i, name in enumerate(classes)}, **pretrained_kwargs(entry))
    max_length = min(settings.max_length, int(entry.options.get("max_length") or settings.max_length))

    def tokenize(batch: dict[str, list[Any]]) -> dict[str, Any]:
        return tokenizer(batch["text"], truncation=True, max_length=max_length)

    train_set = Dataset.from_dict({"text": data["train_text"], "label": data["train_label"]}).map(
        tokenize, batched=True, remove_columns=["text"])
    test_set = Dataset.from_dict({"text": data["test_text"], "label": data["test_label"]}).map(
        tokenize, batched=True, remove_columns=["text"])
    steps = planned_steps(len(train_set), settings)
    callback = LiveCallback(stop, emit, steps, started, settings.max_seconds)
    trainer = Trainer(model=model, args=training_arguments(settings, steps, str(folder / "scratch"), on_gpu),
                      train_dataset=train_set, eval_dataset=test_set, data_collator=DataCollatorWithPadding(tokenizer),
                      compute_metrics=accuracy_metric, callbacks=[callback])
    trainer.remove_callback(PrinterCallback)  # the page shows the logs; the terminal stays quiet
    emit(Update(steps=steps, elapsed=time.monotonic() - started, message=Message("progress_train_eval")))
    before = evaluate(trainer, test_set, data["test_text"], classes)
    emit(Update(steps=steps, elapsed=time.monotonic() - started, before=before,
                points=[Point(0, "accuracy", before.accuracy)]))
    callback.started = time.monotonic()
    trainer.train()
    train_seconds = time.monotonic() - callback.started
    after = evaluate(trainer, test_set, data["test_text"], classes)
    trainer.save_model(str(folder / "model"))
    tokenizer.save_pretrained(str(folder / "model"))
    shutil.rmtree(folder / "scratch", ignore_errors=True)
    done = trainer.state.global_step
    emit(Update(step=done, steps=steps, elapsed=train_seconds, points=[Point(done, "accuracy", after.accuracy)],
                before=before, after=after, done=True, stopped=callback.stopped))


def training_arguments(settings: Settings, steps: int, output_dir: str, on_gpu: bool) -> Any:
    """The run's ``TrainingArguments``: the seed, no reporting, no checkpoints, an evaluation every ~1/12 of the
    run, the loss logged every step (the benchmark builds the bare ``Trainer`` from the same function)."""
    from transformers import TrainingArguments

    return TrainingArguments(
        output_dir=output_dir, num_train_epochs=settings.epochs, learning_rate=settings.learning_rate,
        per_device_train_batch_size=settings.batch_size, per_device_eval_batch_size=64, seed=settings.seed,
        data_seed=settings.seed, report_to=[], save_strategy="no", eval_strategy="steps",
        eval_steps=max(1, steps // EVALS_PER_RUN), logging_strategy="steps", logging_steps=1, disable_tqdm=True,
        use_cpu=not on_gpu, fp16=on_gpu, dataloader_num_workers=0, warmup_steps=0,
    )


def accuracy_metric(prediction: Any) -> dict[str, float]:
    """``compute_metrics`` for the Trainer: held-out accuracy."""
    import numpy as np

    predicted = np.argmax(prediction.predictions, axis=-1)
    return {"accuracy": float((predicted == prediction.label_ids).mean())}


def evaluate(trainer: Any, test_set: Any, texts: list[str], classes: list[str]) -> Evaluation:
    """Accuracy, confusion matrix and wrong examples on the held-out split (``Trainer.predict``)."""
    import numpy as np

    output = trainer.predict(test_set)
    logits = np.asarray(output.predictions, dtype=np.float64)
    probs = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    predicted = probs.argmax(axis=-1)
    gold = np.asarray(output.label_ids)
    confusion = [[int(((gold == i) & (predicted == j)).sum()) for j in range(len(classes))]
                 for i in range(len(classes))]
    wrong = [{"text": texts[i], "label": classes[int(gold[i])], "predicted": classes[int(predicted[i])],
              "score": round(float(probs[i, predicted[i]]), 3)}
             for i in range(len(gold)) if gold[i] != predicted[i]][:WRONG_SHOWN]
    return Evaluation(float((gold == predicted).mean()) if len(gold) else 0.0, confusion, wrong, int(len(gold)))


class LiveCallback:
    """Streams the loss of every step and each held-out accuracy, and stops training within a step when asked
    (or at ``max_seconds``): ``control.should_training_stop`` keeps the model trained so far."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        from transformers import TrainerCallback

        class _Live(TrainerCallback):
            def __init__(self, stop: _StopFlag, emit: Any, steps: int, started: float, max_seconds: float) -> None:
                self.stop, self.emit, self.steps, self.started = stop, emit, steps, started
                self.max_seconds, self.stopped = max_seconds, False

            def _check(self, control: Any) -> None:
                if self.stop.is_set() or time.monotonic() - self.started > self.max_seconds:
                    self.stopped = True
                    control.should_training_stop = True
                    control.should_evaluate = False

            def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
                self._check(control)
                return control

            def on_substep_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> Any:
                self._check(control)
                return control

            def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, float] | None = None,
                       **kwargs: Any) -> None:
                logs = logs or {}
                points = []
                if "loss" in logs:
                    points.append(Point(state.global_step, "loss", float(logs["loss"])))
                if "eval_accuracy" in logs:
                    points.append(Point(state.global_step, "accuracy", float(logs["eval_accuracy"])))
                if points:
                    self.emit(Update(step=state.global_step, steps=self.steps,
                                     elapsed=time.monotonic() - self.started, points=points))

        return _Live(*args, **kwargs)


def _rate(final: Update, settings: Settings, rows: int) -> float:
    seen = min(final.step * settings.batch_size, rows * settings.epochs)
    return seen / final.elapsed if final.elapsed > 0 else 0.0


def _check_disk(folder: Path) -> None:
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    if size * 2 > limits.TRAIN_MAX_DISK_MB * 2**20:  # room for its zip
        shutil.rmtree(folder, ignore_errors=True)
        raise BadInput("train_disk_full", size_mb=size * 2 / 2**20, limit_mb=limits.TRAIN_MAX_DISK_MB)


# -- try it ---------------------------------------------------------------------------------------------------------
def load_trained(folder: Path) -> tuple[Any, Any]:
    """(model, tokenizer) of a saved run, on the CPU, for "Try it"."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(folder), trust_remote_code=False)
    model = AutoModelForSequenceClassification.from_pretrained(str(folder), trust_remote_code=False).eval()
    return model, tokenizer


def predict(session: str | None, text: object, store: ModelStore = STORE) -> dict[str, float]:
    """The session's model on one sentence: class name → probability, highest first."""
    import torch

    from playground.text import clean_text

    clean = clean_text(text, limit=limits.TRAIN_MAX_TRY_CHARS)
    trained, (model, tokenizer) = store.classifier(session)
    encoded = tokenizer([clean], truncation=True, max_length=trained.settings.max_length, return_tensors="pt")
    with torch.inference_mode():
        probs = model(**encoded).logits.float().softmax(dim=-1)[0].tolist()
    scores = dict(zip(trained.classes, probs, strict=True))
    return dict(sorted(scores.items(), key=lambda kv: -kv[1]))


# Class names that mean the Sentiment tab's labels (NSMC's 0/1 when the data is NSMC).
SENTIMENT_NAMES = {
    "negative": "negative", "neg": "negative", "부정": "negative", "positive": "positive", "pos": "positive",
    "긍정": "positive",
}


def sentiment_labels(trained: TrainedModel) -> dict[str, str] | None:
    """class → the Sentiment tab's label, when the two classes mean negative / positive; else None.

    >>> sentiment_labels(model_with_classes(["0", "1"], source="nsmc"))
    {'0': 'negative', '1': 'positive'}
    """
    if len(trained.classes) != 2:
        return None
    if trained.source.kind == "nsmc" and trained.classes == ["0", "1"]:
        return {"0": "negative", "1": "positive"}
    mapped = {name: SENTIMENT_NAMES.get(name.lower()) for name in trained.classes}
    return mapped if set(mapped.values()) == {"negative", "positive"} else None  # type: ignore[return-value]
