"""The pure domain core: rubrics, scoring and the decision engine. No web or database code."""
