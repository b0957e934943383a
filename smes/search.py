"""The directory's word search.

On PostgreSQL: full-text search in the language-agnostic 'simple' configuration over the
company's name and its profile's description, offers and needs (every word of the query must
occur, as a word or the start of one, in one of them), or a name that looks like the query
(trigram word similarity, for short or misspelt names: "Helsinborg Kelp"). Each part is read
through its own GIN index (migration smes 0005), and the matches come first by rank: a name
match above a match in the description. Elsewhere (SQLite, the embedded run): every word must
occur in one of the four fields (icontains).

The name lives on Organisation and the texts on SMEProfile, so one expression index cannot
hold both; the search asks each index for the companies a word matches (an id subquery, no
join, no DISTINCT over wide rows) and combines the answers.
"""

import re
from functools import reduce
from operator import and_

from django.db import connections
from django.db.models import Case, Expression, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

MAX_WORDS = 8
# The indexed expressions: smes 0005 builds its indexes from these, so queries match them exactly.
CONFIG = "simple"
PROFILE_FIELDS = ("description", "offers", "needs")
# A misspelt name is found by pg_trgm's word similarity of the query to the best-matching part of
# the name, above pg_trgm.word_similarity_threshold (0.6 by default): "Helsinborg Kelp" scores 0.74
# against "Helsingborg Kelp Fibres AB".


def words(value: str) -> list[str]:
    """The query's words: letters and digits only, so they are safe in a tsquery."""
    return re.findall(r"\w+", value.lower())[:MAX_WORDS]


def profile_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector(*PROFILE_FIELDS, config=CONFIG)


def name_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("name", config=CONFIG)


def uses_full_text(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def search(queryset: QuerySet, value: str) -> QuerySet:
    """Organisations of `queryset` (SMEs with a profile) that `value` finds."""
    terms = words(value)
    if not terms:
        return queryset
    if not uses_full_text(queryset):
        return _plain(queryset, terms)
    return _full_text(queryset, value, terms)


def _plain(queryset, terms):
    for word in terms:
        queryset = queryset.filter(
            Q(name__icontains=word)
            | Q(sme_profile__description__icontains=word)
            | Q(sme_profile__offers__icontains=word)
            | Q(sme_profile__needs__icontains=word)
        )
    return queryset


def _prefix_query(word: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(f"{word}:*", search_type="raw", config=CONFIG)  # `word` is \w+ only


def _full_text(queryset, value, terms):
    from django.contrib.postgres.lookups import TrigramWordSimilar
    from django.contrib.postgres.search import SearchRank, TrigramWordSimilarity

    from bsrstars.accounts.models import Organisation

    from .models import SMEProfile

    def word_matches(word):
        query = _prefix_query(word)
        by_name = Organisation.objects.annotate(v=name_vector()).filter(v=query).values("pk")
        by_text = SMEProfile.objects.annotate(v=profile_vector()).filter(v=query).values("organisation_id")
        return Q(pk__in=by_name) | Q(pk__in=by_text)

    similar_name = Q(pk__in=Organisation.objects.filter(TrigramWordSimilar(F("name"), Value(value))).values("pk"))
    every_word = reduce(and_, (_prefix_query(word) for word in terms))
    found = queryset.filter(reduce(and_, map(word_matches, terms)) | similar_name)
    # Only the matches are ranked: a word in the name weighs twice a word in the texts. An alias,
    # not an annotation, so the paginator's count stays a plain COUNT(*) without the ranks.
    # The ranks read the vectors stored beside the rows (migration smes 0006), and the trigram
    # similarity is computed only for the names the trigram index found: both were per-row work
    # over every match, most of a common word's search time.
    zero = Value(0.0, output_field=FloatField())
    return found.alias(
        search_rank=Coalesce(SearchRank(StoredVector(Organisation, "name_words"), every_word), zero) * 2
        + Coalesce(SearchRank(StoredVector(SMEProfile, "text_words"), every_word), zero)
        + Case(When(similar_name, then=TrigramWordSimilarity(value, "name")), default=zero)
    ).order_by(F("search_rank").desc(), "name", "pk")


class StoredVector(Expression):
    """A word vector column that migration smes 0006 keeps beside `model`'s rows, read from the
    query's join of that table (the column is not in the model: other databases lack it)."""

    def __init__(self, model, column: str):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.table, self.column = model._meta.db_table, column

    def as_sql(self, compiler, connection):
        aliases = [alias for alias, join in compiler.query.alias_map.items() if join.table_name == self.table]
        alias = aliases[0] if aliases else self.table
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []
