"""The spaCy `zh` pipeline: jieba tokenizer with the lexicon user dictionary, then named components.

    lexicon -> documents -> jurisdiction -> regions -> agencies -> organizations -> titles -> programs -> targets
              [-> ner -> model, with POLICYKG_NER_MODEL] -> resolve -> output (relations by the rules of nlp.relations)

Every component reads and writes the typed `nlp.state.DocState`; the last one leaves only a plain
result dict, so a Doc can cross process boundaries in `nlp.pipe(..., n_process=N)`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# importing the modules registers their components
from nlp import (
    agencies,
    documents,
    jurisdiction,
    lexicon,
    ner,
    organizations,
    output,
    programs,
    regions,
    resolve,
    targets,
    titles,
)
from nlp.tokenizer import JiebaTokenizer

COMPONENTS = (
    lexicon.lexicon_component, documents.documents_component, jurisdiction.jurisdiction_component,
    regions.regions_component,
    agencies.agencies_component, organizations.organizations_component, titles.titles_component,
    programs.programs_component, targets.targets_component, resolve.resolve_component,
    output.output_component,
)
PIPE_NAMES = (
    "policykg_lexicon", "policykg_documents", "policykg_jurisdiction", "policykg_regions", "policykg_agencies",
    "policykg_organizations",
    "policykg_titles", "policykg_programs", "policykg_targets", "policykg_resolve", "policykg_output",
)


@Language.component("policykg_compact")
def compact_component(doc: Doc) -> Doc:
    """spaCy component: a token-less Doc carrying only the result (and the source path).

    With `n_process` > 1 spaCy ships every Doc back to the main process as bytes and rebuilds it
    there, serially; a 20,000-token Doc costs about as much to rebuild as to segment. The
    extractor needs only the result, so its pipeline ends here; `build_nlp(compact=False)` keeps
    the tokens for inspection.
    """
    small = Doc(doc.vocab, words=[])
    small.user_data.update(doc.user_data)
    return small


def build_nlp(compact: bool = True, ner_model: Path | None = None) -> Language:
    """A new pipeline: `zh` with the jieba tokenizer and the named components; with `ner_model` (a folder
    written by `policykg train`) also the trained NER stage (`nlp.ner`) before `policykg_resolve`."""
    nlp = spacy.blank("zh")  # the default "char" segmenter is replaced right away
    nlp.tokenizer = JiebaTokenizer(nlp.vocab)
    nlp.max_length = 50_000_000
    for name in PIPE_NAMES + (("policykg_compact",) if compact else ()):
        nlp.add_pipe(name)
    if ner_model is not None:
        ner.add_to(nlp, ner_model, before="policykg_resolve")
    lexicon.get_lexicon()
    return nlp


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The extractor's pipeline, built once per process (lexicons and jieba dictionary); the trained NER
    stage only when `POLICYKG_NER_MODEL` names a model (the default is the rules alone)."""
    from graph.settings import get_settings  # the one settings object; nlp/ reads only this field

    return build_nlp(compact=True, ner_model=get_settings().ner_model)
