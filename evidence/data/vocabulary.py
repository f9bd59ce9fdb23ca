"""The dataset's fixed vocabularies, patterns and the ';'-list rule: plain Python, without pandera.

Pages, statistics and views import these from here, so that drawing a page never imports the validation library;
:mod:`evidence.data.schema` declares the pandera models of the curated files from them (and re-exports them).
"""

from __future__ import annotations

import pandas as pd

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


#: The curated files, in the order they are read and described.
FILE_NAMES = ("studies.csv", "results.csv", "posts.csv", "citations.csv", "claims.csv", "claim_quotes.csv",
              "post_sentences_not_checkable.csv")
