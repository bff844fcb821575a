from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, OrderBy, Q
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .ingest.provenance import describe
from .ingest.searchindex import SAMPLE_EVERY, SAMPLE_LEVELS
from .querysets import DocumentQuerySet, MetricQuerySet, PublisherQuerySet, SectionManager, SectionQuerySet


# provenance.ORIGINS in the reader's language (the ingest stages know nothing of translation).
ORIGIN_WORDS = {
    "crawl_header": _("抓取页头"),
    "page_fields": _("网页信息索引"),
    "page_line": _("网页上的日期行"),
    "page_chrome": _("网页导航栏"),
    "signature": _("正文落款"),
    "text": _("正文日期行"),
    "html_meta": _("网页元数据"),
    "html_canonical": _("网页规范链接"),
    "html_saved": _("网页保存记录"),
    "pdf_info": _("PDF 文档信息"),
    "override": _("人工填写"),
    "stored": _("入库日期"),
}


class Publisher(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        DISTRICT = "district", _("区/县级")
        DEPARTMENT = "department", _("部门")

    name = models.CharField(_("全称"), max_length=200, unique=True)
    region = models.CharField(_("地区"), max_length=100, db_index=True)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    slug = models.SlugField(max_length=120, unique=True)

    objects = PublisherQuerySet.as_manager()

    class Meta:
        ordering = ["region", "name"]
        verbose_name = _("发布机关")
        verbose_name_plural = _("发布机关")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("documents:publisher", args=[self.slug])

    def figures_by_year(self, keys):
        """{key: {year: value}} from the standard tables of its published annual reports.

        A year whose report lacks the figure is absent, never zero; of two versions of one
        year's report the later one counts."""
        rows = (
            Metric.objects.filter(
                document__publisher=self, document__is_published=True,
                document__kind=Document.Kind.ANNUAL_REPORT, document__year__isnull=False,
                source=Metric.Source.TABLE, key__in=keys,
            )
            .order_by("document__version", "id")
            .values_list("key", "document__year", "value")
        )
        figures = {key: {} for key in keys}
        for key, year, value in rows:
            figures[key][year] = value
        return figures


class Document(models.Model):
    class Kind(models.TextChoices):
        ANNUAL_REPORT = "annual_report", _("政府信息公开工作年度报告")
        WORK_PLAN = "work_plan", _("政务公开工作要点")
        OTHER = "other", _("其他")

    class Script(models.TextChoices):
        SIMPLIFIED = "simplified", _("简体")
        TRADITIONAL = "traditional", _("繁體")

    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    published_on = models.DateField(null=True, blank=True)
    issuer = models.CharField(_("发文机关"), max_length=200, blank=True)
    # The government's own address of the document, when the file tells it (a crawler's
    # header) or the uploader gives it: what a citation points at.
    source_url = models.URLField(_("原文链接"), max_length=500, blank=True)
    # The day the file was taken from the government's site, when the file or the uploader
    # says; else the day it was stored.
    retrieved_on = models.DateField(_("取得日期"), null=True, blank=True)
    # Where source_url, published_on and retrieved_on came from: {field: {"from", "key"}}
    # (documents/ingest/provenance.py).
    provenance = models.JSONField(_("来源依据"), default=dict, blank=True)
    slug = models.SlugField(max_length=150, unique=True)

    # The file exactly as it came in, and what it was read as.
    raw = models.BinaryField()
    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=255, blank=True)
    source_format = models.CharField(
        max_length=10, default="text", help_text="What the file was: text, html, pdf or docx."
    )
    encoding = models.CharField(max_length=30)
    had_bom = models.BooleanField(default=False)
    script = models.CharField(max_length=20, choices=Script.choices)
    original_text = models.TextField(help_text="The decoded text before any cleaning.")

    clean_text = models.TextField(help_text="Cleaned, simplified text; section offsets point here.")
    cleanup = models.JSONField(default=list, help_text="What cleaning did: {action, count, examples}.")
    edits = models.JSONField(default=list, help_text="Every edit, in original-text offsets.")
    warnings = models.JSONField(default=list)
    tables = models.JSONField(default=list, help_text="The standard tables as understood, with problems.")
    # Pages read by OCR (a scan, an image): engine, pages read of all, and per page its
    # status, confidence and text; null for a file with text of its own.
    ocr = models.JSONField(null=True, blank=True, help_text="Pages read by OCR, with the confidence of each.")
    overrides = models.JSONField(default=dict, help_text="Metadata given by hand; kept on re-parse.")
    parser_version = models.CharField(max_length=20)

    is_published = models.BooleanField(default=True)
    # Kept by the database (migration 0017): published, and no published later version. A
    # save writes whatever the instance holds; the database's trigger recomputes it.
    is_current = models.BooleanField(
        default=True, editable=False,
        help_text="Published, and no published later version: what public lists show. Kept by the database.",
    )
    # A corrected re-upload of the same publisher, year and kind is a new version; the one it
    # replaces stays stored and reachable.
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["publisher__region", "publisher__name", "-year", "kind"]
        verbose_name = _("文件")
        verbose_name_plural = _("文件")
        indexes = [
            models.Index(fields=["publisher", "year", "kind"]),
            # The public counts (home, publishers, facets) read current documents' publisher,
            # year and kind: all from this index, without visiting the wide document rows.
            models.Index(
                fields=["publisher", "year", "kind"], include=["id"], condition=Q(is_current=True),
                name="document_current_cover",
            ),
            # The home page's latest additions: the newest few, not a sort of every document.
            models.Index(fields=["created_at", "id"], name="document_added"),
            # Searches matching very many sections read their hits from the newest documents,
            # a few at a time, in this order (documents/search/).
            models.Index(
                OrderBy(F("year"), descending=True, nulls_last=True), OrderBy(F("id"), descending=True),
                condition=Q(is_current=True), name="document_current_newest",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.slug])

    @property
    def kind_short(self):
        """Two characters for tight spaces (the coverage grid): 报告, 要点, 其他."""
        return {"annual_report": _("报告"), "work_plan": _("要点")}.get(self.kind, _("其他"))

    @property
    def origins(self):
        """Where each provenance field came from, in a reader's words: {field: 网页元数据 PubDate}."""
        return {
            name: describe({**found, "from": ORIGIN_WORDS[found["from"]]}) if found and found.get("from") in ORIGIN_WORDS
            else describe(found)
            for name, found in (self.provenance or {}).items()
        }

    def compare_url(self, other):
        """The comparison of this document with another."""
        return reverse("comparisons:two", args=[self.slug, other.slug])

    def comparison_candidates(self):
        """Documents worth comparing with this one: the same publisher's nearest earlier and
        later document (of the same kind if there is one, else of any kind: Yangpu's 2020
        report against its 2021 plan), its other documents of the same year, and other
        publishers' documents of the same year (same kind first)."""
        if self.year is None:
            return {"previous": None, "next": None, "same_publisher": [], "same_year": []}
        others = Document.objects.current().summaries().exclude(pk=self.pk)
        own = list(others.filter(publisher_id=self.publisher_id).exclude(year=None).order_by("year", "kind", "-version"))
        same_year = list(
            others.filter(year=self.year)
            .exclude(publisher_id=self.publisher_id)
            .order_by("publisher__region", "publisher__name", "kind")
        )
        same_year.sort(key=lambda d: d.kind != self.kind)

        def nearest(candidates):
            same_kind = [d for d in candidates if d.kind == self.kind]
            pool = same_kind or candidates
            return min(pool, key=lambda d: abs(d.year - self.year), default=None)

        return {
            "previous": nearest([d for d in own if d.year < self.year]),
            "next": nearest([d for d in own if d.year > self.year]),
            "same_publisher": [d for d in own if d.year == self.year and d.kind != self.kind],
            "same_year": same_year,
        }

    def versions(self):
        """Every version of this report, oldest first: those it supersedes, itself, and those
        that supersede it."""
        first = self
        while first.supersedes_id:
            first = first.supersedes
        chain, current = [first], first
        # Their titles, numbers and dates: not their texts or raw files.
        while (current := Document.objects.summaries().filter(supersedes=current).first()) is not None:
            chain.append(current)
        return chain

    def tables_by_section(self):
        """The standard tables as understood, keyed by the order of the section holding them."""
        grouped = {}
        for table in self.tables:
            grouped.setdefault(table.get("section"), []).append(table)
        return grouped


