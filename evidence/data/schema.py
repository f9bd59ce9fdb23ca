"""The dataset's columns, declared once.

Each curated file has a pandera model describing exactly what curators type (strings, numbers, the fixed
vocabularies below). What the code derives from those files (parsed lists, booleans, bibliographic fields
joined from ``references.bib``) is declared separately in :data:`DERIVED_COLUMNS`, so the data dictionary can
show both without mixing them up.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from evidence.data.vocabulary import (  # re-exported: the models' vocabularies
    AGE_BANDS,
    CERTAINTIES,
    CITED_JUDGMENTS,
    CITED_LABELS,
    DESIGN_NAMES,
    DESIGN_RANK,
    DESIGNS,
    DOI_PATTERN,
    EMPIRICAL_DESIGNS,
    FINDINGS,
    FLAGS,
    INTERVENTION_NAMES,
    INTERVENTIONS,
    KEY_PATTERN,
    MAX_QUOTE_WORDS,
    MAX_SENTENCE_WORDS,
    MEASURES,
    MIRROR_HOSTS,
    MIRROR_NOTE_WORDS,
    OUTCOME_NAMES,
    OUTCOMES,
    POST_IDS_PATTERN,
    RATIO_MEASURES,
    REVIEW_DESIGNS,
    SENTENCE_CATEGORIES,
    SEXES,
    SOURCE_LOCATIONS,
    STATUSES,
    TIMEPOINTS,
    TOPICS,
    TRAINING_LEVELS,
    TRUE_FALSE,
    URL_PATTERN,
    VERDICT_LABELS,
    VERDICTS,
    items_in,
    split_list,
)


def _field(description: str, **kwargs) -> object:
    return pa.Field(description=description, **kwargs)


class StudySchema(pa.DataFrameModel):
    """``data/studies.csv``: one row per work, cited by a post or added for context."""

    key: Series[str] = _field(
        "BibTeX key of the work in references.bib: first author's surname, year, optional letter.",
        unique=True,
        str_matches=KEY_PATTERN,
    )
    status: Series[str] = _field("Whether the work as cited could be located.", isin=list(STATUSES))
    design: Series[str] = _field("Study design, from a fixed vocabulary.", isin=list(DESIGNS))
    n: Series[float] = _field(
        "Participants analysed in the whole study, as reported (empty for reviews and when not reported).",
        nullable=True,
        ge=1,
    )
    sex: Series[str] = _field("Sex of the participants.", isin=list(SEXES))
    training_level: Series[str] = _field("Training level of the participants.", isin=list(TRAINING_LEVELS))
    age_mean: Series[float] = _field(
        "Mean age of the whole sample in years, as reported (empty when given only per group).",
        nullable=True,
        ge=5,
        le=100,
    )
    age_band: Series[str] = _field("Age band of the participants.", isin=list(AGE_BANDS))
    population: Series[str] = _field("Who took part, in a few words.", nullable=True)
    intervention_type: Series[str] = _field("Kind of training studied.", isin=list(INTERVENTIONS))
    sessions_per_week: Series[float] = _field(
        "Training sessions per week in the intervention.", nullable=True, gt=0, le=14
    )
    weeks: Series[float] = _field("Length of the intervention in weeks.", nullable=True, gt=0, le=520)
    comparator: Series[str] = _field("What the intervention was compared with.", nullable=True)
    outcomes: Series[str] = _field(
        "Outcome domains measured, separated by ';', from the outcome vocabulary.",
        nullable=True,
    )
    finding: Series[str] = _field("Main finding for the primary outcome.", isin=list(FINDINGS))
    summary: Series[str] = _field("What was done and found, in our own words.")
    source_url: Series[str] = _field(
        "The PubMed, PMC or publisher page the record was checked against (empty only for works not found).",
        str_matches=URL_PATTERN,
        nullable=True,
    )
    note: Series[str] = _field(
        "What is not reported, what could not be read, and how the posts' citations differ.", nullable=True
    )

    class Config:
        strict = True
        coerce = True

    @pa.check("outcomes", name="every item must be in the outcome vocabulary", element_wise=True)
    def _outcomes_in_vocabulary(cls, cell: str) -> bool:
        return items_in(cell, OUTCOMES)


class ResultSchema(pa.DataFrameModel):
    """``data/results.csv``: one row per reported number (or qualitative statement) of a study."""

    result_id: Series[str] = _field("Identifier: the study key, a dash and a two-digit number.", unique=True)
    study_key: Series[str] = _field("The study this result belongs to (a key of studies.csv).")
    outcome: Series[str] = _field("Outcome domain, from the outcome vocabulary.", isin=list(OUTCOMES))
    outcome_detail: Series[str] = _field("What exactly was measured, and how.", nullable=True)
    group: Series[str] = _field("The arm or comparison the number describes.")
    timepoint: Series[str] = _field("When the number was measured.", isin=list(TIMEPOINTS))
    measure: Series[str] = _field("Kind of number, from the measure vocabulary.", isin=list(MEASURES))
    value: Series[float] = _field("The number as printed in the source.", nullable=True)
    ci_low: Series[float] = _field("Lower bound of the 95% confidence interval, as printed.", nullable=True)
    ci_high: Series[float] = _field("Upper bound of the 95% confidence interval, as printed.", nullable=True)
    sd: Series[float] = _field("Standard deviation of a group mean, as printed.", nullable=True, ge=0)
    n: Series[float] = _field("Participants in this group or analysis.", nullable=True, ge=1)
    p_value: Series[float] = _field("Exact p-value as printed.", nullable=True, ge=0, le=1)
    p_text: Series[str] = _field("p-value as printed when it is an inequality (e.g. '<0.05').", nullable=True)
    unit: Series[str] = _field("Unit of the value (%, mL/kg/min, s, kg, ratio...).", nullable=True)
    lower_is_better: Series[str] = _field(
        "'true' when a lower value is the better outcome (oxygen cost, time, injury risk).", isin=list(TRUE_FALSE)
    )
    source_location: Series[str] = _field(
        "Where in the source the number stands: abstract, table N, figure N, results text, full text.",
        nullable=False,
    )
    source_url: Series[str] = _field("The page where the number was read.", str_matches=URL_PATTERN)
    verified: Series[str] = _field(
        "'true' when the number was read in the source itself; 'false' when taken from another description.",
        isin=list(TRUE_FALSE),
    )
    note: Series[str] = _field("What is needed to read the number right (subgroup, adjustment...).", nullable=True)
    printed_in: Series[str] = _field(
        "Whose number it is: empty when it was read in the work's own paper; else the key of the work (a review) "
        "that printed it, and the note says where ('As printed in <review>, table n').",
        nullable=True,
        str_matches=KEY_PATTERN,
    )
    flag: Series[str] = _field(
        "Empty, or why a printed number disagrees with itself (kept as printed; the note explains).",
        nullable=True,
        isin=list(FLAGS),
    )

    class Config:
        strict = True
        coerce = True

    @pa.check("source_location", name=f"must start with one of {list(SOURCE_LOCATIONS)}", element_wise=True)
    def _source_location(cls, cell: str) -> bool:
        return str(cell).lower().startswith(SOURCE_LOCATIONS)


class PostSchema(pa.DataFrameModel):
    """``data/posts.csv``: the five popular articles whose claims the explorer checks."""

    post_id: Series[str] = _field("Short identifier of the post.", unique=True, str_matches=POST_IDS_PATTERN)
    title: Series[str] = _field("Title of the post as published (or its opening line if untitled).")
    author: Series[str] = _field("Author or organisation, as named in the post.")
    author_role: Series[str] = _field("Who the author is (physical therapist, coach, clinic...).")
    file: Series[str] = _field("The archived text of the post.")

    class Config:
        strict = True
        coerce = True


class CitationSchema(pa.DataFrameModel):
    """``data/citations.csv``: every reference a post prints, mapped to the verified record."""

    post_id: Series[str] = _field("The post that prints the citation (a post_id of posts.csv).")
    citation_as_printed: Series[str] = _field("The citation exactly as the post prints it.")
    study_key: Series[str] = _field("The work it refers to (a key of studies.csv).")
    audit: Series[str] = _field(
        "How the printed citation differs from the verified record ('no discrepancies' if it does not)."
    )

    class Config:
        strict = True
        coerce = True


class ClaimSchema(pa.DataFrameModel):
    """``data/claims.csv``: every distinct factual claim in the five posts, checked against the evidence."""

    claim_id: Series[str] = _field(
        "Identifier: C and a two-digit number, in reading order.", unique=True, str_matches=r"^C\d{2,3}$"
    )
    posts: Series[str] = _field("Posts that make the claim, separated by ';' (post_id of posts.csv).")
    quote: Series[str] = _field(
        f"The claim as its first post words it (that post's lead quote in claim_quotes.csv): at most "
        f"{MAX_QUOTE_WORDS} words, verbatim."
    )
    quote_location: Series[str] = _field("Where the quote stands: the first post's id, then paragraph or section.")
    topic: Series[str] = _field("Topic of the claim.", isin=list(TOPICS))
    outcome: Series[str] = _field("The outcome the claim is about, from the outcome vocabulary.", isin=list(OUTCOMES))
    cited_studies: Series[str] = _field("Works the post cites for this claim, separated by ';'.", nullable=True)
    evidence_studies: Series[str] = _field(
        "Works in the dataset that bear on the claim, separated by ';'.", nullable=True
    )
    cited_judgment: Series[str] = _field(
        "What the post cited, judged against the claim (about the citing, not the truth).", isin=list(CITED_JUDGMENTS)
    )
    evidence_judgment: Series[str] = _field(
        "What the evidence says: every work in the dataset, judged against the claim.", isin=list(VERDICTS)
    )
    certainty: Series[str] = _field(
        "Certainty of the evidence (GRADE): high, moderate, low, very low.", isin=list(CERTAINTIES)
    )
    certainty_reasons: Series[str] = _field(
        "Why that certainty, in GRADE terms: risk of bias, inconsistency, indirectness, imprecision, publication bias."
    )
    cited_reason: Series[str] = _field("What the cited source shows about the claim, in one sentence.")
    reason: Series[str] = _field(
        "The evidence judgment's reason in one sentence, naming the study facts it rests on (newest and largest "
        "reviews first)."
    )
    runner_text: Series[str] = _field("For runners: two or three plain sentences (reading grade 8 or lower).")
    coach_text: Series[str] = _field("For coaches: the effect size and what it means in practice.")
    student_text: Series[str] = _field("For students: design, numbers and limitations.")
    search_date: Series[str] = _field(
        "Date of the literature search behind the verdict (YYYY-MM-DD).", str_matches=r"^\d{4}-\d{2}-\d{2}$"
    )

    class Config:
        strict = True
        coerce = True

    @pa.check("quote", name=f"at most {MAX_QUOTE_WORDS} words", element_wise=True)
    def _short_quote(cls, cell: str) -> bool:
        return len(str(cell).split()) <= MAX_QUOTE_WORDS


class ClaimQuoteSchema(pa.DataFrameModel):
    """``data/claim_quotes.csv``: each post's own words for each claim it makes (the first row of a claim and post
    is that post's lead quote; later rows are where the same post says it again)."""

    claim_id: Series[str] = _field("The claim (a claim_id of claims.csv).", str_matches=r"^C\d{2,3}$")
    post_id: Series[str] = _field("The post that words it so (a post_id of posts.csv, listed in the claim's posts).")
    quote: Series[str] = _field(
        f"The post's words, verbatim, within one sentence: at most {MAX_QUOTE_WORDS} words."
    )
    quote_location: Series[str] = _field("Where the quote stands in that post (paragraph or section).")

    class Config:
        strict = True
        coerce = True

    @pa.check("quote", name=f"at most {MAX_QUOTE_WORDS} words", element_wise=True)
    def _short_quote(cls, cell: str) -> bool:
        return len(str(cell).split()) <= MAX_QUOTE_WORDS


