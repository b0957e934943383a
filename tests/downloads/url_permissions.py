"""Downloads made in the background: only the person who asked sees the job and its file (the
sme here, with a finished export); everyone else gets 404. See tests/url_matrix.py."""

from pathlib import Path

from django.conf import settings

from bsrstars.downloads.models import ExportJob, export_path
from bsrstars.outbox.models import OutboxStatus
from tests.url_matrix import SIGNED_IN, Expect


def build(world):
    job = ExportJob.objects.create(
        kind="smes.directory",
        fmt="csv",
        requested_by=world.people["sme"],
        title="SME directory",
        filename="bsr-stars-smes",
        token="matrix",
        status=OutboxStatus.DONE,
    )
    name = export_path(job, "")
    path = Path(settings.PRIVATE_MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("name\nA\n", encoding="utf-8")
    job.file.name = name
    job.save(update_fields=["file"])
    world.export_job = job


def _job(world):
    return {"pk": world.export_job.pk}


URLS = {
    "downloads:list": Expect(get=SIGNED_IN),
    "downloads:job": Expect(kwargs=_job, get={"sme"}),
    "downloads:download": Expect(kwargs=_job, get={"sme"}),
}
