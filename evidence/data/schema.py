"""The dataset's columns, declared once.

Each curated file has a pandera model describing exactly what curators type (strings, numbers, the fixed
vocabularies below). What the code derives from those files (parsed lists, booleans, bibliographic fields
joined from ``references.bib``) is declared separately in :data:`DERIVED_COLUMNS`, so the data dictionary can
show both without mixing them up.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

# --- Fixed vocabularies ---------------------------------------------------------------------------------------
# Each maps a stored value to the plain-words meaning shown in the data dictionary and in tooltips.

DESIGNS: dict[str, str] = {
    "rct": "Randomised controlled trial: participants were assigned to groups by chance.",
    "controlled_trial": "Controlled trial without random assignment to groups.",
    "uncontrolled_trial": "One group measured before and after, with no comparison group.",
    "crossover_trial": "Each participant received both conditions, in random order.",
    "prospective_cohort": "People measured first, then followed to see who developed the outcome.",
    "case_control": "People with a condition compared with people without it, at one point in time.",
    "cross_sectional": "A group measured once; shows associations, not causes.",
    "systematic_review_meta_analysis": "A systematic search of studies whose results were pooled statistically.",
    "systematic_review": "A systematic search of studies, summarised without pooling.",
    "narrative_review": "An expert's overview of studies, without a systematic search.",
    "clinical_commentary": "A practice-oriented article by clinicians or coaches; no new data.",
    "guideline": "An official recommendation from a public body.",
    "grey_literature": "Material outside journals, such as blog posts.",
}

#: Short names of the designs, for labels.
DESIGN_NAMES: dict[str, str] = {
    "rct": "randomised trial",
    "controlled_trial": "controlled trial (not randomised)",
    "uncontrolled_trial": "uncontrolled trial",
    "crossover_trial": "crossover trial",
    "prospective_cohort": "prospective cohort",
    "case_control": "case-control study",
    "cross_sectional": "cross-sectional study",
    "systematic_review_meta_analysis": "meta-analysis",
    "systematic_review": "systematic review",
    "narrative_review": "narrative review",
    "clinical_commentary": "clinical commentary",
    "guideline": "guideline",
    "grey_literature": "blog or web article",
}

#: Designs ranked by the strength of evidence they can give for a cause-and-effect question (higher is stronger).
DESIGN_RANK: dict[str, int] = {
    "systematic_review_meta_analysis": 9,
    "systematic_review": 8,
    "rct": 7,
    "crossover_trial": 6,
    "controlled_trial": 5,
    "prospective_cohort": 4,
    "uncontrolled_trial": 3,
    "case_control": 3,
    "cross_sectional": 2,
    "narrative_review": 1,
    "guideline": 1,
    "clinical_commentary": 0,
    "grey_literature": 0,
}

EMPIRICAL_DESIGNS = frozenset(
    {
        "rct",
        "controlled_trial",
        "uncontrolled_trial",
        "crossover_trial",
        "prospective_cohort",
        "case_control",
        "cross_sectional",
    }
)
REVIEW_DESIGNS = frozenset({"systematic_review_meta_analysis", "systematic_review", "narrative_review"})

STATUSES: dict[str, str] = {
    "found": "The work was located and its record checked against the publisher or PubMed.",
    "not_found": "The work as cited could not be located; the row records the citation as printed.",
}

SEXES: dict[str, str] = {
    "female": "Women only.",
    "male": "Men only.",
    "mixed": "Women and men.",
    "not_reported": "The paper does not say.",
    "not_applicable": "Not a study of participants (review, guideline, blog).",
}

TRAINING_LEVELS: dict[str, str] = {
    "untrained": "Not regularly training.",
    "recreational": "Regular recreational runners or exercisers.",
    "trained": "Well-trained, competitive club-level athletes.",
    "highly_trained": "Highly trained, national-level athletes.",
    "elite": "International-level athletes.",
    "mixed": "A mix of training levels.",
    "clinical": "Patients with a condition (for example knee pain).",
    "not_reported": "The paper does not say.",
    "not_applicable": "Not a study of participants.",
}

AGE_BANDS: dict[str, str] = {
    "adolescent": "Under 18 years.",
    "adult": "18 to 39 years.",
    "masters": "40 to 59 years, or athletes described as masters or veterans.",
    "older": "60 years and over.",
    "mixed": "Several age bands.",
    "not_reported": "The paper does not say.",
    "not_applicable": "Not a study of participants.",
}

INTERVENTIONS: dict[str, str] = {
    "heavy_strength": "Heavy resistance training (high loads, few repetitions).",
    "explosive_strength": "Explosive or power-type resistance training (light to moderate loads, moved fast).",
    "plyometric": "Jumping and bounding drills.",
    "combined_strength_plyometric": "Resistance training combined with jumping drills.",
    "hip_strengthening": "Exercises aimed at the hip muscles.",
    "injury_prevention_program": "A multi-part programme designed to prevent injuries.",
    "general_exercise": "Exercise in general, of several kinds.",
    "none": "No intervention: an observational study.",
    "not_applicable": "Not a study of an intervention.",
}

#: Short names of the interventions, for labels.
INTERVENTION_NAMES: dict[str, str] = {
    "heavy_strength": "heavy lifting",
    "explosive_strength": "explosive lifting",
    "plyometric": "plyometrics",
    "combined_strength_plyometric": "lifting + plyometrics",
    "hip_strengthening": "hip exercises",
    "injury_prevention_program": "prevention programme",
    "general_exercise": "general exercise",
    "none": "none (observational)",
    "not_applicable": "not applicable",
}

OUTCOMES: dict[str, str] = {
    "running_economy": "Running economy: the oxygen or energy a runner uses at a given pace (lower is better).",
    "time_trial": "Race or time-trial performance, or time to exhaustion.",
    "vo2max": "Maximal oxygen uptake (VO2max).",
    "max_strength": "Maximal strength, such as a one-repetition maximum.",
    "power": "Muscle power, jump height or rate of force development.",
    "body_mass": "Body mass (weight).",
    "muscle_size": "Muscle size (cross-sectional area or thickness).",
    "injury_overall": "Any sports or running injury.",
    "injury_overuse": "Overuse injuries: harm that builds up from repeated load, such as stress fractures, tendon "
    "pain or shin splints.",
    "injury_acute": "Acute injuries: harm from one sudden event, such as a sprain, a muscle strain or a fall.",
    "hamstring_injury": "Hamstring strains and injuries.",
    "hip_strength": "Strength of the hip muscles.",
    "shin_pain": "Shin pain, including medial tibial stress syndrome (shin splints).",
    "patellofemoral_pain": "Pain at the front of the knee (patellofemoral pain).",
    "iliotibial_band_syndrome": "Pain on the outside of the knee (iliotibial band syndrome).",
    "bone_density": "Bone mineral density.",
    "age_strength_loss": "Loss of strength with age.",
    "physical_activity_guidance": "Recommendations on how much activity to do.",
    "other": "Another outcome, described in the result's detail.",
}

#: Short names of the outcomes, for labels and sentences.
OUTCOME_NAMES: dict[str, str] = {
    "running_economy": "running economy",
    "time_trial": "performance",
    "vo2max": "VO2max",
    "max_strength": "maximal strength",
    "power": "power",
    "body_mass": "body mass",
    "muscle_size": "muscle size",
    "injury_overall": "injuries",
    "injury_overuse": "overuse injuries",
    "injury_acute": "acute injuries",
    "hamstring_injury": "hamstring injuries",
    "hip_strength": "hip strength",
    "shin_pain": "shin pain",
    "patellofemoral_pain": "knee pain (patellofemoral)",
    "iliotibial_band_syndrome": "iliotibial band syndrome",
    "bone_density": "bone density",
    "age_strength_loss": "strength loss with age",
    "physical_activity_guidance": "activity guidelines",
    "other": "other outcomes",
}

MEASURES: dict[str, str] = {
    "percent_change": "Change within a group, in percent of its starting value.",
    "smd": "Standardised mean difference: a difference between groups in units of standard deviation.",
    "hedges_g": "Hedges' g: a standardised mean difference corrected for small samples.",
    "rr": "Risk ratio: the risk in one group divided by the risk in the other (below 1 means fewer events).",
    "or": "Odds ratio: the odds in one group divided by the odds in the other.",
    "hr": "Hazard ratio: the rate of events in one group relative to the other over time.",
    "mean_difference": "A difference between two means, in the outcome's own unit.",
    "mean": "A group's mean at one time point (with its standard deviation and size when reported).",
    "proportion": "The share of a group with the event (for example injured runners), in percent.",
    "events": "A count of participants with the event (for example injured runners) in a group.",
    "correlation": "A correlation coefficient between two measures.",
    "rate": "Events per unit of exposure (for example injuries per 1,000 hours of running), in a group.",
    "qualitative": "The paper states a finding without a number.",
}

RATIO_MEASURES = frozenset({"rr", "or", "hr"})

#: Flags for a printed number that disagrees with itself. The number is kept exactly as printed; the flag and the
#: note say what is wrong, and the validator lists every flagged row without counting it as a problem.
FLAGS: dict[str, str] = {
    "ci_excludes_estimate": "The printed confidence interval does not contain the printed estimate.",
    "inconsistent": "The source contradicts itself (a typo, or numbers that disagree); the note says how.",
}

#: Hosts that copy, proxy or index papers rather than publish them. A number read on one of them is kept only
#: where no publisher, PubMed, PMC or DOI page held the text, and its note must say so (name the copy).
MIRROR_HOSTS: frozenset[str] = frozenset(
    {
        "47.251.13.51",
        "bohrium.dp.tech",
        "fdocuments.us",
        "github.com",
        "mdsite.deno.dev",
        "ouci.dntb.gov.ua",
        "paperzz.com",
        "scilit.com",
        "scilit.net",
        "suppr.wilddata.cn",
        "tomorrow.paperai.life",
        "vdocuments.site",
        "websiteproxy.net",
        "www.academia.edu",
        "www.researchgate.net",
        "www.scribd.com",
        "ru.scribd.com",
        "de.scribd.com",
        "zhixidata.com",
    }
)
#: Words one of which a note must contain when its number was read on a mirror host.
MIRROR_NOTE_WORDS = ("mirror", "copy", "proxy", "index")

FINDINGS: dict[str, str] = {
    "positive": "The intervention helped, or the association under study was found.",
    "null": "No meaningful difference was found.",
    "negative": "The intervention did harm, or the association went the other way.",
    "mixed": "Some outcomes improved and others did not.",
    "not_applicable": "No effect to report (guidance, commentary, blog).",
}

TIMEPOINTS: dict[str, str] = {
    "pre": "Before the intervention.",
    "post": "After the intervention.",
    "change": "Change from before to after.",
    "na": "Not a before/after measure.",
}

#: What the evidence says: every work in the dataset, judged against the claim (the first of a claim's two
#: judgments, with its GRADE certainty).
VERDICTS: dict[str, str] = {
    "supported": "The studies show what the post says, about as strongly as it says it.",
    "small_or_mixed": "The studies show a small effect, or some find an effect and others do not.",
    "not_supported": "Trials that tested it found no effect.",
    "contradicted": "The evidence points the other way.",
    "not_yet_studied": "No study in the dataset tests this claim.",
}
#: Short words for the evidence judgments, shown on badges.
VERDICT_LABELS: dict[str, str] = {
    "supported": "Supported",
    "small_or_mixed": "Small or mixed effect",
    "not_supported": "Not supported: no effect found",
    "contradicted": "Contradicted",
    "not_yet_studied": "Not tested by the studies here",
}
#: What the post cited for the claim, judged against the claim (the second judgment: about the post's citing,
#: not about whether the claim is true).
CITED_JUDGMENTS: dict[str, str] = {
    "cited_supports": "The source the post cites supports the claim.",
    "cited_does_not_test": "The source the post cites does not test this claim.",
    "cited_contradicts": "The source the post cites points the other way.",
    "no_source_cited": "The post cites no source for this claim; the evidence judgment says what the studies show.",
    "cited_not_found": "The source the post cites could not be found.",
}
CITED_LABELS: dict[str, str] = {
    "cited_supports": "The cited source supports it",
    "cited_does_not_test": "The cited source does not test it",
    "cited_contradicts": "The cited source contradicts it",
    "no_source_cited": "The post cites no source",
    "cited_not_found": "The cited source could not be found",
}
CERTAINTIES: dict[str, str] = {
    "high": "Further research is very unlikely to change our confidence in the estimate.",
    "moderate": "Further research is likely to have an important impact on our confidence, and may change it.",
    "low": "Further research is very likely to change the estimate.",
    "very_low": "Any estimate of the effect is very uncertain.",
}
TOPICS: dict[str, str] = {
    "performance": "Race performance, speed and power.",
    "running_economy": "The energy cost of running at a given pace.",
    "injury": "Injuries and their prevention.",
    "hip_weakness": "Hip muscle strength and injuries.",
    "ageing": "Strength loss with age.",
    "bone": "Bone density and strength.",
    "body_mass": "Body mass and muscle size.",
    "neural_adaptation": "How the nervous system makes muscles stronger.",
    "technique": "Posture, stride and movement patterns.",
    "recommendation": "How often and what to train.",
    "weight_loss": "Losing weight.",
    "other": "Other claims.",
}
MAX_QUOTE_WORDS = 25

#: Why a sentence of a post is not a checkable claim (every other sentence is a claim's quote).
SENTENCE_CATEGORIES: dict[str, str] = {
    "heading": "A title or section heading.",
    "navigation": "Page furniture: a menu, byline, counter, link or an announcement of what follows.",
    "reference": "Part of the post's reference list, or a pointer to a work (the works are audited in citations).",
    "disclaimer": "A legal or safety disclaimer.",
    "marketing": "Promotes the author's services, programmes or podcast.",
    "instruction": "Says what to do or how to do an exercise, without claiming an effect.",
    "opinion": "A view, value judgment, priority or transition, with no effect that a study could test.",
    "anecdote": "What the author sees or hears in practice.",
    "question": "A question to the reader.",
    "definition": "Defines a term or states textbook background, not an effect of training.",
    "analogy": "A comparison (such as a car's tyres), whose checkable point, if any, is a claim of its own.",
    "quoted": "Someone else's words or a reader's imagined words, quoted as opinion or description.",
}
#: At most this many words of a sentence are kept in the list of sentences judged not checkable (the posts are
#: quoted only in short phrases): a longer sentence is stored as its opening words.
MAX_SENTENCE_WORDS = 8  # a listed sentence is kept as its opening words only: the posts are others' work

SOURCE_LOCATIONS = ("abstract", "table", "figure", "results text", "full text", "web page")

POST_IDS_PATTERN = r"^[a-z][a-z0-9]*$"
KEY_PATTERN = r"^[a-z][a-z0-9]*\d{4}[a-z]?$"
URL_PATTERN = r"^https?://\S+$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
TRUE_FALSE = ("true", "false")


def split_list(cell: object) -> list[str]:
    """The items of a ';'-separated cell, stripped (an empty or missing cell has none): the one list rule."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and cell != cell):
        return []
    return [item.strip() for item in str(cell).split(";") if item.strip()]


def items_in(cell: object, vocabulary: dict[str, str]) -> bool:
    """True when every ';'-separated item of a cell is in the vocabulary (an empty cell passes)."""
    return all(item in vocabulary for item in split_list(cell))


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
