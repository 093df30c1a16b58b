import datetime as dt
import shutil
from pathlib import Path

import pytest

from detector.ingest import InputError, IngestResult, load_documents, parse_date

FIX = Path(__file__).parent / "fixtures" / "ingest"


def _by_id(result: IngestResult):
    return {d.id: d for d in result.documents}


def test_txt_with_headers_keeps_body_verbatim():
    doc = load_documents([FIX / "with_headers.txt"]).documents[0]
    assert doc.id == "with_headers"
    assert doc.source == "Reuters"
    assert doc.date == dt.date(2025, 8, 1)
    assert doc.url == "https://example.com/chasiv-yar"
    assert doc.title == "Russia says it captured Chasiv Yar"
    raw = (FIX / "with_headers.txt").read_text(encoding="utf-8")
    assert doc.text.startswith("The Russian Defense Ministry said")
    assert raw.endswith(doc.text)
    assert "Source: this line is body text" in doc.text  # headers only at the top
    assert doc.path == str(FIX / "with_headers.txt") and doc.line is None


def test_txt_without_headers_and_md():
    result = load_documents([FIX / "plain.txt", FIX / "notes.md"])
    assert result.errors == ()
    docs = _by_id(result)
    assert docs["plain"].source == "plain" and docs["plain"].date is None
    assert docs["plain"].text == (FIX / "plain.txt").read_text(encoding="utf-8")
    assert docs["notes"].text.startswith("# Weekly notes")


def test_jsonl_bad_lines_reported_and_rest_loaded():
    result = load_documents([FIX / "docs.jsonl"])
    docs = _by_id(result)
    assert set(docs) == {"j1", "j2", "j5", "j6"}
    assert docs["j2"].line == 3 and docs["j2"].url == "https://tass.example/1" and docs["j2"].title == "Town falls"
    errors = {e.line: e for e in result.errors}
    assert set(errors) == {4, 5, 6}
    assert "invalid JSON" in errors[4].message
    assert str(errors[5]) == f"{FIX / 'docs.jsonl'}:5: missing required field 'text'"
    assert errors[5].path == str(FIX / "docs.jsonl")
    # unparseable date: loaded without a date and reported
    assert docs["j5"].date is None and "someday soon" in errors[6].message


def test_strict_raises_first_error():
    with pytest.raises(InputError) as info:
        load_documents([FIX / "docs.jsonl"], strict=True)
    assert info.value.line == 4


def test_csv_line_numbers_and_multiline_fields():
    result = load_documents([FIX / "docs.csv"])
    docs = _by_id(result)
    assert docs["c1"].line == 2 and docs["c1"].date == dt.date(2025, 7, 31) and docs["c1"].url is None
    assert docs["c2"].line == 3 and docs["c2"].text == "A quoted field\nspanning two lines."
    assert [(e.line, e.message) for e in result.errors] == [(5, "missing required field 'text'")]


def test_html_main_text_without_boilerplate():
    result = load_documents([FIX / "page.html"])
    assert result.errors == ()
    doc = result.documents[0]
    assert doc.source == "Example News"
    assert doc.date == dt.date(2025, 7, 31)
    assert doc.title == "Russia claims capture of Chasiv Yar"
    assert "captured the eastern Ukrainian town of Chasiv Yar" in doc.text
    assert "denied the capture" in doc.text
    for junk in ("Home", "Subscribe", "All rights reserved", "Cookie settings"):
        assert junk not in doc.text


def test_folder_walk_sorted_recursive_hidden_skipped():
    result = load_documents([FIX / "folder"])
    assert [d.id for d in result.documents] == ["a", "b"]  # notes.pdf, .secret.txt, .hidden/ skipped
    assert result.errors == ()


def test_unknown_extension_and_missing_path(tmp_path):
    result = load_documents([FIX / "unknown.xyz", tmp_path / "nope.txt", FIX / "plain.txt"])
    assert [d.id for d in result.documents] == ["plain"]
    assert "unsupported file type '.xyz'" in result.errors[0].message
    assert "no such file" in result.errors[1].message


def test_duplicate_id_later_one_skipped(tmp_path):
    shutil.copy(FIX / "plain.txt", tmp_path / "plain.txt")
    (tmp_path / "dup.jsonl").write_text('{"id": "plain", "text": "Other text.", "source": "X"}\n', encoding="utf-8")
    result = load_documents([FIX / "plain.txt", tmp_path])
    # the second plain.txt is a different file with the same stem: kept under its path; the jsonl row is a duplicate
    assert [d.path for d in result.documents] == [str(FIX / "plain.txt"), str(tmp_path / "plain.txt")]
    assert result.documents[1].id == (tmp_path / "plain").as_posix()
    assert len(result.errors) == 1
    assert "duplicate document id 'plain'" in result.errors[0].message
    assert result.errors[0].line == 1  # the jsonl row (tmp folder is walked in sorted order: dup.jsonl first)


def test_undecodable_file_named(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait\n")
    (tmp_path / "bad.jsonl").write_bytes(b'{"id": "x", "text": "caf\xe9", "source": "s"}\n'
                                         b'{"id": "y", "text": "Fine.", "source": "s"}\n')
    result = load_documents([bad, tmp_path / "bad.jsonl"])
    assert [d.id for d in result.documents] == ["y"]
    assert str(bad) in str(result.errors[0]) and "UTF-8" in result.errors[0].message
    assert result.errors[1].line == 1


def test_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffSource: TASS\n\nText here.\n".encode())
    doc = load_documents([path]).documents[0]
    assert doc.source == "TASS" and doc.text == "Text here.\n"


@pytest.mark.parametrize("text,expected", [
    ("2025-08-01", dt.date(2025, 8, 1)),
    ("1 August 2025", dt.date(2025, 8, 1)),
    ("August 1, 2025", dt.date(2025, 8, 1)),
    ("2025-08-01T10:00:00Z", dt.date(2025, 8, 1)),
    ("August 2025", dt.date(2025, 8, 1)),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "Friday", "not a date", "2025"])
def test_parse_date_rejects(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_same_file_name_in_two_folders_keeps_both_documents(tmp_path):
    from detector.ingest import load_documents

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "story.txt").write_text("Source: A\n\nThe mayor opened the bridge on Monday.\n")
    (tmp_path / "b" / "story.txt").write_text("Source: B\n\nThe bridge has not opened.\n")
    result = load_documents([tmp_path])
    assert result.errors == ()
    assert len(result.documents) == 2 and len({d.id for d in result.documents}) == 2
    assert result.documents[0].id == "story" and result.documents[1].id.endswith("b/story")
