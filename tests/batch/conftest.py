"""An archive to run batches on: the bundled dispatches, one of them twice, and two bad inputs."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    for path in sorted(EXAMPLES.iterdir()):
        shutil.copy(path, folder / path.name)
    shutil.copy(EXAMPLES / "01-geneve-biden-poutine.txt", folder / "09-repeat.txt")
    (folder / "10-broken.jsonl").write_text('{"text": "Un texte assez long pour être lu par veille."}\n{"text": \n',
                                            encoding="utf-8")
    (folder / "11-short.txt").write_text("Trop court.", encoding="utf-8")
    return folder
