"""What a page shows from its inline rows (an event's hosts, a post's authors and tags), fetched
once per page object: for a whole listing in one query when the listing asked for it
(`RelatedOnceQuerySetMixin.with_related`), else in one query per page that brings the
related objects along."""

from django.db import models


def _key(relation: str, target: str) -> str:
    return f"_related_{relation}_{target}"


def related_once(instance, relation: str, target: str, select_related: str) -> list:
    """`row.<target>` for each of `instance.<relation>`, remembered on the instance, since
    a page, its structured data and its feeds all ask for them."""
    key = _key(relation, target)
    if key not in instance.__dict__:
        rows = getattr(instance, relation)
        prefetched = relation in getattr(instance, "_prefetched_objects_cache", {})
        rows = rows.all() if prefetched else rows.select_related(select_related)
        instance.__dict__[key] = [getattr(row, target) for row in rows]
    return instance.__dict__[key]


def remember_related(instances, relation: str, target: str, select_related: str) -> None:
    """Fill `related_once`'s answer for every one of `instances` with one query.

    Django's prefetch_related does the same, but through modelcluster's descriptor it
    builds a queryset per page, which for a day of forty events costs more than the
    query itself."""
    instances = [instance for instance in instances if _key(relation, target) not in instance.__dict__]
    if not instances:
        return
    reverse = instances[0]._meta.get_field(relation)
    rows = reverse.related_model.objects.filter(
        **{f"{reverse.field.name}__in": [instance.pk for instance in instances]}
    ).select_related(select_related)
    by_page = {}
    for row in rows:
        by_page.setdefault(getattr(row, reverse.field.attname), []).append(getattr(row, target))
    for instance in instances:
        instance.__dict__[_key(relation, target)] = by_page.get(instance.pk, [])


class RelatedOnceQuerySetMixin:
    """`.with_related(relation, target, select_related)` on a page queryset: when its
    results are fetched, `related_once` is answered for all of them in one query."""

    _related_once = ()

    def with_related(self, relation: str, target: str, select_related: str):
        clone = self._chain()
        clone._related_once = (*self._related_once, (relation, target, select_related))
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._related_once = self._related_once
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._related_once:
            pages = [row for row in self._result_cache if isinstance(row, models.Model)]
            for relation, target, select_related in self._related_once:
                remember_related(pages, relation, target, select_related)
