"""Reading files safely: hostile-file-proof YAML with line numbers, and manifests with located errors."""
