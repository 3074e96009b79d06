from agreements.views import AGREEMENTS, COOPERATION_CASES, ENGAGEMENTS, SECTOR_INVOLVEMENTS

app_name = "agreements"
urlpatterns = [
    *AGREEMENTS.urlpatterns("agreements/"),
    *ENGAGEMENTS.urlpatterns("engagements/"),
    *SECTOR_INVOLVEMENTS.urlpatterns("sector-involvements/"),
    *COOPERATION_CASES.urlpatterns("cooperation-cases/"),
]
