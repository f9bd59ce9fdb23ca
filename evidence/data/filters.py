"""The filters that define a view: their specification, what a link may set, and how they select rows.

Plain Python: the sidebar widgets and the address bar live in ``evidence.ui.state``. Links store codes
(``outcome=running_economy``), not the labels shown. What a link cannot set is named in a notice
(:func:`check_params`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import pandas as pd

from evidence.data.vocabulary import (
    AGE_BANDS,
    CERTAINTIES,
    CITED_JUDGMENTS,
    CITED_LABELS,
    DESIGN_NAMES,
    DESIGNS,
    INTERVENTIONS,
    OUTCOME_NAMES,
    OUTCOMES,
    SEXES,
    TOPICS,
    TRAINING_LEVELS,
    VERDICT_LABELS,
    VERDICTS,
)

MAX_SEARCH_CHARS = 100
#: Query parameters that belong to pages rather than to the filters (each page checks its own).
PAGE_PARAMS: frozenset[str] = frozenset(
    {"study", "sort", "embed", "embed_options", "forest_outcome", "forest_sort", "forest_method", "forest_ci"}
    | {"present", "talk", "slide"}
    # the runners' page's profile (evidence.views.profile) and pace (evidence.views.pace)
    | {"me_age", "me_sex", "me_level", "me_goal", "me_pace", "me_dist"}
)


@dataclass(frozen=True)
class Filter:
    key: str  # widget key and query parameter
    label: str
    help: str
    kind: str  # "multi" | "text" | "toggle"
    options: Callable[[pd.DataFrame, pd.DataFrame], list[str]] | None = None
    format: Callable[[str], str] | None = None
    scopes: frozenset[str] = frozenset({"studies"})  # the pages' filter scopes that show it (see registry)
    column: str = ""  # for "range" filters: the numeric column of the studies table


def _bounds(column: str) -> Callable[[pd.DataFrame, pd.DataFrame], list[str]]:
    """The lowest and highest value of a numeric column, as the two 'options' of a range filter."""

    def bounds(studies: pd.DataFrame, posts: pd.DataFrame) -> list[str]:
        values = pd.to_numeric(studies[column], errors="coerce").dropna()
        return [] if values.empty else [_number(values.min()), _number(values.max())]

    return bounds


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(float(value))


def parse_range(text: str) -> tuple[float, float] | None:
    """'2000-2016' -> (2000.0, 2016.0); None when it is not two numbers in order."""
    parts = text.split("-")
    if len(parts) != 2:
        return None
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not (low == low and high == high) or low > high:  # NaN or reversed
        return None
    return low, high


def _outcomes_present(studies: pd.DataFrame) -> list[str]:
    """The outcomes any study measured, in vocabulary order (one pass over the studies' lists)."""
    present = set().union(*studies["outcome_list"])
    return [o for o in OUTCOMES if o in present]


FILTERS: tuple[Filter, ...] = (
    Filter(
        "outcome",
        "Outcome",
        "Show studies that measured any of these outcomes.",
        "multi",
        lambda studies, posts: _outcomes_present(studies),
        lambda value: OUTCOME_NAMES.get(value, value),
    ),
    Filter(
        "design",
        "Design",
        "RCT: randomised controlled trial. Meta-analysis: pooled results of several studies.",
        "multi",
        lambda studies, posts: [d for d in DESIGNS if (studies["design"] == d).any()],
        lambda value: DESIGN_NAMES.get(value, value),
    ),
    Filter(
        "post",
        "Post",
        "Studies: the works this post cites. Claims: the claims this post makes.",
        "multi",
        lambda studies, posts: list(posts["post_id"]),
        scopes=frozenset({"studies", "claims"}),
    ),
    Filter(
        "intervention",
        "Intervention",
        "The kind of training studied.",
        "multi",
        lambda studies, posts: [v for v in INTERVENTIONS if (studies["intervention_type"] == v).any()],
        lambda value: value.replace("_", " "),
    ),
    Filter(
        "sex",
        "Sex",
        "Who took part.",
        "multi",
        lambda studies, posts: [v for v in SEXES if (studies["sex"] == v).any()],
        lambda value: value.replace("_", " "),
    ),
    Filter(
        "level",
        "Training level",
        "From untrained to elite.",
        "multi",
        lambda studies, posts: [v for v in TRAINING_LEVELS if (studies["training_level"] == v).any()],
        lambda value: value.replace("_", " "),
    ),
    Filter(
        "age",
        "Age band",
        "Adolescent (<18), adult (18-39), masters (40-59), older (60+).",
        "multi",
        lambda studies, posts: [v for v in AGE_BANDS if (studies["age_band"] == v).any()],
        lambda value: value.replace("_", " "),
    ),
    Filter("year", "Year", "Year of publication.", "range", _bounds("year"), column="year"),
    Filter(
        "n",
        "Sample size",
        "Participants analysed (works without a reported size are hidden).",
        "range",
        _bounds("n"),
        column="n",
    ),
    Filter(
        "weeks",
        "Weeks of training",
        "Length of the intervention (works without one are hidden).",
        "range",
        _bounds("weeks"),
        column="weeks",
    ),
    Filter(
        "sessions",
        "Sessions per week",
        "Training sessions a week (works without a number are hidden).",
        "range",
        _bounds("sessions_per_week"),
        column="sessions_per_week",
    ),
    Filter("q", "Search", "Words in the title, authors, summary or population.", "text"),
    Filter("verified", "Only numbers read in the source", "Hide works whose numbers are all second-hand.", "toggle"),
    Filter(
        "verdict",
        "What the evidence says",
        "Our judgment of the claim from every study in the dataset (see 'What the verdicts mean').",
        "multi",
        lambda studies, posts: list(VERDICTS),
        lambda value: VERDICT_LABELS.get(value, value),
        scopes=frozenset({"claims"}),
    ),
    Filter(
        "cited",
        "What the post cited",
        "Whether the source the post cites backs the claim, or whether it cites one at all.",
        "multi",
        lambda studies, posts: list(CITED_JUDGMENTS),
        lambda value: CITED_LABELS.get(value, value),
        scopes=frozenset({"claims"}),
    ),
    Filter(
        "certainty",
        "Certainty",
        "How sure the evidence lets us be (GRADE): high, moderate, low, very low.",
        "multi",
        lambda studies, posts: list(CERTAINTIES),
        lambda value: value.replace("_", " "),
        scopes=frozenset({"claims"}),
    ),
    Filter(
        "topic",
        "Topic",
        "What the claim is about.",
        "multi",
        lambda studies, posts: list(TOPICS),
        lambda value: value.replace("_", " "),
        scopes=frozenset({"claims"}),
    ),
)
FILTER_KEYS = tuple(f.key for f in FILTERS)


_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
_LETTERS = str.maketrans({"ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "Ł": "l",
                          "đ": "d", "ð": "d", "þ": "th", "ı": "i"})  # fmt: skip


def search_key(text: str) -> str:
    """Text as search compares it: lower case, accents and apostrophes gone, letters such as ø folded
    ('Støren' = 'Stören' = 'storen'; "runner's knee" = "runners' knee" = 'runners knee')."""
    folded = unicodedata.normalize("NFKD", str(text).translate(_LETTERS))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", plain).lower()


def clean_text(value: str) -> str:
    """Search text as typed, less control and direction-override characters, cut to a safe length."""
    kept = "".join(ch for ch in value if unicodedata.category(ch)[0] != "C")
    return kept.strip()[:MAX_SEARCH_CHARS]


def check_params(
    params: Mapping[str, Sequence[str]], options: Mapping[str, Sequence[str]], page_params: frozenset[str] = PAGE_PARAMS
) -> list[str]:
    """Notices for everything in the URL that will be ignored: unknown names, unknown values, unusable text."""
    notices: list[str] = []
    known = {f.key: f for f in FILTERS}
    for name, values in params.items():
        shown = _show(name)
        if name in page_params:
            continue
        if name not in known:
            notices.append(f"Ignored the unknown link parameter '{shown}'.")
            continue
        spec = known[name]
        if spec.kind == "multi":
            bad = [v for v in values if v and v not in options.get(name, ())]
            if bad:
                listed = ", ".join(f"'{_show(v)}'" for v in bad[:3]) + (" and more" if len(bad) > 3 else "")
                notices.append(f"Ignored {listed} in '{spec.label}': not one of its choices.")
        elif spec.kind == "text":
            for value in values:
                if clean_text(value) != value.strip():
                    notices.append(
                        f"Shortened or cleaned the search text from the link (at most {MAX_SEARCH_CHARS} "
                        "characters, no control characters)."
                    )
        elif spec.kind == "toggle":
            bad = [v for v in values if v.lower() not in ("true", "false")]
            if bad:
                notices.append(f"Ignored '{_show(bad[0])}' in '{spec.label}': use true or false.")
        elif spec.kind == "range":
            parsed = parse_range(values[0]) if values else None
            bounds = options.get(name, ())
            if parsed is None:
                given = _show(values[0] if values else "")
                notices.append(f"Ignored '{given}' in '{spec.label}': use two numbers, like 2000-2016.")
            elif bounds and (parsed[0] < float(bounds[0]) or parsed[1] > float(bounds[1])):
                notices.append(f"Narrowed '{spec.label}' to the data's range, {bounds[0]} to {bounds[1]}.")
    return notices


def _show(value: str, limit: int = 40) -> str:
    """A parameter as it can be quoted in a notice: printable, short."""
    printable = "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in value)
    return printable if len(printable) <= limit else printable[: limit - 3] + "..."


def apply_filters(studies: pd.DataFrame, results: pd.DataFrame, values: Mapping[str, object]) -> pd.DataFrame:
    """The studies that match every active filter (an empty filter matches everything)."""
    mask = pd.Series(True, index=studies.index)
    outcomes = list(values.get("outcome") or [])
    if outcomes:
        mask &= studies["outcome_list"].map(lambda items: any(o in items for o in outcomes))
    designs = list(values.get("design") or [])
    if designs:
        mask &= studies["design"].isin(designs)
    posts = list(values.get("post") or [])
    if posts:
        mask &= studies["cited_by"].map(lambda items: any(p in items for p in posts))
    for key, column in (("intervention", "intervention_type"), ("sex", "sex"), ("level", "training_level"),
                        ("age", "age_band")):  # fmt: skip
        chosen = list(values.get(key) or [])
        if chosen:
            mask &= studies[column].isin(chosen)
    for spec in FILTERS:
        if spec.kind == "range" and values.get(spec.key):
            low, high = values[spec.key]  # type: ignore[misc]
            numbers = pd.to_numeric(studies[spec.column], errors="coerce")
            mask &= numbers.between(low, high).fillna(False).astype(bool)
    query = search_key(clean_text(str(values.get("q") or "")))
    if query:
        text = (
            studies["title"].fillna("")
            + " "
            + studies["authors"].fillna("")
            + " "
            + studies["summary"].fillna("")
            + " "
            + studies["population"].fillna("")
            + " "
            + studies["label"].fillna("")
            + " "
            + studies["key"]
        ).map(search_key)
        for word in query.split():
            mask &= text.str.contains(word, regex=False)
    if values.get("verified"):
        verified_keys = set(results.loc[results["verified"], "study_key"])
        mask &= studies["key"].isin(verified_keys)
    return studies[mask]


def apply_claim_filters(claims: pd.DataFrame, values: Mapping[str, object]) -> pd.DataFrame:
    """The claims that match every active claim filter (post, both judgments, certainty, topic)."""
    mask = pd.Series(True, index=claims.index)
    posts = list(values.get("post") or [])
    if posts:
        mask &= claims["post_list"].map(lambda items: any(p in items for p in posts))
    columns = {"verdict": "evidence_judgment", "cited": "cited_judgment", "certainty": "certainty", "topic": "topic"}
    for key, column in columns.items():
        chosen = list(values.get(key) or [])
        if chosen:
            mask &= claims[column].isin(chosen)
    return claims[mask]


def view_key(values: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    """The active filters as a hashable key, lists as tuples (``dict(view_key(values))`` selects what ``values``
    selects): pages keep what a view shows per data fingerprint and view, with ``data.derived``."""
    frozen = {key: tuple(value) if isinstance(value, list | tuple) else value for key, value in values.items()}
    return tuple((key, value) for key, value in sorted(frozen.items()) if value)


def view_query(values: Mapping[str, object], scope: str = "studies") -> str:
    """The query string that reopens a page's view: '?outcome=running_economy&design=rct'."""
    in_scope = {spec.key for spec in FILTERS if scope in spec.scopes}
    params = {key: value for key, value in params_from_values(values).items() if key in in_scope}
    query = urlencode(params, doseq=True)
    return f"?{query}" if query else ""


def filter_options(studies: pd.DataFrame, posts: pd.DataFrame) -> dict[str, list[str]]:
    return {f.key: f.options(studies, posts) for f in FILTERS if f.options is not None}


def dataset_filter_options(dataset) -> dict[str, list[str]]:
    """:func:`filter_options` of a loaded dataset: the frame computes them once per dataset with ``data.derived``
    (on every rerun they took a third of the Studies page's run)."""
    return filter_options(dataset.studies, dataset.posts)


def values_from_params(params: Mapping[str, Sequence[str]], options: Mapping[str, Sequence[str]]) -> dict[str, object]:
    """The filter values a link sets, keeping only what each filter accepts (see :func:`check_params`)."""
    values: dict[str, object] = {}
    for spec in FILTERS:
        given = [str(v) for v in params.get(spec.key, [])]
        if not given:
            continue
        if spec.kind == "multi":
            allowed = options.get(spec.key, ())
            values[spec.key] = list(dict.fromkeys(v for v in given if v in allowed))
        elif spec.kind == "text":
            values[spec.key] = clean_text(given[0])
        elif spec.kind == "range":
            parsed, bounds = parse_range(given[0]), options.get(spec.key, ())
            if parsed is not None and bounds:
                low, high = max(parsed[0], float(bounds[0])), min(parsed[1], float(bounds[1]))
                if low <= high and (low, high) != (float(bounds[0]), float(bounds[1])):
                    values[spec.key] = (low, high)
        else:
            values[spec.key] = given[0].lower() == "true"
    return values


def params_from_values(values: Mapping[str, object]) -> dict[str, list[str]]:
    """The link parameters of a view: one list of strings per active filter."""
    params: dict[str, list[str]] = {}
    for spec in FILTERS:
        value = values.get(spec.key)
        if spec.kind == "multi" and value:
            params[spec.key] = [str(v) for v in value]  # type: ignore[union-attr]
        elif spec.kind == "text" and value:
            params[spec.key] = [clean_text(str(value))]
        elif spec.kind == "toggle" and value:
            params[spec.key] = ["true"]
        elif spec.kind == "range" and value:
            low, high = value  # type: ignore[misc]
            params[spec.key] = [f"{_number(low)}-{_number(high)}"]
    return params


def empty_value(spec: Filter) -> object:
    return {"multi": [], "text": "", "toggle": False, "range": None}[spec.kind]


