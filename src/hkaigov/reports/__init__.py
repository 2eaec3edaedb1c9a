"""Renderers: the JSON contract, terminal tables and Markdown (more formats come with the reports issue)."""
