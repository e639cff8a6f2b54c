"""When an event happened, from the sentence that reports it, read against what its article tells of
its own time (article_time.py: the reference day, the time expressions, the office holders' era,
the summits).

The cascade, in order (docs/events.md, step 4 of the events stage): the time expression of the
sentence closest to the trigger (within its paragraph, with a fragment the parser cut off before
it), unless a future clause or a clause below the trigger governs it, or it is a quotation's
"aujourd'hui" whose saying the text does not date; "la veille", "le lendemain" counted from the day
the sentence gives; a night between two days dated the second; else, for a weekday, the one day
of a summit the article names, or the latest full date it states; else the reference date itself,
marked `date_precision = "reference"`, or the day the article names as its own. Without a
reference day, what the text says is kept as a constraint (veille.dates: "Tuesday", "Saturday
between 2018-02-22 and 2018-04-07" when the article is stamped with a month only, "on XXXX-03-30"
for a day without its year), never guessed; a day given with its weekday ("lundi 4 mars") takes
the one year of the article's time in which that day is that weekday, when there is exactly one.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..kb.model import alias_key
from .article_time import WEEK, ArticleTime, When, month_day
from .lexicon import load_lexicon
from .syntax import tense


class DocumentTiming:
    """The date of each event of one document."""

    def __init__(self, time: ArticleTime) -> None:
        self.time = time
        self.doc = time.doc
        self.reference = time.reference  # the article's day: an event its words do not date takes it
        self.sentences = time.sentences
        self.words = time.words
        self._saying = load_lexicon(time.language).reported  # verbs of saying, among other attribution cues
        self._verbs: dict[tuple[int, int], object] = {}  # an expression's span → the verb it hangs on

    def event_date(self, index: int, sentence, token) -> When | None:
        """The date of the event a trigger reports, by the cascade above."""
        first, last = self._dating_span(index, sentence, token)
        # A future clause's day is never the event's, even as a bare weekday; one the parse hangs
        # below the trigger may still be a saying's ("…, a déclaré jeudi le vice-président").
        found, future = [], []
        for e in self.time.expressions:
            if not (first <= e.start < last) or self.time.quoted_deictic(e) or e.value.type not in ("DATE", "TIME"):
                continue
            if self._in_future_clause(e, token):
                future.append(e)
            elif (e.value.first or _unanchored_day(e.value)) and not self._in_embedded_clause(e, token):
                found.append(e)
        nearest = min(found, key=lambda e: abs(e.start - token.idx), default=None)
        span_text = _blanked(self.doc.article.clean_text, first, last, future)
        shift = self._anchored_offset(token.idx, first, last)  # "son entretien de la veille"
        best = min((e for e in found if not _overlaps(e, shift)), key=lambda e: abs(e.start - token.idx),
                   default=None) if shift else nearest
        if shift and best is None and self._weekday(span_text) is None:
            shift, best = None, nearest  # no other day in the sentence: counted from the article's day
        days = shift[0] if shift else None
        night = best is not None and (bool(self.words.night_range.search(best.text)) or bool(  # "de jeudi à hier"
            self.words.night_to_deictic.search(self.doc.article.clean_text, best.start, best.end + 16)))
        if best and best.value.first:
            if night and days is None:
                return When(best.value.last.isoformat(), "day", best.value.last, best.value.last)
            return _when(best.value) if days is None else _shifted(best.value, days)
        # a weekday or a day without its year: what it says, else the weekday the span names
        weekday = self._weekday(best.text if best else span_text)
        if weekday is None and best is None:
            weekday = self._deictic_weekday(first, last)
        days = (days or 0) + night
        if weekday is not None:
            weekday = (weekday + days) % 7
        summit_day = self.time.summit_day(weekday) or self.time.stated_day(weekday)
        if summit_day:
            return When(summit_day.isoformat(), "day", summit_day, summit_day)
        if self.reference or (best is None and weekday is None and not days and self.time.own_day):
            return self.undated()  # no day the words give: the article's own
        month_and_day = month_day(best.value, days) if best else None
        if weekday is not None and month_and_day and (day := self.time.year_of_weekday(weekday, month_and_day)):
            return When(day.isoformat(), "day", day, day)
        constraint = self.time.constraint(weekday, month_and_day)
        return When(None, "unknown", constraint=str(constraint)) if constraint else None

    def undated(self) -> When | None:
        """The date of an event its text gives no time for: the article's day, else the day the
        article names as its own ("ce 30 mars"), else none."""
        if self.reference:
            return When(self.reference.isoformat(), "reference", self.reference, self.reference)
        return self.time.own_day

    def recent(self, day: date) -> bool:
        """Whether a day is within a week of the article's day (or month), when it has one."""
        if self.reference:
            return abs(day - self.reference) <= WEEK
        return not self.time.month or self.time.month[0] - WEEK <= day <= self.time.month[1] + WEEK

    def restatement_date(self, index: int) -> When | None:
        """The date of a statement that sentence ``index`` refers back to ("a fait cette déclaration
        lundi soir"), when it does."""
        if index >= len(self.sentences):
            return None
        sentence = self.sentences[index]
        match = self.words.restatement_pattern.search(sentence.text)
        if not match:
            return None
        span = self.doc.spacy_doc.char_span(sentence.start_char + match.start(), sentence.start_char + match.end(),
                                            alignment_mode="expand")
        return self.event_date(index, sentence, span.root) if span is not None else None

    def _anchored_offset(self, offset: int, first: int, last: int) -> tuple[int, int, int] | None:
        """"la veille", "le lendemain"... (days, start, end) when it is the span's time expression
        nearest the trigger at ``offset``."""
        phrases = list(self.words.offset_pattern.finditer(self.doc.article.clean_text, first, last))
        if not phrases:
            return None
        phrase = min(phrases, key=lambda m: abs(m.start() - offset))
        distance = abs(phrase.start() - offset)
        if any(abs(e.start - offset) < distance for e in self.time.expressions
               if first <= e.start < last and not _overlaps(e, phrase)):
            return None
        return self.words.offsets[alias_key(phrase.group(0))], phrase.start(), phrase.end()

    def _governing_verb(self, expression):
        """The verb a time expression hangs on, if any (found once: every event of the sentence asks)."""
        key = (expression.start, expression.end)
        if key not in self._verbs:
            span = self.doc.spacy_doc.char_span(*key, alignment_mode="expand")
            ancestors = span.root.ancestors if span is not None else ()
            self._verbs[key] = next((t for t in ancestors if t.pos_ == "VERB"), None)
        return self._verbs[key]

    def _in_embedded_clause(self, expression, token) -> bool:
        """"Quatre diplomates ont été expulsés en réponse à la décision de la France d'expulser
        (...) le 26 mars": a date inside a clause below the trigger dates that clause's verb. A
        verb of saying is not such a clause: the parser hangs an incise ("…, a annoncé jeudi 11
        avril le ministre") below the event it reports, which the saying's day dates."""
        verb = self._governing_verb(expression)
        return (verb is not None and verb.i not in (token.i, token.head.i) and token.is_ancestor(verb)
                and verb.lemma_.casefold() not in self._saying)

    def _in_future_clause(self, expression, token) -> bool:
        """"« Le début de la trêve coïncidera avec l'Aïd, dans la nuit de dimanche à lundi », a
        précisé Kerry, qui s'exprimait à Genève": a day that a future verb of another clause governs
        is when that will happen, not when the past event did."""
        verb = self._governing_verb(expression)
        if verb is None or verb.i in (token.i, token.head.i) or tense(verb) != "future":
            return False
        own = token if token.pos_ in ("VERB", "AUX") else next((t for t in token.ancestors if t.pos_ == "VERB"), None)
        return own is None or tense(own) != "future"

    def _deictic_weekday(self, first: int, last: int) -> int | None:
        """The weekday of the "hier" or "aujourd'hui" nearest the span's start, outside quotations,
        in an article whose own weekday is known."""
        if self.time.published_weekday is None:
            return None
        for match in self.words.deictic_pattern.finditer(self.doc.article.clean_text, first, last):
            if not self.time.quote_at(match.start()):
                return (self.time.published_weekday + self.words.deictic_offset(match.group(0))) % 7
        return None

    def _dating_span(self, index: int, sentence, token) -> tuple[int, int]:
        """Where the words dating an event may be: its sentence, within the trigger's paragraph (the
        parser's sentences sometimes run across a paragraph break), together with a fragment before
        it that the parser cut off (no final punctuation: "Obama a demandé dimanche à son homologue
        russe" | "Vladimir Poutine des efforts...")."""
        text = self.doc.article.clean_text
        first, last = sentence.start_char, sentence.end_char
        if index > 0:
            previous = self.sentences[index - 1]
            before = previous.text.rstrip()
            if before and before[-1] not in ".!?»\"”:;" and "\n" not in text[previous.end_char:first]:
                first = previous.start_char
        paragraph_start = text.rfind("\n", 0, token.idx) + 1
        paragraph_end = text.find("\n", token.idx)
        return max(first, paragraph_start), min(last, len(text) if paragraph_end < 0 else paragraph_end)

    def _weekday(self, text: str) -> int | None:
        match = self.words.weekday_pattern.search(text)
        return self.words.weekdays.index(alias_key(match.group(1))) if match else None


