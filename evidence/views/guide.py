"""The guided page for runners: five questions, each answered with one chart of recorded numbers and the
verdicts on the posts' claims behind it.

Which results feed each chart is chosen here, by result id (an editorial choice, checked by the tests against
the data); the numbers themselves always come from ``data/results.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evidence.data.vocabulary import OUTCOME_NAMES
from evidence.stats.effects import BETWEEN, CONTROL, group_role
from evidence.views.summaries import fmt

NO_CHANGE = "no change (no number given)"
IMPROVED = "improved (size not given)"


@dataclass(frozen=True)
class Section:
    key: str
    question: str
    answer: str  # runner words, grade 8 or lower
    chart: str  # "changes" | "ratios" | "doses"
    chart_title: str
    axis_title: str
    results: tuple[str, ...]  # result ids drawn, in order
    claims: tuple[str, ...]  # claim ids whose verdicts stand behind the answer
    stated: tuple[tuple[str, str], ...] = ()  # for results without a number: what the paper states
    who: tuple[tuple[str, str], ...] = ()  # for ratio charts: who was studied, in a few words; for dose charts:
    # what each estimate is about, in runner words


SECTIONS: tuple[Section, ...] = (
    Section(
        "economy",
        "Will lifting make my running cheaper?",
        "Often, a little. In most trials, runners who lifted used a bit less oxygen at the same pace, about 4% when "
        "many trials are pooled. The newest review calls the gain small, and some trials found no change at all.",
        "changes",
        "Running economy after strength training: change in each trial",
        "Improvement in economy (%)",
        (
            "storen2008-01",
            "piacentini2013-02",
            "saunders2006-01",
            "johnston1995-01",
            "paavolainen1999-08",
            "millet2002-04",
            "vikmoen2016-01",
            "ferrauti2010-03",
            "mikkola2007-01",
            "johnston1997-03",
            "damasceno2015-05",
        ),
        ("C21", "C01", "C03", "C07"),
        (
            ("vikmoen2016-01", NO_CHANGE),
            ("ferrauti2010-03", NO_CHANGE),
            ("mikkola2007-01", NO_CHANGE),
            ("johnston1997-03", IMPROVED),
            ("damasceno2015-05", NO_CHANGE),
        ),
    ),
    Section(
        "injuries",
        "Will it keep me from getting hurt?",
        "Maybe. In many sports, strength plans cut injuries a lot. In runners the trials are mixed: light home "
        "plans did not help, but one plan of hip and core work, led by a coach, cut injuries by about a third.",
        "ratios",
        "Injuries with a prevention plan compared with none (below 1 = fewer injuries)",
        "Ratio of injuries, plan vs no plan (log scale)",
        (
            "lauersen2014-01",
            "lauersen2018-01",
            "vandyk2019-01",
            "coppack2011-03",
            "toresdahl2020-03",
            "fokkema2019-03",
            "leppanen2024-01",
        ),
        ("C08", "C23", "C24", "C25", "C26", "C02"),
        who=(
            ("lauersen2014-01", "athletes in many sports"),
            ("lauersen2018-01", "athletes in many sports"),
            ("vandyk2019-01", "athletes, mostly team sports"),
            ("coppack2011-03", "military recruits"),
            ("toresdahl2020-03", "marathon runners"),
            ("fokkema2019-03", "recreational runners"),
            ("leppanen2024-01", "novice runners, hip and core vs stretching"),
        ),
    ),
    Section(
        "ageing",
        "I am getting older. Is running enough to stay strong?",
        "Probably not. Runners in their late fifties lost leg strength each year while they kept running. "
        "No trial has yet tested whether lifting stops this in runners.",
        "changes",
        "Leg strength in runners followed for about five years",
        "Change in strength per year (%)",
        ("marcell2014-01", "marcell2014-02"),
        ("C18", "C19"),
    ),
    Section(
        "dose",
        "How often should I lift, and what?",
        "Two or three times a week, for ten weeks or more. Heavy lifts, a weight you can lift only about four times, "
        "helped more than lighter weights or jumping alone. Even then the gain is small.",
        "doses",
        "Running economy by kind and length of training (Eihara 2022, pooled trials)",
        "Hedges' g (below 0 = better)",
        (
            "eihara2022-01",
            "eihara2022-02",
            "eihara2022-11",
            "eihara2022-10",
            "eihara2022-15",
            "eihara2022-14",
        ),
        ("C05", "C17", "C03", "C20"),
        who=(
            ("eihara2022-01", "Heavy lifting, all trials"),
            ("eihara2022-02", "Jump training, all trials"),
            ("eihara2022-11", "Heavy: 90% of your max or more"),
            ("eihara2022-10", "Heavy: lighter than 90%"),
            ("eihara2022-15", "Heavy: 10 to 14 weeks"),
            ("eihara2022-14", "Heavy: 6 to 8 weeks"),
        ),
    ),
    Section(
        "fears",
        "Will lifting make me heavy or slow?",
        "Not in these trials. Muscles grew a little, but runners did not gain weight, and none got slower. "
        "No study here tested whether lifting makes runners overtrained.",
        "changes",
        "Muscle size and body mass in runners who added strength training",
        "Change (%)",
        (
            "vikmoen2016-09",
            "vikmoen2016-10",
            "mikkola2007-05",
            "mikkola2007-06",
            "storen2008-06",
            "ferrauti2010-06",
            "johnston1997-06",
        ),
        ("C11", "C28", "C10"),
        (("storen2008-06", NO_CHANGE), ("ferrauti2010-06", NO_CHANGE), ("johnston1997-06", NO_CHANGE)),
    ),
)


def plain_comparison(group: object) -> str:
    """What a change is measured against, in runner words and without the paper's arm codes: a difference between
    the groups, or a change within the lifting group from before to after."""
    role = group_role(group)
    if role == BETWEEN:
        return "vs runners who did not lift"
    return "change in runners who did not lift" if role == CONTROL else "change in the lifting group"


def change_rows(section: Section, results: pd.DataFrame) -> pd.DataFrame:
    """The bars of a 'changes' chart: one row per result, improvement signs made consistent.

    A result stored as a change in something where lower is better (oxygen cost) is turned around, so that
    every bar reads 'improvement' to the right; a qualitative 'no change' is drawn at 0 and said so.
    """
    by_id = results.set_index("result_id")
    stated = dict(section.stated)
    rows = []
    for result_id in (r for r in section.results if r in by_id.index):  # another dataset may lack some
        row = by_id.loc[result_id]
        measured = row["measure"] != "qualitative" and pd.notna(row["value"])
        if not measured and result_id not in stated:
            raise ValueError(f"{result_id} has no number: say what the paper states in Section.stated")
        value = float(row["value"]) if measured else 0.0
        if measured and section.key == "economy" and bool(row["lower_is_better"]):
            value = -value
        rows.append(
            {
                "result_id": result_id,
                "Study": row["study_label"],
                "Group": row["group"],
                "Compared with": plain_comparison(row["group"]),
                "Measured": row["outcome_detail"] if pd.notna(row["outcome_detail"]) else OUTCOME_NAMES[row["outcome"]],
                "Change (%)": round(value, 2),
                "Number given": bool(measured),
                "Read in the source": bool(row["verified"]),
                "Stated without a number": "" if measured else stated[result_id],
            }
        )
    return pd.DataFrame(rows)


def _interval_rows(section: Section, results: pd.DataFrame, columns) -> pd.DataFrame:
    """One row per drawn result with its value and 95% interval; ``columns(result_id, row, who)`` names the rest."""
    by_id = results.set_index("result_id")
    who = dict(section.who)
    rows = []
    for result_id in (r for r in section.results if r in by_id.index):  # another dataset may lack some
        row = by_id.loc[result_id]
        rows.append(
            {"result_id": result_id, "Study": row["study_label"], **columns(row, who[result_id])}
            | {"Lower 95% CI": float(row["ci_low"]), "Upper 95% CI": float(row["ci_high"])}
        )
    return pd.DataFrame(rows)


def dose_rows(section: Section, results: pd.DataFrame) -> pd.DataFrame:
    """The points of a 'doses' chart: each pooled estimate a review printed for a kind or length of training,
    with its interval, named in runner words."""
    return _interval_rows(
        section, results,
        lambda row, what: {"Training": what, "As printed": row["group"], "Effect (g)": float(row["value"])},
    )  # fmt: skip


def trial_doses(studies: pd.DataFrame, outcomes: tuple[str, ...] = ("running_economy", "time_trial")) -> dict:
    """What the trials on these outcomes used: the middle (median) sessions a week and weeks, and how many trials
    printed them. Computed from studies.csv."""
    on_outcome = studies["outcome_list"].map(lambda items: bool(set(items) & set(outcomes)))
    trials = studies[studies["design"].isin(("rct", "controlled_trial")) & on_outcome]
    sessions, weeks = trials["sessions_per_week"].dropna(), trials["weeks"].dropna()
    return {
        "trials": len(trials),
        "sessions": float(sessions.median()) if len(sessions) else None,
        "sessions_n": len(sessions),
        "weeks": float(weeks.median()) if len(weeks) else None,
        "weeks_n": len(weeks),
    }


def ratio_rows(section: Section, results: pd.DataFrame) -> pd.DataFrame:
    """The points of a 'ratios' chart: each ratio with its interval and who was studied."""
    measures = {"rr": "risk ratio", "or": "odds ratio", "hr": "hazard ratio"}
    return _interval_rows(
        section, results,
        lambda row, who: {"Who": who, "Measure": measures[row["measure"]], "Injuries": row["outcome_detail"],
                          "Ratio": float(row["value"])},
    )  # fmt: skip


def section_table(section: Section, results: pd.DataFrame) -> pd.DataFrame:
    """The table behind a section's chart (its chart type decides which)."""
    rows = {"changes": change_rows, "ratios": ratio_rows, "doses": dose_rows}[section.chart]
    return rows(section, results)


