"""Search: alias-aware, ranked, paginated lookup of entities and documents by name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Store, next_offset
from api.entities import api_path
from api.schemas import SearchHit, SearchPage
from api.search import search
from nlp.models import EntityType

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchPage)
def search_route(
    store: Store,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Name, alias or words of a title.")],
    type: Annotated[EntityType | None, Query(description="Only entities of this type.")] = None,  # noqa: A002
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
) -> SearchPage:
    """Entities and documents whose name, alias or title matches `q` (发改委 finds 国家发展和改革委员会).

    Ranked: exact name, exact alias, name prefix, name contains, alias contains,
    then full-text matches (queries `search_names` and `search_fulltext`); `score` is comparable within a
    response (the tier, 5 down to 0, plus a fraction from the full-text score). When `q` is exactly a name or
    an alias, full-text-only hits are left out.
    """
    hits = search(store, q, type, limit, offset)
    items = [SearchHit(id=h.id, type=h.type, name=h.name, aliases=h.aliases, documents=h.documents, match=h.match,
                       score=h.score, href=api_path(h.type, h.id)) for h in hits[:limit]]
    return SearchPage(query=q, items=items, offset=offset, limit=limit,
                      next_offset=next_offset(offset, limit, len(hits)))
