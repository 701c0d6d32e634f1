from django.urls import path

from yearly import views

urlpatterns = [
    # Always leads to the year happening now, else the next, else the latest.
    path("current-year/", views.current_year, name="current_year"),
]
