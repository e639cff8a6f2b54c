import os
from pathlib import Path

from tests.conftest import nest_folders, remove_nested
from veille.errors import InputError, UnsupportedFormat
from veille.ingest.sources import Skipped, iter_records
from veille.models import Record
from veille.settings import Settings

SETTINGS = Settings()


def _outcomes(*inputs):
    return list(iter_records([str(i) for i in inputs], SETTINGS))


def test_folder_is_read_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("deux")
    (tmp_path / "1.txt").write_text("un")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".cache").write_text("caché")
    results = _outcomes(tmp_path)
    texts = [r.text for r in results if hasattr(r, "text")]
    skipped = {r.where.split("/")[-1]: r.reason for r in results if isinstance(r, Skipped)}
    assert texts == ["un", "deux"]
    assert skipped[".cache"] == "hidden file"
    assert skipped["notes.pdf"].startswith("unsupported file type .pdf")
    assert skipped["notes.pdf"].endswith(".txt, .warc, .warc.gz)")


def test_glob_patterns_expand(tmp_path):
    for name in ("a.txt", "b.txt", "c.jsonl"):
        (tmp_path / name).write_text("texte" if name.endswith("txt") else '{"text": "t"}\n')
    assert len(_outcomes(tmp_path / "*.txt")) == 2
    [error] = _outcomes(tmp_path / "*.html")
    assert isinstance(error, InputError) and "no file matches" in str(error)


def test_missing_path_and_explicit_unknown_extension_are_errors(tmp_path):
    (tmp_path / "data.xml").write_text("<x/>")
    missing, unknown = _outcomes(tmp_path / "nope.txt", tmp_path / "data.xml")
    assert str(missing).endswith("nope.txt: no such file or directory")
    assert isinstance(unknown, UnsupportedFormat) and "unsupported file type .xml" in str(unknown)


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("texte")
    real_open = os.open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)  # tests run as root, where chmod 000 still reads
    [error] = _outcomes(path)
    assert str(error) == f"{path}: permission denied"


def test_broken_link_inside_a_folder_is_reported(tmp_path):
    (tmp_path / "dead.txt").symlink_to(tmp_path / "gone.txt")
    [error] = _outcomes(tmp_path)
    assert str(error).endswith("dead.txt: broken symbolic link")


def test_links_out_of_a_folder_and_folder_links_are_not_followed(tmp_path):
    outside, crawl = tmp_path / "outside", tmp_path / "crawl"
    outside.mkdir()
    crawl.mkdir()
    (outside / "secret.txt").write_text("Un texte qui ne fait pas partie du dossier lu.", encoding="utf-8")
    (crawl / "page.txt").write_text("Un texte qui fait partie du dossier lu, et qui est lu.", encoding="utf-8")
    (crawl / "escape.txt").symlink_to(outside / "secret.txt")
    (crawl / "alias.txt").symlink_to(crawl / "page.txt")  # a link inside the folder is read
    (crawl / "sub").symlink_to(outside, target_is_directory=True)
    items = list(iter_records([str(crawl)], Settings()))
    skipped = {Path(item.where).name: item.reason for item in items if isinstance(item, Skipped)}
    assert skipped["escape.txt"].startswith("link out of the folder") and skipped["sub"] == "link to a folder (not followed)"
    assert sorted(Path(item.source).name for item in items if isinstance(item, Record)) == ["alias.txt", "page.txt"]


def test_stdin_is_read_and_sniffed():
    import io

    [record] = list(iter_records(["-"], SETTINGS, stdin=io.BytesIO(b'{"id": "x", "text": "Le texte"}\n')))
    assert record.source == "<stdin>" and record.external_id == "x"


def _problems(results):
    return {Path(r.where).name: r.reason for r in results if isinstance(r, (InputError, Skipped))}


def test_fifos_are_refused_by_type_without_being_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text("un texte")
    problems = _problems(_outcomes(tmp_path)) | _problems(_outcomes(tmp_path / "pipe.txt"))
    assert problems == {"pipe.txt": "not a regular file (a named pipe): refused"}


