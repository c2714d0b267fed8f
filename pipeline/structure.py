"""Wire-copy structure: what each paragraph of a news item is, from its shape alone.

A wire feed delivers a headline, a dateline, a byline, body paragraphs, photo
captions, list items and credit lines ("(Editor: Li Ming)", "Source: Xinhua",
"Province opens new rail line -- Xinhua Net"). Only body paragraphs follow sentence
punctuation: a headline or a credit line never takes a final period, and a headline
keeps its case. The clean stage leaves non-body lines' punctuation and case alone;
the segment stage records each paragraph's kind; a summarizer may read a headline as
the item's strongest cue. Kinds are told apart by patterns any wire service uses,
never by one source's wording.
"""

from __future__ import annotations

import re
from typing import Sequence

from .document import Paragraph, Span

KINDS = ("body", "headline", "dateline", "byline", "credit", "caption", "list-item", "heading")
BODY = "body"

_TERMINAL = ".!?。！？"
_CLOSERS = "\"'”’)]）】"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = rf"(?:{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH}|(?:on )?the \d{{1,2}}(?:st|nd|rd|th))"
# "BEIJING, Aug. 19 (Xinhua) --", "China News Service, August 19th.", "Xinhua News Agency, Beijing, February 10th--"
DATELINE = re.compile(
    rf"^[A-Z][\w.&' -]{{1,60}}?(?:,\s*[A-Z][\w.' -]{{1,40}}?)?,?\s+{_DATE}(?:,\s*\d{{4}})?\s*"
    rf"(?:[(（][^()（）\n]{{1,60}}[)）])?\s*(?:--|—|–|-|:|\.|,)?\s*"
)
# "(Editor: Li Ming)", "Source: Xinhua", "[Editor:Li Shuofeng]", "Responsible editor: ..."
_CREDIT = re.compile(
    r"^[(\[【（]?\s*(?:responsible\s+)?(?:editor|editors|editor-in-charge|source|sources|proofreader|translator|"
    r"compiled by|edited by|executive editor|photo credit|copyright)s?\s*[:：]", re.I)
_BYLINE = re.compile(
    r"^[(\[【（]?\s*(?:by|reporter|reporters|correspondent|correspondents|author|written by|text by|"
    r"special correspondent|staff reporter)\b\s*[:：]?\s*\S", re.I)
_CAPTION = re.compile(
    r"^[(\[【（]?\s*(?:photo|picture|image|file photo|video)s?\b\s*(?:shows|taken|by|/|:|：|\(|credit)|"
    r"^this (?:photo|picture|image) (?:taken|shows|provided)", re.I)
# The words a list item may open with ("First, ...", "Secondly, ..."), in order.
ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
# A sentence's list number ("(1)", "(ii)", "(三)", "2.", "3)", a regulation's "Article 8 These measures ..."): a
# label, never a figure or part of a briefing sentence.
LIST_MARKER = re.compile(r"^\s*(?:[(（]\s*(?:\d{1,2}|[ivx]{1,4}|[一二三四五六七八九十]{1,2})\s*[)）]"
                         r"|\d{1,2}[.)](?!\d)|article\s+\d{1,3}\s+(?=(?-i:[A-Z])))\s*", re.I)
_LIST_ITEM = re.compile(r"^(?:[•·▪●◆■\-–*]\s+|\(?\d{1,2}[.)、]\s*(?=\S)|[（(]\d{1,2}[)）]\s*|[a-z][.)]\s+)")
# A line that ends with a source after a dash: "... -- Xinhua Net", "... - chinanews.com", "...-Ecns.cn"
_SOURCE_TAIL = re.compile(
    r"(?:\s(?:--|—|–|-)\s*|(?<=\w)(?:--|—|–|-)(?=[A-Z]))(?P<src>[A-Z][\w.&' ]{1,40})[\s\"”’]*$")
_SITE = re.compile(r"(?:\b[\w-]+\s?(?:\.|\bdot\b)\s?(?:com|cn|net|org|gov|co|uk)\b|\b[\w-]+ com$|"
                   r"\b(?:Xinhua|Xinhuanet|News|Net|Network|Daily|Times|Agency|Press|Post|Online|Radio|TV|"
                   r"Television|Herald|Tribune|Wire|Service|Ecns|Chinanews|CGTN|CCTV|Reuters|AFP|AP)\b)", re.I)
