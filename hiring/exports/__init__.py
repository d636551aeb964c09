"""CSV downloads of the lists people work from: candidates, a requisition's scorecards, the
overdue list, the audit trail. Every cell goes through the domain's ``csv_safe`` (a
spreadsheet never runs one as a formula), the file is UTF-8 with a byte-order mark (so that
spreadsheets read accents), and it is sent as an attachment that no cache keeps."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from werkzeug.wrappers import Response

from hiring.domain.analytics import csv_safe
from hiring.security import no_store


def to_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in headers])
    writer.writerows([csv_safe(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_download(filename: str, headers: Sequence[str],
                 rows: Iterable[Sequence[object]]) -> Response:
    """``filename`` is ours (ASCII, no quotes): never built from user input."""
    no_store()
    return Response(to_csv(headers, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
