from django.urls import path

from people import views

urlpatterns = [
    path("persone/", views.directory, name="people"),
    path("people/", views.directory, name="people_en"),
    path("persone/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/", views.person, name="person_en"),
    path("persone/profilo/", views.ProfileEditView.as_view(), name="person_edit"),
    path("account/", views.account, name="account"),
    path("account/dati/", views.download_data, name="account_data"),
    path("account/elimina/", views.delete_account, name="account_delete"),
]