def imminent(when: When | None, reference: date | None, days: int) -> bool:
    """A planned event dated within the next few days (a preview of a meeting) keeps its type."""
    return bool(when and when.first and when.precision != "reference" and reference
                and 0 <= (when.first - reference).days <= days)


def _overlaps(expression, span) -> bool:
    """Whether a time expression overlaps a span: a regex match, or a (days, start, end) shift."""
    start, end = (span.start(), span.end()) if isinstance(span, re.Match) else span[1:]
    return expression.start < end and start < expression.end


def _blanked(text: str, first: int, last: int, expressions: list) -> str:
    """text[first:last] with the given expressions blanked out (offsets kept)."""
    chars = list(text[first:last])
    for e in expressions:
        for i in range(max(e.start, first), min(e.end, last)):
            chars[i - first] = " "
    return "".join(chars)


def _shifted(value, days: int) -> When:
    """A day ``days`` after the day a value gives (its first day, for a longer period)."""
    day = value.first + timedelta(days=days)
    return When(day.isoformat(), "day", day, day, shifted=True)


def _when(value) -> When:
    """An event's time at its value's own precision: a day is cut to its date ("2017-05-02TEV"), a
    season ("2020-FA"), a week or a decade ("201X") stays what it is, never read as a day."""
    text = value.value[:10] if value.precision == "day" else value.value
    return When(text, value.precision, value.first, value.last)


def _unanchored_day(value) -> bool:
    """A weekday ("XXXX-WXX-7") or a day without its year ("XXXX-03-30"), read without a reference."""
    return value.value.startswith("XXXX-") and value.precision == "day"
