import os

import pytest

from veille.errors import ConfigError
from veille.settings import Settings, load_settings


def test_defaults_then_file_then_environment_then_flags(tmp_path):
    config = tmp_path / "veille.toml"
    config.write_text('[veille]\ndb = "from-file.db"\nbatch_size = 8\n')
    settings = load_settings(config, environ={"VEILLE_BATCH_SIZE": "16"})
    assert (settings.db, settings.batch_size, settings.workers) == ("from-file.db", 16, 1)
    assert settings.with_overrides(batch_size=4, db=None).batch_size == 4


@pytest.mark.parametrize("text, message", [
    ("[veille]\ncolour = 'red'\n", "unknown setting"),
    ("[veille\n", "cannot read settings"),
    ("[veille]\nworkers = 0\n", "must be a positive integer"),
    ("[veille]\nworkers = 100000000000000000000\n", "workers=100000000000000000000: must be at most 256"),
    ("[veille]\nbatch_size = 4611686018427387904\n", "must be at most 100,000"),
    ("[veille]\nmax_file_bytes = 9223372036854775808\n", "must be at most 9,223,372,036,854,775,806"),
])
def test_bad_settings_files_are_named(tmp_path, text, message):
    config = tmp_path / "veille.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(config, environ={})


def test_bad_environment_values_are_named():
    with pytest.raises(ConfigError, match="VEILLE_WORKERS='two': not an integer"):
        load_settings(None, environ={"VEILLE_WORKERS": "two"})
    assert Settings().db == "veille.db"


def test_a_settings_file_named_that_is_missing_or_no_file_is_an_error_not_passed_over(tmp_path):
    """`--config veile.toml` (a typo) ran with the defaults, on another database, without a word."""
    with pytest.raises(ConfigError, match="veile.toml: cannot read settings \\(no such file\\)"):
        load_settings(tmp_path / "veile.toml", environ={})
    with pytest.raises(ConfigError, match="cannot read settings \\(not a regular file\\)"):
        load_settings(tmp_path, environ={})


def test_a_default_settings_file_that_is_no_file_is_an_error_not_passed_over(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_settings(None, environ={}) == Settings()  # none there: the defaults
    os.mkfifo(tmp_path / "veille.toml")  # reading it would wait for a writer
    with pytest.raises(ConfigError, match="veille.toml: cannot read settings \\(not a regular file\\)"):
        load_settings(None, environ={})
