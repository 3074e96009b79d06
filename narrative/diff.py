"""The difference between the previous period's text and this one, word by word (difflib), as segments a
template marks up: kept words as they are, removed ones struck through and labelled, added ones underlined
and labelled (the label is read out and printed, so the difference is not told by colour alone)."""

import difflib
import re

TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """[(op, text)] with op "same", "removed" or "added", consecutive words of one op joined."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    segments: list[tuple[str, str]] = []

    def add(op, words):
        text = "".join(words)
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", old[i1:i2])
        else:
            add("removed", old[i1:i2])
            add("added", new[j1:j2])
    return segments


def changed(segments) -> bool:
    return any(op != "same" for op, _text in segments)
