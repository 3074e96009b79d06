from agreements.views import AGREEMENTS, ENGAGEMENTS, SECTOR_INVOLVEMENTS

app_name = "agreements"
urlpatterns = [
    *AGREEMENTS.urlpatterns("agreements/"),
    *ENGAGEMENTS.urlpatterns("engagements/"),
    *SECTOR_INVOLVEMENTS.urlpatterns("sector-involvements/"),
]
