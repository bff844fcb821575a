"""Topics: which subjects of the controlled list (data/topics.tsv) a section is about.

Pure: a section's heading and text in, topic names out; no Django, no I/O beyond reading the
list beside this module.

A topic scores HEADING_WEIGHT for each of its keywords in the heading (a heading names what a
section is about) and one for each occurrence in the body, at most BODY_CAP per keyword (one
word repeated is not a subject). A section gets every topic scoring THRESHOLD or more, best
first, at most MAX_TOPICS: one keyword in the heading is enough; the body needs three mentions
of the topic's keywords, at most two of them of one keyword. Keywords are matched longest
first without overlap, so 法定主动公开 counts once, not also as 主动公开.
"""
import functools
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "topics.tsv"

HEADING_WEIGHT = 3
BODY_CAP = 2
THRESHOLD = 3
MAX_TOPICS = 5


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    keywords: tuple

    @functools.cached_property
    def pattern(self):
        ordered = sorted(self.keywords, key=len, reverse=True)
        return re.compile("|".join(re.escape(k) for k in ordered))


def parse_list(text: str) -> list[Topic]:
    """The topic list from the TSV's text: `slug<TAB>name<TAB>kw|kw|...`, # comments."""
    topics = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        slug, name, keywords = line.split("\t")
        topics.append(Topic(slug, name, tuple(k for k in keywords.split("|") if k)))
    return topics


@functools.cache
def all_topics() -> tuple[Topic, ...]:
    return tuple(parse_list(DATA.read_text(encoding="utf-8")))


def find(value: str) -> Topic | None:
    """The topic with this slug or name, or None."""
    for topic in all_topics():
        if value in (topic.slug, topic.name):
            return topic
    return None


def score(topic: Topic, heading: str, text: str) -> int:
    in_heading = set(topic.pattern.findall(heading))
    counts = {}
    for keyword in topic.pattern.findall(text):
        counts[keyword] = counts.get(keyword, 0) + 1
    return HEADING_WEIGHT * len(in_heading) + sum(min(n, BODY_CAP) for n in counts.values())


def assign(heading: str, text: str, topics=None) -> list[str]:
    """The names of the topics a section is about, best first (ties in list order)."""
    scored = []
    for index, topic in enumerate(topics if topics is not None else all_topics()):
        points = score(topic, heading, text)
        if points >= THRESHOLD:
            scored.append((-points, index, topic.name))
    return [name for _, _, name in sorted(scored)[:MAX_TOPICS]]
