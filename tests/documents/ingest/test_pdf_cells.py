from documents.ingest.formats.pdf import _Line
from documents.ingest.pdf_cells import attach_labels

H = 10.0  # the height of a line of text


def label(text, top):
    return [_Line(60, 60 + 10 * len(text), top - H, top, text)]


def figures(top, *values):
    return [_Line(250 + 50 * n, 260 + 50 * n, top - H, top, v) for n, v in enumerate(values)]


def texts(rows):
    return [" | ".join(line.text for line in row) for row in rows]


def test_a_label_wrapped_around_its_figures_joins_them_in_reading_order():
    # (二) has two lines with its figures between them; the padded cells are 14 apart.
    rows = [
        label("(一)予以公开", 700) + figures(700, "9", "4"),
        label("(二)部分公开(区分", 684),
        figures(676, "3", "1"),
        label("处理的)", 668),
        label("(三)不予公开", 650) + figures(650, "2", "0"),
    ]
    assert texts(attach_labels(rows)) == [
        "(一)予以公开 | 9 | 4",
        "(二)部分公开(区分处理的) | 3 | 1",
        "(三)不予公开 | 2 | 0",
    ]


def test_a_label_of_three_lines_keeps_its_middle_line_with_the_figures():
    rows = [
        label("(七)总计", 700) + figures(700, "5", "6"),
        label("1.申请人无正当理由", 684),
        label("逾期不补正、行政机关", 676) + figures(676, "1", "2"),
        label("不再处理其申请", 668),
        label("2.其他", 650) + figures(650, "3", "4"),
    ]
    assert texts(attach_labels(rows))[1] == "1.申请人无正当理由逾期不补正、行政机关不再处理其申请 | 1 | 2"


def test_a_group_row_between_rows_of_figures_stays_a_row_of_its_own():
    rows = [
        label("二、上年结转", 700) + figures(700, "3", "0"),
        label("三、本年度办理结果", 686),
        label("(一)予以公开", 672) + figures(672, "9", "4"),
    ]
    assert texts(attach_labels(rows)) == texts(rows)


def test_lines_that_fit_more_than_one_way_are_left_where_they_are():
    # Evenly spaced, no padding: 甲 and 丁 may be the outer lines of the row's label or
    # captions of their own, and nothing on the page tells which.
    rows = [label("甲", 700), label("乙", 686), figures(679, "1", "2"), label("丙", 672), label("丁", 658)]
    assert texts(attach_labels(rows)) == ["甲", "乙", "1 | 2", "丙", "丁"]


def test_evenly_spaced_rows_are_solved_from_the_centring_when_only_one_way_fits():
    rows = [
        label("(一)予以公开", 700) + figures(700, "9", "4"),
        label("(二)部分公开", 686),
        figures(679, "3", "1"),
        label("(区分处理)", 672),
        label("(三)不予公开", 658) + figures(658, "2", "0"),
    ]
    assert texts(attach_labels(rows))[1] == "(二)部分公开(区分处理) | 3 | 1"


def test_a_running_header_on_most_pages_is_dropped_and_the_same_words_in_a_page_stay():
    from documents.ingest.pdf_cells import drop_running_lines

    header = "某区人民政府办公室"
    pages = [label(header, 800) + label(f"第{n}页的正文。", 700) + label("- 1 -", 40) for n in range(4)]
    pages[2] = pages[2] + label(header, 750)  # the same words in the body
    dropped = []
    out = drop_running_lines(pages, dropped)
    assert dropped == [header] * 4
    assert [[line.text for line in page] for page in out][2] == ["第2页的正文。", "- 1 -", header]


def test_a_figure_at_the_top_of_pages_is_no_running_header():
    from documents.ingest.pdf_cells import drop_running_lines

    pages = [label("0", 800) + label(f"第{n}页的正文。", 700) for n in range(4)]
    dropped = []
    assert drop_running_lines(pages, dropped) == pages and dropped == []
