"""The knowledge base: Hong Kong's AI governance instruments as cited, versioned YAML data."""
