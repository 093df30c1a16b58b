"""WordNet antonyms: parsed from the database's data files, shipped as JSON (detector.lexicon)."""

import json

import pytest

from detector import lexicon

HEADER = "  1 This software and database is being provided to you, the LICENSEE, by\n" \
         "  2 Princeton University under the following license.\n"
ADJ = HEADER + (
    "00001740 00 a 01 able 0 001 ! 00002098 a 0101 | having the means\n"
    "00002098 00 a 01 unable 0 001 ! 00001740 a 0101 | not having the means\n"
    "00093000 00 a 02 dead 0 asleep(p) 0 001 ! 00094000 a 0101 | no longer alive\n"
    "00094000 00 a 02 alive(p) 0 live 0 001 ! 00093000 a 0101 | living\n"
    "00095000 00 a 01 up_to_date 0 001 ! 00096000 a 0101 | current\n"
    "00096000 00 a 01 dated 0 001 ! 00095000 a 0101 | old\n"
)
VERB = "00100000 30 v 02 win 0 gain 0 002 ! 00100100 v 0101 @ 00000001 v 0000 | be the winner\n" \
       "00100100 30 v 01 lose 0 001 ! 00100000 v 0101 | fail to win\n"


@pytest.fixture
def wordnet(tmp_path):
    (tmp_path / "data.adj").write_text(ADJ)
    (tmp_path / "data.verb").write_text(VERB)
    (tmp_path / "data.noun").write_text(HEADER)
    (tmp_path / "data.adv").write_text(HEADER)
    return tmp_path


def test_build_reads_the_antonym_pointers_of_the_named_words(wordnet):
    table = lexicon.build_antonyms(wordnet)
    # the pointer names its source and target words by number: "dead" (not "asleep") / "alive", marker dropped
    assert table["ADJ"]["dead"] == ["alive"] and table["ADJ"]["alive"] == ["dead"]
    assert "asleep" not in table["ADJ"] and "live" not in table["ADJ"]
    assert table["ADJ"]["able"] == ["unable"]
    assert table["VERB"] == {"lose": ["win"], "win": ["lose"]}  # the hypernym pointer (@) is not an antonym
    assert "up_to_date" not in table["ADJ"] and "dated" not in table["ADJ"]  # multi-word lemmas are left out
    assert table["NOUN"] == {} and table["ADV"] == {}


def test_a_bad_line_names_file_and_line(wordnet):
    (wordnet / "data.verb").write_text(VERB + "00100200 30 v zz\n")
    with pytest.raises(ValueError, match=r"data\.verb:3"):
        lexicon.build_antonyms(wordnet)


def test_main_writes_the_table_with_the_licence(wordnet, tmp_path):
    out = tmp_path / "out" / "antonyms.json"
    assert lexicon.main(["--wordnet-dir", str(wordnet), "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["licence"].startswith("This software and database") and data["antonyms"]["VERB"]["win"] == ["lose"]
    assert lexicon.main(["--wordnet-dir", str(tmp_path / "none"), "--out", str(out)]) == 1


def test_the_shipped_table_is_symmetric_and_has_common_pairs():
    table = lexicon.antonyms()
    assert "alive" in table["ADJ"]["dead"] and "lose" in table["VERB"]["win"]
    assert "decrease" in table["VERB"]["increase"] and "innocent" in table["ADJ"]["guilty"]
    for tag, words in table.items():
        for word, others in words.items():
            assert all(word in words[o] for o in others), (tag, word)