def section_figure(section: Section, table: pd.DataFrame):
    """A section's chart from its table."""
    from evidence.views import charts

    draw = {"changes": charts.change_bars, "ratios": charts.ratio_dots, "doses": charts.dose_dots}[section.chart]
    return draw(table, section.chart_title, section.axis_title)


def dose_sentence(studies: pd.DataFrame) -> str:
    """What the trials in the dataset used, in one sentence ('' when none printed a dose)."""
    dose = trial_doses(studies)
    if dose["sessions"] is None or dose["weeks"] is None:
        return ""
    return (
        f"In the {dose['trials']} trials on running economy or race times in this dataset, the typical programme "
        f"(the middle one) had {dose['sessions']:g} sessions a week (of the {dose['sessions_n']} trials that say) "
        f"for {dose['weeks']:g} weeks (of {dose['weeks_n']})."
    )


def section_studies(section: Section, results: pd.DataFrame) -> list[str]:
    """The keys of the works whose results a section's chart draws, in the chart's order."""
    keys = results.set_index("result_id")["study_key"]
    return list(dict.fromkeys(keys[r] for r in section.results if r in keys.index))


def section_alt_text(section: Section, table: pd.DataFrame) -> str:
    """A short text alternative of a section's chart: what it shows and its main number."""
    if table.empty:
        return f"{section.chart_title}: the dataset in use has none of the results this chart draws."
    n = len(table)
    if section.chart == "changes":
        numbers = table.loc[table["Number given"], "Change (%)"]
        without = n - len(numbers)
        if numbers.empty:
            main = "none gives a number"
        else:
            low, high = fmt(numbers.min(), "percent_change"), fmt(numbers.max(), "percent_change")
            main = f"{section.axis_title}: from {low}% to {high}%"
        rest = f"; {without} stated without a number" if without else ""
        return f"Bar chart, {section.chart_title}. {n} results; {main}{rest}."
    if section.chart == "ratios":
        below = int((table["Upper 95% CI"] < 1).sum())
        low, high = table["Ratio"].min(), table["Ratio"].max()
        return (
            f"Dot chart, {section.chart_title}. {n} ratios with their 95% CIs, from {fmt(low, 'rr')} to "
            f"{fmt(high, 'rr')}; below 1 means fewer injuries with the plan, and {below} of {n} have their "
            "whole interval below 1."
        )
    best = table.loc[table["Effect (g)"].abs().idxmax()]
    return (
        f"Dot chart, {section.chart_title}. {n} pooled effects with their 95% CIs; {section.axis_title}: the "
        f"largest in size is {fmt(best['Effect (g)'], 'hedges_g')} ({best['Training']}, {best['Study']})."
    )
