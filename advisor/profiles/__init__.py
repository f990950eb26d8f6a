"""Reading and validating profiles: profile v1 and everything a profile is read from.

The profile model and its units (sizes, durations, growth), YAML and JSON documents located
line by line, validation into messages at ``file:line:col``, loading profiles from files and
mappings, the cached validators, the JSON Schema and the ``init`` template. Below every other
layer but the package's own foundations (errors, text, files, cache).
"""