def _sampled(every):
    """The published sections of the sample of one in `every`, by a hash of the id (the
    condition of a partial index; documents/search/sql.py writes the same in SQL)."""
    return Q(published=True) & Q(Exact(Func("id", function="hashint8").bitand(every - 1), 0))


class Section(models.Model):
    # Looked up by the unique (document, order) index: an index of its own would only cost inserts.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections", db_index=False)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=20, blank=True)
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    kind = models.CharField(max_length=20, default="section")
    start = models.PositiveIntegerField(help_text="Offset into the document's clean_text.")
    end = models.PositiveIntegerField()
    topics = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    # The search index (documents/search/): the grams the GIN index holds, and a vector with
    # positions and weights for ranking the shown hits.
    search_grams = SearchVectorField(null=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    topic_mask = models.BigIntegerField(default=0, editable=False)  # topics as bits, for facet counts
    # The document's publisher, year and kind, and whether it is shown in public lists
    # (published and the current version of its report), kept equal by database triggers
    # (migrations 0005, 0007, 0013) whatever writes either table, so that search filters and
    # counts sections without joining documents.
    published = models.BooleanField(default=True, editable=False)
    document_publisher_id = models.BigIntegerField(null=True, editable=False)
    document_year = models.PositiveSmallIntegerField(null=True, editable=False)
    document_kind = models.CharField(max_length=20, blank=True, editable=False)
    # The indexed text (documents/search/: heading, line break, body, folded); phrases are
    # checked against it.
    search_text = models.TextField(blank=True, editable=False)

    objects = SectionManager.from_queryset(SectionQuerySet)()

    class Meta:
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="section_order_unique")
        ]
        indexes = [
            GinIndex(fields=["search_grams"], name="section_grams_gin"),
            # One published section in SAMPLE_EVERY, chosen by a hash of its id (sections of
            # reports written to one template sit at regular intervals of ids, which `id % 8`
            # would sample unevenly): searches matching very many sections count these and
            # scale up (documents/search/).
            GinIndex(fields=["search_grams"], name="section_grams_sample_gin", condition=_sampled(SAMPLE_EVERY)),
            # Sparser samples inside that one (SAMPLE_LEVELS), for searches matching so many
            # sections that even one in eight of them is more than an estimate needs.
            *(
                GinIndex(fields=["search_grams"], name=f"section_grams_sample{every}_gin", condition=_sampled(every))
                for every in SAMPLE_LEVELS[1:]
            ),
            GinIndex(fields=["topics"], name="section_topics_gin"),
        ]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()

    @property
    def anchor(self):
        """The section's id in the document page; stable because `order` never changes."""
        return f"s-{self.order}"

    def get_absolute_url(self):
        return f"{reverse('documents:detail', args=[self.document.slug])}#{self.anchor}"


