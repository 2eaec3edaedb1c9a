"""The `hkaigov` command line (Typer)."""
