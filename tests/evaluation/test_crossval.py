"""Story k-fold cross-validation: folds that never split a story, and the command's output."""

from __future__ import annotations

from pathlib import Path

from veille.evaluation import crossval
from veille.evaluation.corpus import Corpus


def _corpus(stories: list[str | None]) -> Corpus:
    articles = [{"id": f"a{n}", "text": "", "story": story, "event": f"e{n}" if story else None}
                for n, story in enumerate(stories)]
    return Corpus(Path("c"), articles, {})


def test_folds_never_split_a_story_and_are_balanced():
    stories = ["big"] * 6 + ["mid"] * 4 + ["mid2"] * 4 + ["small"] * 2 + [None] * 4
    folds = crossval.story_folds(_corpus(stories), 3)
    by_story: dict = {}
    for n, story in enumerate(stories):
        if story:
            by_story.setdefault(story, set()).add(folds[f"a{n}"])
    assert all(len(found) == 1 for found in by_story.values())
    sizes = [sum(1 for f in folds.values() if f == k) for k in range(3)]
    assert max(sizes) - min(sizes) <= 1
    assert len({folds[f"a{n}"] for n in range(16, 20)}) == 3  # off-topic articles spread over the folds


def test_the_command_prints_held_out_first_with_in_sample_and_the_gap(cli, monkeypatch, tmp_path):
    scores = {"articles": 3, "clustering": {"b3_f1": 0.9}, "main_event": {"n": 2, "type_accuracy": 0.5},
              "offtopic": {"n": 1, "false_event_rate": 0.0}, "published_inference": {"n": 0, "accuracy": None}}
    inside = {**scores, "main_event": {"n": 2, "type_accuracy": 0.75}}
    given = {}

    def fake(folders, settings, *, folds, rules_only, titles):
        given.update(folders=folders, folds=folds, rules_only=rules_only, titles=titles)
        return {"folds": folds, "held_out": scores, "in_sample": inside, "seconds": 1.0}

    monkeypatch.setattr("veille.cli.evaluate.cross_validate", fake)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    result = cli("evaluate", "--cross-validate", "--folds", "3", str(tmp_path / "a"), str(tmp_path / "b"))
    assert result.exit_code == 0, result.output
    assert given == {"folders": (str(tmp_path / "a"), str(tmp_path / "b")), "folds": 3, "rules_only": False,
                     "titles": False}
    line = next(line for line in result.output.splitlines() if line.startswith("main_event.type_accuracy"))
    assert line.split()[1:] == ["0.500", "0.750", "+0.250"]
    assert cli("evaluate", "--cross-validate", "--titles-only", str(tmp_path / "a")).exit_code == 0
    assert given["titles"] is True
    two = cli("evaluate", str(tmp_path / "a"), str(tmp_path / "b"))
    assert two.exit_code == 2 and "with --cross-validate" in two.output
