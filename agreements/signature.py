"""When an agreement was signed, as its date text says it: the one rule for reading a signature date.

A date column holds a date only where the text says the thing happened then. The agreement tables write
one cell for the date and the status ("20.10.2022 SIGNED", "Started Jan. 2021 SIGNED"), so a signature
date is read from such a cell only when the cell, its status word set aside, is a date and nothing else
("20.10.2022", "November 2021", "08/04/2022"), or begins with a date followed by a word naming the
agreement or its signing ("20.10.2022 Agreement during the matchmaking event"). Every other date in the
cell dates something else: the start of the cooperation ("Started Jan. 2021", "Start of co-operation
2021"), the day it was reported ("Reported on 28.08.2022"), a first meeting ("15.11.2022, first meeting
...") or an event. Such an agreement is signed but undated (Agreement.is_undated): it counts only in the
last period, and no precision is made up for it.
"""

import re

from consortium.vague_dates import VagueDate, VagueDateError, parse_vague_date

# The status words the tables end the cell with; only SIGNED can go with a signature date.
_STATUS = re.compile(r"\b(?:NOT\s+SIGNED|TO\s+BE\s+SIGNED\b.*|SIGNED)\s*\.?\s*$", re.IGNORECASE | re.DOTALL)
# Words that, right after a leading date, say the date is the agreement's ("20.10.2022 Agreement ...").
_SIGNING_WORDS = re.compile(r"(?:agreement|signed|signature|signing|mou)\b", re.IGNORECASE)
_LEADING_WORDS = 4  # a date is at most four words long ("14. Oktober 2026", "4 - 8.02.2022")


def _date(text: str) -> VagueDate | None:
    try:
        return parse_vague_date(text.strip(" ,;:."))
    except VagueDateError:
        return None


def signature_date(date_text: str) -> VagueDate | None:
    """The signature date the text states, or None when it states none (see the module's docstring)."""
    text = _STATUS.sub("", " ".join((date_text or "").split())).strip(" ,;:.")
    if not text:
        return None
    if whole := _date(text):
        return whole
    words = text.split(" ")
    for length in range(min(_LEADING_WORDS, len(words) - 1), 0, -1):
        lead, rest = " ".join(words[:length]), " ".join(words[length:])
        if (found := _date(lead)) and _SIGNING_WORDS.match(rest.lstrip(" ,;:-–")):
            return found
    return None
