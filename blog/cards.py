"""A post's card, as the blog, its filtered and paged addresses and the programme days
list it (kept per content generation: core/cards.py)."""

from core.cards import CardKind


def _posts(ids):
    from blog.models import BlogPostPage

    return BlogPostPage.objects.filter(pk__in=ids).for_listing()


POST_CARD = CardKind(name="post", template="blog/includes/post_card.html", variable="post", pages=_posts)
