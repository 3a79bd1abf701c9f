"""Temporal expressions: extents and calendar values against the publication date (invented sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from storylens.model import Article
from storylens.stages.temporal.tagger import tag_text
from storylens.stages.temporal.times import TimeOptions, find_times
from storylens.text.calendar import values_compatible, weekday_candidates

MONDAY = date(2023, 3, 20)  # a Monday


def values(text: str, reference: date | None = MONDAY) -> dict[str, str | None]:
    return {timex.text: timex.value for timex in tag_text(text, reference)}


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The mayor spoke on Friday.", "Friday", "2023-03-17"),
        ("The council met last week.", "last week", "2023-W11"),
        ("The vote is set for next week.", "next week", "2023-W13"),
        ("They met on Monday afternoon.", "Monday afternoon", "2023-03-20TAF"),
        ("The plan was drafted in February.", "February", "2023-02"),
        ("Prices rose last year.", "last year", "2022"),
        ("The firm closed a year ago.", "a year ago", "2022"),
        ("The dispute began over a year ago.", "over a year ago", "2022"),
        ("It was a three-day trip.", "three-day", "P3D"),
        ("The 13-month-old dispute goes on.", "13-month-old", "P13M"),
        ("The treaty of March 3, 2021 holds.", "March 3, 2021", "2021-03-03"),
        ("Sales fell in the third quarter.", "the third quarter", "2022-Q3"),
        ("The bridge opened in 1994.", "1994", "1994"),
        ("Talks resume today.", "today", "2023-03-20"),
        ("Rain fell yesterday.", "yesterday", "2023-03-19"),
    ],
)
def test_expressions_are_normalised_against_the_publication_date(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


def test_a_weekday_in_a_future_sentence_points_forward() -> None:
    friday = date(2023, 3, 17)
    assert values("Officials are set to hold talks on Tuesday.", friday)["Tuesday"] == "2023-03-21"
    assert values("Officials held talks on Tuesday.", friday)["Tuesday"] == "2023-03-14"


def test_a_bare_weekday_keeps_its_other_reading() -> None:
    timex = next(t for t in tag_text("The talks included a dinner on Tuesday.", MONDAY) if t.text == "Tuesday")
    assert set(timex.candidates) >= {"2023-03-14", "2023-03-21"}


def test_the_same_day_refers_to_the_last_date_mentioned() -> None:
    found = values("The plan was announced on Friday. The court ruled on the same day.")
    assert found["the same day"] == "2023-03-17"


def test_ages_of_people_are_not_durations() -> None:
    assert "6-year-old" not in values("A 6-year-old boy was found safe.")


def test_without_a_publication_date_relative_values_are_null() -> None:
    article = Article(id="x", text="The minister resigned on Friday, in 2019 terms.")
    found = {t.text: t.value for t in find_times(article, TimeOptions())}
    assert found == {"Friday": None, "2019": "2019"}
    assert [t.text for t in find_times(article, TimeOptions(keep_unresolved=False))] == ["2019"]


def test_offsets_index_the_article_text() -> None:
    article = Article(id="a1", text="Fiction: the mill shut last week.", published="2023-03-20")
    (time,) = find_times(article, TimeOptions())
    assert article.text[time.start : time.end] == time.text == "last week"
    assert time.article_id == "a1"


def test_calendar_values_of_different_granularity_are_compatible_when_they_overlap() -> None:
    assert values_compatible("2023-W11", "2023-03-17")
    assert values_compatible("2023-03", "2023-03-17")
    assert not values_compatible("2023-03-16", "2023-03-17")
    assert not values_compatible("2023-W12", "2023-03-17")


def test_weekday_candidates_look_both_ways() -> None:
    assert weekday_candidates(MONDAY, 1, -1) == (date(2023, 3, 14), date(2023, 3, 21))
    assert weekday_candidates(MONDAY, 0, -1) == (MONDAY,)


def test_arrangements_point_forward_but_a_scheduled_check_does_not() -> None:
    assert values("A public hearing is scheduled for Tuesday.")["Tuesday"] == "2023-03-21"
    assert values("A vote on the plan is set for Thursday, aides said.")["Thursday"] == "2023-03-23"
    assert values("Crews found the leak on Friday during a scheduled check.")["Friday"] == "2023-03-17"


def test_the_afternoon_continues_the_day_last_named() -> None:
    found = values("Crews found the leak on Saturday morning, and by the afternoon the road was shut.")
    assert found["the afternoon"] == "2023-03-18TAF"


def test_the_report_keeps_calendar_values_only() -> None:
    text = "Crews came on Saturday morning, stayed the weekend and will be back in the third quarter for five days now."
    article = Article(id="a1", text=text, published="2023-03-20")
    found = {t.text: t.value for t in find_times(article, TimeOptions())}
    assert found["Saturday morning"] == "2023-03-18"
    assert found["the weekend"] == "2023-W11"
    assert found["the third quarter"] == "2023"
    assert found["five days"] is None and found["now"] is None


def test_the_report_carries_timeml_type_and_value_beside_the_calendar_value() -> None:
    text = "Crews came on Saturday morning, stayed the weekend and will be back in the third quarter for five days now."
    article = Article(id="a1", text=text, published="2023-03-20")
    found = {t.text: (t.value, t.type, t.timeml) for t in find_times(article, TimeOptions())}
    assert found["Saturday morning"] == ("2023-03-18", "TIME", "2023-03-18TMO")
    assert found["the weekend"] == ("2023-W11", "DATE", "2023-W11-WE")
    assert found["the third quarter"] == ("2023", "DATE", "2023-Q3")
    assert found["five days"] == (None, "DURATION", "P5D")
    assert found["now"] == (None, "DATE", "PRESENT_REF")


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The plant was built in nineteen ninety-six.", "nineteen ninety-six", "1996"),
        ("It closed in January nineteen ninety-seven.", "January nineteen ninety-seven", "1997-01"),
        ("The ferry sank last February.", "last February", "2023-02"),
        ("The ferry sank in June last year.", "June last year", "2022-06"),
        ("Profit fell from the 2022 second quarter.", "the 2022 second quarter", "2022-Q2"),
        ("Sales in the third quarter fell to $3 million from $4 million a year earlier.", "a year earlier", "2021-Q3"),
        ("The mill opened in 1998 and closed the following year.", "the following year", "1999"),
        ("Prices will not fall in the near future.", "the near future", "FUTURE_REF"),
        ("Shares had peaked at $40 on Oct. 23.", "Oct. 23", "2022-10-23"),
    ],
)
def test_more_expressions_follow_timeml_conventions(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


@pytest.mark.parametrize(
    ("text", "expression", "kind", "value"),
    [
        ("The ferry leaves every Sunday.", "every Sunday", "SET", "XXXX-WXX-7"),
        ("The market opens each Thursday evening.", "each Thursday evening", "SET", "XXXX-WXX-4TEV"),
        ("The choir sings on Tuesday nights.", "Tuesday nights", "SET", "XXXX-WXX-2TNI"),
        ("The library closes on Mondays.", "Mondays", "SET", "XXXX-WXX-1"),
        ("Orchards are pruned each March.", "each March", "SET", "XXXX-03"),
        ("Sales rose in the first half of 2021.", "the first half of 2021", "DATE", "2021-H1"),
        ("Sales will rise in the second half.", "the second half", "DATE", "2023-H2"),
        ("Sales rose in the second half.", "the second half", "DATE", "2022-H2"),
        ("The dam was finished this past winter.", "this past winter", "DATE", "2022-WI"),
        ("The bridge was built this past summer.", "this past summer", "DATE", "2022-SU"),
        ("The feud went on for years.", "years", "DURATION", "PXY"),
        ("Prices have risen in recent years.", "recent years", "DATE", "PAST_REF"),
        ("The lease runs for 20 more years.", "20 more years", "DURATION", "P20Y"),
        ("The mill stood idle for an additional year.", "an additional year", "DURATION", "P1Y"),
    ],
)
def test_sets_halves_seasons_and_vague_spans(text: str, expression: str, kind: str, value: str) -> None:
    found = {timex.text: (timex.type, timex.value) for timex in tag_text(text, MONDAY)}
    assert found[expression] == (kind, value)


def test_a_clock_time_falls_on_the_day_its_sentence_names() -> None:
    text = "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, the police said."
    assert values(text)["10:35 a.m."] == "2023-03-17T10:35"
    assert values("The market opens at 9 a.m. and closes at noon.")["9 a.m."] == "2023-03-20T09:00"
    narrative = values("The dam cracked on Friday. At 10 p.m. crews evacuated the valley.")
    assert narrative["10 p.m."] == "2023-03-17T22:00"  # the day the narrative is on


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("Families gathered on Thanksgiving Day.", "Thanksgiving Day", "2022-11-24"),
        ("The shop will reopen after Christmas.", "Christmas", "2023-12-25"),
        ("The parade was cancelled last Christmas.", "last Christmas", "2022-12-25"),
        ("The vote falls on Election Day 2024.", "Election Day 2024", "2024-11-05"),
        ("The pilgrims arrived at Easter.", "Easter", "2022-04-17"),
        ("The fair will open on Labor Day.", "Labor Day", "2023-09-04"),
    ],
)
def test_holidays_fall_on_their_day_of_the_year_the_tense_points_to(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


def test_easter_follows_the_computus() -> None:
    from storylens.stages.temporal.holidays import easter, holiday_date

    assert [easter(year).isoformat() for year in (2000, 2019, 2024)] == ["2000-04-23", "2019-04-21", "2024-03-31"]
    assert holiday_date("Memorial Day", 2023) == date(2023, 5, 29)
    assert holiday_date("Arbor Week", 2023) is None


@pytest.mark.parametrize(
    ("text", "expression", "kind", "value"),
    [
        ("The shares hit a high for the year in June.", "the year", "DATE", "2023"),
        ("Profit for the year ended March 31 rose.", "the year", "DURATION", "P1Y"),
        ("The fleet will be retired by year's end.", "year's end", "DATE", "2023"),
        ("The ferry ran for a year.", "a year", "DURATION", "P1Y"),
        ("The mill sold its stock within eight trading days.", "eight trading days", "DURATION", "P8D"),
        ("The band was famous in the nineties.", "the nineties", "DATE", "199"),
        ("The feud lasted a couple of years.", "a couple of years", "DURATION", "P2Y"),
    ],
)
def test_the_year_spans_and_decades(text: str, expression: str, kind: str, value: str) -> None:
    found = {timex.text: (timex.type, timex.value) for timex in tag_text(text, MONDAY)}
    assert found[expression] == (kind, value)


def test_a_rate_is_not_a_span_of_time() -> None:
    found = {timex.text for timex in tag_text("The route adds 700 seats a week and earns $2 million a year.", MONDAY)}
    assert "a week" not in found and "a year" not in found


def test_earlier_counts_from_the_narratives_day_and_ago_from_publication() -> None:
    # Fiction. TimeML reads "a month earlier" as the span (P1M); readers get the month it points to.
    text = "The plant closed on March 3, 2021. A month earlier, talks failed. It opened two years ago."
    found = {timex.text: timex for timex in tag_text(text, MONDAY)}
    earlier = found["A month earlier"]
    assert (earlier.type, earlier.value, earlier.anchored) == ("DURATION", "P1M", "2021-02")
    assert found["two years ago"].value == "2021"
    times = {t.text: t for t in find_times(Article(id="a", text=text, published="2023-03-20"), TimeOptions())}
    assert (times["A month earlier"].value, times["A month earlier"].timeml) == ("2021-02", "P1M")


def test_what_is_compared_with_a_year_earlier_is_that_years_period() -> None:
    # Fiction: figures and comparisons name the period they belong to, a date.
    assert values("Costs rose, compared with a year earlier.")["a year earlier"] == "2022"
    assert values("Sales were $4 million, up from $3 million a year earlier.")["a year earlier"] == "2022"
    assert values("A year earlier, the mill had closed.")["A year earlier"] == "P1Y"
    assert values("Revenue was $9 million versus $8 million a year earlier.")["a year earlier"] == "2022"


# Fiction: invented earnings reports and news sentences.
def test_a_report_is_about_the_ended_quarter_it_names_most_not_a_coming_one() -> None:
    text = (
        "Harrow Mills posted a gain in third-quarter profit. After a flat second quarter, sales grew. "
        "Analysts expect weakness in the fourth quarter. In the year-ago period, Harrow earned $4 million. "
        "This quarter's gain includes a one-time credit. The latest quarter also saw lower costs."
    )
    found = {timex.text: timex.value for timex in tag_text(text, date(1989, 11, 1))}
    assert found["the fourth quarter"] == "1989-Q4"
    assert found["the year-ago period"] == "1988-Q3"
    assert found["This quarter"] == "1989-Q3"
    assert found["The latest quarter"] == "1989-Q3"


def test_the_corresponding_period_last_year_is_the_year_ago_quarter() -> None:
    text = "Orrin Co. lost $8 million in the third quarter, against a profit in the corresponding period last year."
    found = {timex.text: timex.value for timex in tag_text(text, date(1989, 11, 1))}
    assert found["the corresponding period last year"] == "1988-Q3"


def test_shares_and_ordinals_are_not_spans_of_time() -> None:
    found = {timex.text for timex in tag_text("About three-quarters of the voters backed a second term.", MONDAY)}
    assert not found
    spans = {t.text: t.value for t in tag_text("It returned to profit after several quarters of losses.", MONDAY)}
    assert spans["several quarters"] == "PXM"


def test_a_capitalised_name_ending_in_ed_is_no_past_tense_cue() -> None:
    found = values("The envoy will fly to the United States Thursday.")
    assert found["Thursday"] == "2023-03-23"


def test_a_future_tense_points_to_the_next_such_month_even_far_ahead() -> None:
    found = values("Commander Ilse Varga will be named to lead a flight in December.")
    assert found["December"] == "2023-12"
    assert values("The ferry line was sold in December.")["December"] == "2022-12"


def test_the_next_day_counts_from_the_day_the_narrative_is_on() -> None:
    found = values("The barge sank on March 3, 2021. The next day, divers came. The night before, it rained.")
    assert found["The next day"] == "2021-03-04"
    assert found["The night before"] == "2021-03-03TNI"


def test_centuries_are_their_leading_digits() -> None:
    assert values("The mill dates from the 19th century.")["19th century"] == "18"


def test_an_abbreviation_does_not_end_the_sentence_that_holds_the_tense() -> None:
    found = values("The vote is set for 10 a.m. ET Thursday.")
    assert found["10 a.m. ET Thursday"] == "2023-03-23T10:00"
    assert values("The vote is set for 10 a.m. Thursday.")["10 a.m. Thursday"] == "2023-03-23T10:00"


def test_a_wire_clock_in_brackets_is_no_year_and_edges_of_periods_are_the_period() -> None:
    found = values("The rally began at 3 p.m. (1900 GMT). Rents will rise by the end of the month.")
    assert "1900" not in found
    assert found["the end of the month"] == "2023-03"


def test_spoken_clock_times_read_their_part_of_day() -> None:
    assert values("The envoy will leave at 4 in the morning on Thursday.")["4 in the morning on Thursday"] == (
        "2023-03-23T04:00"
    )
    assert values("The raid ended at 11 at night.")["11 at night"] == "2023-03-20T23:00"
    assert values("The shift ended at 3 in the afternoon.")["3 in the afternoon"] == "2023-03-20T15:00"


def test_a_part_of_day_before_yesterday_or_today_is_kept() -> None:
    found = values("Shares slid in mid-afternoon yesterday. Late yesterday, talks broke off.")
    assert found["mid-afternoon yesterday"] == "2023-03-19TAF"
    assert found["Late yesterday"] == "2023-03-19"


def test_a_month_after_a_capitalised_preposition_is_found() -> None:
    assert values("In March, the mill hired 200 workers.")["March"] == "2023-03"
    assert values("By May the ferry will stop.")["May"] == "2023-05"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The talks took half an hour.", "half an hour", "PT30M"),
        ("The wait was a half-hour.", "a half-hour", "PT30M"),
        ("The trial lasted a year and a half.", "a year and a half", "P1Y6M"),
        ("He served 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("The siege lasted two and a half days.", "two and a half days", "P2DT12H"),
        ("The vote ran a minute and a half late.", "a minute and a half", "PT1M30S"),
        ("He stayed two and a half weeks.", "two and a half weeks", "P17DT12H"),
    ],
)
def test_halves_of_units_are_written_in_the_next_smaller_unit(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


def test_from_now_counts_forward_from_publication() -> None:
    assert values("The vote is two weeks from now.")["two weeks from now"] == "2023-W14"


def test_the_second_day_of_a_range_is_a_date_of_its_own() -> None:
    found = values("The summit on April 24 and 25 was calm. It fell on March 3 and 4 more fell.")
    assert found["25"] == "2023-04-25"
    assert "4" not in found


def test_the_week_of_a_day_is_its_iso_week() -> None:
    assert values("The hearing is set for the week of March 6.")["the week of March 6"] == "2023-W10"


def test_a_clock_time_still_to_come_is_timed_from_publication_not_the_narratives_day() -> None:
    found = values("The barge sank on Friday. The minister will speak at 2 p.m.")
    assert found["2 p.m."] == "2023-03-20T14:00"
    assert values("The barge sank on Friday. Divers arrived at 2 p.m.")["2 p.m."] == "2023-03-17T14:00"


def test_a_clock_time_falls_on_the_date_its_sentence_names() -> None:
    assert values("The bridge fell at 2 p.m. on March 3.")["2 p.m."] == "2023-03-03T14:00"


def test_that_month_and_the_following_week_count_from_the_narratives_day() -> None:
    found = values("The plant shut on March 3, 2010. Later that month, staff left. The following week, it reopened.")
    assert found["that month"] == "2010-03"
    assert found["The following week"] == "2010-W10"
    assert values("The plant shut on March 3, 2010. The previous month was calm.")["The previous month"] == "2010-02"


def test_a_day_something_is_on_is_still_to_come() -> None:
    assert values("The tenth anniversary of the flood is Wednesday.")["Wednesday"] == "2023-03-22"


def test_a_plan_told_in_the_past_points_ahead_unless_it_was_overtaken() -> None:
    # Fiction. Published on a Friday: the march is still to come; the overtaken deadline was last Friday's.
    friday = date(2023, 3, 17)
    found = values("Fishermen planned a march in Tallow Point on Saturday and were planning to block the quay.", friday)
    assert found["Saturday"] == "2023-03-18"
    assert values("Ferry workers were due to strike on Tuesday, the union said.", friday)["Tuesday"] == "2023-03-21"
    monday = MONDAY
    assert (
        values("The harbour offer had been due to expire Friday evening.", monday)["Friday evening"] == "2023-03-17TEV"
    )
    assert values("The harbour offer was due to expire Friday evening.", monday)["Friday evening"] == "2023-03-24TEV"


def test_an_attribution_after_the_clause_does_not_set_its_tense() -> None:
    # Fiction: "said" tells when the aides spoke; the meeting is still to come.
    friday = date(2023, 3, 17)
    assert values("The harbour board will meet on Tuesday, aides to the mayor said.", friday)["Tuesday"] == "2023-03-21"
    assert values("The harbour board met on Tuesday, aides said.", friday)["Tuesday"] == "2023-03-14"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        # Fiction, published on Monday 20 March 2023.
        ("The harbour board's fiscal year ends June 30.", "June 30", "2023-06-30"),  # present tense: to come
        ("The harbour board's fiscal year ended June 30.", "June 30", "2022-06-30"),
        ("Divers have searched the bay since the Oct. 2 sinking.", "Oct. 2", "2022-10-02"),
        ("The ferry ballot is in November.", "November", "2023-11"),
        ("The ferry ballot was held in November.", "November", "2022-11"),
        ("Cargo fell in the first half of the year.", "the first half of the year", "2023-H1"),
        ("Cargo rose in the second quarter of last year.", "the second quarter of last year", "2022-Q2"),
        (
            "Cargo slowed in the third quarter of this year, the board expects.",
            "the third quarter of this year",
            "2023-Q3",
        ),
    ],
)
def test_present_tense_and_periods_of_a_named_year(text: str, expression: str, value: str) -> None:
    assert values(text)[expression] == value


def test_a_clock_time_tonight_or_last_night_falls_on_that_day() -> None:
    # Fiction, published on Monday 20 March 2023.
    assert values("The quay gates shut at 10 p.m. tonight.")["10 p.m. tonight"] == "2023-03-20T22:00"
    assert values("The alarm sounded at 11 p.m. last night.")["11 p.m. last night"] == "2023-03-19T23:00"
    assert values("The ferry strike starts at midnight tonight.")["midnight tonight"] == "2023-03-20T24:00"


def test_the_past_year_is_the_year_before_and_the_past_decade_a_span() -> None:
    # Fiction. TimeML reads "the past year" as the previous calendar year (a date), as it reads "last year".
    found = {
        t.text: (t.type, t.value) for t in tag_text("Costs rose 4% in the past year, as in the past decade.", MONDAY)
    }
    assert found["the past year"] == ("DATE", "2022")
    assert found["the past decade"] == ("DURATION", "P10Y")


def test_march_and_may_modifying_a_noun_are_months() -> None:
    # Fiction: "the March vote" is a month; "the March of Dimes" is not.
    found = values("The March vote was delayed, and the May election may follow.", MONDAY)
    assert found["March"] == "2023-03"
    assert found["May"] == "2023-05"  # "may follow": the coming May
    assert "March" not in values("He gave to the March of Dimes.", MONDAY)


def test_the_latest_fiscal_year_is_the_one_closed_before_publication() -> None:
    # Fiction. "The fiscal year" is the current one; "the latest fiscal year" the last one closed.
    found = values("Orrin Co. sold $2 billion in the latest fiscal year and expects more in the fiscal year.", MONDAY)
    assert found["the latest fiscal year"] == "2022"
    assert found["the fiscal year"] == "2023"


def test_a_span_later_lands_readers_on_a_day_counted_from_the_narrative() -> None:
    # Fiction. TimeML keeps "three days" a span; the report's value is the day it lands on.
    text = "The plant closed on March 3, 2021. Three days later, talks failed. It took 20 years to rebuild."
    times = {t.text: t for t in find_times(Article(id="a", text=text, published="2023-03-20"), TimeOptions())}
    assert (times["Three days"].type, times["Three days"].timeml, times["Three days"].value) == (
        "DURATION",
        "P3D",
        "2021-03-06",
    )
    assert times["20 years"].value is None


@pytest.mark.parametrize(
    ("text", "expression", "kind", "value"),
    [
        ("Elections are held every four years.", "every four years", "SET", "P4Y"),
        ("The board meets twice a week.", "twice a week", "SET", "P1W"),
        ("The ferry calls every other week.", "every other week", "SET", "P2W"),
        ("A bus leaves every 15 minutes.", "every 15 minutes", "SET", "PT15M"),
        ("Profit rose in Q4.", "Q4", "DATE", "2022-Q4"),
        ("Profit will rise in Q4.", "Q4", "DATE", "2023-Q4"),
        ("Profit fell in Q2 2021.", "Q2 2021", "DATE", "2021-Q2"),
    ],
)
def test_repeated_periods_and_quarters_written_q1(text: str, expression: str, kind: str, value: str) -> None:
    # Fiction: invented sentences.
    found = {t.text: (t.type, t.value) for t in tag_text(text, MONDAY)}
    assert found[expression] == (kind, value)


def test_a_rate_or_a_car_model_is_no_time() -> None:
    # Fiction: "$700 a week" is a rate; "the Tallow Q3" a model named after its maker.
    assert not tag_text("Rent was $700 a week for the Tallow Q3 owners.", MONDAY)
