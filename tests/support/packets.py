"""Downloading a packet as the browser does: a miss sends to the progress page while a
background job renders it; the download then comes from the cache."""

from __future__ import annotations

from typing import Any

from hiring.packet.jobs import wait_for_jobs

JOB_WAIT_SECONDS = 120  # a bound so a stuck job fails the test instead of hanging it


def packet_url(candidate_id: int) -> str:
    return f"/candidates/{candidate_id}/packet.pdf"


def fetch_packet(client: Any, candidate_id: int) -> Any:
    """The response of the packet download once any job it started has ended (a PDF, or
    the progress page of a job that failed)."""
    response = client.get(packet_url(candidate_id))
    if response.status_code == 303 and response.location.endswith(
            f"/candidates/{candidate_id}/packet"):
        assert wait_for_jobs(JOB_WAIT_SECONDS), "the packet job did not end"
        progress = client.get(response.location)  # ready: on to the download; failed: why
        return client.get(progress.location) if progress.status_code == 303 else progress
    return response
