from django.urls import path

from tiex.plans import views

app_name = "plans"

urlpatterns = [
    path("<slug:organisation>/", views.detail, name="detail"),
    path("<slug:organisation>/plan.csv", views.detail_csv, name="detail_csv"),
    path("actions/<int:pk>/", views.action_edit, name="action_edit"),
]
