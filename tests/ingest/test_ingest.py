import time

import pytest

from tests.conftest import synthetic_article, write_jsonl
from veille.incremental import ingest
from veille.ingest import article_id


def _ingest(paths, store, settings, pipeline):
    return ingest([str(p) for p in paths], store, settings, pipeline=pipeline)


def test_same_article_twice_is_stored_once(tmp_path, store, settings, pipeline):
    text = synthetic_article(1)
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.txt").write_text("  " + text.replace(" ", "  ").upper() + "\n")  # same words, other spacing/case
    first = _ingest([tmp_path / "a.txt", tmp_path / "b.txt"], store, settings, pipeline)
    again = _ingest([tmp_path / "a.txt"], store, settings, pipeline)
    assert (first.new, first.duplicate, again.new, again.duplicate) == (1, 1, 0, 1)
    assert store.count_articles() == 1


def test_article_id_is_stable():
    assert article_id("Le  Président\n a parlé") == article_id("le président a parlé") == "432e1e513c7b484c"


def test_analysis_is_stored_with_offsets_into_the_clean_text(tmp_path, store, settings, pipeline):
    path = tmp_path / "a.txt"
    path.write_text("Emmanuel Macron a reçu Angela Merkel à Paris. © AFP\n\n"
                    "Le président Emmanuel Macron a reçu mardi la chancelière Angela Merkel à Paris.")
    _ingest([path], store, settings, pipeline)
    [row] = store.articles()
    article = store.article(row["id"])
    assert article["clean_text"].startswith("Le président Emmanuel Macron")
    assert article["sentences"] and article["language"] == "fr" and article["status"] == "analysed"
    for mention in article["mentions"]:
        assert article["clean_text"][mention["start"]:mention["end"]] == mention["text"]
    assert {"Emmanuel Macron", "Angela Merkel"} <= {m["text"] for m in article["mentions"]}


def test_bad_inputs_give_reasons_and_do_not_stop_the_run(tmp_path, store, settings, pipeline):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "legacy.txt").write_bytes(synthetic_article(2).encode("cp1252"))
    (tmp_path / "table.xlsx").write_bytes(b"PK")
    write_jsonl(tmp_path / "feed.jsonl", [{"id": "ok", "text": synthetic_article(3)}])
    with open(tmp_path / "feed.jsonl", "a") as stream:
        stream.write('{"id": "broken", "text": "unterminated\n')
        stream.write('{"id": "ok2", "text": "%s"}\n' % synthetic_article(4).replace("\n", "\\n"))
    report = _ingest([tmp_path, tmp_path / "missing.txt"], store, settings, pipeline)
    assert report.new == 3  # legacy.txt and the two good JSON lines
    failed = dict(report.failed)
    assert failed[str(tmp_path / "binary.txt")].startswith("binary content")
    assert failed[f"{tmp_path / 'feed.jsonl'}:line 2"].startswith("invalid JSON")
    assert failed[str(tmp_path / "missing.txt")] == "no such file or directory"
    skipped = dict(report.skipped)
    assert skipped[str(tmp_path / "empty.txt")] == "empty text"
    assert skipped[str(tmp_path / "table.xlsx")].startswith("unsupported file type .xlsx")
    legacy = [a for a in store.articles() if a["source"].endswith("legacy.txt")]
    assert "Réunion numéro 2 à" in store.article(legacy[0]["id"])["clean_text"]


def test_other_languages_are_stored_but_not_analysed(tmp_path, store, settings, pipeline):
    (tmp_path / "en.txt").write_text("The foreign ministers of five countries met in Vienna on Tuesday to discuss "
                                     "trade, the ministry said in a statement.")
    report = _ingest([tmp_path / "en.txt"], store, settings, pipeline)
    [article] = store.articles()
    assert report.unsupported_language == 1
    assert (article["language"], article["status"]) == ("en", "unsupported_language")
    assert store.article(article["id"])["mentions"] == []


def test_articles_keep_input_order_across_languages(tmp_path, store, settings, pipeline):
    rows = []
    for n in range(12):
        text = synthetic_article(n) if n % 3 else f"Article {n} in English about the meeting of ministers in Oslo."
        rows.append({"id": f"r{n}", "text": text})
    write_jsonl(tmp_path / "mixed.jsonl", rows)
    _ingest([tmp_path / "mixed.jsonl"], store, settings, pipeline)
    assert [a["external_id"] for a in store.articles()] == [f"r{n}" for n in range(12)]


def test_a_50_mb_text_file_is_refused_quickly(tmp_path, store, settings, pipeline):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Le texte se repete. " * 2_621_440)  # 50 MiB
    started = time.perf_counter()
    report = _ingest([path], store, settings, pipeline)
    assert time.perf_counter() - started < 10
    [(where, reason)] = report.failed
    assert where == str(path) and "larger than the 20,000,000-byte limit" in reason


@pytest.mark.slow
def test_a_50_mb_jsonl_file_streams(tmp_path, store, settings, pipeline):
    """50 MB of JSON Lines: the repeated record is stored once, the oversized one refused."""
    repeated = {"text": synthetic_article(5)}
    line = write_jsonl(tmp_path / "one.jsonl", [repeated]).read_text()
    path = tmp_path / "big.jsonl"
    with open(path, "w") as stream:
        stream.write(line * (50_000_000 // len(line)))
        stream.write('{"id": "giant", "text": "%s"}\n' % ("mot " * 200_000))
    report = _ingest([path], store, settings, pipeline)
    assert report.new == 1 and report.duplicate == 50_000_000 // len(line) - 1
    [(where, reason)] = report.failed
    assert where.endswith(f"line {50_000_000 // len(line) + 1}") and reason.startswith("text too long (799,999 characters")