class NotCheckableSchema(pa.DataFrameModel):
    """``data/post_sentences_not_checkable.csv``: the sentences of the posts judged to hold no checkable claim,
    each with its category and a one-line reason (every other sentence holds a claim's quote)."""

    post_id: Series[str] = _field("The post (a post_id of posts.csv).")
    sentence: Series[str] = _field(
        f"The sentence as the post prints it, or its first {MAX_SENTENCE_WORDS} words when it is longer."
    )
    category: Series[str] = _field("Why it is not checkable, from a fixed vocabulary.", isin=list(SENTENCE_CATEGORIES))
    reason: Series[str] = _field("The reason in one line.")

    class Config:
        strict = True
        coerce = True

    @pa.check("sentence", name=f"at most {MAX_SENTENCE_WORDS} words", element_wise=True)
    def _short_sentence(cls, cell: str) -> bool:
        return len(str(cell).split()) <= MAX_SENTENCE_WORDS


#: file name -> (schema, what one row is)
FILES: dict[str, tuple[type[pa.DataFrameModel], str]] = {
    "studies.csv": (StudySchema, "one row per work"),
    "results.csv": (ResultSchema, "one row per reported number"),
    "posts.csv": (PostSchema, "one row per post"),
    "citations.csv": (CitationSchema, "one row per citation printed in a post"),
    "claims.csv": (ClaimSchema, "one row per claim"),
    "claim_quotes.csv": (ClaimQuoteSchema, "one row per quote of a claim in a post"),
    "post_sentences_not_checkable.csv": (NotCheckableSchema, "one row per sentence judged not checkable"),
}

