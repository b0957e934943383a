from django.core.management.base import BaseCommand

from regions.models import Region, S3Domain
from regions.reference_data import load_regions, load_s3_domains


class Command(BaseCommand):
    help = "Refresh NUTS regions and the S3 domain taxonomy from regions/data/ (partner flags are kept)."

    def handle(self, *args, **options):
        regions = load_regions(Region, set_partners=False)
        domains = load_s3_domains(S3Domain)
        self.stdout.write(f"{regions} regions, {domains} S3 domains loaded.")
