"""The jieba tokenizer of the `zh` pipeline, with a user dictionary built from the lexicons.

spaCy's own `ChineseTokenizer(segmenter="jieba")` runs jieba's HMM for unknown words and builds
words-and-spaces in a Python loop; neither helps here: the lexicon words are added to the jieba
dictionary so that entity boundaries are token boundaries, and every character of the input,
whitespace included, stays in some token so `doc_text(doc) == text` and character offsets into the
doc are offsets into the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from math import log

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.lexicon import get_lexicon, jieba_tags, jieba_words
from nlp.text import BOUNDS, SOURCE, TEXT, WORDS, split_source

# jieba logs its dictionary loading at INFO on stderr; keep the CLI's output clean.
jieba.setLogLevel(logging.WARNING)

# Frequency given to lexicon words missing from jieba's dictionary: high enough that a long name
# beats the product of its parts, low enough not to override common two-character words.
_USER_FREQ = 200


@lru_cache(maxsize=1)
def policy_segmenter() -> jieba.Tokenizer:
    """A private jieba Tokenizer (the global one is left alone) with the lexicon words added."""
    seg = jieba.Tokenizer()
    seg.initialize()
    freq = seg.FREQ
    for w in jieba_words():
        if freq.get(w, 0) < _USER_FREQ:
            seg.add_word(w, _USER_FREQ)
    # jieba's own dictionary glues place names to what follows (江西省人民政府, 自治区人民政府):
    # such compounds would hide the place's boundary, so they are taken out.
    places = {n for n, r in get_lexicon().regions.items() if r.code and len(n) >= 3}
    glued = [w for w, f in freq.items() if f and len(w) > 3
             and any(w[:k] in places for k in range(3, min(len(w), 10)))]
    for w in glued:
        seg.del_word(w)
    return seg


# Policy language is formulaic: a quarter of the characters of the work reports sit in clauses
# seen before (习近平新时代中国特色社会主义思想, 高质量发展). jieba's result for a clause depends on
# the clause alone, so it is kept; the cache stops growing at this many clauses.
_CACHE_LIMIT = 300_000
_RE_HAN = jieba.re_han_default
_RE_SKIP = jieba.re_skip_default


def segment(text: str) -> list[str]:
    """`policy_segmenter().lcut(text, HMM=False)`, with each Han/alphanumeric block's cut cached.

    Same blocks, same per-block algorithm (jieba's DAG without HMM), same order as jieba's
    `cut(cut_all=False, HMM=False)`.
    """
    cut_block = _block_cutter()
    cache = _BLOCK_CACHE
    out: list[str] = []
    extend = out.extend
    for blk in _RE_HAN.split(text):
        if not blk:
            continue
        if _RE_HAN.match(blk):
            words = cache.get(blk)
            if words is None:
                words = list(cut_block(blk))
                if len(cache) < _CACHE_LIMIT:
                    cache[blk] = words
            extend(words)
        else:
            for x in _RE_SKIP.split(blk):
                if _RE_SKIP.match(x):
                    out.append(x)
                else:
                    extend(x)  # punctuation and other symbols: one token per character, as jieba
    return out


_BLOCK_CACHE: dict[str, list[str]] = {}
_RE_ENG = jieba.re_eng


@lru_cache(maxsize=1)
def _block_cutter() -> Callable[[str], list[str]]:
    """jieba's `__cut_DAG_NO_HMM` for one block, the same result computed in one backward pass.

    jieba builds the whole DAG, then scores every edge with `max` over a generator that takes a `log`
    per edge: that is half its time. Here each start's edges are found and scored in the same loop, and
    each word's log-probability is computed once per process. The arithmetic is jieba's, in its order
    (log(freq or 1) - log(total), then + the rest of the route), and ties go to the longer word as
    jieba's tuple `max` does, so the cut is identical (tests/test_nlp_tokenizer.py holds this).
    """
    seg = policy_segmenter()
    freq = seg.FREQ
    logtotal = log(seg.total)
    logp: dict[str, float] = {}
    eng = _RE_ENG.match

    def cut(s: str) -> list[str]:
        n = len(s)
        score = [0.0] * (n + 1)
        nxt = [0] * (n + 1)
        for k in range(n - 1, -1, -1):
            best = None
            bx = k
            i = k
            frag = s[k]
            found = False
            while i < n and frag in freq:
                if freq[frag]:
                    found = True
                    lp = logp.get(frag)
                    if lp is None:
                        lp = logp[frag] = log(freq[frag]) - logtotal
                    sc = lp + score[i + 1]
                    if best is None or sc >= best:
                        best, bx = sc, i
                i += 1
                frag = s[k:i + 1]
            if not found:
                w = s[k]
                lp = logp.get(w)
                if lp is None:
                    lp = logp[w] = log(freq.get(w) or 1) - logtotal
                best, bx = lp + score[k + 1], k
            score[k], nxt[k] = best, bx + 1
        out: list[str] = []
        x, buf = 0, ""
        while x < n:
            y = nxt[x]
            word = s[x:y]
            if len(word) == 1 and eng(word):
                buf += word
            else:
                if buf:
                    out.append(buf)
                    buf = ""
                out.append(word)
            x = y
        if buf:
            out.append(buf)
        return out

    return cut


def clear_cache() -> None:
    """Forget the cached block cuts (benchmarks start cold)."""
    _BLOCK_CACHE.clear()


@lru_cache(maxsize=1)
def verbs() -> frozenset[str]:
    """Words jieba's dictionary tags as verbs or adverbs (v, d): they open clauses, not names."""
    return frozenset(w for w, tag in jieba_tags().items() if tag in ("v", "d", "ad", "p", "c"))


def word_freq() -> dict[str, int]:
    """jieba's word frequencies (with the lexicon words), to tell words from chance character pairs."""
    return policy_segmenter().FREQ


class JiebaTokenizer:
    """Callable `text -> Doc` for `nlp.tokenizer`; jieba without HMM, whitespace kept as tokens."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.seg = policy_segmenter()

    def __call__(self, raw: str) -> Doc:
        text, source = split_source(raw)
        words = segment(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.user_data[TEXT] = text  # Doc.text re-joins all tokens on every access
        doc.user_data[SOURCE] = source or ""
        # token boundaries (start offsets and the end), for the short-form checks; built in C
        starts = list(accumulate(map(len, words), initial=0))
        doc.user_data[BOUNDS] = set(starts)
        doc.user_data[WORDS] = (words, starts)  # for the lexicon lookup; dropped at the end
        return doc

    def __reduce__(self):
        # the jieba Tokenizer holds a lock; a worker process rebuilds its own (spawn start method)
        return (JiebaTokenizer, (self.vocab,))

    # spaCy calls these when saving/loading a pipeline; the tokenizer has no state of its own
    def to_bytes(self, **_kw) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_kw) -> JiebaTokenizer:
        return self

    def to_disk(self, _path, **_kw) -> None:
        return None

    def from_disk(self, _path, **_kw) -> JiebaTokenizer:
        return self


@spacy.registry.tokenizers("policykg.jieba.v1")
def jieba_tokenizer_factory() -> Callable[[Language], JiebaTokenizer]:
    """The extractor's tokenizer for a config file (`nlp/model/config.cfg`): a trained model sees the
    tokens the extractor makes, so its spans fall on the same boundaries and it can run on the same Doc."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab)

    return make
