"""Calendar feed addresses. They end in .ics, which Wagtail's page addresses never do."""

from django.urls import path

from campaign import views

urlpatterns = [
    path("upcoming.ics", views.upcoming_feed, name="calendar_upcoming_feed"),
    path("<int:year>.ics", views.year_feed, name="calendar_year_feed"),
    path("<str:date>.ics", views.day_feed, name="calendar_day_feed"),
    path("events/<int:pk>.ics", views.event_feed, name="calendar_event_feed"),
]
