"""The spaCy `zh` pipeline: jieba tokenizer with the lexicon user dictionary, then named components.

    documents -> lexicon -> regions -> agencies -> organizations -> titles -> programs -> targets
              -> resolve -> relations

Every component reads and writes plain data in `doc.user_data` (see `nlp.text.state`), so a Doc
can cross process boundaries in `nlp.pipe(..., n_process=N)`.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# importing the modules registers their components
from nlp import agencies, documents, lexicon, organizations, programs, regions, relations, resolve, targets, titles
from nlp.tokenizer import JiebaTokenizer

COMPONENTS = (
    documents.documents_component, lexicon.lexicon_component, regions.regions_component,
    agencies.agencies_component, organizations.organizations_component, titles.titles_component,
    programs.programs_component, targets.targets_component, resolve.resolve_component,
    relations.relations_component,
)
PIPE_NAMES = (
    "policykg_documents", "policykg_lexicon", "policykg_regions", "policykg_agencies", "policykg_organizations",
    "policykg_titles", "policykg_programs", "policykg_targets", "policykg_resolve", "policykg_relations",
)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built once per process (lexicons, automaton and jieba dictionary included)."""
    nlp = spacy.blank("zh")  # the default "char" segmenter is replaced right away
    nlp.tokenizer = JiebaTokenizer(nlp.vocab)
    nlp.max_length = 50_000_000
    for name in PIPE_NAMES:
        nlp.add_pipe(name)
    lexicon.get_lexicon()
    return nlp
