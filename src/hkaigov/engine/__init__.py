"""Pure functions from a profile and the catalog to a classification, obligations and an assessment.

Nothing here reads files, the clock or the network: the same input gives byte-identical output.
"""
