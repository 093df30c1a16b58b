"""End to end on the seed article (../shared/examples): the Chasiv Yar dispute between speakers."""

import json

from detector.cli import main

BOILERPLATE = ("newsletter", "Dear readers", "support us", "Read more", "Privacy Policy", "Remind me later",
               "undesirable", "TASS", "Subscribers")


def test_top_finding_is_the_chasiv_yar_dispute(example_article, tmp_path):
    out = tmp_path / "article.json"
    assert main(["report", str(example_article), "-o", str(out), "-q"]) == 0
    report = json.loads(out.read_text())
    top = report["contradictions"][0]
    speakers = {top["a"]["speaker"]: top["a"], top["b"]["speaker"]: top["b"]}
    assert set(speakers) == {"Russian Defense Ministry", "Ukrainian army"}
    assert speakers["Russian Defense Ministry"]["stance"] == "asserts"
    assert "Chasiv Yar" in speakers["Russian Defense Ministry"]["text"]
    assert speakers["Ukrainian army"]["stance"] == "denies"
    assert "denied the capture" in speakers["Ukrainian army"]["text"]
    dispute = report["disputes"][0]
    assert dispute["id"] == top["dispute"]
    sides = {s["position"]: s["speakers"] for s in dispute["sides"]}
    assert sides == {"P": ["Russian Defense Ministry"], "not P": ["Ukrainian army"]}
    for finding in report["contradictions"]:
        for claim in (finding["a"], finding["b"]):
            assert not any(word in claim["text"] for word in BOILERPLATE), claim["text"]