def test_symlink_loops_are_reported_per_path_in_a_folder_and_on_the_command_line(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").symlink_to("b.txt")
    (folder / "b.txt").symlink_to("a.txt")
    (folder / "ok.txt").write_text("un texte")
    results = _outcomes(folder)
    assert [r.text for r in results if isinstance(r, Record)] == ["un texte"]
    assert _problems(results) == {"a.txt": "symbolic link loop", "b.txt": "symbolic link loop"}
    assert _problems(_outcomes(folder / "a.txt")) == {"a.txt": "symbolic link loop"}


def test_a_folder_that_cannot_be_listed_is_reported_even_when_it_is_walked_last(tmp_path, monkeypatch):
    (tmp_path / "z-locked").mkdir()
    (tmp_path / "ok.txt").write_text("un texte")
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("z-locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _problems(_outcomes(tmp_path)) == {"z-locked": "cannot list folder (Permission denied)"}


def test_file_names_with_a_newline_or_undecodable_bytes_are_shown_on_one_line(tmp_path):
    newline = tmp_path / "x\nfailed: forged.txt"
    newline.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    [problem] = _outcomes(newline)
    assert "\n" not in str(problem) and "x\\nfailed: forged.txt" in problem.where
    latin = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    latin.write_text("Un texte assez long pour être lu par veille.")
    [record] = _outcomes(latin)
    from veille.ingest import document_for

    assert document_for(record).article.source.endswith("caf\\xe9.txt")


def test_paths_the_system_refuses_to_look_at_are_reported_and_the_others_read(tmp_path, monkeypatch):
    """A file inside a folder that cannot be searched (named, matched by a glob, or the target of a
    link in a walked folder) and a name longer than the system allows are one failed line each:
    stat() raising EACCES or ENAMETOOLONG once stopped the whole run with an internal error."""
    import errno

    locked, walked = tmp_path / "locked", tmp_path / "walked"
    locked.mkdir()
    walked.mkdir()
    (locked / "a.txt").write_text("un texte enfermé")
    (walked / "ok.txt").write_text("un texte")
    (walked / "inside.txt").symlink_to(locked / "a.txt")
    real_stat = os.stat

    def stat(path, *args, **kwargs):
        if str(locked) + os.sep in os.path.realpath(path):  # tests run as root, where chmod 000 still reads
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    long_name = tmp_path / ("x" * 300 + ".txt")  # over NAME_MAX: ENAMETOOLONG, even for root
    results = _outcomes(locked / "a.txt", long_name, tmp_path / "ok-after.txt", walked)
    problems = [(Path(r.where).name[:12], r.reason) for r in results if isinstance(r, (InputError, Skipped))]
    assert problems == [("a.txt", "permission denied"), ("x" * 12, "file name too long"),
                        ("ok-after.txt", "no such file or directory"), ("inside.txt", "permission denied")]
    assert [r.text for r in results if isinstance(r, Record)] == ["un texte"]
    [pattern] = _outcomes(locked / "*.txt")  # glob lists nothing where it cannot search
    assert isinstance(pattern, InputError)


def test_a_folder_nested_past_the_longest_path_is_reported_not_a_crash(tmp_path):
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        for _ in range(25):  # 25 × 201 bytes: past PATH_MAX (4096), made one level at a time
            os.mkdir("d" * 200, dir_fd=fd)
            inner = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    (tmp_path / "ok.txt").write_text("un texte")
    results = _outcomes(tmp_path)
    assert [r.text for r in results if isinstance(r, Record)] == ["un texte"]
    [problem] = [r for r in results if isinstance(r, InputError)]
    assert problem.reason in ("file name too long", "cannot list folder (File name too long)")


def test_a_file_swapped_for_a_fifo_after_its_type_check_is_refused_without_waiting(tmp_path, monkeypatch):
    """The type is checked before the open, but a FIFO can take the file's place in between: the
    open waited for a writer for ever. It is opened without waiting, and what was opened is checked."""
    import threading

    from veille.ingest.sources import read_file

    pipe, regular = tmp_path / "swapped.txt", tmp_path / "regular.txt"
    os.mkfifo(pipe)
    regular.write_text("un texte")
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda self, **kw: real_stat(regular if self == pipe else self, **kw))
    outcomes: list = []
    reader = threading.Thread(target=lambda: outcomes.extend(read_file(pipe, SETTINGS)), daemon=True)
    reader.start()
    reader.join(10)
    if reader.is_alive():  # the old open waits in the FIFO: a writer frees it, then the test fails
        os.close(os.open(pipe, os.O_WRONLY))
    assert not reader.is_alive()
    assert [str(o) for o in outcomes] == [f"{pipe}: not a regular file (a named pipe): refused"]


def test_a_folder_nested_thousands_deep_within_the_longest_path_is_walked(tmp_path):
    """One-letter folders 1,500 deep stay within PATH_MAX; Python 3.11's os.walk recursed once a
    level, and the walk ended the run in a RecursionError."""
    nest_folders(tmp_path / "deep", 1500, "un texte tout au fond")
    (tmp_path / "ok.txt").write_text("un texte")
    try:
        results = _outcomes(tmp_path)
    finally:
        remove_nested(tmp_path / "deep")
    assert [r.text for r in results if isinstance(r, Record)] == ["un texte", "un texte tout au fond"]


def test_a_recursive_glob_does_not_follow_links_to_folders(tmp_path):
    """'**' followed a link to "." beside one to "..": 2^40 paths, minutes, then gigabytes."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "1.txt").write_text("un")
    (tmp_path / "a" / "b" / "2.txt").write_text("deux")
    (tmp_path / "a" / ".hidden").mkdir()
    (tmp_path / "a" / ".hidden" / "3.txt").write_text("trois")
    (tmp_path / "a" / "b" / "self").symlink_to(".")
    (tmp_path / "a" / "b" / "up").symlink_to("..")
    texts = [r.text for r in _outcomes(f"{tmp_path}/**/*.txt") if isinstance(r, Record)]
    assert texts == ["un", "deux"]  # as glob.glob sorts them, hidden folders left out
    assert [r.text for r in _outcomes(f"{tmp_path}/a/b/self/*.txt") if isinstance(r, Record)] == ["deux"]
    assert [r.text for r in _outcomes(f"{tmp_path}/*/**") if isinstance(r, Record)] == ["un", "deux"]  # "a" walked


def test_recursive_globs_match_what_glob_glob_matches_without_links(tmp_path, monkeypatch):
    import glob

    from veille.ingest.sources import _glob

    for folder in ("a/b/c", "a/.h", ".top"):
        (tmp_path / folder).mkdir(parents=True)
    for name in ("a/1.txt", "a/b/2.txt", "a/b/c/3.jsonl", "a/.h/4.txt", ".top/5.txt", "a/[x].txt", "a/.6.txt"):
        (tmp_path / name).write_text("x")
    monkeypatch.chdir(tmp_path)
    for pattern in ("**/*.txt", "**/3.jsonl", "*/**/*.jsonl", "a/**/b/*.txt", "**/.*", ".top/**/*.txt", "a/*",
                    "a/[[]x].txt", "./a/*.txt", "a//*.txt", f"{tmp_path}/**/c", "nothing/**/*.txt"):
        assert _glob(pattern) == sorted(set(glob.glob(pattern, recursive=True))), pattern


def test_json_lines_on_stdin_stream_as_they_come():
    """Standard input was read to its end before its first line was: a pipe of any length was held
    in memory whole, and nothing was ingested before it closed. A line is read as it comes."""
    import itertools
    import threading

    read_end, write_end = os.pipe()
    records: list = []
    with open(read_end, "rb") as stdin, open(write_end, "wb", buffering=0) as writer:
        reader = threading.Thread(target=lambda: records.extend(
            itertools.islice(iter_records(["-"], SETTINGS, stdin=stdin), 1)), daemon=True)
        reader.start()
        writer.write(b'\n{"id": "first", "text": "Le ministre a parl\xc3\xa9."}\n')
        reader.join(10)
        streamed = not reader.is_alive()  # the writer is still open: the old reader still waits for its end
    reader.join(10)
    assert streamed and [r.external_id for r in records] == ["first"]


def test_stdin_is_told_from_its_first_line_with_text():
    """The format is told from the first bytes read as they come (up to the first line with text)."""
    import io

    text = "Le ministre a reçu son homologue à Vienne mardi pour un long entretien."
    for data, expected in [(b"\n\n" + text.encode(), [text]), (b'\n{"text": "un"}\n{"text": "deux"}', ["un", "deux"])]:
        records = list(iter_records(["-"], SETTINGS, stdin=io.BytesIO(data)))
        assert [r.text.strip() for r in records] == expected
