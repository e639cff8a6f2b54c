"""bench/link_audit.py: the shares of a judged sample of linked mentions."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "bench" / "link_audit.py"
_SPEC = importlib.util.spec_from_file_location("link_audit", _PATH)
link_audit = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(link_audit)


def test_unclear_verdicts_are_left_out_of_the_shares():
    lines = [{"verdict": "right"}] * 6 + [{"verdict": "wrong"}, {"verdict": "place_as_person"}, {"verdict": "unclear"}]
    result = link_audit.score(lines)
    assert (result["judged"], result["unclear"]) == (8, 1)
    assert (result["right"], result["place_person_confusions"]) == (0.75, 0.125)


def test_a_line_without_a_known_verdict_is_an_error_not_a_skip():
    with pytest.raises(ValueError, match="line 2: verdict 'maybe'"):
        link_audit.score([{"verdict": "right"}, {"verdict": "maybe"}])


def test_score_names_the_file_and_exits_non_zero_on_a_bad_line(tmp_path, capsys):
    judged = tmp_path / "audit.jsonl"
    judged.write_text('{"verdict": "right"}\n{"mention": "Douma"}\n', encoding="utf-8")
    assert link_audit.main(["score", str(judged)]) == 1
    assert capsys.readouterr().err.startswith(f"link_audit: {judged}: line 2: verdict None")
