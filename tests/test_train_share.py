"""Pushing a trained model: to a loopback stand-in of the Hub API, with the student's token (never the server's), as
a private repository whose card names the base model's and the data's licenses; AI Hub data never uploaded; the
teacher's switch turns pushing off."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
import yaml
from hub_standin import HubStandIn

from playground.errors import BadInput
from playground.tasks import train, train_data, train_share

STUDENT_TOKEN = "hf_studentTOKENabc123"
SERVER_TOKEN = "hf_serverSECRETxyz789"


@pytest.fixture(scope="module")
def trained(catalog):
    from playground.device import detect
    from playground.engine import Engine

    texts = [f"정말 좋아 {i}" for i in range(8)] + [f"너무 싫어 {i}" for i in range(8)]
    labels = ["긍정"] * 8 + ["부정"] * 8
    examples = train_data.check_examples(texts, labels, train_data.data_source("nsmc", "nsmc_100.tsv"))
    store = train.ModelStore(root_name=f"playground-train-test-{uuid.uuid4().hex[:8]}")
    updates = list(train.run(Engine(catalog, detect("cpu")), examples, train.Settings("tiny/train-ko", seed=3),
                             "pusher", store=store, runs=train.Runs()))
    return updates[-1].model


def online_to_loopback(monkeypatch) -> None:
    """The tests run with HF_HUB_OFFLINE=1 (no network); a push here goes only to the loopback stand-in."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)


@pytest.fixture
def hub(monkeypatch):
    online_to_loopback(monkeypatch)
    monkeypatch.setenv("HF_TOKEN", SERVER_TOKEN)  # the server has a token: it must never be used for a push
    monkeypatch.delenv(train_share.PUSH_ENV, raising=False)
    with HubStandIn().serve() as standin:
        monkeypatch.setenv(train_share.ENDPOINT_ENV, standin.url)
        yield standin


def card_meta(card: str) -> dict:
    return yaml.safe_load(card.split("---\n")[1])


def test_push_creates_a_private_repo_with_the_students_token(hub, trained) -> None:
    url = train_share.push(trained, "my-nsmc-model", username="student", token=STUDENT_TOKEN)
    assert url == f"{hub.url}/student/my-nsmc-model"
    assert hub.repos["student/my-nsmc-model"]["visibility"] == "private"
    assert hub.authorizations() == {f"Bearer {STUDENT_TOKEN}"}  # every call, never the server's HF_TOKEN
    assert not any(SERVER_TOKEN in str(r.body) for r in hub.requests)
    assert [r.path for r in hub.requests] == ["/api/repos/create", "/api/validate-yaml",
                                              "/api/models/student/my-nsmc-model/preupload/main",
                                              "/api/models/student/my-nsmc-model/commit/main"]
    files = hub.files["student/my-nsmc-model"]
    assert {"config.json", "model.safetensors", "README.md"} <= set(files)
    assert set(files) <= {*train_share.MODEL_FILES, "README.md"}  # only the model's own files


def test_the_card_names_base_model_licenses_data_and_metrics(hub, trained) -> None:
    train_share.push(trained, "card-check", username="student", token=STUDENT_TOKEN)
    card = hub.files["student/card-check"]["README.md"].decode()
    meta = card_meta(card)
    assert meta["base_model"] == "tiny/train-ko" and meta["license"] == trained.base.license
    assert meta["datasets"] == ["e9t/nsmc"] and meta["pipeline_tag"] == "text-classification"
    accuracy = meta["model-index"][0]["results"][0]["metrics"][0]["value"]
    assert accuracy == round(trained.after.accuracy, 4)
    assert "CC0 1.0" in card and "`cc0-1.0`" in card  # the data's license
    assert 'pipeline("text-classification", model="student/card-check")' in card
    assert "seed 3" in card


def test_aihub_data_is_never_uploaded_and_the_card_says_so(hub, trained) -> None:
    aihub = dataclasses.replace(trained, source=train_data.data_source("file", "aihub_reviews.csv"))
    train_share.push(aihub, "aihub-model", username="student", token=STUDENT_TOKEN)
    files = hub.files["student/aihub-model"]
    card = files["README.md"].decode()
    assert "AI Hub" in card and "may not leave Korea" in card
    uploaded = b"".join(files.values())
    for row in trained.after.wrong + [{"text": "정말 좋아 0"}, {"text": "너무 싫어 1"}]:
        assert row["text"].encode() not in uploaded  # no training or held-out text anywhere
    assert "datasets" not in card_meta(card)


def test_the_teachers_switch_turns_pushing_off(hub, trained, monkeypatch) -> None:
    monkeypatch.setenv(train_share.PUSH_ENV, "off")
    assert not train_share.push_enabled()
    with pytest.raises(BadInput) as caught:
        train_share.push(trained, "nope", username="student", token=STUDENT_TOKEN)
    assert caught.value.key == "train_push_off"
    assert hub.requests == []


@pytest.mark.parametrize(("username", "token"), [(None, None), ("student", None), (None, STUDENT_TOKEN)])
def test_nobody_signed_in_gets_a_clear_message_and_no_request(hub, trained, username, token) -> None:
    with pytest.raises(BadInput) as caught:
        train_share.push(trained, "nope", username=username, token=token)
    assert caught.value.key == "train_sign_in"
    assert hub.requests == []


@pytest.mark.parametrize("name", ["", "a/b", "../up", "x" * 97, "has space", "-dash-first"])
def test_bad_repository_names_are_refused(hub, trained, name) -> None:
    with pytest.raises(BadInput) as caught:
        train_share.push(trained, name, username="student", token=STUDENT_TOKEN)
    assert caught.value.key == "train_bad_repo_name"


def test_a_hub_refusal_is_one_clear_message(monkeypatch, trained) -> None:
    monkeypatch.delenv(train_share.PUSH_ENV, raising=False)
    online_to_loopback(monkeypatch)
    with HubStandIn(refuse_create=403).serve() as refusing:
        monkeypatch.setenv(train_share.ENDPOINT_ENV, refusing.url)
        with pytest.raises(BadInput) as caught:
            train_share.push(trained, "forbidden", username="student", token=STUDENT_TOKEN)
    assert caught.value.key == "train_push_failed" and caught.value.params["detail"] == "HTTP 403"
    assert STUDENT_TOKEN not in caught.value.message("en")
def test_the_tab_takes_the_token_from_the_signed_in_session_only(monkeypatch) -> None:
    import tabs.train as tab

    monkeypatch.setenv("HF_TOKEN", SERVER_TOKEN)
    assert tab.push_credentials(None) == (None, None)  # no session: no token, whatever the server has
    import time
    from types import SimpleNamespace

    import gradio as gr

    signed_in = gr.Request(request=SimpleNamespace(session={"oauth_info": {
        "access_token": STUDENT_TOKEN, "expires_at": time.time() + 600,
        "userinfo": {"preferred_username": "student"}}}))
    assert tab.push_credentials(signed_in) == ("student", STUDENT_TOKEN)
