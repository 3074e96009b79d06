"""RecordKind: what the generic pages need to know about one kind of record.

Each record app describes its kinds once (model, fields, form, table, filters) and gets its list,
detail, create, edit, delete, review, evidence and restore pages from `RecordKind.urlpatterns()`.

`RecordKind.fields` is the kind's one declaration of its fields (STYLE.md 17): the form's fields and the
record page's come from it, and their labels from the model. Adding a field is one line there (and a
column in the list's table or the import's template where those should show it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries.fields import Country

from consortium.models import FrameQuerySet, Membership
from consortium.models.records import PartnerRecord, VagueDateAccessor
from workspace.forms import form_for

# Who did a record, after its own fields on its form and its page (RecordForm offers or hides them).
PARTNER_FIELDS = ["responsible", "consortium_led", "responsible_text"]


@dataclass
class PageLink:
    """A button an app above the workspace puts on a kind's pages (the import app's "Import" on a list).

    `url` takes the kind (on its list) or the record (on its page) and answers None where the link is not
    offered (participants are imported only into a matchmaking event). Shown to those who may add (list)
    or change (record page).
    """

    label: str
    url: Callable[[object], str | None]


# RecordKind.slug -> the links offered there; filled by the apps above at start-up (their AppConfig.ready).
LIST_LINKS: dict[str, list[PageLink]] = {}
RECORD_LINKS: dict[str, list[PageLink]] = {}


def offer_link(page: dict, slug: str, link: PageLink) -> None:
    """Put `link` on the list (page=LIST_LINKS) or the record pages (RECORD_LINKS) of the kind `slug`."""
    links = page.setdefault(slug, [])
    if all(existing.label != link.label for existing in links):  # ready() may run twice in tests
        links.append(link)


@dataclass
class Shown:
    """One field on a detail page: its label and its value as text, or as linked items."""

    label: str
    text: str = ""
    items: list = field(default_factory=list)
    long: bool = False


@dataclass(eq=False)  # compared and hashed by identity: one object per kind
class RecordKind:
    model: type[models.Model]
    slug: str
    namespace: str
    # The kind's fields in the order its form and its page show them: model fields and vague dates, or
    # (label, function of the record) for a value the page derives (the form has its own field for it).
    # A record's form adds PARTNER_FIELDS; its page leaves out the name (its heading) and adds
    # PARTNER_FIELDS and the reference.
    fields: list
    form: type  # what the form does beyond its fields (querysets, checks); form_class is it with `fields`
    table_class: type
    filterset_class: type
    detail_first: tuple[str, ...] = ()  # declared fields the page shows before the others, in this order
    # What the record's page fetches with it (None: the declared relations, a foreign key joined, a
    # many-to-many prefetched; a kind whose derived values read more says so).
    select_related: tuple[str, ...] | None = None
    prefetch_related: tuple[str, ...] | None = None
    # What the list's table shows, where it is less than the record's page needs (None: the same).
    list_select_related: tuple[str, ...] | None = None
    list_prefetch_related: tuple[str, ...] | None = None
    after_save: Callable | None = None  # (form, record): saving beyond the form (e.g. target countries)
    # queryset -> the queryset with the values its list and page show beyond the record's own columns
    # (annotations: an event's category name), for both.
    with_values: Callable | None = None
    has_evidence: bool = True
    templates: dict = field(default_factory=dict)  # page name -> template replacing the generic one
    icon: str = ""
    intro: str = ""
    form_class: type = field(init=False, repr=False)  # derived from `form` and `fields`
    detail_fields: list = field(init=False, repr=False)  # derived from `fields`

    def __post_init__(self):
        partners = PARTNER_FIELDS if self.is_record else []
        names = [name for name in self.fields if isinstance(name, str)]
        self.form_class = form_for(self.model, self.form, [*names, *partners])
        shown = [name for name in self.fields if not (self.is_record and name == "name")]  # name: the heading
        first = [name for name in self.detail_first if name in shown]
        shown = [*first, *(name for name in shown if name not in first)]
        self.detail_fields = [*shown, *partners, *(["external_ref"] if self.is_record else [])]
        own = {f.name: f for f in self.model._meta.get_fields() if not f.auto_created}  # no vague dates
        relations = [own[name] for name in [*partners, *names] if name in own]
        if self.select_related is None:
            self.select_related = tuple(f.name for f in relations if f.many_to_one)
        if self.prefetch_related is None:
            self.prefetch_related = tuple(f.name for f in relations if f.many_to_many)

    @property
    def is_record(self) -> bool:
        """A PartnerRecord (responsible partners, review, version); organisations and plan items are not."""
        return issubclass(self.model, PartnerRecord)

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def label_plural(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def url_list(self) -> str:
        return self.url("list")

    @property
    def url_create(self) -> str:
        return self.url("create")

    @property
    def url_deleted(self) -> str:
        return self.url("deleted")

    def url(self, action: str, *args) -> str:
        return reverse(f"{self.namespace}:{self.slug}_{action}", args=args)

    # Who may see and change these is the model's QuerySet's answer (visible_to, editable_by): records and
    # organisations are changed by their partner and the coordinator, the frame's rows by the coordinator.
    def visible(self, user):
        return self.model.objects.visible_to(user)

    def editable(self, user):
        return self.model.objects.editable_by(user)

    @property
    def coordinator_only(self) -> bool:
        """Whether only the coordinator adds and changes these: rows of the project frame (plan items)."""
        return isinstance(self.model.objects.all(), FrameQuerySet)

    def may_add(self, rights) -> bool:
        """Whether someone with these rights (consortium.access.rights) adds one."""
        return rights.coordinate if self.coordinator_only else rights.record

    def reviewable(self, user):
        return self.model.objects.reviewable_by(user) if self.is_record else self.model.objects.none()

    def list_links(self) -> list[tuple[str, str]]:
        """(label, URL) of the buttons other apps offer on this kind's list."""
        return [(link.label, url) for link in LIST_LINKS.get(self.slug, ()) if (url := link.url(self))]

    def record_links(self, record) -> list[tuple[str, str]]:
        """(label, URL) of the buttons other apps offer on this record's page."""
        return [(link.label, url) for link in RECORD_LINKS.get(self.slug, ()) if (url := link.url(record))]

    def template(self, page: str) -> str:
        return self.templates.get(page, f"workspace/{page}.html")

    def queryset(self, user, *, listing: bool = False):
        select, prefetch = self.select_related, self.prefetch_related
        if listing:
            select = select if self.list_select_related is None else self.list_select_related
            prefetch = prefetch if self.list_prefetch_related is None else self.list_prefetch_related
        queryset = self.visible(user).select_related("project", *select).prefetch_related(*prefetch)
        return self.with_values(queryset) if self.with_values else queryset

    def shown_fields(self, record) -> list[Shown]:
        return [self._shown(record, name) for name in self.detail_fields]

    def _shown(self, record, name) -> Shown:
        if isinstance(name, tuple):  # (label, function of the record returning text): derived values
            label, function = name
            return Shown(label, function(record) or "—")
        attribute = getattr(type(record), name, None)
        if isinstance(attribute, VagueDateAccessor):
            value = getattr(record, name)
            label = str(capfirst(attribute.verbose_name))
            # The date that places the record (a signed agreement's signature date) says "undated" when it
            # is missing, as a record's own date does: it happened, on no date the record gives.
            places = getattr(type(record), "PLACED_BY", "") == f"{attribute.prefix}_end"
            undated = name == "date" or (places and getattr(record, "is_undated", False))
            return Shown(label, str(value) if value else _("undated") if undated else "—")
        model_field = record._meta.get_field(name)
        label = str(capfirst(model_field.verbose_name))
        if model_field.many_to_many:
            items = list(getattr(record, name).all())
            return Shown(label, text="" if items else "—", items=items)
        # A field with choices, or whose model says how it reads (an event's category: its project's name).
        if display := getattr(record, f"get_{name}_display", None):
            return Shown(label, display() or "—")
        value = getattr(record, name)
        if isinstance(value, models.Model):
            return Shown(label, items=[value])
        if isinstance(value, Country):
            return Shown(label, value.name if value else "—")
        if isinstance(value, bool):
            return Shown(label, _("Yes") if value else _("No"))
        if value in (None, ""):
            return Shown(label, "—")
        return Shown(label, str(value), long=isinstance(model_field, models.TextField))

    def edit_refusal(self, user, record) -> str:
        """Why `user` may not change `record`, in one sentence for its page (issue 12, daily work 10).

        The rule itself is editable_by(); this only explains its answer: a read-only role, or a record
        of other partners (which only they and the coordinator change).
        """
        membership = (
            Membership.objects.filter(user=user, project=record.project_id).select_related("partner").first()
        )
        if membership is None or not membership.may_record:
            return _("You have read-only access to this project: you see its records but do not change them.")
        if self.coordinator_only:
            return _("Only the coordinator changes these.")
        if self.is_record:
            owners = [p.short_name for p in record.responsible.all()]
        else:
            owners = [record.owner.short_name] if getattr(record, "owner", None) else []
        if not owners:
            return _("Only the coordinator changes it (no partner is responsible for it).")
        return _("Only %(partners)s and the coordinator change it; you work for %(yours)s.") % {
            "partners": ", ".join(owners),
            "yours": membership.partner.short_name if membership.partner else "",
        }

    def urlpatterns(self, prefix: str) -> list:
        from workspace import editing, views

        def bind(view):
            def bound(request, *args, **kwargs):
                return view(request, self, *args, **kwargs)

            bound.__name__ = bound.__qualname__ = f"{self.slug}_{view.__name__}"
            bound.__doc__ = view.__doc__
            return bound

        s = self.slug
        patterns = [
            path(f"{prefix}", bind(views.record_list), name=f"{s}_list"),
            path(f"{prefix}new/", bind(editing.record_create), name=f"{s}_create"),
            path(f"{prefix}<int:pk>/", bind(views.record_detail), name=f"{s}_detail"),
            path(f"{prefix}<int:pk>/edit/", bind(editing.record_edit), name=f"{s}_edit"),
            path(f"{prefix}<int:pk>/delete/", bind(views.record_delete_view), name=f"{s}_delete"),
            path(f"{prefix}deleted/", bind(views.deleted_list), name=f"{s}_deleted"),
            path(f"{prefix}deleted/<int:history_id>/restore/", bind(views.restore), name=f"{s}_restore"),
        ]
        if self.has_evidence:
            patterns.append(
                path(f"{prefix}<int:pk>/evidence/", bind(views.evidence_upload), name=f"{s}_evidence")
            )
        if self.is_record:
            patterns.append(path(f"{prefix}<int:pk>/review/", bind(views.review), name=f"{s}_review"))
        return patterns
