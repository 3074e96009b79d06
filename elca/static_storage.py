"""Production static files: whitenoise's compressed, hashed files, with the manifest kept out of STATIC_ROOT.

The manifest (staticfiles.json) maps every static file to its hashed name. Whitenoise serves whatever is
in STATIC_ROOT, so kept there it was downloadable at /static/staticfiles.json: the full list of the files
the installation ships (and their versions) for anyone who asks. It is written beside STATIC_ROOT instead
(STATIC_MANIFEST_ROOT), where `collectstatic` puts it and the application reads it at start-up.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestBesideStaticRoot(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("manifest_storage", FileSystemStorage(location=settings.STATIC_MANIFEST_ROOT))
        super().__init__(*args, **kwargs)
