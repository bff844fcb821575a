"""The whole dataset: /data/ lists the files of the last `manage.py export_dataset`, with when
and by which parser version they were made; /data/files/<name> downloads one."""
import datetime

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse

from .. import dataset, page_data, rebuild

CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".jsonl": "application/jsonl; charset=utf-8",
                 ".json": "application/json; charset=utf-8"}


def _files(request, manifest):
    """[{name, description, rows, bytes, sha256, url}] of the last export, in FILES order."""
    out = []
    for name, description in dataset.FILES.items():
        part = (manifest or {}).get("files", {}).get(name, {})
        if name != "manifest.json" and not part:
            continue
        out.append({
            "name": name, "description": description, "rows": part.get("rows"), "bytes": part.get("bytes"),
            "sha256": part.get("sha256"),
            "url": page_data.absolute(request, reverse("documents:data-file", args=[name])),
        })
    return out


def index(request, fmt=None):
    fmt = page_data.requested_format(request, fmt)
    manifest = dataset.read_manifest(settings.GONGKAI_DATASET_DIR)
    files = _files(request, manifest) if manifest else []
    # The last complete build is served; whether a newer one is under way is only said.
    now = rebuild.state()
    pending = {
        "stale_since": _iso(now["stale"]), "building_since": _iso(now["building"]),
    }
    if fmt:
        return page_data.respond(
            fmt, data={"manifest": manifest, "files": files, "rebuild": pending}, rows=files, filename="data",
            columns=["name", "description", "rows", "bytes", "sha256", "url"],
        )
    return render(request, "documents/data.html", {"manifest": manifest, "files": files, "rebuild": pending})


def _iso(stamp):
    if stamp is None:
        return None
    return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).replace(microsecond=0).isoformat()


def download(request, name):
    """One file of the last export, as a download; only the names the export writes."""
    if name not in dataset.FILES:
        raise Http404(name)
    path = settings.GONGKAI_DATASET_DIR / name
    try:
        handle = open(path, "rb")
    except OSError:
        raise Http404(name) from None
    suffix = path.suffix
    response = FileResponse(handle, as_attachment=suffix != ".json", filename=name,
                            content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Access-Control-Allow-Origin"] = "*"
    return response
