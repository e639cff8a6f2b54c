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
])
def test_bad_settings_files_are_named(tmp_path, text, message):
    config = tmp_path / "veille.toml"
    config.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(config, environ={})


def test_bad_environment_values_are_named():
    with pytest.raises(ConfigError, match="VEILLE_WORKERS='two': not an integer"):
        load_settings("/nonexistent.toml", environ={"VEILLE_WORKERS": "two"})
    assert Settings().db == "veille.db"
