"""Read-side queries shared by views, the CLI and the PDF packet (no writes here)."""