_ENDS_WITH_SITE = re.compile(r"(?:\s|^)(?:[\w-]+(?:\.|\s)(?:com|cn|net|org)|[\w-]+\.[\w.-]+)[\s\"”’]*$", re.I)
_PAREN_TAIL = re.compile(r"[(（][^()（）]{1,60}[)）][\s\"”’]*$")
_SENTENCE_INSIDE = re.compile(r"[.!?。！？][\"'”’)]*\s+[\"“(]*[A-Z]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

# Words a sentence cannot end on: a line ending with one was cut mid-sentence, so it is no headline.
DANGLING = frozenset(
    "and or but nor to of in on at by for with from as that which who whose than the a an its their our "
    "should must will would can could may might shall is are was were be been has have had".split()
)
_CONTINUATION = re.compile(r"^\s*[a-z,;:)\]，；、]")  # a line that carries on the sentence before it

_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|must|may|might|do|does|"
                          r"did|kept|rose|fell|grew|made|took|gave|held|went|became)\b|\b[a-z]{3,}ed\b")

MIN_SENTENCE_WORDS = 6  # a later line shorter than this without a final mark is a heading
# (the clean stage passes its config's ``structure`` values for all three)
MAX_HEADLINE_WORDS = 30  # a longer line without a final mark is a sentence that lost it
MAX_LINE_WORDS = 12  # credit, byline and heading lines are short


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    """Does the paragraph end on a terminal mark (maybe inside closing quotes or brackets)?"""
    t = text.rstrip()
    while t and t[-1] in _CLOSERS:
        t = t[:-1].rstrip()
    return bool(t) and t[-1] in _TERMINAL


_TAIL_CHARS = 200  # a source tail is at most a dash, 40 characters of name and closing quotes


def has_source_tail(text: str) -> bool:
    """Does the line end with a publisher's name after a dash, or with a site's name? Only the line's
    last characters are searched (lookbehinds still see before them), so a long paragraph costs no more."""
    tail = max(0, len(text) - _TAIL_CHARS)
    m = _SOURCE_TAIL.search(text, tail)
    if m and len(m["src"].split()) <= 4 and _SITE.search(m["src"]):
        return True
    return bool(_ENDS_WITH_SITE.search(text, tail)) and not ends_sentence(text)


def paragraph_kind(text: str, index: int = 0, in_lead: bool = True, max_headline_words: int = MAX_HEADLINE_WORDS,
                   max_line_words: int = MAX_LINE_WORDS, min_sentence_words: int = MIN_SENTENCE_WORDS) -> str:
    """The kind of one paragraph (trimmed text). ``index`` is its place in the item and
    ``in_lead`` says no body paragraph came before it: a leading run of lines without a
    final mark is the headline (and its deck); later, a short one is a heading."""
    t = text.strip().strip("“”\"")
    if not t:
        return BODY
    words = _words(t)
    n = len(words)
    bracketed = t[0] in "([【（" and t[-1] in ")]】）" and n <= max_line_words and not _SENTENCE_INSIDE.search(t)
    if _CREDIT.match(t) or bracketed:
        return "credit"
    if _BYLINE.match(t) and n <= max_line_words and not ends_sentence(t):
        return "byline"
    if n <= max_line_words and has_source_tail(t) and (_SOURCE_TAIL.match(t.lstrip("-–— ")) or t[0] in "-–—"):
        return "credit"  # "- Chinanews.com" alone on its line
    if _CAPTION.match(t):
        return "caption"
    if DATELINE.fullmatch(t):
        return "dateline"
    if _LIST_ITEM.match(t) and n <= 80:
        return "list-item"
    if t[-1] in ",;:，；：、" or (words and words[-1].lower() in DANGLING and t[-1].isalpha()):
        return BODY  # a sentence cut off mid-way, whatever its length
    open_ended = not ends_sentence(t)
    if has_source_tail(t) or (open_ended and _PAREN_TAIL.search(t) and not _SENTENCE_INSIDE.search(t)):
        return "headline" if in_lead else "credit"
    if open_ended and not _SENTENCE_INSIDE.search(t):
        if in_lead and n <= max_headline_words:
            return "headline"
        if n <= max_line_words and (n < min_sentence_words or not _FINITE_VERB.search(t)):
            return "heading"  # "Main tasks", "Two-day itinerary to seek business opportunities"
    return BODY


def classify(text: str, spans: Sequence[Span], **limits: int) -> list[Paragraph]:
    """Each span of ``text`` as a :class:`Paragraph` with its kind, in order."""
    out, in_lead = [], True
    for i, s in enumerate(spans):
        continued = i + 1 < len(spans) and bool(_CONTINUATION.match(text[spans[i + 1].start : spans[i + 1].end]))
        kind = BODY if continued else paragraph_kind(text[s.start : s.end], i, in_lead, **limits)
        if kind == BODY:
            in_lead = False
        out.append(Paragraph(s.start, s.end, kind))
    return out


def line_spans(text: str) -> list[Span]:
    """The non-blank lines of ``text``, trimmed: the unit a wire feed sets each element on."""
    spans, pos = [], 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append(Span(a, b))
    return spans


def wire_lines(text: str, **limits: int) -> list[Paragraph]:
    """Every non-blank line of ``text`` with its kind."""
    return classify(text, line_spans(text), **limits)
