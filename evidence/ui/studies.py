"""The Studies page's views, kept once per dataset, view and order (:func:`evidence.ui.cache.derived`); the reader's
own uploaded studies are theirs alone, so a view with them is made on every run and not kept."""

from __future__ import annotations

import pandas as pd

from evidence.data import filters
from evidence.outputs import references as export
from evidence.ui import cache
from evidence.views import tables


def _view(dataset: cache.Dataset, view: tuple, studies: pd.DataFrame | None = None) -> tuple:
    """The studies a view selects (of ``studies``, default the dataset's), their table and the exports."""
    selected = filters.apply_filters(dataset.studies if studies is None else studies, dataset.results, dict(view))
    files = export.downloads(selected, dataset.results, dataset.bibliography, dataset.bib_text)
    return selected, tables.studies_table(selected), files


def _sorted(dataset: cache.Dataset, view: tuple, order: str) -> pd.DataFrame:
    """A view's studies table in the reader's order."""
    return tables.sort_studies(cache.derived(dataset, _view, view)[1], order)


def _keys(dataset: cache.Dataset) -> frozenset[str]:
    """The keys of the curated works, as a set (built on every run, it took 20-50 ms at 10,000 works)."""
    return frozenset(dataset.studies["key"].tolist())


def keys(dataset: cache.Dataset) -> frozenset[str]:
    return cache.derived(dataset, _keys)


def view(dataset: cache.Dataset, values: dict, yours: pd.DataFrame | None) -> tuple:
    """(the studies the filters select, their table, the exports) of the dataset, with the reader's own studies."""
    if yours is None:
        return cache.derived(dataset, _view, filters.view_key(values))
    return _view(dataset, filters.view_key(values), pd.concat([dataset.studies, yours], ignore_index=True))


def ordered(dataset: cache.Dataset, values: dict, yours: pd.DataFrame | None, frame: pd.DataFrame, order: str):
    """The view's table (``frame``) in the reader's order (a code of :data:`evidence.views.tables.SORTS`)."""
    if yours is None:
        return cache.derived(dataset, _sorted, filters.view_key(values), order)
    return tables.sort_studies(frame, order)
