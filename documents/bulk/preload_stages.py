"""Imported by the forkserver that `manage.py ingest` starts its workers from, first: the stages'
models (jieba's dictionary, the noise detector's model, OpenCC's tables) are loaded here once,
and every worker forked from this process starts with them loaded instead of spending a second
or two of a core each on loading them again."""
from .processes import warm_up

warm_up()
