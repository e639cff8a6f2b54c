"""Page extraction, in this process or in worker processes: the same records in the same order."""

from veille.errors import RecordError
from veille.ingest.pages import Page, extract_pages
from veille.ingest.sources import iter_records
from veille.models import Record
from veille.settings import Settings

PAGE = ("<html><head><title>Dépêche {n}</title></head><body><article><p>La ministre numéro {n} a reçu "
        "mercredi à Oslo son homologue danois pour parler de la pêche en mer du Nord, a indiqué le ministère. "
        "Les deux responsables ont promis de se revoir avant l'été.</p></article></body></html>")


def test_worker_processes_give_the_same_records_in_the_same_order(tmp_path):
    for n in range(6):
        (tmp_path / f"page{n}.html").write_text(PAGE.format(n=n), encoding="utf-8")
    (tmp_path / "page6.html").write_text("<html><body></body></html>", encoding="utf-8")  # no text
    alone = list(iter_records([str(tmp_path)], Settings(workers=1)))
    spread = list(iter_records([str(tmp_path)], Settings(workers=2)))
    assert [type(item) for item in spread] == [Record] * 6 + [RecordError]
    assert [item.text for item in spread[:6]] == [item.text for item in alone[:6]]
    assert "Dépêche 3" in spread[3].title and spread[6].where == alone[6].where and "no article text" in spread[6].reason


def test_items_that_are_not_pages_pass_through_in_place():
    done = Record(source="a.txt", locator="", text="Un texte.")
    page = Page(PAGE.format(n=1), "b.html", url="https://example.org/b")
    first, second = extract_pages([done, page], workers=2)
    assert first is done or first == done
    assert second.url == "https://example.org/b" and "homologue danois" in second.text