#: Columns the loader derives; they are not typed by curators.
DERIVED_COLUMNS: dict[str, dict[str, str]] = {
    "studies.csv": {
        "label": "Short label: first author and year, from references.bib.",
        "title": "Title, from references.bib.",
        "authors": "Authors, from references.bib.",
        "year": "Year of publication, from references.bib.",
        "journal": "Journal or publisher, from references.bib.",
        "doi": "DOI, from references.bib.",
        "cited_by": "Posts that cite the work, from citations.csv.",
        "outcome_list": "The outcomes column split into a list.",
        "is_cited": "Whether any of the five posts cites the work.",
    },
    "claims.csv": {
        "post_list": "The posts column split into a list.",
        "cited_list": "The cited_studies column split into a list.",
        "evidence_list": "The evidence_studies column split into a list.",
    },
    "results.csv": {
        "lower_is_better": "Converted to true/false.",
        "verified": "Converted to true/false.",
    },
}

#: Required keys of data/dataset.toml, with their meaning.
METADATA_KEYS: dict[str, str] = {
    "title": "Name of the dataset.",
    "version": "Version of the dataset (semantic versioning).",
    "date": "Date of this version (YYYY-MM-DD).",
    "search_date": "Date the literature searches behind the data were run (YYYY-MM-DD).",
    "licence": "Licence of the data.",
    "inclusion": "Which works are included, and why.",
    "extraction": "How numbers were read and checked.",
    "adding_a_study": "How to add a study.",
}


