"""What a page shows from its inline rows (an event's hosts, a post's authors), fetched
once per page object: from a listing's prefetch when there is one, else in one query
that brings the related objects along."""


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


def fetch_related_for(instances: list, relation: str, target: str) -> None:
    """What `related_once` would find, for many instances in one query that brings the
    related objects along. Cheaper than prefetch_related, which for an inline relation
    (modelcluster) builds a manager and a cache on every instance."""
    if not instances:
        return
    inline = instances[0]._meta.get_field(relation)
    owner = inline.field.attname
    rows = inline.related_model.objects.filter(**{f"{owner}__in": [i.pk for i in instances]}).select_related(target)
    found = {}
    for row in rows:  # in the inline model's own order (an Orderable's sort order)
        found.setdefault(getattr(row, owner), []).append(getattr(row, target))
    for instance in instances:
        instance.__dict__[_key(relation, target)] = found.get(instance.pk, [])
