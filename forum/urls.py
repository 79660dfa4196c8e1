# Our forum URLs, mounted under /forum/ before machina's own.
urlpatterns: list = []
