"""Words and sentences in scripts written without spaces between words (Chinese, Japanese, Thai),
and words of scripts with vowel signs (Hindi).

Passages are sized, and snippets split, in words, and a whitespace split counts a whole
Chinese or Japanese clause, or a Thai phrase, as one word: a "120-word" Chinese passage held
about 1,800 characters, and a snippet's "sentence" was a whole paragraph, since Chinese puts no
space after "。" and Thai marks a sentence's end with a space only. Here such text is counted
by characters at the rate of XQuAD-R's parallel paragraphs, where one English word stands for
1.7 Han characters and 5.8 Thai characters (29,724 English words; 47,375 Han and 161,320 Thai
characters). Japanese kana are counted at the Han rate (no parallel text here to measure them;
it errs toward shorter passages). Korean writes spaces between words and needs nothing.

Where such text may be cut (a snippet's window) or joined (a PDF's wrapped lines) follows the
script too. Tokens for BM25 and the quality prior keep marks: Python's `\\w` leaves out the
vowel signs and viramas of Hindi and its neighbours, cutting their words at every syllable.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from collections.abc import Callable
from functools import cache

HAN_PER_WORD = 1.7
THAI_PER_WORD = 5.8
_HAN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_THAI = "\u0e00-\u0e7f"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_THAI_CHAR = re.compile(f"[{_THAI}]")
_NO_SPACE = re.compile(f"[{_HAN}{_THAI}]")
_OTHER_WORD = re.compile(f"[^\\W{_HAN}{_THAI}]+")
# A sentence ends after a full-width stop (not before its closing quote), and a Thai sentence at
# a space between two Thai letters.
_FULL_STOP = "。！？"
_CLOSERS = "」』）〕】》”’\"'"
_OPENERS = "「『（〔【《"
_ENDS_UNSPACED = re.compile(f"[{_FULL_STOP}][{_CLOSERS}]*$")
NO_SPACE_BREAK = re.compile(
    f"(?<=[{_FULL_STOP}])(?![{_CLOSERS}{_FULL_STOP}])\\s*"
    f"|(?<=[{_FULL_STOP}][{_CLOSERS}])\\s*"
    f"|(?<=[{_THAI}])\\s+(?=[{_THAI}])"
)


_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# A contents page's dot leader ("........", ". . . . .", "……", "____"): the quality prior counts
# them (kb/answer/quality.py), and a saved page's line ending in one and a page number is a
# contents entry (kb/ingest/parse/running.py)
DOT_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")


def has_word(text: str) -> bool:
    """Whether a text holds a letter or digit in any script: a paragraph without one (a saved
    page's empty bold "****", a rule "* * *", a lone bullet) is furniture, not content."""
    return _LETTER_OR_DIGIT.search(text) is not None


def has_no_space_script(text: str) -> bool:
    return _NO_SPACE.search(text) is not None


def word_count(token: str) -> float:
    """How many words one whitespace-separated token stands for (1 for spaced scripts)."""
    if not has_no_space_script(token):
        return 1.0
    return max(1.0, _weight(token))


def _weight(run: str) -> float:
    han = len(_HAN_CHAR.findall(run))
    thai = len(_THAI_CHAR.findall(run))
    return han / HAN_PER_WORD + thai / THAI_PER_WORD + len(_OTHER_WORD.findall(run))


def text_words(text: str) -> float:
    """The length of a text in words, counting unspaced scripts by characters."""
    if not has_no_space_script(text):  # most text: one scan in C instead of one per word
        return float(len(text.split()))
    return sum(word_count(token) for token in text.split())


def split_unspaced(parts: list[str]) -> list[str]:
    """`parts` (sentences split by the caller's own rule) split again where unspaced scripts end
    a sentence; text in other scripts passes unchanged."""
    out: list[str] = []
    for part in parts:
        if has_no_space_script(part):
            out.extend(p.strip() for p in NO_SPACE_BREAK.split(part) if p.strip())
        else:
            out.append(part)
    return out


def glue(left: str, right: str) -> str:
    """Two runs of text joined as the script writes them: no space between two unspaced-script
    sentences ("…完成。" + "下一句…"), one space otherwise."""
    opens = right[:1] in _OPENERS or _NO_SPACE.match(right) is not None
    if opens and _ENDS_UNSPACED.search(left):
        return left + right
    return f"{left} {right}" if left and right else left or right


def cut_words(sentence: str, size: float) -> list[str]:
    """A sentence longer than `size` words cut into runs of at most `size` words; a run of
    unspaced script is cut between characters, other text between words."""
    pieces: list[tuple[str, bool, float]] = []  # (text, joins the one before, its words)
    for token in sentence.split():
        if word_count(token) <= 1:
            pieces.append((token, False, 1.0))
            continue
        step = math.ceil(HAN_PER_WORD if _HAN_CHAR.search(token) else THAI_PER_WORD)
        for i in range(0, len(token), step):
            piece = token[i : i + step]
            pieces.append((piece, i > 0, _weight(piece) or 1.0))
    parts: list[str] = []
    current, weight = "", 0.0
    for text, joined, w in pieces:
        if current and weight + w > size:
            parts.append(current)
            current, weight = "", 0.0
            joined = False
        current = current + text if joined else (f"{current} {text}" if current else text)
        weight += w
    if current:
        parts.append(current)
    return parts


# ---- where text may be cut or joined -----------------------------------------------------
# Beside these, any character boundary is a word boundary (Thai words run over several letters,
# so Thai is cut at spaces, like spaced scripts).
_BETWEEN_WORDS = re.compile(f"[{_HAN}\u3000-\u303f\uff00-\uffef]")


def word_boundary(text: str, at: int) -> bool:
    """Whether a cut at `at` falls between words: at a space, or after a Chinese or Japanese
    character or full-width punctuation."""
    if at <= 0 or at >= len(text):
        return True
    return text[at - 1].isspace() or bool(_BETWEEN_WORDS.match(text[at - 1]))


def last_boundary(text: str) -> int:
    """Where to end `text` cut from a longer one: after its last sentence end in an unspaced
    script, else at its last space, else its length."""
    stop = max(text.rfind(ch) for ch in _FULL_STOP)
    if stop > len(text) // 2:
        return stop + 1
    if _BETWEEN_WORDS.match(text[-1:]):
        return len(text)
    space = text.rfind(" ")
    return space if space > 0 else len(text)


def joins_unspaced(left: str, right: str) -> bool:
    """Whether two pieces of one line of thought meet with no space between them: a Chinese or
    Japanese character or full-width mark on both sides (a PDF's line wrap inside a clause)."""
    return bool(
        left and right and _BETWEEN_WORDS.match(left[-1]) and _BETWEEN_WORDS.match(right[0])
    )


# ---- tokens ---------------------------------------------------------------------------------
_UNIT = re.compile(f"[{_HAN}{_THAI}]|[^{_HAN}{_THAI}]+")


def units(word: str) -> list[str]:
    """A word split into comparable units: each character of an unspaced script alone (where a
    PDF wraps a line inside a Chinese clause is chance, not content), other text whole."""
    return _UNIT.findall(word) if has_no_space_script(word) else [word]


def char_class(wanted: Callable[[str], object]) -> str:
    """The body of a regex character class holding every code point `wanted` accepts, as
    ranges (one scan of Unicode, ~0.2 s: build it once and cache the pattern)."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if wanted(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in ranges)
    return "".join(parts)


@cache
def _marks() -> str:
    """Every Unicode mark (categories Mn, Mc, Me)."""
    return char_class(lambda ch: unicodedata.category(ch)[0] == "M")


@cache
def word_pattern() -> re.Pattern[str]:
    """Words as runs of letters, digits and marks. Python's `\\w` leaves out vowel signs and
    viramas, which split Hindi (and Bengali, Tamil…) words at nearly every syllable:
    "पैंथर्स" came out as "प", "थर", "स"."""
    return re.compile(f"[\\w{_marks()}]+")


@cache
def wordlike_pattern() -> re.Pattern[str]:
    """A letter and at least one more letter or mark: what makes a token a word, not a number
    or a symbol."""
    return re.compile(f"[^\\W\\d_](?:[^\\W\\d_]|[{_marks()}])+")
