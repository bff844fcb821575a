from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, None when absent: {{ row.values|get_item:slug }}."""
    return mapping.get(key) if mapping else None


@register.simple_tag
def year_over_year_links(by_year):
    """The publisher page's comparisons worth offering, from its (year, documents) groups."""
    from comparisons.build import year_over_year

    return year_over_year([d for _, documents in by_year for d in documents])


@register.simple_tag
def matrix_url(by_year):
    """The many-document matrix of a publisher's documents, when there are 3 to 12 of them
    (two are compared side by side instead)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from comparisons.build import MAX_DOCUMENTS

    slugs = [d.slug for _, documents in by_year for d in documents]
    if not 3 <= len(slugs) <= MAX_DOCUMENTS:
        return ""
    return reverse("comparisons:many") + "?" + urlencode([("d", s) for s in slugs])


@register.simple_tag
def reading_row(row):
    """One row of the reading view: A's paragraph, what changed, B's paragraph. Written here
    rather than as included templates: a comparison has a couple of hundred rows, and
    rendering them through {% include %} took most of a new comparison's page."""
    return format_html(
        '<div class="rrow {} kind-{}" data-trail-a="{}" data-trail-b="{}">{}<div class="rnote">{}</div>{}</div>',
        row["status"], row["kind"], row.get("a_trail") or "", row.get("b_trail") or "",
        _cell(row, "a", "A", row.get("a"), row.get("a_path"), row.get("a_pieces")),
        _note(row),
        _cell(row, "b", "B", row.get("b"), row.get("b_path"), row.get("b_pieces")),
    )


def _note(row):
    status, changes = row["status"], row.get("changes")
    if status == "same":
        return gettext("相同")
    if status == "changed":
        return _blocktranslate("改动 %(n)s 处", n=changes)
    if status == "only_a":
        return gettext("仅 A")
    if status == "only_b":
        return gettext("仅 B")
    if changes:
        return format_html("{}{}{}", gettext("移动"), gettext("，"), _blocktranslate("改动 %(n)s 处", n=changes))
    return gettext("移动")


def _blocktranslate(message, **values):
    """As {% blocktranslate %} writes it: the translation as it is, the values escaped."""
    return mark_safe(gettext(message) % {name: conditional_escape(value) for name, value in values.items()})


def _cell(row, side, label, num, path, pieces):
    html = [format_html('<div class="rcell {}{}"', side, " empty" if num is None else "")]
    if num is not None:
        html.append(format_html(' id="p{}-{}"', side, num))
    html.append(format_html('><span class="side-tag">{}</span>', label))
    if path:
        html.append(format_html('<p class="path">{}</p>', " › ".join(conditional_escape(p) for p in path)))
    if num is not None:
        if row["kind"] == "table":
            html.append(format_html(
                '<details class="table-text"><summary>{}</summary><p>{}</p></details>',
                gettext("统计表原文（数字见“三张表对照”）"), pieces[0]["text"] if pieces else "",
            ))
        else:
            tag = "del" if side == "a" else "ins"
            text = "".join(
                conditional_escape(p["text"]) if p["op"] == "equal" else f"<{tag}>{conditional_escape(p['text'])}</{tag}>"
                for p in pieces or ()
            )
            html.append(format_html('<p class="text{}">{}</p>', " heading" if row["kind"] == "heading" else "", mark_safe(text)))
    elif row["status"] == "moved":
        html.append(format_html(
            '<p class="note">{}<a href="#p{}-{}">{}</a></p>',
            _blocktranslate("%(label)s 的对应段落在别处：", label=label), side, row.get("partner"),
            _blocktranslate("看 %(label)s 的这一段", label=label),
        ))
    else:
        html.append(format_html('<p class="note">{}</p>', _blocktranslate("（%(label)s 没有对应段落）", label=label)))
    html.append(mark_safe("</div>"))
    return mark_safe("".join(html))
