import html

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

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
    rendering them through {% include %} took most of a new comparison's page. Every value is
    escaped (_e) as the templates' autoescaping did; translations with values in them are
    written as {% blocktranslate %} writes them."""
    return mark_safe(
        f'<div class="rrow {_e(row["status"])} kind-{_e(row["kind"])}" data-trail-a="{_e(row.get("a_trail") or "")}"'
        f' data-trail-b="{_e(row.get("b_trail") or "")}">'
        f'{_cell(row, "a", "A", row.get("a"), row.get("a_path"), row.get("a_pieces"))}'
        f'<div class="rnote">{_note(row)}</div>'
        f'{_cell(row, "b", "B", row.get("b"), row.get("b_path"), row.get("b_pieces"))}</div>'
    )


def _e(value) -> str:
    return html.escape(str(value))


def _note(row) -> str:
    status, changes = row["status"], row.get("changes")
    if status == "same":
        return _e(gettext("相同"))
    if status == "changed":
        return _blocktranslate(gettext_noop("改动 %(n)s 处"), n=changes)
    if status == "only_a":
        return _e(gettext("仅 A"))
    if status == "only_b":
        return _e(gettext("仅 B"))
    if changes:
        return _e(gettext("移动")) + _e(gettext("，")) + _blocktranslate(gettext_noop("改动 %(n)s 处"), n=changes)
    return _e(gettext("移动"))


def _blocktranslate(message, **values) -> str:
    """As {% blocktranslate %} writes it: the translation as it is, the values escaped; the
    source text where a translation does not take the values. (Messages are marked with
    gettext_noop where they are written, for makemessages.)"""
    escaped = {name: _e(value) for name, value in values.items()}
    try:
        return gettext(message) % escaped
    except (KeyError, ValueError, TypeError):
        return message % escaped


def _cell(row, side, label, num, path, pieces) -> str:
    out = [f'<div class="rcell {side}{" empty" if num is None else ""}"']
    if num is not None:
        out.append(f' id="p{side}-{_e(num)}"')
    out.append(f'><span class="side-tag">{label}</span>')
    if path:
        out.append(f'<p class="path">{" › ".join(map(_e, path))}</p>')
    if num is not None:
        if row["kind"] == "table":
            text = _e(pieces[0]["text"]) if pieces else ""
            out.append(f'<details class="table-text"><summary>{_e(gettext("统计表原文（数字见“三张表对照”）"))}</summary>'
                       f'<p>{text}</p></details>')
        else:
            tag = "del" if side == "a" else "ins"
            text = "".join(_e(p["text"]) if p["op"] == "equal" else f"<{tag}>{_e(p['text'])}</{tag}>" for p in pieces or ())
            out.append(f'<p class="text{" heading" if row["kind"] == "heading" else ""}">{text}</p>')
    elif row["status"] == "moved":
        elsewhere = _blocktranslate(gettext_noop("%(label)s 的对应段落在别处："), label=label)
        see = _blocktranslate(gettext_noop("看 %(label)s 的这一段"), label=label)
        out.append(f'<p class="note">{elsewhere}<a href="#p{side}-{_e(row.get("partner"))}">{see}</a></p>')
    else:
        out.append(f'<p class="note">{_blocktranslate(gettext_noop("（%(label)s 没有对应段落）"), label=label)}</p>')
    out.append("</div>")
    return "".join(out)
