"""The words of a sentence that trigger an event: step 1 of the events stage (docs/events.md).

A trigger is a multi-word phrase of the language's lexicon (lang/<code>/events.toml), longest
first, or a lemma of the right part of speech (pronominal verbs only with "se"). A verb's
complement can change its sense ("appeler à la retenue" is a request, "appeler Poutine" a call):
the lexicon lists such senses as phrases of the verb and its preposition ("appeler à"), which
win over the verb's own entry and make a trigger of a verb that has none ("évoquer par
téléphone").
"""

from __future__ import annotations

from collections.abc import Iterator

from . import syntax
from .lexicon import Lexicon, Trigger

_AUXILIARIES = {"aux", "aux:tense", "aux:pass", "cop"}


def sentence_triggers(sentence, lexicon: Lexicon) -> Iterator[tuple[object, Trigger]]:
    """(token, trigger) of each trigger of a sentence: its phrases first, then its lemmas, each
    word in one trigger at most."""
    tokens = [t for t in sentence if not t.is_quote]  # 'en soit "responsable"' is the phrase
    used: set[int] = set()
    starts = lexicon.phrase_starts
    openings = [i for i, t in enumerate(tokens) if t.lower_ in starts or t.lemma_.casefold() in starts]
    for size in range(lexicon.max_phrase_words, 1, -1):
        for start in openings:
            window = tokens[start:start + size]
            if len(window) < size:
                continue
            for form in (" ".join(t.lower_ for t in window), " ".join(t.lemma_.casefold() for t in window)):
                trigger = lexicon.phrases.get(form)
                if trigger and not used & {t.i for t in window}:
                    used |= {t.i for t in window}
                    yield syntax.head_of(window), trigger
                    break
    for token in tokens:
        if token.i in used:
            continue
        # the tagger takes some headline verbs for auxiliaries ("la Russie expulse", AUX)
        pos = "VERB" if token.pos_ == "AUX" and token.dep_ not in _AUXILIARIES else token.pos_
        trigger = lexicon.lemmas.get((token.lemma_.casefold(), pos))
        if trigger and (not trigger.pronominal or syntax.is_pronominal(token)):
            yield token, sense(token, trigger, lexicon)
        elif token.pos_ == "VERB" and (found := sense(token, None, lexicon)):
            yield token, found  # "ont évoqué par téléphone": the complement makes the event


def sense(token, trigger: Trigger | None, lexicon: Lexicon) -> Trigger | None:
    """A verb's preposition can change its sense: "appeler à la retenue" is a request, "appeler
    Poutine" a call — the lexicon lists such senses as phrases ("appeler à")."""
    lemma = token.lemma_.casefold()

    def phrase(*words: str) -> Trigger | None:
        return lexicon.phrases.get(" ".join((lemma, *words)))

    for child in token.children:
        if child.dep_ in ("obl:arg", "obl:mod", "obl", "xcomp", "iobj"):
            for marker in child.children:
                if marker.dep_ in ("case", "mark"):
                    # "appeler à" / "s'entretenir ... par téléphone" / "parler au téléphone"
                    word = lexicon.contractions.get(marker.lower_, marker.lower_)
                    found = phrase(word, child.lemma_.casefold()) or phrase(word)
                    if found:
                        return found
        elif child.dep_ == "amod":  # "une « très bonne conversation » téléphonique"
            found = phrase(child.lemma_.casefold())
            if found:
                return found
    for following in token.doc[token.i + 1: token.i + 4]:  # "a appelé vendredi à la retenue", misparsed
        if following.dep_ in ("case", "mark"):
            found = phrase(lexicon.contractions.get(following.lower_, following.lower_))
            if found:
                return found
    return trigger
