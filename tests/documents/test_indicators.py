from decimal import Decimal

import pytest

from documents.indicators import BY_SLUG, INDICATORS


def test_the_disclosure_rate_follows_its_formula():
    value, why = BY_SLUG["disclosure_rate"].compute(
        {"outcome.disclosed.total": 10099, "outcome.partially_disclosed.total": 439, "outcome.total.total": 34430}
    )
    assert why is None
    assert value == Decimal("30.61")  # the 2023 report's own prose says 占30.61%


def test_a_zero_denominator_is_not_computable_rather_than_zero():
    value, why = BY_SLUG["review_correction_rate"].compute({"review.corrected": 0, "review.total": 3, "review.pending": 3})
    assert value is None and why == "无法计算：分母为 0"


def test_a_missing_input_is_not_computable_and_named():
    value, why = BY_SLUG["carry_over_rate"].compute({"requests.new.total": 10})
    assert value is None
    # named as the template names them (the note shows on the explorer's page)
    assert why == "无法计算：缺少结转下年度继续办理(总计)、上年结转政府信息公开申请数量(总计)"


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.slug)
def test_every_indicator_names_inputs_that_are_canonical_keys(indicator):
    from documents.ingest.metric_keys import KEYS

    assert set(indicator.inputs) <= set(KEYS)
    assert indicator.formula and indicator.version
