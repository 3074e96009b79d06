"""A signature date is read from an agreement's date text only where the text says it was signed then."""

from datetime import date

import pytest

from agreements.signature import signature_date
from consortium.vague_dates import Precision, VagueDate


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        ("20.10.2022 SIGNED", VagueDate(date(2022, 10, 20), date(2022, 10, 20), Precision.DAY)),
        ("November 2021 SIGNED", VagueDate(date(2021, 11, 1), date(2021, 11, 30), Precision.MONTH)),
        ("08/04/2022 SIGNED", VagueDate(date(2022, 4, 8), date(2022, 4, 8), Precision.DAY)),
        (
            "20.10.2022 Agreement during the matchmaking event in Düsseldorf SIGNED",
            VagueDate(date(2022, 10, 20), date(2022, 10, 20), Precision.DAY),
        ),
    ],
)
def test_a_date_that_is_the_whole_cell_or_leads_the_agreement_is_its_signature(text, signed):
    assert signature_date(text) == signed


@pytest.mark.parametrize(
    "text",
    [
        "Started Jan. 2021 SIGNED",  # the start of the cooperation
        "Start of co-operation 2021. SIGNED",
        "Reported on 28.08.2022, After initialisation by ELCA, LZS has started to explore details. SIGNED",
        "15.11.2022, first meeting initialised by AMZ after matchmaking event at 08.11.2022 SIGNED",
        "Dubai January 2022",  # the mission, not the signature
        "On line event November 2022 Chile Mission",
        "08.09.2022 Agreed procedure meeting with A.Suri and G. Sharma, moderated by ELCA",
        "Not defined signature day NOT SIGNED",
        "",
    ],
)
def test_a_date_of_something_else_is_no_signature_date(text):
    assert signature_date(text) is None
