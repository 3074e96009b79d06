"""The existing rows an import file names, loaded once for the whole file (the resource's instance loader)."""

from import_export import instance_loaders


class KeyedInstanceLoader(instance_loaders.CachedInstanceLoader):
    """The library's cached loader (one query for every existing row the file names, instead of one per
    row), made to let a key cell that does not read pass: import_instance names it in the report."""

    def __init__(self, resource, dataset=None):
        instance_loaders.BaseInstanceLoader.__init__(self, resource, dataset)
        self.pk_field = resource.fields[resource.get_import_id_fields()[0]]
        keys = set()
        for row in dataset.dict if dataset is not None else []:
            try:
                keys.add(self.pk_field.clean(row))
            except (ValueError, KeyError):
                continue
        found = self.get_queryset().filter(**{f"{self.pk_field.attribute}__in": keys}) if keys else []
        self.all_instances = {self.pk_field.get_value(instance): instance for instance in found}

    def get_instance(self, row):
        try:
            return self.all_instances.get(self.pk_field.clean(row))
        except (ValueError, KeyError):
            return None
