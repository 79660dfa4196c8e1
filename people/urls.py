from django.urls import path

from people import views
from tavolone.lib.routes import in_both_languages

urlpatterns = [
    *in_both_languages("persone/", "people/", views.directory, "people"),
    *in_both_languages("persone/<int:pk>/", "people/<int:pk>/", views.person, "person"),
    path("persone/profilo/", views.ProfileEditView.as_view(), name="person_edit"),
    path("account/", views.account, name="account"),
    path("account/dati/", views.download_data, name="account_data"),
    path("account/elimina/", views.delete_account, name="account_delete"),
]
