"""The cleaning report: one entry per action, with how often it acted and a few examples.

Every cleaning step (clean.py and the shapes it brings to a text file: crawl.py, markdown.py,
pdftext.py) records here, so the report reads the same whichever module acted.

An entry's `action` is a stable code for the data formats; `sentence()` says it in Chinese for
a reader (去除网页导航 3 处), so no page has to show the code.
"""
EXAMPLES = 5

# action -> (what was done, the measure word its count takes), in Chinese, then in English
# (what was done, what was counted; cleanup_words gives them to an English page). Every action
# a stage records has words here (a test reads the stages for their actions).
ACTIONS: dict[str, tuple[str, str, str, str]] = {
    # decoding and file formats
    "remove_nul": ("去除空字符 (NUL)", "个", "Removed", "NUL characters"),
    "extract_html": ("从网页中取出正文，舍弃页面元素", "处", "Took the text out of the web page, leaving its page elements:", "places"),
    "extract_pdf": ("读取 PDF 文本", "页", "Read the PDF's text:", "pages"),
    "extract_docx": ("把 Word 文件中的表格转为文字行", "张", "Turned the Word file's tables into lines of text:", "tables"),
    "render_docx_numbering": ("写出 Word 的自动编号", "处", "Wrote out Word's automatic numbering:", "places"),
    "drop_running_lines": ("去除 PDF 每页重复的页眉页脚", "处", "Removed headers and footers repeated on every PDF page:", "places"),
    # scans and page images (formats/scanned.py, formats/image.py)
    "extract_image": ("读取图片", "页", "Read the image:", "pages"),
    "ocr": ("以文字识别（OCR）读取没有文字层的页面", "页", "Read pages without a text layer by OCR:", "pages"),
    "ocr_simplified_variants": ("把识别出的繁体字形转为简体", "处", "Turned traditional forms OCR read into simplified:", "places"),
    "ocr_lookalike_digits": ("把识别成字母的数字改回数字", "处", "Turned letters OCR read for digits back into digits:", "places"),
    "ocr_doubtful_cells": ("标出识别把握不足的表格数字", "处", "Marked table figures OCR was unsure of:", "places"),
    "ocr_letters_in_numbers": ("把数字中识别成字母的字符改回数字", "处", "Turned letters OCR read inside numbers back into digits:", "places"),
    "ocr_place_names": ("按行政区划名录更正识别错一字的地名", "处", "Corrected place names OCR misread by one character, from the list of divisions:", "places"),
    # crawled pages
    "remove_crawler_header": ("去除抓取程序加在文首的说明", "行", "Removed the crawler's notes at the top:", "lines"),
    "remove_inline_chrome": ("去除夹在正文中的网页元素", "处", "Removed page elements caught in the text:", "places"),
    "read_field_box": ("读取并去除网页的信息索引（索引号、发布机构、发文日期等）", "行", "Read and removed the page's box of fields (索引号, 发布机构, 发文日期…):", "lines"),
    "break_paragraphs": ("为连成一行的正文重新分段", "处", "Split text run into one line back into paragraphs:", "places"),
    # converted tables (Markdown, HTML)
    "html_table_to_rows": ("把 HTML 表格转为文字行", "张", "Turned HTML tables into lines of text:", "tables"),
    "unmark_headings": ("去除 Markdown 标题符号", "处", "Removed Markdown heading marks:", "places"),
    "split_glued_table_row": ("拆开与标题粘连的表格行", "处", "Split table rows glued to a heading:", "places"),
    "drop_table_rule": ("去除表格分隔线", "行", "Removed table rules:", "lines"),
    "drop_made_up_header": ("去除转换时补出的空表头", "行", "Removed empty table headers a converter made up:", "lines"),
    "drop_row_padding": ("去除表格行尾的空单元格", "处", "Removed empty cells at the ends of table rows:", "places"),
    "drop_cell_line_break": ("去除单元格内的换行标记", "处", "Removed line-break marks inside cells:", "places"),
    "drop_table_markup": ("去除表格标记", "处", "Removed table markup:", "places"),  # the edits behind the four entries above
    "unescape_markdown": ("还原 Markdown 转义字符", "处", "Restored Markdown-escaped characters:", "places"),
    "drop_list_bullets": ("去除列表符号", "处", "Removed list bullets:", "places"),
    "drop_images_and_comments": ("去除图片和注释", "处", "Removed images and comments:", "places"),
    "drop_emphasis": ("去除加粗等强调标记", "处", "Removed bold and other emphasis marks:", "places"),
    # PDF text
    "drop_page_numbers": ("去除页码", "处", "Removed page numbers:", "places"),
    "drop_form_feeds": ("把分页符换为换行", "处", "Turned page breaks into line breaks:", "places"),
    "join_wrapped_lines": ("接回版面折断的行", "处", "Joined lines the layout broke:", "places"),
    "separate_layout_columns": ("分开表格中按空格对齐的栏", "行", "Separated table columns aligned with spaces:", "lines"),
    "join_group_labels": ("把表格分组标题接回所属的行", "处", "Joined table group labels to their rows:", "places"),
    "join_label_tails": ("接回折到下一行的表格行名", "处", "Joined table row names wrapped onto the next line:", "places"),
    # cleaning (clean.py)
    "normalize_line_endings": ("统一换行符", "处", "Made line endings uniform:", "places"),
    "normalize_radicals": ("把部首字符还原为汉字", "处", "Turned radical signs from PDF fonts back into characters:", "places"),
    "remove_page_chrome": ("去除网页导航", "处", "Removed page navigation:", "places"),
    "remove_pinyin": ("去除夹注的拼音", "处", "Removed pinyin glosses:", "places"),
    "normalize_width": ("全角字母数字及竖排标点转为常规写法", "处",
                        "Turned full-width letters and digits into half-width, and vertical punctuation into its usual form:", "places"),
    "normalize_whitespace": ("规范空白", "处", "Normalized white space:", "places"),
    "rejoin_breaks": ("接回断开的行", "处", "Joined broken lines:", "places"),
    "remove_blank_lines": ("删除多余空行", "处", "Removed extra blank lines:", "places"),
    "remove_noise": ("去除混入的乱码", "处", "Removed garbled characters:", "places"),
    "remove_duplicate_block": ("删除重复的段落", "段", "Removed repeated paragraphs:", "paragraphs"),
    "flag_suspicious_link": ("标出非政府网站的链接", "处", "Flagged links to sites that are not the government's:", "places"),
    # after cleaning (pipeline.py)
    "convert_script": ("繁体字转为简体字", "字", "Converted traditional characters to simplified:", "characters"),
}
# An action stored by an older parser and since renamed or removed still reads as words.
OTHER_ACTION = ("其他清洗", "处", "Other cleaning:", "places")


def words(action: str) -> str:
    """The action in Chinese, without its count: remove_page_chrome -> 去除网页导航."""
    return ACTIONS.get(action, OTHER_ACTION)[0]


def sentence(entry) -> str:
    """A report entry as a reader reads it: {"action": "remove_page_chrome", "count": 3} ->
    去除网页导航 3 处."""
    what, measure = ACTIONS.get(entry["action"], OTHER_ACTION)[:2]
    return f"{what} {entry['count']} {measure}"


def record(result, action, count, examples, **spans):
    """Add to `result.report`'s entry for `action` (steps may act more than once, as noise removal
    does before and within duplicate removal): counts add up, spans stay in text order."""
    if not count:
        return
    entry = next((r for r in result.report if r["action"] == action), None)
    if entry is None:
        entry = {"action": action, "count": 0, "examples": []}
        result.report.append(entry)
    entry["count"] += count
    entry["examples"] = (entry["examples"] + examples)[:EXAMPLES]
    for key, items in spans.items():
        entry[key] = sorted(entry.get(key, []) + items, key=lambda span: span.get("start", 0))