def describe_columns(schema: type[pa.DataFrameModel]) -> list[tuple[str, str, str, bool]]:
    """(column, description, rule, nullable) for every column of a schema, in file order."""
    built = schema.to_schema()
    rows = []
    for name, column in built.columns.items():
        rules = [str(check.name or check.error) for check in column.checks if check is not None]
        if column.unique:
            rules.append("unique")
        rows.append((name, column.description or "", "; ".join(rules), bool(column.nullable)))
    return rows


#: What other modules import from here: the models and, re-exported, the vocabularies they use.
__all__ = [
    "StudySchema",
    "ResultSchema",
    "PostSchema",
    "CitationSchema",
    "ClaimSchema",
    "FILES",
    "DERIVED_COLUMNS",
    "METADATA_KEYS",
    "describe_columns",
    "DESIGNS",
    "DESIGN_NAMES",
    "DESIGN_RANK",
    "EMPIRICAL_DESIGNS",
    "REVIEW_DESIGNS",
    "STATUSES",
    "SEXES",
    "TRAINING_LEVELS",
    "AGE_BANDS",
    "INTERVENTIONS",
    "INTERVENTION_NAMES",
    "OUTCOMES",
    "OUTCOME_NAMES",
    "MEASURES",
    "RATIO_MEASURES",
    "FLAGS",
    "MIRROR_HOSTS",
    "MIRROR_NOTE_WORDS",
    "FINDINGS",
    "TIMEPOINTS",
    "VERDICTS",
    "VERDICT_LABELS",
    "CITED_JUDGMENTS",
    "CITED_LABELS",
    "CERTAINTIES",
    "TOPICS",
    "MAX_QUOTE_WORDS",
    "SOURCE_LOCATIONS",
    "POST_IDS_PATTERN",
    "KEY_PATTERN",
    "URL_PATTERN",
    "DOI_PATTERN",
    "TRUE_FALSE",
    "split_list",
    "items_in",
]
