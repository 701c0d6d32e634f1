from django.urls import path

from blog import views
from blog.feeds import BlogAtomFeed, BlogRssFeed

app_name = "blog"

urlpatterns = [
    path("people/", views.people, name="people"),
    path("people/<slug:slug>/", views.person, name="person"),
    path("feeds/rss/", BlogRssFeed(), name="feed-rss"),
    path("feeds/atom/", BlogAtomFeed(), name="feed-atom"),
    path("feeds/<int:year>/rss/", BlogRssFeed(), name="year-feed-rss"),
    path("feeds/<int:year>/atom/", BlogAtomFeed(), name="year-feed-atom"),
]
