"""Use cases: take models and validated data, call the domain, flush() -- never commit()."""
