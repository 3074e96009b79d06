"""The one way names are compared: by the organisation form, the import and the participant lists.

People write "MAV-Spain", "MAV Spain" and "mav spain" for one organisation; the directory, the form's
"similar organisation" warning and the import's matching must agree that these are one name.
"""

import re
import unicodedata


def fold(text) -> str:
    """Case, accents and spacing ignored: "Clúster  R&D" is "cluster r&d" (punctuation kept)."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def normalise_name(name) -> str:
    """A name as people match it by eye: "Clúster  MAV-Spain" is "cluster mav spain"."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())
