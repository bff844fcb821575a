"""digits: splitting a run of digits into a row's cells by the row's shape and relations.

The runs are made up for these tests; the shapes are the standard tables' (seven applicant
columns ending in 总计; three groups of five review/litigation cells each ending in 总计).
"""
from decimal import Decimal

from documents.ingest import digits

APPLICANTS = [digits.Group(7, digits.total_last)]
REVIEW = [digits.Group(5, digits.total_last)] * 3


def cells(run, groups):
    return [str(s) for s in digits.splits(run, groups)]


def test_it_splits_a_run_of_digits_by_the_row_total():
    assert cells("124000016", APPLICANTS) == ["12|4|0|0|0|0|16"]


def test_a_run_of_single_digits_is_read_one_cell_a_digit():
    assert cells("2100003", APPLICANTS) == ["2|1|0|0|0|0|3"]


def test_a_run_that_splits_two_ways_gives_both_candidates():
    assert cells("10100000101", APPLICANTS) == ["1|0|100|0|0|0|101", "101|0|0|0|0|0|101"]


def test_a_run_no_split_of_which_adds_up_gives_no_candidate():
    assert cells("1100000011", APPLICANTS) == []


def test_no_cell_has_a_leading_zero():
    # 10|0|…|10 only: 1|00… or 0|10… would write a cell with a leading zero
    assert all(not c.startswith("0") or c == "0"
               for s in digits.splits("100000010", APPLICANTS) for c in s.cells)
    assert cells("100000010", APPLICANTS) == ["10|0|0|0|0|0|10"]


def test_blanks_in_a_run_are_cell_boundaries():
    # without the blank, 1|0|1|0|0|0|2 and 10|1|0|0|0|0|11 are both possible shapes of the digits
    assert cells("10 1 0 0 0 0 11", APPLICANTS) == ["10|1|0|0|0|0|11"]
    assert cells("200 000121", APPLICANTS) == ["20|0|0|0|0|1|21"]


def test_a_review_run_splits_into_three_groups_each_ending_in_its_total():
    assert cells("21300242200410001", REVIEW) == ["21|3|0|0|24|2|2|0|0|4|1|0|0|0|1"]


def test_an_amount_keeps_its_decimals_and_a_count_may_not_have_any():
    amount = [digits.Group(1, decimals=frozenset({0}))]
    assert cells("1234.5678", amount) == ["1234.5678"]
    assert cells("1234.5678", [digits.Group(1)]) == []
    assert [s.values for s in digits.splits("12.5", amount)] == [(Decimal("12.5"),)]


def test_a_sign_starts_a_cell_of_a_signed_column_only():
    change = [digits.Group(2, signed=frozenset({1}))]
    assert cells("35-15", change) == ["35|-15"]
    assert cells("35-15", [digits.Group(2)]) == []


def test_rows_decided_alone_are_placed_and_the_others_by_the_relations_across_rows():
    rows = [
        digits.Row("a", digits.splits("10100000101", APPLICANTS)),   # ambiguous alone
        digits.Row("b", digits.splits("1000001", APPLICANTS)),
        digits.Row("total", digits.splits("102 0 0 0 0 0 102", APPLICANTS)),
    ]
    first_column = digits.CrossRelation(("a", "b", "total"), lambda v: v["a"][0] + v["b"][0] == v["total"][0])
    sol = digits.solve(rows, [first_column])
    assert str(sol.chosen["a"]) == "101|0|0|0|0|0|101"
    assert sol.joint and not sol.ambiguous


def test_a_row_no_relation_decides_stays_ambiguous_with_its_candidates():
    sol = digits.solve([digits.Row("a", digits.splits("10100000101", APPLICANTS))], [])
    assert "a" not in sol.chosen
    assert [str(s) for s in sol.ambiguous["a"]] == ["1|0|100|0|0|0|101", "101|0|0|0|0|0|101"]


def test_a_relation_failing_among_rows_already_read_chooses_nothing():
    rows = [
        digits.Row("a", digits.splits("10100000101", APPLICANTS)),
        digits.Row("b", digits.splits("1000001", APPLICANTS)),
        digits.Row("total", digits.splits("102 0 0 0 0 0 102", APPLICANTS)),
        digits.Row("c", digits.splits("5000005", APPLICANTS)),
    ]
    sums = digits.CrossRelation(("a", "b", "total"), lambda v: v["a"][0] + v["b"][0] == v["total"][0])
    broken = digits.CrossRelation(("b", "c"), lambda v: v["b"][0] == v["c"][0])   # 1 against 5
    sol = digits.solve(rows, [sums, broken])
    assert "a" not in sol.chosen and len(sol.ambiguous["a"]) == 2
    assert str(sol.chosen["b"]) == "1|0|0|0|0|0|1"


