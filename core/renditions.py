"""One rendition of a picture, without writing it back to the rendition cache each time."""


def rendition_of(image, spec: str):
    """`image.get_rendition(spec)`, by way of get_renditions. Wagtail's get_rendition
    stores the rendition in the rendition cache again on every call (pickled each time);
    get_renditions leaves out those it found among the picture's prefetched renditions,
    which a page served at its address has (BasePage.serving_queryset). Made, and
    stored, if it does not exist yet, as with get_rendition."""
    # Keyed by the spec as Wagtail cleans it (an SVG's drops raster-only operations).
    return next(iter(image.get_renditions(spec).values()))
