"""Text under edit that remembers where every character came from.

Cleaning steps change the text one after another; each records its changes here so that the
report can list them and the reader can show the original with every change marked, in the
coordinates of the decoded text (not of whatever an earlier step left).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    action: str
    start: int  # in the original (decoded) text
    end: int
    removed: str  # original[start:end]
    inserted: str


class EditedText:
    def __init__(self, original: str):
        self.original = original
        self.text = original
        # origin[i] is the original offset of text[i]; one extra entry for the end.
        self._origin = list(range(len(original) + 1))
        self.edits: list[Edit] = []

    def origin(self, index: int) -> int:
        return self._origin[index]

    def apply(self, action: str, changes) -> int:
        """Apply (start, end, replacement) changes given in current-text offsets.

        Changes must not overlap. Returns how many were applied (no-op changes are skipped)."""
        changes = sorted((s, e, r) for s, e, r in changes if self.text[s:e] != r)
        if not changes:
            return 0
        pieces, origin, pos = [], [], 0
        for start, end, replacement in changes:
            if start < pos:
                raise ValueError(f"{action}: overlapping changes at {start}")
            pieces.append(self.text[pos:start])
            origin.extend(self._origin[pos:start])
            o_start, o_end = self._origin[start], self._origin[end]
            pieces.append(replacement)
            origin.extend([o_start] * len(replacement))
            self.edits.append(
                Edit(action, o_start, o_end, self.original[o_start:o_end], replacement)
            )
            pos = end
        pieces.append(self.text[pos:])
        origin.extend(self._origin[pos:])
        self.text = "".join(pieces)
        self._origin = origin
        return len(changes)

    def sub(self, action: str, pattern, repl) -> int:
        """Regex replacement recorded as edits; `repl` is a string or a function of the match."""
        changes = []
        for m in pattern.finditer(self.text):
            replacement = repl(m) if callable(repl) else m.expand(repl)
            changes.append((m.start(), m.end(), replacement))
        return self.apply(action, changes)
