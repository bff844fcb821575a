"""Derived indicators: published formulas over canonical metrics.

Each indicator says what it computes, from which keys, in which version, so a reader can
recompute any value shown. A missing input or a zero denominator gives "not computable",
never 0.
"""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language, gettext

from documents import metric_names
from documents.ingest.metric_keys import KEYS


@dataclass(frozen=True)
class Indicator:
    slug: str
    name: str
    name_en: str
    numerator: tuple  # (sign, key) pairs, summed
    denominator: tuple
    version: str = "1"
    description: str = ""

    @property
    def local_name(self):
        """The name in the reader's interface language."""
        return self.name_en if (get_language() or "").startswith("en") else self.name

    @property
    def inputs(self):
        return sorted({key for _, key in self.numerator + self.denominator})

    @property
    def formula(self):
        """In keys, for the data: (outcome.disclosed.total + ...) ÷ outcome.total.total × 100%."""
        return self._formula(lambda key: key)

    @property
    def formula_in_words(self):
        """In the template's names, for a reader: (予以公开 · 总计 + ...) ÷ 办理结果总计 · 总计 × 100%."""
        return self._formula(metric_names.name)

    def _formula(self, name):
        def side(terms):
            text = ""
            for sign, key in terms:
                text += (" − " if sign < 0 else " + " if text else "") + name(key)
            return f"({text})" if len(terms) > 1 else text

        return f"{side(self.numerator)} ÷ {side(self.denominator)} × 100%"

    def compute(self, values: dict):
        """(value in percent rounded to 0.01, None) or (None, why it is not computable)."""
        missing = [key for key in self.inputs if values.get(key) is None]
        if missing:
            return None, gettext("无法计算：缺少%(missing)s") % {
                "missing": "、".join(KEYS[key].label if key in KEYS else key for key in missing)}
        numerator = sum(Decimal(sign) * Decimal(values[key]) for sign, key in self.numerator)
        denominator = sum(Decimal(sign) * Decimal(values[key]) for sign, key in self.denominator)
        if denominator == 0:
            return None, gettext("无法计算：分母为 0")
        value = (numerator / denominator * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return value, None


def _plus(*keys):
    return tuple((1, k) for k in keys)


WITHHELD_REASONS = [
    key.removesuffix(".total")
    for key in KEYS
    if key.startswith("outcome.withheld.") and key.endswith(".total") and key.count(".") == 3
]

INDICATORS = [
    Indicator(
        "disclosure_rate", "公开率", "Disclosure rate",
        _plus("outcome.disclosed.total", "outcome.partially_disclosed.total"), _plus("outcome.total.total"),
        description="(予以公开 + 部分公开) / 办理结果总计",
    ),
    Indicator(
        "refusal_rate", "不予公开率", "Refusal rate",
        _plus("outcome.withheld.total"), _plus("outcome.total.total"),
        description="不予公开 / 办理结果总计",
    ),
    Indicator(
        "unavailable_share", "无法提供占比", "Share not available",
        _plus("outcome.unavailable.total"), _plus("outcome.total.total"),
        description="无法提供 / 办理结果总计",
    ),
    Indicator(
        "review_correction_rate", "行政复议纠错率", "Review correction rate",
        _plus("review.corrected"), ((1, "review.total"), (-1, "review.pending")),
        description="结果纠正 / 已审结 (总计 − 尚未审结)",
    ),
    Indicator(
        "litigation_correction_rate", "行政诉讼纠错率", "Litigation correction rate",
        _plus("litigation.corrected"), ((1, "litigation.total"), (-1, "litigation.pending")),
        description="结果纠正 / 已审结 (总计 − 尚未审结)，两类行政诉讼合计",
    ),
    Indicator(
        "carry_over_rate", "结转率", "Carry-over rate",
        _plus("requests.carried_forward.total"), _plus("requests.new.total", "requests.carried_over.total"),
        description="结转下年度继续办理 / (本年新收 + 上年结转)",
    ),
    Indicator(
        "legal_person_share", "法人或其他组织申请占比", "Applicant mix: share of organisations",
        ((1, "requests.new.total"), (-1, "requests.new.natural_person")), _plus("requests.new.total"),
        description="(本年新收总计 − 自然人) / 本年新收总计",
    ),
] + [
    Indicator(
        f"withheld_reason.{reason.rsplit('.', 1)[1]}",
        f"不予公开理由占比: {KEYS[reason + '.total'].row}",
        f"Refusals by reason: {reason.rsplit('.', 1)[1].replace('_', ' ')}",
        _plus(reason + ".total"), _plus("outcome.withheld.total"),
        description=f"{KEYS[reason + '.total'].row} / 不予公开",
    )
    for reason in WITHHELD_REASONS
]

BY_SLUG = {i.slug: i for i in INDICATORS}