def _in_section(related_name):
    """The document something is stated in, and the section it was read in when there is one
    (kept when the section goes); both reach it under `related_name`."""
    return (
        models.ForeignKey(Document, on_delete=models.CASCADE, related_name=related_name),
        models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name=related_name),
    )


class Metric(models.Model):
    """A number a document states: a cell of a standard table, or a figure in its prose."""

    class Source(models.TextChoices):
        TABLE = "table", _("表格")
        DERIVED = "derived", _("合计")
        NARRATIVE = "narrative", _("正文")

    document, section = _in_section("metrics")
    # Looked up by the (key, document) index: one of its own, and its LIKE twin, would only cost
    # inserts (a document has hundreds of numbers).
    key = models.CharField(max_length=120, blank=True, help_text="Canonical key; blank when not linked.")
    label = models.CharField(max_length=300)
    value = models.DecimalField(max_digits=24, decimal_places=4)
    unit = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    table = models.CharField(max_length=40, blank=True)
    row = models.CharField(max_length=200, blank=True)
    column = models.CharField(max_length=200, blank=True)
    raw = models.CharField(max_length=300, blank=True, help_text="The cell or figure as written.")
    qualifier = models.CharField(max_length=10, blank=True, help_text="约, 余, 近, 增加, ...")
    sentence = models.TextField(blank=True)
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Offset into clean_text.")
    end = models.PositiveIntegerField(null=True, blank=True)

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["document", "id"]
        indexes = [models.Index(fields=["key", "document"])]

    def __str__(self):
        return f"{self.key or self.label} = {self.value}{self.unit}"


