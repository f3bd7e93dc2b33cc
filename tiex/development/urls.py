"""/councillor-development/: the catalogue, the navigator, bookings and the staff pages.

Fixed paths (navigator/, bookings/, manage/) come before a programme's <slug>/, and those
words are reserved as programme slugs (models.RESERVED_SLUGS).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from tiex.development import views, views_bookings

app_name = "development"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("navigator/", views.navigator_start, name="navigator"),
    path("navigator/results/", views.navigator_results, name="navigator_results"),
    path("navigator/save/", views.navigator_save, name="navigator_save"),
    path("navigator/saved/<int:pk>/delete/", views.navigator_forget, name="navigator_forget"),
    path("navigator/<slug:step>/", views.navigator_question, name="navigator_question"),
    path("bookings/", views_bookings.mine, name="bookings"),
    path("bookings/<int:pk>/", views_bookings.booking, name="booking"),
    path("bookings/<int:pk>/cancel/", views_bookings.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/consent/", views_bookings.booking_consent, name="booking_consent"),
    path("manage/", views_bookings.manage, name="manage"),
    path("manage/cohorts/<int:pk>/", views_bookings.manage_cohort, name="manage_cohort"),
    path("manage/bookings/<int:pk>/nominate/", views_bookings.manage_nominate, name="manage_nominate"),
    path("manage/bookings/<int:pk>/attendance/", views_bookings.manage_attendance, name="manage_attendance"),
    path("<slug:slug>/", views.programme, name="programme"),
    path("<slug:slug>/cohorts/<int:cohort_id>/book/", views_bookings.book, name="book"),
]
