"""Docs and code stay in step: every command, option and setting is documented."""

import re
import runpy
from dataclasses import fields
from pathlib import Path

import click

import veille
from veille.cli import main
from veille.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group, prefix="veille"):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}", command


def test_every_command_and_option_is_in_the_cli_doc():
    text = (DOCS / "cli.md").read_text()
    for name, command in _commands(main):
        assert f"## `{name}" in text, f"{name} is not documented"
        for param in command.params:
            if isinstance(param, click.Option):
                longest = max(param.opts, key=len)
                assert longest in text, f"{name} {longest} is not documented"


def test_every_setting_is_documented():
    text = (DOCS / "cli.md").read_text()
    for field in fields(Settings):
        assert f"| `{field.name}` |" in text


def test_the_public_api_is_what_is_exported():
    assert sorted(veille.__all__) == sorted(name for name in dir(veille) if not name.startswith("_") and
                                             not isinstance(getattr(veille, name), type(veille)))


def test_readme_opens_with_the_two_commands():
    readme = (DOCS.parent / "README.md").read_text()
    commands = re.findall(r"^make (\w+)", readme, flags=re.MULTILINE)
    assert commands[:2] == ["demo", "test"]


def test_every_picture_of_the_docs_is_there_small_and_made_again_by_the_script():
    """The README's and docs' pictures are those scripts/screenshots.py takes of `make demo`'s data."""
    script = runpy.run_path(str(DOCS.parent / "scripts" / "screenshots.py"))
    pictures = set()
    for page in [DOCS.parent / "README.md", *DOCS.glob("*.md")]:
        for target in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", page.read_text()):
            picture = (page.parent / target).resolve()
            assert picture.is_file(), f"{page.name} shows {target}, which is missing"
            pictures.add(picture)
    assert {picture.stem for picture in pictures} == set(script["SHOTS"])
    assert {picture.parent for picture in pictures} == {script["IMAGES"]}
    for picture in pictures:
        assert picture.stat().st_size <= 300_000, f"{picture.name} is over 300 KB"
    assert "docs/images/story.png" in (DOCS.parent / "README.md").read_text()