class Commitment(models.Model):
    """What a work plan promises: a row of its task table, or a quantitative target in its prose."""

    class Kind(models.TextChoices):
        TASK = "task", pgettext_lazy("commitment", "任务")
        TARGET = "target", pgettext_lazy("commitment", "指标")

    document, section = _in_section("commitments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    lead_units = models.JSONField(default=list, blank=True)
    deadline = models.CharField(max_length=100, blank=True, help_text="As written, e.g. 三季度.")
    due = models.DateField(null=True, blank=True)
    period = models.CharField(max_length=20, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    comparator = models.CharField(max_length=20, blank=True)
    value = models.DecimalField(max_digits=24, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=20, blank=True)
    sentence = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "kind", "id"]

    def __str__(self):
        return f"{self.number} {self.text[:40]}".strip()


class Check(models.Model):
    """One 勾稽 relation among a document's own numbers, as the document states them."""

    # Looked up by the unique (document, name) index: an index of its own would only cost inserts.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="checks", db_index=False)
    name = models.CharField(max_length=120)
    passed = models.BooleanField()
    detail = models.TextField()
    left = models.DecimalField(max_digits=24, decimal_places=4)
    right = models.DecimalField(max_digits=24, decimal_places=4)
    keys = models.JSONField(default=list)

    class Meta:
        ordering = ["document", "passed", "name"]
        constraints = [models.UniqueConstraint(fields=["document", "name"], name="check_name_unique")]

    def __str__(self):
        return f"{self.name}: {'pass' if self.passed else 'FAIL'}"


class CorpusJob(models.Model):
    """A run over the whole collection (re-parsing, re-indexing) and its checkpoint: the
    documents are taken in id order, and each one's work commits with the checkpoint's advance,
    so a run stopped in any way resumes after the last document it finished (documents/jobs.py)."""

    class Kind(models.TextChoices):
        REPARSE = "reparse", _("重新解析")
        REINDEX = "reindex", _("重建搜索索引")

    class State(models.TextChoices):
        RUNNING = "running", _("运行中")
        INTERRUPTED = "interrupted", _("已中断")
        FINISHED = "finished", _("已结束")
        ABANDONED = "abandoned", _("已放弃")

    kind = models.CharField(_("任务类型"), max_length=20, choices=Kind.choices)
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.RUNNING)
    last_id = models.BigIntegerField(_("最后完成的文件编号"), default=0)
    done = models.IntegerField(_("已完成"), default=0)
    failed = models.IntegerField(_("失败"), default=0)
    total = models.IntegerField(_("总数"), default=0)
    failures = models.JSONField(_("失败的文件"), default=list, blank=True)  # the first FAILURES_KEPT
    last_error = models.TextField(_("最近的错误"), blank=True)
    pid = models.IntegerField(_("进程号"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    updated_at = models.DateTimeField(_("更新时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # This process's share, for its rate: when it took the job up and how far the job was then.
    run_started_at = models.DateTimeField(null=True, blank=True)
    run_from = models.IntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("全库任务")
        verbose_name_plural = _("全库任务")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def processed(self):
        return self.done + self.failed

    @property
    def rate(self):
        """Documents a second since this process took the job up (None before a second passed)."""
        if not self.run_started_at:
            return None
        seconds = (self.updated_at - self.run_started_at).total_seconds()
        return (self.processed - self.run_from) / seconds if seconds >= 1 else None

    @property
    def eta_seconds(self):
        rate = self.rate
        if self.state != self.State.RUNNING or not rate:
            return None
        return max(0, self.total - self.processed) / rate
