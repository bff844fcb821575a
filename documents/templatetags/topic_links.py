"""`{{ name|topic_url }}`: the page of a topic stored on a section (sections store names)."""
from django import template
from django.urls import reverse

from ..ingest import topics

register = template.Library()


@register.filter
def topic_url(name):
    topic = topics.find(name)
    if topic is None:  # a topic since removed from the list
        return reverse("documents:topics")
    return reverse("documents:topic", args=[topic.slug])
