"""hkaigov: Hong Kong AI governance as software.

The package is layered (see docs/architecture.md): interfaces (cli) call the engine and reports;
the engine is pure and works on domain types and the catalog.
"""

__version__ = "0.1.0"