def test_the_run_pattern_takes_blanks_signs_and_decimals_but_not_a_following_numbering_dot():
    assert digits.RUN.search("行政处罚2648-18538行政").group() == "2648-18538"
    assert digits.RUN.search("收费4166.241619三").group() == "4166.241619"
    assert digits.RUN.search("信息4910000502.没有").group() == "4910000502"
    assert digits.RUN.search("总计20 0 00 0 121四").group() == "20 0 00 0 121"


def test_a_review_run_with_two_splits_gives_both():
    assert cells("12130162200410001", REVIEW) == ["1|2|13|0|16|2|2|0|0|4|1|0|0|0|1",
                                                  "12|1|3|0|16|2|2|0|0|4|1|0|0|0|1"]


def test_split_cells_reads_a_layout_that_leaves_no_doubt_even_when_the_relation_fails():
    assert [str(s) for s in digits.split_cells("2100004", APPLICANTS)] == ["2|1|0|0|0|0|4"]
    assert [str(s) for s in digits.split_cells("21 0 0 0 0 0 40", APPLICANTS)] == ["21|0|0|0|0|0|40"]
    assert digits.split_cells("21000040", APPLICANTS) == []


def test_a_number_grouped_by_thousands_is_one_cell():
    assert digits.RUN.search("行政许可10,690第二十条").group() == "10,690"
    assert [s.values for s in digits.splits("10,690", [digits.Group(1)])] == [(Decimal(10690),)]
    assert cells("1,200 3 1,203", [digits.Group(3, digits.total_last)]) == ["1,200|3|1,203"]


def test_a_stray_run_far_too_long_for_its_row_gives_no_split_and_returns_quickly():
    import time
    started = time.monotonic()
    assert digits.splits("1234567891234567891234567891234567891234", APPLICANTS) == []
    assert time.monotonic() - started < 5


def _every_split(run, size):
    """All splits of a run of digits into `size` cells whose last is the sum of the others, by
    trying every set of cut points: what the search must find, in the same order."""
    import itertools as it

    out = []
    for cuts in it.combinations(range(1, len(run)), size - 1):
        cells = [run[a:b] for a, b in zip((0, *cuts), (*cuts, len(run)))]
        if all(c == "0" or c[0] != "0" for c in cells) and sum(map(int, cells[:-1])) == int(cells[-1]):
            out.append(tuple(cells))
    return out


def test_the_search_finds_exactly_the_splits_every_cut_would_give():
    import random

    rng = random.Random(20261206)
    for _ in range(300):
        size = rng.randint(2, 7)
        values = [rng.choice([0, 0, 1, 3, rng.randint(0, 99), rng.randint(0, 9999)]) for _ in range(size - 1)]
        run = "".join(map(str, values + [sum(values)]))
        if rng.random() < 0.3:  # and runs that may split no way at all
            run = "".join(rng.choice("0123456789") for _ in range(rng.randint(size, 16)))
        found = [s.cells for s in digits.splits(run, [digits.Group(size, digits.total_last)])]
        assert found == _every_split(run, size), run


def _every_grouped_split(run, sizes):
    """All splits of a run (digits, blanks between some) into groups of `sizes` cells, each
    group's last cell the sum of its others, by trying every set of cut points that keeps every
    blank as one: what the search must find, in the same order."""
    import itertools as it

    chunks = run.split()
    text = "".join(chunks)
    blanks = set(it.accumulate(len(c) for c in chunks[:-1]))
    out = []
    for cuts in it.combinations(range(1, len(text)), sum(sizes) - 1):
        if not blanks <= set(cuts):
            continue
        cells = [text[a:b] for a, b in zip((0, *cuts), (*cuts, len(text)))]
        if any(c != "0" and c[0] == "0" for c in cells):
            continue
        groups, at = [], 0
        for size in sizes:
            groups.append(cells[at:at + size])
            at += size
        if all(sum(map(int, g[:-1])) == int(g[-1]) for g in groups):
            out.append(tuple(cells))
    return out


