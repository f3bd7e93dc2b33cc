from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Dataset(models.Model):
    """An open dataset tiex imports, with where it comes from and how it may be used.

    Rows are created from the manifest (tiex/core/datasets.toml) the first time a
    dataset is imported; the import fields record the latest successful import.
    """

    slug = models.SlugField(primary_key=True, max_length=64)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    source_url = models.URLField(max_length=500, help_text="Official download address")
    homepage_url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=100)
    licence_url = models.URLField(max_length=500, blank=True)
    attribution = models.TextField()
    last_imported_at = models.DateTimeField(null=True, blank=True)
    last_imported_from = models.CharField(max_length=1000, blank=True)
    last_row_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
