"""Reporting bodies: which publisher names are one body reporting year after year."""
from documents.bodies import government_region, join


def test_a_government_its_office_and_the_bare_place_name_are_the_governments_region():
    for name in ("平潭综合实验区", "平潭综合实验区管委会", "平潭综合实验区管委会办公室", "福建省平潭综合实验区管理委员会"):
        assert government_region(name, "平潭综合实验区") == "平潭综合实验区", name
    for name in ("上海市杨浦区人民政府", "杨浦区人民政府办公室", "杨浦区政府"):
        assert government_region(name, "上海市杨浦区") == "上海市杨浦区", name


def test_a_department_or_a_departments_office_is_no_government():
    assert government_region("上海市杨浦区教育局", "上海市杨浦区") is None
    assert government_region("杨浦区教育局办公室", "上海市杨浦区") is None
    assert government_region("上海市住房和城乡建设管理委员会", "上海市") is None
    assert government_region("某镇人民政府", "某省某区") is None
    assert government_region("国务院办公厅", "全国") is None


def test_names_of_one_government_are_joined_unless_two_report_for_one_year():
    publishers = [(1, "平潭综合实验区", "平潭综合实验区"), (2, "平潭综合实验区管委会办公室", "平潭综合实验区"),
                  (3, "平潭综合实验区市场监督管理局", "平潭综合实验区")]
    body = join(publishers, {1: {2020, 2022}, 2: {2023, 2025}, 3: {2022}})
    assert body == {1: 1, 2: 1, 3: 3}
    # An office reporting beside its government in one year is a body of its own.
    body = join(publishers, {1: {2022}, 2: {2022, 2023}})
    assert body == {1: 1, 2: 2, 3: 3}
