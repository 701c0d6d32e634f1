"""What a page shows from its inline rows (an event's hosts, a post's authors), fetched
once per page object: from a listing's prefetch when there is one, else in one query
that brings the related objects along."""


def related_once(instance, relation: str, target: str, select_related: str) -> list:
    """`row.<target>` for each of `instance.<relation>`, remembered on the instance, since
    a page, its structured data and its feeds all ask for them."""
    key = f"_related_{relation}_{target}"
    if key not in instance.__dict__:
        rows = getattr(instance, relation)
        prefetched = relation in getattr(instance, "_prefetched_objects_cache", {})
        rows = rows.all() if prefetched else rows.select_related(select_related)
        instance.__dict__[key] = [getattr(row, target) for row in rows]
    return instance.__dict__[key]