def test_the_search_finds_exactly_the_splits_every_cut_would_give_for_several_groups_and_blanks():
    import random

    rng = random.Random(20261207)
    for _ in range(250):
        sizes = [rng.randint(1, 7) for _ in range(rng.choice([2, 2, 3]))]
        while sum(sizes) > 11:
            sizes.pop()
        cells = []
        for size in sizes:
            values = [rng.choice([0, 0, 1, 3, rng.randint(0, 99), rng.randint(0, 999)]) for _ in range(size - 1)]
            cells += values + [sum(values)]
        run = "".join(str(c) + (" " if rng.random() < 0.15 else "") for c in cells).strip()
        if len(run.replace(" ", "")) > 17:
            continue
        if rng.random() < 0.3:  # and runs that may split no way at all
            run = "".join(rng.choice("0123456789") for _ in range(rng.randint(sum(sizes), 15)))
        found = [s.cells for s in digits.splits(run, [digits.Group(size, digits.total_last) for size in sizes])]
        assert found == _every_grouped_split(run, sizes), (run, sizes)


def test_a_review_row_of_four_and_five_digit_numbers_is_split_and_quickly():
    import time

    started = time.monotonic()
    assert cells("7752527844929718272404429536573199082043310811158724946412427", REVIEW) == [
        "7752|5278|4492|9718|27240|4429|5365|731|9908|20433|1081|1158|724|9464|12427"]
    assert time.monotonic() - started < 5


def _every_combination(rows, relations):
    """What `solve` decides for the open rows, by trying every combination of their candidates."""
    import itertools as it

    fixed = {r.name: r.candidates[0].values for r in rows if len(r.candidates) == 1}
    open_rows = [r for r in rows if len(r.candidates) > 1]
    survivors = []
    for combo in it.product(*(r.candidates for r in open_rows)):
        values = dict(fixed)
        values.update({r.name: s.values for r, s in zip(open_rows, combo)})
        if all(rel.holds(values) for rel in relations):
            survivors.append(combo)
    return {r.name: {c[i].cells for c in survivors} for i, r in enumerate(open_rows)}


def test_rows_decided_jointly_are_those_every_combination_of_candidates_decides():
    import random

    rng = random.Random(7)
    for _ in range(200):
        names = [f"r{i}" for i in range(rng.randint(2, 6))]
        rows, relations = [], []
        for name in names:
            options = {tuple(rng.randint(0, 3) for _ in range(2)) for _ in range(rng.choice([1, 1, 2, 3]))}
            rows.append(digits.Row(name, [digits.Split(tuple(map(str, o))) for o in sorted(options)]))
        for column in range(2):
            parts = rng.sample(names, rng.randint(1, len(names) - 1))
            totals = [n for n in names if n not in parts][:1]
            relations.append(digits.adds_up(parts, totals, column))
        alone = {r.name: r.candidates[0].values for r in rows if len(r.candidates) == 1}
        if any(all(n in alone for n in rel.rows) and not rel.holds(alone) for rel in relations):
            continue  # the rows read alone contradict a relation: no relation chooses (tested above)
        sol = digits.solve(rows, relations)
        expected = _every_combination(rows, relations)
        for name, options in expected.items():
            if len(options) == 1:
                assert sol.chosen[name].cells in options
            else:
                assert name not in sol.chosen
                if options:
                    assert {s.cells for s in sol.ambiguous[name]} <= options


def test_a_run_of_as_many_digits_as_cells_is_read_digit_by_digit_only_where_no_cell_may_be_blank():
    group = [digits.Group(7, digits.total_last)]
    # 2+5+8+1+2+1 is not 1: no split keeps the row's 总计
    assert [str(s) for s in digits.split_cells("2581211", group)] == ["2|5|8|1|2|1|1"]
    assert digits.split_cells("2581211", group, layout=False) == []
    # where the relation decides, the flag changes nothing
    assert [str(s) for s in digits.split_cells("1000001", group, layout=False)] == ["1|0|0|0|0|0|1"]


def test_the_groups_every_split_writes_alike_are_agreed_and_the_others_are_not():
    splits = digits.splits("12130162200410001", REVIEW)
    assert [str(s) for s in splits] == ["1|2|13|0|16|2|2|0|0|4|1|0|0|0|1", "12|1|3|0|16|2|2|0|0|4|1|0|0|0|1"]
    assert digits.agreed_groups(splits, [5, 5, 5]) == [None, ("2", "2", "0", "0", "4"), ("1", "0", "0", "0", "1")]


def test_a_list_of_splits_cut_at_the_limit_agrees_on_nothing():
    many = [digits.Split(("1", "2", "3", "0", "6"))] * digits.SPLIT_LIMIT
    assert digits.agreed_groups(many, [5]) == [None]
