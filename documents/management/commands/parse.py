import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.ingest.errors import IngestError, check_size
from documents.ingest.pipeline import parse_bytes

from ._options import add_override_arguments, overrides_from


class Command(BaseCommand):
    help = "Parse one file and print what was understood. Touches no database."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        add_override_arguments(parser)

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file", returncode=2)
        limit = settings.GONGKAI_MAX_UPLOAD_BYTES
        try:
            check_size(path.stat().st_size, limit)
            parsed = parse_bytes(path.read_bytes(), overrides=overrides_from(options), max_bytes=limit)
        except IngestError as exc:
            if options["json"]:
                self.stdout.write(json.dumps({"file": str(path), "error": exc.code, "message": exc.message}, ensure_ascii=False))
            raise CommandError(f"{path}: {exc.message}", returncode=1)
        data = parsed.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self._summary(data))

    def _summary(self, data):
        lines = [
            data["title"],
            f"  publisher  {data['publisher']}  ({data['region']}, {data['level']})",
            f"  year/kind  {data['year']}  {data['kind']}",
            f"  script     {data['script']}, read as {data['encoding']}{' with BOM' if data['bom'] else ''}",
        ]
        if data["doc_number"]:
            lines.append(f"  文号       {data['doc_number']}")
        if data["published_on"]:
            lines.append(f"  published  {data['published_on']}")
        lines.append("sections:")
        for s in data["sections"]:
            indent = "  " * s["level"]
            lines.append(f"{indent}{s['number']} {s['heading']}".rstrip())
        lines.append("cleanup:")
        for step in data["cleanup"]:
            lines.append(f"  {step['action']}: {step['count']}  e.g. {' | '.join(map(str, step['examples'][:3]))}")
        for warning in data["warnings"]:
            lines.append(f"warning: {warning}")
        return "\n".join(lines)
